#!/usr/bin/env python3
"""Regenerate data/wordfreq/*.tsv from the wordfreq package (pip install wordfreq==3.1.1).

Each line: word <TAB> Zipf frequency (one decimal). Only words with Zipf >= 2.5 are kept.
"""
import math
import os

import wordfreq

HERE = os.path.dirname(os.path.abspath(__file__))
for lang in ["fr", "en", "de", "es", "it", "ru"]:
    freqs = wordfreq.get_frequency_dict(lang, wordlist="large")
    with open(os.path.join(HERE, f"{lang}.tsv"), "w", encoding="utf-8") as out:
        for word, freq in freqs.items():
            zipf = math.log10(freq) + 9
            if zipf >= 2.5 and "\t" not in word and "\n" not in word:
                out.write(f"{word}\t{zipf:.1f}\n")
