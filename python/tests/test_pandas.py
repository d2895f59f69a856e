import pytest

import mtlint

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
import mtlint.pandas as mp  # noqa: E402

ROWS = {
    "src": ["The minister spoke to Andrei Krutskikh.", "Prices rose by 5%.", "He said the word.", None],
    "tgt": ["Le ministre a parlé à André Крутских.", "Les prix ont augmenté de 7 %.", "Il a dit le mot.", float("nan")],
}


def test_annotate_a_dataframe():
    df = pd.DataFrame(ROWS)
    out = mp.annotate(df, target="tgt", source="src", lang="fr", source_lang="en", batch_size=2)
    assert list(out.columns) == ["src", "tgt", "mtlint_count", "mtlint_worst", "mtlint_penalty", "mtlint_findings"]
    assert list(df.columns) == ["src", "tgt"], "the input is not changed"
    assert out["mtlint_count"].tolist()[2:] == [0, 0]
    assert out["mtlint_worst"].isna().tolist() == [False, False, True, True]
    assert out["mtlint_worst"][0] == "error" and out["mtlint_penalty"][0] >= 5
    assert any(f["category"] == "number" for f in out["mtlint_findings"][1])
    first = out["mtlint_findings"][0]
    assert [f["flagged"] for f in first] == ["Крутских"]
    t = df["tgt"][0]
    assert all(t[f["start"] : f["end"]] == f["flagged"] for f in first)
    # The same as one check per row.
    checker = mtlint.Checker(lang="fr", source_lang="en")
    for i, (s, t) in enumerate(zip(ROWS["src"], ROWS["tgt"])):
        t = "" if isinstance(t, float) else t
        assert out["mtlint_count"][i] == len(checker.check(t, s))


def test_the_default_source_column_is_optional_and_a_named_one_is_not():
    df = pd.DataFrame({"tgt": ["Il a dit le le mot.", "Bonjour."]})
    out = mp.annotate(df, lang="fr")
    assert out["mtlint_count"].tolist() == [1, 0]
    with pytest.raises(KeyError, match="no source column 'source'"):
        mp.annotate(df, source="source", lang="fr")
    with pytest.raises(KeyError, match="no target column"):
        mp.annotate(df, target="target", lang="fr")


def test_annotate_an_arrow_table_gives_the_dataframe_result():
    table = pa.table({"src": ROWS["src"], "tgt": ROWS["tgt"][:3] + [None]})
    out = mp.annotate(table, lang="fr", source_lang="en", batch_size=3)
    assert isinstance(out, pa.Table)
    assert out.schema.names[-4:] == ["mtlint_count", "mtlint_worst", "mtlint_penalty", "mtlint_findings"]
    df = mp.annotate(pd.DataFrame(ROWS), lang="fr", source_lang="en")
    assert out.column("mtlint_count").to_pylist() == df["mtlint_count"].tolist()
    worst = [None if pd.isna(w) else w for w in df["mtlint_worst"]]
    assert out.column("mtlint_worst").to_pylist() == worst
    assert out.column("mtlint_findings").to_pylist() == df["mtlint_findings"].tolist()
    batch = mp.annotate(table.to_batches()[0], lang="fr", source_lang="en")
    assert isinstance(batch, pa.RecordBatch)
    assert batch.column(batch.schema.get_field_index("mtlint_count")).to_pylist() == df["mtlint_count"].tolist()
