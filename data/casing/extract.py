#!/usr/bin/env python3
"""Regenerate data/casing/*.tsv: the usual casing of the words of data/wordfreq/<lang>.tsv.

Needs the `hunspell` program and Debian's dictionaries (apt-get install hunspell hunspell-fr
hunspell-en-us hunspell-ru hunspell-es). Each word of the frequency list is looked up
in the spelling dictionary, lower case first, then capitalised, then in capitals:

    word <TAB> C   the dictionary knows it only capitalised: a proper name ("russie" -> Russie)
    word <TAB> U   only in capitals or mixed case: an acronym or a brand ("nato", "youtube")
    word <TAB> X   not in the dictionary at all: a foreign word, brand, code or misspelling

Words the dictionary knows in lower case (the common case) are not listed. Only words made of
letters (and ' or -) are kept. German and Italian are left out: their
dictionaries are under the GPL, unlike the others (see README.md).
"""
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
DICTS = {"fr": "fr_FR", "en": "en_US", "ru": "ru_RU", "es": "es_ES"}


def accepted(dic, words):
    """The words of `words` that hunspell's dictionary `dic` spells correctly."""
    out = subprocess.run(
        ["hunspell", "-d", dic, "-G"],
        input="\n".join(words) + "\n",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split("\n"))


def capitalize(w):
    return w[:1].upper() + w[1:]


for lang, dic in DICTS.items():
    with open(os.path.join(HERE, "..", "wordfreq", f"{lang}.tsv"), encoding="utf-8") as f:
        words = [line.split("\t")[0] for line in f]
    words = [w for w in words if any(c.isalpha() for c in w)
             and all(c.isalpha() or c in "'’-" for c in w)]
    lower = accepted(dic, words)
    rest = [w for w in words if w not in lower]
    cap = accepted(dic, [capitalize(w) for w in rest])
    upper = accepted(dic, [w.upper() for w in rest])
    with open(os.path.join(HERE, f"{lang}.tsv"), "w", encoding="utf-8") as out:
        for w in rest:
            if capitalize(w) in cap:
                kind = "C"
            elif w.upper() in upper:
                kind = "U"
            else:
                kind = "X"
            out.write(f"{w}\t{kind}\n")
