import json
import subprocess
import sys
from pathlib import Path

import pytest

import mtlint
from mtlint.opusfilter import MtlintFilter

PAIRS = [
    ("The minister spoke to Andrei Krutskikh yesterday.", "Le ministre a parlé à André Крутских hier."),
    ("Prices rose by 5%.", "Les prix ont augmenté de 7 %."),
    ("He said the word.", "Il a dit le mot."),
    ("The meeting starts at noon.", "La réunion commence à midi."),
    ("Click Save, then close.", "Il a dit le le mot."),
    ("Good morning.", "Good morning."),
]


def test_the_filter_interface_contract():
    f = MtlintFilter(lang="fr", source_lang="en")
    scores = list(f.score(PAIRS))
    assert len(scores) == len(PAIRS)
    for s in scores:
        assert set(s) == {"count", "worst", "penalty"}
        assert all(isinstance(v, (int, float)) for v in s.values())
    decisions = [f.accept(s) for s in scores]
    assert decisions == list(f.decisions(PAIRS))
    # A foreign name (error), a number changed (info: below the default `warning`), clean, clean,
    # a doubled word (warning), a copy of the source (warning).
    assert decisions == [False, True, True, True, False, False]
    assert list(f.filter(PAIRS)) == [p for p, d in zip(PAIRS, decisions) if d]
    assert list(f.filterfalse(PAIRS)) == [p for p, d in zip(PAIRS, decisions) if not d]
    assert f.score_direction == "clean_low"
    # Scores in chunks are scores one by one.
    assert list(MtlintFilter(lang="fr", source_lang="en", chunksize=2).score(PAIRS)) == scores


def test_thresholds_on_severity_categories_and_penalty():
    lenient = MtlintFilter(lang="fr", source_lang="en", severity="error")
    only_numbers = MtlintFilter(lang="fr", source_lang="en", severity="info", categories=["number"])
    by_penalty = MtlintFilter(lang="fr", source_lang="en", severity="info", max_findings=99, max_penalty=4.9)
    pair = PAIRS[1]
    assert not only_numbers.accept(next(only_numbers.score([pair])))
    assert only_numbers.accept(next(only_numbers.score([PAIRS[0]])))
    doubled = next(lenient.score([PAIRS[4]]))
    assert doubled["worst"] == 2 and lenient.accept(doubled)  # a warning, below `error`
    assert not by_penalty.accept(next(by_penalty.score([PAIRS[0]])))  # a Major: penalty 5
    with pytest.raises(ValueError, match="unknown severity"):
        MtlintFilter(severity="fatal")


def test_a_one_sided_corpus_is_checked_target_only():
    f = MtlintFilter(lang="fr")
    assert [s["count"] for s in f.score([(t,) for _, t in PAIRS])][:3] == [1, 0, 0]


def test_with_opusfilter_from_a_yaml_config(tmp_path):
    pytest.importorskip("opusfilter")
    (tmp_path / "corpus.en").write_text("".join(s + "\n" for s, _ in PAIRS), encoding="utf-8")
    (tmp_path / "corpus.fr").write_text("".join(t + "\n" for _, t in PAIRS), encoding="utf-8")
    filt = {
        "MtlintFilter": {"lang": "fr", "source_lang": "en", "severity": "warning"},
        "module": "mtlint.opusfilter",
    }
    config = {
        "common": {"output_directory": str(tmp_path)},
        "steps": [
            {
                "type": "filter",
                "parameters": {
                    "inputs": ["corpus.en", "corpus.fr"],
                    "outputs": ["clean.en", "clean.fr"],
                    "filters": [filt],
                },
            },
            {
                "type": "score",
                "parameters": {
                    "inputs": ["corpus.en", "corpus.fr"],
                    "output": "scores.jsonl",
                    "filters": [filt],
                },
            },
        ],
    }
    # JSON is YAML.
    (tmp_path / "config.yaml").write_text(json.dumps(config), encoding="utf-8")
    script = Path(sys.executable).with_name("opusfilter")
    run = subprocess.run([sys.executable, str(script), str(tmp_path / "config.yaml")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    expected = list(MtlintFilter(lang="fr", source_lang="en").filter(PAIRS))
    kept_fr = (tmp_path / "clean.fr").read_text(encoding="utf-8").splitlines()
    kept_en = (tmp_path / "clean.en").read_text(encoding="utf-8").splitlines()
    assert list(zip(kept_en, kept_fr)) == expected
    assert 0 < len(expected) < len(PAIRS)
    scores = [json.loads(l)["MtlintFilter"] for l in (tmp_path / "scores.jsonl").read_text().splitlines()]
    assert scores == list(MtlintFilter(lang="fr", source_lang="en").score(PAIRS))
