#!/usr/bin/env python3
"""Regenerate given.txt, given-words.txt and surnames.txt from the US Census 1990 name lists.

Inputs (see README.md): the directory of the `names` 0.3.0 package from PyPI, which ships the
Census files dist.male.first, dist.female.first and dist.all.last, and an English word list with
proper nouns capitalised (Debian's wamerican, SCOWL). Usage:

    pip download --no-deps --no-binary :all: names==0.3.0 && tar xzf names-0.3.0.tar.gz
    apt-get install wamerican
    python3 extract.py names-0.3.0/names /usr/share/dict/american-english
"""
import sys
from pathlib import Path

SURNAMES = 10000  # the most frequent surnames, about 80% of the 1990 population
# Calendar words that the Census lists as given names ("June", "Sunday"): in running text they
# are dates far more often than names.
CALENDAR = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday",
}


def names(path, limit=None):
    out = []
    for i, line in enumerate(open(path, encoding="ascii")):
        if limit is not None and i >= limit:
            break
        name = line.split()[0].capitalize()
        if name.isalpha() and len(name) >= 2:
            out.append(name)
    return out


def main():
    src, words = Path(sys.argv[1]), sys.argv[2]
    common = {w.strip() for w in open(words, encoding="utf-8") if w.strip().islower()}
    here = Path(__file__).parent
    given = []
    for name in names(src / "dist.male.first") + names(src / "dist.female.first"):
        if name not in given and name not in CALENDAR:
            given.append(name)
    plain = sorted(n for n in given if n.lower() not in common)
    words_too = sorted(n for n in given if n.lower() in common)
    surnames = sorted({n for n in names(src / "dist.all.last", SURNAMES) if n.lower() not in common})
    for file, items in [
        ("given.txt", plain),
        ("given-words.txt", words_too),
        ("surnames.txt", surnames),
    ]:
        (here / file).write_text("\n".join(items) + "\n", encoding="utf-8")
        print(file, len(items))


if __name__ == "__main__":
    main()
