"""Annotate a table of segments with mtlint findings: pandas DataFrame or pyarrow Table.

>>> import pandas as pd, mtlint.pandas
>>> df = pd.DataFrame({"src": ["Prices rose by 5%."], "tgt": ["Les prix ont augmenté de 7 %."]})
>>> out = mtlint.pandas.annotate(df, target="tgt", source="src", lang="fr", source_lang="en")
>>> list(out.columns[-4:])
['mtlint_count', 'mtlint_worst', 'mtlint_penalty', 'mtlint_findings']

Rows are checked in batches with :meth:`mtlint.Checker.check_batch` (parallel, GIL released).
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from . import SEVERITIES, Checker, Finding

__all__ = ["annotate", "summarize", "COLUMNS"]

#: The columns :func:`annotate` adds (after ``prefix``): finding count, worst severity (None
#: when there is no finding), MQM penalty (sum over the findings), the findings as dicts.
COLUMNS = ("count", "worst", "penalty", "findings")

_DEFAULT_SOURCE = "src"
_RANK = {s: i for i, s in enumerate(SEVERITIES)}

#: The keys of a finding in the ``findings`` column.
FINDING_FIELDS = (
    "rule",
    "category",
    "severity",
    "start",
    "end",
    "flagged",
    "message",
    "suggestion",
    "mqm_category",
    "penalty",
)


def _missing(v: Any) -> bool:
    # None, NaN and pandas' NA.
    if v is None or (isinstance(v, float) and v != v):
        return True
    return type(v).__name__ == "NAType"


def _as_text(v: Any) -> str:
    return "" if _missing(v) else str(v)


def _as_source(v: Any) -> Optional[str]:
    return None if _missing(v) else str(v)


def summarize(findings: Sequence[Finding]) -> Tuple[int, Optional[str], float, List[Dict[str, Any]]]:
    """(count, worst severity or None, MQM penalty, findings as dicts) of one segment."""
    worst = max((f.severity for f in findings), key=_RANK.__getitem__, default=None)
    penalty = float(sum(f.penalty for f in findings))
    rows = [{k: getattr(f, k) for k in FINDING_FIELDS} for f in findings]
    return len(findings), worst, penalty, rows


def _annotations(
    targets: Iterable[Any],
    sources: Optional[Iterable[Any]],
    checker: Checker,
    batch_size: int,
) -> Tuple[List[int], List[Optional[str]], List[float], List[List[Dict[str, Any]]]]:
    counts: List[int] = []
    worst: List[Optional[str]] = []
    penalty: List[float] = []
    findings: List[List[Dict[str, Any]]] = []
    targets = [_as_text(t) for t in targets]
    srcs = None if sources is None else [_as_source(s) for s in sources]
    for at in range(0, len(targets), batch_size):
        batch = checker.check_batch(
            targets[at : at + batch_size],
            None if srcs is None else srcs[at : at + batch_size],
        )
        for found in batch:
            c, w, p, rows = summarize(found)
            counts.append(c)
            worst.append(w)
            penalty.append(p)
            findings.append(rows)
    return counts, worst, penalty, findings


def annotate(
    table,
    target: str = "tgt",
    source: Optional[str] = _DEFAULT_SOURCE,
    lang: Optional[str] = "fr",
    source_lang: Optional[str] = None,
    *,
    checker: Optional[Checker] = None,
    batch_size: int = 10_000,
    prefix: str = "mtlint_",
    **opts,
):
    """Return ``table`` with four columns added: ``{prefix}count``, ``{prefix}worst``,
    ``{prefix}penalty`` and ``{prefix}findings`` (a list of dicts per row, keys
    :data:`FINDING_FIELDS`; offsets in characters of the target).

    ``table``: a ``pandas.DataFrame`` (a new DataFrame is returned, the input is not changed) or
    a ``pyarrow.Table`` / ``pyarrow.RecordBatch`` (a new one is returned; findings are a
    ``list<struct>`` column). ``target``/``source``: column names; the default source column
    ``src`` is used only when present, a source column named explicitly must exist, ``None``
    checks targets alone. Missing targets (None, NaN) are empty texts. ``lang``: target language
    (``None``: detected per row); ``source_lang``, ``opts``: as :class:`mtlint.Checker`, or pass a
    ready ``checker``. Rows are checked ``batch_size`` at a time with ``check_batch``.
    """
    if checker is None:
        checker = Checker(lang=lang, source_lang=source_lang, **opts)
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if type(table).__module__.startswith("pyarrow"):
        return _annotate_arrow(table, target, source, checker, batch_size, prefix)
    columns = list(table.columns)
    if target not in columns:
        raise KeyError(f"no target column {target!r} (columns: {columns})")
    if source is not None and source not in columns:
        if source != _DEFAULT_SOURCE:
            raise KeyError(f"no source column {source!r} (columns: {columns})")
        source = None
    sources = None if source is None else table[source].tolist()
    counts, worst, penalty, findings = _annotations(table[target].tolist(), sources, checker, batch_size)
    out = table.copy()
    out[prefix + "count"] = counts
    out[prefix + "worst"] = worst
    out[prefix + "penalty"] = penalty
    out[prefix + "findings"] = findings
    return out


def _annotate_arrow(table, target, source, checker, batch_size, prefix):
    import pyarrow as pa

    names = list(table.schema.names)
    if target not in names:
        raise KeyError(f"no target column {target!r} (columns: {names})")
    if source is not None and source not in names:
        if source != _DEFAULT_SOURCE:
            raise KeyError(f"no source column {source!r} (columns: {names})")
        source = None
    counts: List[int] = []
    worst: List[Optional[str]] = []
    penalty: List[float] = []
    findings: List[List[Dict[str, Any]]] = []
    n = table.num_rows
    # Column slices, batch by batch: only one batch's Python strings at a time.
    for at in range(0, n, batch_size):
        length = min(batch_size, n - at)
        tgt = table.column(target).slice(at, length).to_pylist()
        src = None if source is None else table.column(source).slice(at, length).to_pylist()
        c, w, p, f = _annotations(tgt, src, checker, batch_size)
        counts += c
        worst += w
        penalty += p
        findings += f
    finding_type = pa.struct(
        [
            ("rule", pa.string()),
            ("category", pa.string()),
            ("severity", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("flagged", pa.string()),
            ("message", pa.string()),
            ("suggestion", pa.string()),
            ("mqm_category", pa.string()),
            ("penalty", pa.float64()),
        ]
    )
    added = {
        prefix + "count": pa.array(counts, pa.int64()),
        prefix + "worst": pa.array(worst, pa.string()),
        prefix + "penalty": pa.array(penalty, pa.float64()),
        prefix + "findings": pa.array(findings, pa.list_(finding_type)),
    }
    if isinstance(table, pa.RecordBatch):
        arrays = table.columns + list(added.values())
        return pa.RecordBatch.from_arrays(arrays, names=names + list(added))
    for name, col in added.items():
        table = table.append_column(name, col)
    return table
