#!/usr/bin/env python3
"""Regenerates data/cldr/languages.tsv from the Unicode CLDR JSON packages on npm.

    cd /tmp && npm pack cldr-core cldr-localenames-modern
    tar xzf cldr-core-*.tgz && mv package core
    tar xzf cldr-localenames-modern-*.tgz && mv package names
    python3 scripts/cldr_languages.py /tmp/core /tmp/names > data/cldr/languages.tsv

Keeps every language with an English name: its primary scripts (languageData.json), else the
script of its likely subtags (likelySubtags.json). Copy core/LICENSE to data/cldr/LICENSE.
"""
import json
import sys

core, names_pkg = sys.argv[1], sys.argv[2]
ld = json.load(open(f"{core}/supplemental/languageData.json"))["supplemental"]["languageData"]
ls = json.load(open(f"{core}/supplemental/likelySubtags.json"))["supplemental"]["likelySubtags"]
names = json.load(open(f"{names_pkg}/main/en/languages.json"))["main"]["en"][
    "localeDisplayNames"
]["languages"]
version = json.load(open(f"{core}/package.json"))["version"]
names_version = json.load(open(f"{names_pkg}/package.json"))["version"]
scripts = {k: list(v["_scripts"]) for k, v in ld.items() if "-alt-" not in k and "_scripts" in v}
for k, v in ls.items():
    parts = v.split("-")
    if "-" not in k and k != "und" and k not in scripts and len(parts) > 1 and len(parts[1]) == 4:
        scripts[k] = [parts[1]]
print("# Languages by code (ISO 639), their English names and the scripts they are written in (ISO 15924),")
print("# from Unicode CLDR: supplemental/languageData.json (primary scripts; else the script of")
print(f"# likelySubtags.json) in cldr-core {version} and the English names of cldr-localenames-modern {names_version}.")
print("# Copyright © 2004-2026 Unicode, Inc. Unicode License V3: see LICENSE in this folder.")
print("# Regenerate with scripts/cldr_languages.py.")
print("# code\tname\tscripts")
for k in sorted(scripts):
    if k in names:
        print(f"{k}\t{names[k]}\t{' '.join(scripts[k])}")
