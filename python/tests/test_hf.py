import pickle

import pytest

import mtlint
from mtlint.hf import Annotator

ROWS = {
    "src": ["The minister spoke to Andrei Krutskikh.", "Prices rose by 5%.", "He said the word."],
    "tgt": ["Le ministre a parlé à André Крутских.", "Les prix ont augmenté de 7 %.", "Il a dit le le mot."],
}


def test_the_map_function_on_a_plain_batch():
    fn = Annotator(lang="fr", source_lang="en")
    out = fn(dict(ROWS))
    assert out["mtlint_count"] == [1, 2, 1]
    assert out["mtlint_worst"] == ["error", "info", "warning"]
    assert out["mtlint_findings"][0][0]["flagged"] == "Крутских"
    again = pickle.loads(pickle.dumps(fn))
    assert again(dict(ROWS)) == out


def test_dataset_map_batched():
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_dict(ROWS)
    out = ds.map(Annotator(lang="fr", source_lang="en"), batched=True, batch_size=2)
    assert out.column_names == ["src", "tgt", "mtlint_count", "mtlint_worst", "mtlint_penalty", "mtlint_findings"]
    assert out["mtlint_count"] == [1, 2, 1]
    checker = mtlint.Checker(lang="fr", source_lang="en")
    for row in out:
        found = checker.check(row["tgt"], row["src"])
        assert [f["rule"] for f in row["mtlint_findings"]] == [f.rule for f in found]
        for f in row["mtlint_findings"]:
            assert row["tgt"][f["start"] : f["end"]] == f["flagged"]
    errors = out.filter(lambda r: r["mtlint_worst"] == "error")
    assert errors["tgt"] == [ROWS["tgt"][0]]
