#!/usr/bin/env python3
"""Generate the benchmark corpus for mtlint: realistic machine-translated text, one segment a line.

Deterministic (fixed seed, no network, Python 3 standard library only). Sources, best first:

* French: the seed text `data/sample/*.txt` (French MT of a Russian TASS dispatch, with Cyrillic
  leftovers), split into paragraphs and sentences, plus synthetic variations of it.
* German, Russian, English: the `target` column of `../shared/eval/mqm/segments.tsv.gz` (real MT
  output of WMT 2020/2021 systems; `lp` en-de, en-ru, zh-en gives the target language).
  When that file is absent (a fresh checkout without shared/, e.g. CI), a few built-in MT-like
  sentences per language plus the rule examples of `data/rules.toml` are used instead.

Real segments are shuffled and repeated; a share of the lines are synthetic variations (sentences
from an order-2 word Markov chain trained on the same text, numbers changed, segments spliced) so
the corpus is not one block repeated verbatim.

Files written under --out (default target/bench-corpus/, ignored by git):

    fr.txt de.txt ru.txt en.txt   --size-mb / 4 MiB each (default 64 MiB in all)
    mixed.txt                     --size-mb / 4 MiB, each line from a random one of the four
    mem-small.txt                 --small-mb MiB (default 16) of <--mem-lang>.txt
    mem-big.txt                   mem-small.txt repeated up to --big-mb MiB (default 256)
    prof-XX.txt                   the first --profile-mb / 4 MiB (default 2 MiB in all) of XX.txt
    corpus.json                   manifest: sizes, segment counts, sources, parameters

Files whose manifest entry matches the parameters are kept; --force rewrites them.

Usage: python3 bench/gen_corpus.py [--size-mb 64] [--small-mb 16] [--big-mb 256] [--out DIR]
"""

import argparse
import csv
import gzip
import hashlib
import json
import os
import random
import re
import sys
import tomllib

MIB = 1024 * 1024
LANGS = ["fr", "de", "ru", "en"]
MQM_LP = {"en-de": "de", "en-ru": "ru", "zh-en": "en"}
GEN_VERSION = 1  # bump when the output of this script changes

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Used only when ../shared/eval/mqm is absent: MT-like sentences with the usual damage (leftover
# source-script words, broken casing, doubled words, odd spacing), written for this benchmark.
FALLBACK = {
    "de": [
        "Der Sprecher des Ministeriums sagte am Donnerstag, dass die Gespräche mit Washington fortgesetzt werden.",
        "Nach Angaben der Polizei wurden bei dem Unfall auf der A7 drei Menschen leicht verletzt.",
        "Die Regierung will bis 2025 rund 12 Milliarden Euro in den Ausbau der Netze investieren.",
        "„Wir haben keine andere Wahl“, sagte er gegenüber Reportern in Berlin.",
        "Das Unternehmen meldete für das dritte Quartal einen Umsatz von 4,3 Milliarden Dollar.",
        "Die Entscheidung sei politisch, erklärte der Diplomat Sergei Рябков in Moskau.",
        "Viele Fans waren enttäuscht, als das Konzert kurzfristig abgesagt wurde wurde.",
        "Laut dem Bericht stieg die Zahl der Cyberangriffe im letzten Jahr um 40 %.",
        "Der Premierminister traf sich mit Vertretern der EU und der NATO in Brüssel.",
        "Die Schule bleibt wegen des Sturms bis Montag geschlossen, teilte die Stadt mit.",
        "Er sagte, dass die Mannschaft in der zweiten Halbzeit besser gespielt habe.",
        "Die Preise für Energie sind in den vergangenen Monaten deutlich gestiegen.",
        "Im Interview mit der BBC sagte sie, dass sie nicht noch einmal kandidieren werde.",
        "Die Feuerwehr war mit 60 Einsatzkräften vor Ort und konnte den Brand schnell löschen.",
        "Die Studie wurde im Fachjournal Nature veröffentlicht und kann unter www.example.org gelesen werden.",
    ],
    "ru": [
        "Представитель министерства заявил в четверг, что переговоры с Вашингтоном продолжатся.",
        "По данным полиции, в результате аварии на трассе М4 пострадали три человека.",
        "Правительство планирует до 2025 года вложить около 12 миллиардов рублей в развитие сетей.",
        "«У нас нет другого выбора», — сказал он журналистам в Москве.",
        "Компания сообщила о выручке в размере 4,3 миллиарда долларов за третий квартал.",
        "Решение носит политический характер, заявил дипломат в интервью агентству ТАСС.",
        "Многие фанаты были разочарованы, когда концерт был отменен в последний момент момент.",
        "Согласно отчету, число кибератак за прошлый год выросло на 40 %.",
        "Премьер-министр встретился с представителями ЕС и НАТО в Брюсселе.",
        "Школа будет закрыта до понедельника из-за шторма, сообщили в мэрии.",
        "Он сказал, что команда играла лучше во втором тайме, чем в первом.",
        "Цены на энергию заметно выросли за последние несколько месяцев.",
        "В интервью BBC она сказала, что не будет снова баллотироваться.",
        "На месте работали 60 пожарных, и огонь удалось быстро потушить.",
        "Исследование опубликовано в журнале Nature и доступно на сайте www.example.org.",
    ],
    "en": [
        "A spokesman for the ministry said on Thursday that talks with Beijing would continue.",
        "According to police, three people were slightly injured in the accident on the M4.",
        "The government plans to invest about 12 billion yuan in the expansion of networks by 2025.",
        "\u201cWe have no other choice,\u201d he told reporters in Shanghai.",
        "The company reported revenue of 4.3 billion dollars for the third quarter.",
        "The decision is political, the diplomat said in an interview with Xinhua.",
        "Many fans were disappointed when the concert was was cancelled at the last minute.",
        "According to the report, the number of cyber attacks rose by 40% last year.",
        "The premier met with representatives of the EU and NATO in Brussels.",
        "The school will remain closed until Monday because of the storm, the city said.",
        "He said the team played better in the second half, and the coach Zhang Wei 张伟 agreed.",
        "Energy prices have risen significantly in recent months, especially in the north.",
        "In an interview with the BBC she said she would not run again.",
        "Sixty firefighters were at the scene and put out the fire quickly.",
        "The study was published in the journal Nature and can be read at www.example.org.",
    ],
    "fr": [],
}

WORD_RE = re.compile(r"\S+")
SENT_RE = re.compile(r"(?<=[.!?…»])\s+(?=[«A-ZÀ-ÖØ-ÞА-Я0-9])")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def find_mqm(explicit):
    cands = [explicit] if explicit else []
    if os.environ.get("MTLINT_MQM"):
        cands.append(os.environ["MTLINT_MQM"])
    cands += [
        os.path.join(REPO, "..", "shared", "eval", "mqm", "segments.tsv.gz"),
    ]
    for c in cands:
        if c and os.path.isfile(c):
            return os.path.normpath(c)
    return None


def clean(line):
    line = line.replace("\r", " ").replace("\n", " ").replace("\0", " ").strip()
    return line


def dedup(items):
    return list(dict.fromkeys(x for x in items if x))


def load_pools(mqm_path):
    """Real segments per language, in a fixed order, and where they came from."""
    pools = {lang: [] for lang in LANGS}
    sources = {lang: [] for lang in LANGS}
    sample_dir = os.path.join(REPO, "data", "sample")
    for name in sorted(os.listdir(sample_dir)):
        if name.endswith(".txt"):
            with open(os.path.join(sample_dir, name), encoding="utf-8") as f:
                paras = [clean(p) for p in f.read().splitlines()]
            paras = [p for p in paras if p]
            pools["fr"] += paras
            # Sentences as well: shorter segments, like sentence-aligned MT output.
            for p in paras:
                pools["fr"] += [clean(s) for s in SENT_RE.split(p)]
            sources["fr"].append(f"data/sample/{name}")
    if mqm_path:
        csv.field_size_limit(1 << 30)
        with gzip.open(mqm_path, "rt", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t", quotechar='"'):
                lang = MQM_LP.get(row.get("lp", ""))
                if lang:
                    pools[lang].append(clean(row.get("target") or ""))
        for lang in MQM_LP.values():
            sources[lang].append(f"mqm:{os.path.basename(mqm_path)}")
    else:
        for lang in LANGS:
            pools[lang] += FALLBACK[lang]
            if FALLBACK[lang]:
                sources[lang].append("built-in fallback sentences")
        # Rule examples of the algorithmic checks, written in the language they test.
        with open(os.path.join(REPO, "data", "rules.toml"), "rb") as f:
            docs = tomllib.load(f).get("rule", [])
        for d in docs:
            if d.get("lang") in pools:
                pools[d["lang"]] += [clean(x) for x in d.get("fires", []) + d.get("quiet", [])]
        for lang in LANGS:
            sources[lang].append("data/rules.toml examples")
    for lang in LANGS:
        pools[lang] = dedup(pools[lang])
        if not pools[lang]:
            sys.exit(f"gen_corpus: no text for language {lang}")
    return pools, sources


class Markov:
    """Order-2 word chain over a language's sentences."""

    def __init__(self, sentences):
        self.next = {}
        self.starts = []
        for s in sentences:
            words = WORD_RE.findall(s)
            if len(words) < 3:
                continue
            self.starts.append((words[0], words[1]))
            for a, b, c in zip(words, words[1:], words[2:] + [None]):
                self.next.setdefault((a, b), []).append(c)

    def sentence(self, rng, max_words=60):
        if not self.starts:
            return None
        a, b = rng.choice(self.starts)
        out = [a, b]
        while len(out) < max_words:
            c = rng.choice(self.next.get((a, b), [None]))
            if c is None:
                break
            out.append(c)
            a, b = b, c
        return " ".join(out)


DIGITS = re.compile(r"\d+")


def segments(lang, pool, seed, vary):
    """Endless stream of segments for `lang`: the pool shuffled per pass, with variations."""
    rng = random.Random(f"{seed}:{lang}")
    sentences = []
    for seg in pool:
        sentences += [s for s in SENT_RE.split(seg) if s]
    chain = Markov(sentences)
    while True:
        order = pool[:]
        rng.shuffle(order)
        for seg in order:
            r = rng.random()
            if r >= vary:
                yield seg
            elif r < vary * 0.5:
                # 1 to 3 invented sentences from the chain
                parts = [chain.sentence(rng) for _ in range(rng.choice((1, 1, 2, 3)))]
                yield " ".join(p for p in parts if p) or seg
            elif r < vary * 0.75:
                yield DIGITS.sub(lambda m: str(rng.randrange(1, 10 ** len(m.group()) + 1)), seg)
            else:
                # two segments spliced into one long one (paragraph-sized)
                yield seg + " " + rng.choice(pool)


def write_lines(path, stream, size):
    n = 0
    lines = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        while n < size:
            line = next(stream)
            data = line + "\n"
            f.write(data)
            n += len(data.encode("utf-8"))
            lines += 1
    return n, lines


def count_lines(path):
    lines = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            lines += block.count(b"\n")
    return lines


def truncate_copy(src, dst, size):
    """The first whole lines of `src` totalling at least `size` bytes (or all of it)."""
    n = lines = 0
    with open(src, "rb") as fi, open(dst, "wb") as fo:
        for line in fi:
            fo.write(line)
            n += len(line)
            lines += 1
            if n >= size:
                break
    return n, lines


def repeat_copy(src, dst, size):
    with open(src, "rb") as f:
        data = f.read()
    n = reps = 0
    with open(dst, "wb") as fo:
        while n < size:
            fo.write(data)
            n += len(data)
            reps += 1
    return n, count_lines(src) * reps


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(REPO, "target", "bench-corpus"))
    ap.add_argument("--size-mb", type=float, default=64, help="MiB for fr+de+ru+en together")
    ap.add_argument("--small-mb", type=float, default=16, help="MiB of mem-small.txt")
    ap.add_argument("--big-mb", type=float, default=256, help="MiB of mem-big.txt")
    ap.add_argument("--profile-mb", type=float, default=2, help="MiB of the prof-XX.txt together")
    ap.add_argument("--mem-lang", default="fr", choices=LANGS + ["mixed"])
    ap.add_argument("--seed", default="mtlint-bench-1")
    ap.add_argument("--mqm", help="path of segments.tsv.gz (default: ../shared/eval/mqm/)")
    ap.add_argument("--no-mqm", action="store_true", help="use the fallback text only")
    ap.add_argument("--force", action="store_true", help="rewrite files that look current")
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    mqm = None if args.no_mqm else find_mqm(args.mqm)
    params = {
        "version": GEN_VERSION,
        "seed": args.seed,
        "size_mb": args.size_mb,
        "small_mb": args.small_mb,
        "big_mb": args.big_mb,
        "profile_mb": args.profile_mb,
        "mem_lang": args.mem_lang,
        "mqm": bool(mqm),
    }
    manifest_path = os.path.join(args.out, "corpus.json")
    old = {}
    if os.path.isfile(manifest_path) and not args.force:
        with open(manifest_path, encoding="utf-8") as f:
            old = json.load(f)
    if old.get("params") == params and all(
        os.path.isfile(os.path.join(args.out, name))
        and os.path.getsize(os.path.join(args.out, name)) == info["bytes"]
        for name, info in old.get("files", {}).items()
    ):
        print(f"gen_corpus: {args.out} is current ({len(old['files'])} files); --force rewrites")
        return

    pools, sources = load_pools(mqm)
    # Real text is plentiful for de/ru/en with the MQM data; French has one short sample.
    vary = {lang: (0.2 if mqm and lang != "fr" else 0.7) for lang in LANGS}
    per_lang = int(args.size_mb * MIB / 4)
    files = {}

    def record(name, nbytes, lines, lang, source):
        files[name] = {"bytes": nbytes, "segments": lines, "lang": lang, "source": source}
        print(f"  {name:<14} {nbytes / MIB:8.1f} MiB {lines:>10,} segments  ({source})")

    print(f"gen_corpus: writing {args.out} (seed {args.seed!r}, MQM: {mqm or 'absent, fallback'})")
    for lang in LANGS:
        stream = segments(lang, pools[lang], args.seed, vary[lang])
        n, lines = write_lines(os.path.join(args.out, f"{lang}.txt"), stream, per_lang)
        src = ", ".join(sources[lang]) + f"; {len(pools[lang]):,} distinct segments, "
        record(f"{lang}.txt", n, lines, lang, src + f"{vary[lang]:.0%} varied")

    rng = random.Random(f"{args.seed}:mixed")
    streams = {lang: segments(lang, pools[lang], args.seed + ":mixed", vary[lang]) for lang in LANGS}

    def mixed():
        while True:
            yield next(streams[rng.choice(LANGS)])

    n, lines = write_lines(os.path.join(args.out, "mixed.txt"), mixed(), per_lang)
    record("mixed.txt", n, lines, "mixed", "fr/de/ru/en lines interleaved at random")

    mem_src = os.path.join(args.out, f"{args.mem_lang}.txt")
    small = os.path.join(args.out, "mem-small.txt")
    n, lines = truncate_copy(mem_src, small, int(args.small_mb * MIB))
    record("mem-small.txt", n, lines, args.mem_lang, f"head of {args.mem_lang}.txt")
    n, lines = repeat_copy(small, os.path.join(args.out, "mem-big.txt"), int(args.big_mb * MIB))
    record("mem-big.txt", n, lines, args.mem_lang, "mem-small.txt repeated")

    for lang in LANGS:
        name = f"prof-{lang}.txt"
        n, lines = truncate_copy(
            os.path.join(args.out, f"{lang}.txt"),
            os.path.join(args.out, name),
            int(args.profile_mb * MIB / 4),
        )
        record(name, n, lines, lang, f"head of {lang}.txt")

    for name in LANGS:
        files[f"{name}.txt"]["sha256"] = sha256(os.path.join(args.out, f"{name}.txt"))
    with open(manifest_path, "w", encoding="utf-8") as f:
        json.dump({"params": params, "mqm_path": mqm, "files": files}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
