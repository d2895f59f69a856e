"""Hugging Face ``datasets``: annotate a Dataset with ``dataset.map(..., batched=True)``.

::

    import mtlint.hf
    ds = ds.map(mtlint.hf.Annotator(target="tgt", source="src", lang="fr", source_lang="en"),
                batched=True, batch_size=1000)
    bad = ds.filter(lambda row: row["mtlint_worst"] == "error")

Adds the columns of :func:`mtlint.pandas.annotate` (``mtlint_count``, ``mtlint_worst``,
``mtlint_penalty``, ``mtlint_findings``). An :class:`Annotator` pickles without its checker
(rebuilt on first use in each process), so ``num_proc=N`` works too; each batch is checked
with :meth:`mtlint.Checker.check_batch` (parallel, GIL released).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from . import Checker
from .pandas import _as_source, _as_text, summarize

__all__ = ["Annotator"]


class Annotator:
    """A batched ``map`` function adding mtlint columns to a batch (a dict of column lists).

    ``source=None`` checks targets alone; the default ``src`` is used when the batch has it.
    Other keyword arguments go to :class:`mtlint.Checker`.
    """

    def __init__(
        self,
        target: str = "tgt",
        source: Optional[str] = "src",
        lang: Optional[str] = "fr",
        source_lang: Optional[str] = None,
        prefix: str = "mtlint_",
        **opts: Any,
    ):
        self.target = target
        self.source = source
        self.prefix = prefix
        self.opts = dict(lang=lang, source_lang=source_lang, **opts)
        self._checker: Optional[Checker] = None
        Checker(**self.opts)  # fail now, not in a worker, on a bad option

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_checker"] = None
        return state

    @property
    def checker(self) -> Checker:
        if self._checker is None:
            self._checker = Checker(**self.opts)
        return self._checker

    def __call__(self, batch: Dict[str, List[Any]]) -> Dict[str, List[Any]]:
        targets = [_as_text(t) for t in batch[self.target]]
        sources = None
        if self.source is not None and self.source in batch:
            sources = [_as_source(s) for s in batch[self.source]]
        elif self.source not in (None, "src"):
            raise KeyError(f"no source column {self.source!r} (columns: {list(batch)})")
        out: Dict[str, List[Any]] = {self.prefix + k: [] for k in ("count", "worst", "penalty", "findings")}
        for found in self.checker.check_batch(targets, sources):
            c, w, p, rows = summarize(found)
            out[self.prefix + "count"].append(c)
            out[self.prefix + "worst"].append(w)
            out[self.prefix + "penalty"].append(p)
            out[self.prefix + "findings"].append(rows)
        return out
