"""Apache Spark without pipes: check a DataFrame's records with ``mapInPandas``.

::

    from mtlint.spark import findings
    out = findings(df, id="id", target="target", source="source", lang="fr", source_lang="en")
    out.groupBy("rule").count().show()

One row per finding, with the record's ``id`` (the CLI's ``segment``): ``id``, ``rule``,
``category``, ``severity``, ``start``/``end`` (characters of the target), ``byte_start``/
``byte_end`` (UTF-8 bytes, the CLI's ``segment_byte_start``/``_end``), ``flagged``, ``message``,
``suggestion``, ``mqm_category``, ``penalty``. Each Python worker builds one
:class:`mtlint.Checker` and reuses it for every batch of every task it runs (Spark reuses its
Python workers); records are checked in batches with the GIL released. By default each record
is checked alone. With ``document=True`` the records of a partition are checked as one document,
in partition order, as ``rdd.pipe`` to ``mtlint check --input-format jsonl -`` checks them (a
quotation opened in one record may close in the next): the same findings as the CLI, at the cost
of holding a partition's records at once. File-wide checks (consistency across records) are not
run, as with ``rdd.pipe``.

``mtlint`` must be installed where the executors' Python runs (on ``local[N]``, the driver's).
"""

from __future__ import annotations

from typing import Any, Dict, Iterator, Optional, Tuple

__all__ = ["findings", "SCHEMA", "check_batches"]

#: The schema of :func:`findings`' result, as a DDL string.
SCHEMA = (
    "id string, rule string, category string, severity string, start long, end long, "
    "byte_start long, byte_end long, flagged string, message string, suggestion string, "
    "mqm_category string, penalty double"
)

_checkers: Dict[Tuple, Any] = {}


def _checker(opts: Dict[str, Any]):
    from . import Checker

    key = tuple(sorted((k, str(v)) for k, v in opts.items()))
    c = _checkers.get(key)
    if c is None:
        c = _checkers[key] = Checker(**opts)
    return c


def check_batches(
    batches: Iterator,
    id: str,
    target: str,
    source: Optional[str],
    opts: Dict[str, Any],
    document: bool = False,
):
    """The ``mapInPandas`` function: pandas batches of records in, pandas batches of findings out."""
    import pandas as pd

    from .pandas import _as_source, _as_text

    checker = _checker(opts)
    columns = [c.split()[0] for c in SCHEMA.split(", ")]
    if document:
        # The partition is one document: all its batches at once, in order.
        batches = list(batches)
        batches = [pd.concat(batches, ignore_index=True)] if batches else []
    for pdf in batches:
        targets = [_as_text(t) for t in pdf[target].tolist()]
        sources = None
        if source is not None and source in pdf.columns:
            sources = [_as_source(s) for s in pdf[source].tolist()]
        ids = [None if i is None else str(i) for i in pdf[id].tolist()] if id in pdf.columns else [None] * len(targets)
        rows = []
        for rid, found in zip(ids, checker.check_batch(targets, sources, document=document)):
            for f in found:
                rows.append(
                    (rid, f.rule, f.category, f.severity, f.start, f.end, f.byte_start, f.byte_end,
                     f.flagged, f.message, f.suggestion, f.mqm_category, f.penalty)
                )
        yield pd.DataFrame(rows, columns=columns)


def findings(
    df,
    id: str = "id",
    target: str = "target",
    source: Optional[str] = "source",
    lang: Optional[str] = "fr",
    source_lang: Optional[str] = None,
    document: bool = False,
    **opts: Any,
):
    """A Spark DataFrame of the findings of ``df``'s records (one row per finding); ``document``:
    check each partition's records as one document, as the CLI does (see the module's doc)."""
    names = set(df.columns)
    if target not in names:
        raise KeyError(f"no target column {target!r} (columns: {sorted(names)})")
    if source is not None and source not in names:
        if source != "source":
            raise KeyError(f"no source column {source!r} (columns: {sorted(names)})")
        source = None
    opts = dict(lang=lang, source_lang=source_lang, **opts)
    from . import Checker

    Checker(**opts)  # a bad option fails here, on the driver
    return df.mapInPandas(lambda it: check_batches(it, id, target, source, opts, document), schema=SCHEMA)
