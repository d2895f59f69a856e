import json
from pathlib import Path

import pytest

import mtlint

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample" / "000_5d35f27f8244f893.txt"
BILINGUAL = sorted(
    p
    for p in (ROOT / "tests" / "fixtures" / "bilingual").iterdir()
    if p.is_file() and p.suffix not in (".md", ".tbx")
)


def assert_round_trip(text, findings):
    for f in findings:
        assert text[f.start : f.end] == f.flagged, f
        assert text.encode()[f.byte_start : f.byte_end].decode() == f.flagged, f


def test_the_issue_example_fires_and_a_clean_sentence_stays_quiet():
    found = mtlint.check("Le président a parlé à André Крутских hier.", lang="fr")
    assert [(f.rule, f.flagged) for f in found] == [("foreign-name", "Крутских")]
    f = found[0]
    assert f.category == "mixed-script" and f.severity in mtlint.SEVERITIES
    assert f.mqm_category.startswith("Accuracy/") and f.penalty > 0
    assert f.message
    assert mtlint.check("Le président a parlé à André hier.", lang="fr") == []


def test_offsets_are_characters_of_the_python_string_beyond_the_bmp():
    # Emoji and a musical symbol (outside the BMP: 4 UTF-8 bytes, 2 UTF-16 units, 1 code point).
    text = "😀🎉 Le 𝄞 président de RUSSIE 🇫🇷 a parlé à André Крутских 👍🏽 hier — Крутских."
    found = mtlint.check(text, lang="fr")
    assert {f.flagged for f in found} >= {"RUSSIE", "Крутских"}
    assert_round_trip(text, found)
    assert any(f.start != f.byte_start for f in found)


def test_a_flagged_span_holding_astral_characters_round_trips():
    text = "Il a dit 😀😀 le le mot 😀."
    found = mtlint.check(text, lang="fr")
    assert any(f.rule == "doubled-word" for f in found)
    assert_round_trip(text, found)


def test_every_line_of_the_sample_round_trips():
    n = 0
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        found = mtlint.check(line, lang="fr")
        assert_round_trip(line, found)
        n += len(found)
    assert n > 10


@pytest.mark.parametrize("path", BILINGUAL, ids=lambda p: p.name)
def test_bilingual_fixtures_round_trip(path):
    found = mtlint.check_file(path)
    for f in found:
        assert f.file == str(path) and f.segment is not None and f.line >= 1
        assert f.segment_text[f.start : f.end] == f.flagged, f


def cli_records(cli, *args):
    out = cli("check", "--no-config", "--format", "jsonl", "--fail-on", "never", "--quiet", *args)
    assert out.returncode == 0, out.stderr
    return [json.loads(l) for l in out.stdout.splitlines() if l.strip()]


def key(r):
    return (r["segment"], r["rule"], r["severity"], r["flagged"], r["line"], r["column"], r["message"])


@pytest.mark.parametrize("path", [SAMPLE, *BILINGUAL], ids=lambda p: p.name)
def test_check_file_gives_the_cli_findings(cli, path):
    opts = {"lang": "fr"} if path == SAMPLE else {}
    ours = [key(f.to_dict()) for f in mtlint.check_file(path, **opts)]
    theirs = [key(r) for r in cli_records(cli, *(["--lang", "fr"] if opts else []), str(path))]
    assert ours == theirs


def test_the_sample_keeps_its_real_findings():
    flagged = {f.flagged for f in mtlint.check_file(SAMPLE, lang="fr")}
    for word in ("états-UNIS", "RUSSIE", "HYDROMEL"):
        assert any(word in x for x in flagged), word


def test_batch_is_one_check_per_text_in_order():
    lines = [l for l in SAMPLE.read_text(encoding="utf-8").splitlines() if l.strip()] * 5
    lines += ["😀 Il a dit le le mot.", "", "Les prix ont augmenté de 7 %."]
    sources = [None] * (len(lines) - 1) + ["Prices rose by 5%."]
    checker = mtlint.Checker(lang="fr", source_lang="en")
    batch = checker.check_batch(lines, sources)
    assert len(batch) == len(lines)
    assert batch == [checker.check(t, s) for t, s in zip(lines, sources)]
    assert batch == mtlint.Checker(lang="fr", source_lang="en", threads=1).check_batch(lines, sources)
    assert any(f.category == "number" for f in batch[-1])
    for t, found in zip(lines, batch):
        assert_round_trip(t, found)


def test_batch_sources_must_match_targets():
    with pytest.raises(mtlint.MtlintError, match="2 targets but 1 sources"):
        mtlint.Checker(lang="fr").check_batch(["a", "b"], ["x"])


def test_bilingual_checks_need_a_source():
    target = "Les prix ont augmenté de 7 %."
    assert mtlint.check(target, lang="fr") == []
    found = mtlint.check(target, lang="fr", source="Prices rose by 5%.", source_lang="en")
    assert [f.category for f in found] == ["number"] or any(f.category == "number" for f in found)


def test_language_is_detected_when_not_given():
    text = "Le président de la République a parlé à André Крутских hier soir à Paris."
    assert [f.rule for f in mtlint.check(text)] == [f.rule for f in mtlint.check(text, lang="fr")]


def test_errors_are_python_exceptions_with_the_cli_messages(cli, tmp_path):
    with pytest.raises(mtlint.MtlintError) as e:
        mtlint.check("Bonjour", lang="xx")
    assert str(e.value) in cli("check", "--no-config", "--lang", "xx", "-", input="x").stderr
    assert str(e.value).startswith("unknown language `xx`")
    assert isinstance(e.value, ValueError)

    with pytest.raises(mtlint.MtlintError) as e:
        mtlint.explain("no-such-rule")
    assert cli("explain", "no-such-rule").stderr.strip() == f"mtlint: {e.value}"

    missing = tmp_path / "missing.txt"
    with pytest.raises(mtlint.MtlintError) as e:
        mtlint.check_file(missing, lang="fr")
    assert str(e.value) in cli("check", "--no-config", "--lang", "fr", str(missing)).stderr

    bad = ROOT / "tests" / "fixtures" / "bilingual" / "malformed" / "unclosed.xlf"
    with pytest.raises(mtlint.MtlintError) as e:
        mtlint.check_file(bad)
    assert str(e.value) in cli("check", "--no-config", str(bad)).stderr

    with pytest.raises(mtlint.MtlintError, match="unknown input format"):
        mtlint.Checker(input_format="docx")


def test_config_and_user_rules_apply(tmp_path):
    text = "Le président de RUSSIE a parlé à André Крутских. Il a dit le le mot."
    cfg = tmp_path / "mtlint.toml"
    cfg.write_text('[rules.doubled-word]\nenabled = false\n\n[rules.caps-word]\nseverity = "error"\n', encoding="utf-8")
    rules_ = tmp_path / "rules.toml"
    rules_.write_text(
        '[[rule]]\nid = "no-mot"\npattern = "\\\\bmot\\\\b"\nmessage = "Say word."\n',
        encoding="utf-8",
    )
    base = {f.rule for f in mtlint.check(text, lang="fr")}
    assert "doubled-word" in base
    try:
        got = {f.rule for f in mtlint.check(text, lang="fr", config=cfg, rules=[rules_])}
    except mtlint.MtlintError as e:  # the config or rule-file syntax differs: say which
        pytest.fail(str(e))
    assert "doubled-word" not in got and "no-mot" in got
    caps = [f for f in mtlint.check(text, lang="fr", config=cfg) if f.rule == "caps-word"]
    assert caps and all(f.severity == "error" for f in caps)


def test_rules_and_explain():
    rows = mtlint.rules()
    ids = {r["id"] for r in rows}
    assert {"foreign-word", "foreign-name", "doubled-word"} <= ids
    assert all(set(r) == {"id", "category", "severity", "lang", "summary"} for r in rows)
    assert len(mtlint.rules(lang="fr")) < len(rows)
    assert mtlint.explain("foreign-word").startswith("foreign-word  (mixed-script")


def test_explain_and_rules_match_the_cli(cli):
    assert mtlint.explain("doubled-word") == cli("explain", "doubled-word").stdout
    listed = [l.split()[0] for l in cli("rules").stdout.splitlines()[1:]]
    assert [r["id"] for r in mtlint.rules()] == listed


def test_stubs_name_what_the_module_has():
    import ast

    stub = Path(mtlint.__file__).with_name("_mtlint.pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    names = {n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}
    for n in names:
        assert hasattr(mtlint, n), n
    for cls in ("Finding", "Checker"):
        body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls).body
        for member in body:
            name = getattr(member, "name", None) or getattr(getattr(member, "target", None), "id", None)
            if name and not name.startswith("__"):
                assert hasattr(getattr(mtlint, cls), name), f"{cls}.{name}"
    assert mtlint.Checker.check_batch.__doc__ and mtlint.check.__doc__ and mtlint.Finding.__doc__


def test_a_document_batch_gives_the_cli_findings_on_the_same_records(cli):
    lines = [l for l in SAMPLE.read_text(encoding="utf-8").splitlines() if l.strip()]
    lines += ["« Pourquoi le courrier ici ?", "Il a dit le le mot. »", "« Encore 😀 une fois."]
    records = "".join(json.dumps({"id": str(i), "target": t}, ensure_ascii=False) + "\n" for i, t in enumerate(lines))
    out = cli("check", "--no-config", "--lang", "fr", "--input-format", "jsonl", "--format", "jsonl",
              "--fail-on", "never", "--quiet", "-", input=records)
    theirs = [(r["segment"], r["rule"], r["flagged"], r["segment_byte_start"], r["message"])
              for r in map(json.loads, out.stdout.splitlines())]
    checker = mtlint.Checker(lang="fr")
    batch = checker.check_batch(lines, document=True)
    ours = [(str(i), f.rule, f.flagged, f.byte_start, f.message) for i, found in enumerate(batch) for f in found]
    assert ours == theirs
    for t, found in zip(lines, batch):
        assert_round_trip(t, found)
    # Alone, the quotation opened in one record and closed in the next is two findings.
    alone = checker.check_batch(lines)
    assert sum(map(len, alone)) == sum(map(len, batch)) + 2
    assert mtlint.Checker(lang="fr", threads=1).check_batch(lines, document=True) == batch


def test_check_batch_releases_the_gil():
    import threading
    import time

    lines = [l for l in SAMPLE.read_text(encoding="utf-8").splitlines() if l.strip()] * 400
    checker = mtlint.Checker(lang="fr")
    span = {}

    def work():
        span["start"] = time.perf_counter()
        checker.check_batch(lines)
        span["end"] = time.perf_counter()

    t = threading.Thread(target=work)
    ticks = []
    t.start()
    while t.is_alive():
        ticks.append(time.perf_counter())
    t.join()
    start, end = span["start"], span["end"]
    middle = [x for x in ticks if start + (end - start) / 4 < x < end - (end - start) / 4]
    # With the GIL held for the whole call, this thread could not run during it.
    assert middle, f"no Python ran during check_batch ({end - start:.3f} s)"
