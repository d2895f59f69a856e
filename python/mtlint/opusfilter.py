"""An OpusFilter filter: ``MtlintFilter`` (``module: mtlint.opusfilter`` in an OpusFilter YAML).

::

    steps:
      - type: filter
        parameters:
          inputs: [corpus.en, corpus.fr]
          outputs: [clean.en, clean.fr]
          filters:
            - MtlintFilter:
                lang: fr
                source_lang: en
                severity: warning        # findings at or above this count
                categories: [mixed-script, language-switch, untranslated, number, markup]
                max_findings: 0          # accept a pair with at most this many counted findings
                max_penalty: 10          # and an MQM penalty at most this (optional)
              module: mtlint.opusfilter

Pairs are checked in chunks with :meth:`mtlint.Checker.check_batch` (parallel, GIL released).
Works without OpusFilter installed (the same interface: ``score``, ``accept``, ``decisions``,
``filter``, ``filterfalse``).
"""

from __future__ import annotations

import itertools
from typing import Any, Dict, Iterable, Iterator, Optional, Sequence, Tuple

from . import SEVERITIES, Checker

try:  # OpusFilter's own base class and constants when it is installed.
    from opusfilter import CLEAN_LOW, FilterABC
except ImportError:  # pragma: no cover - exercised when OpusFilter is absent
    CLEAN_LOW = "clean_low"

    class FilterABC:  # type: ignore[no-redef]
        """The interface of ``opusfilter.FilterABC`` (OpusFilter 3.x)."""

        def __init__(self, name=None, workdir="", **kwargs):
            self.name = name
            self.workdir = workdir
            self.kwargs = kwargs

        def decisions(self, pairs):
            for score in self.score(pairs):
                yield self.accept(score)

        def filter(self, pairs):
            for pair in pairs:
                if self.accept(next(self.score([pair]))):
                    yield pair

        def filterfalse(self, pairs):
            for pair in pairs:
                if not self.accept(next(self.score([pair]))):
                    yield pair

        @property
        def accept_threshold(self):
            return None

        @property
        def reject_threshold(self):
            return None


__all__ = ["MtlintFilter"]

_RANK = {s: i + 1 for i, s in enumerate(SEVERITIES)}


class MtlintFilter(FilterABC):
    """Score each pair with mtlint and reject the damaged ones.

    A pair is ``(source, target)`` (``source_index``/``target_index`` choose other columns of
    longer tuples; a 1-tuple is a target alone). The score of a pair is a dict of numbers:

    - ``count``: findings at or above ``severity`` and, with ``categories``, in one of them;
    - ``worst``: the worst severity of any finding: 0 none, 1 info, 2 warning, 3 error;
    - ``penalty``: the MQM penalty of all findings (Major 5, Minor 1, Non-translation 25…).

    ``accept``: ``count <= max_findings`` and, when ``max_penalty`` is set,
    ``penalty <= max_penalty``. Lower scores are cleaner (``score_direction`` is CLEAN_LOW).
    Other keyword arguments (``rules``, ``config``, ``glossary``, ``threads``) go to
    :class:`mtlint.Checker`.
    """

    def __init__(
        self,
        lang: Optional[str] = None,
        source_lang: Optional[str] = None,
        severity: str = "warning",
        categories: Optional[Sequence[str]] = None,
        max_findings: int = 0,
        max_penalty: Optional[float] = None,
        source_index: Optional[int] = 0,
        target_index: int = 1,
        chunksize: int = 1000,
        rules=None,
        config=None,
        glossary=None,
        threads: Optional[int] = None,
        **kwargs: Any,
    ):
        if severity not in _RANK:
            raise ValueError(f"unknown severity `{severity}` (expected error, warning or info)")
        self.lang = lang
        self.source_lang = source_lang
        self.severity = severity
        self.categories = None if categories is None else frozenset(categories)
        self.max_findings = int(max_findings)
        self.max_penalty = None if max_penalty is None else float(max_penalty)
        self.source_index = source_index
        self.target_index = target_index
        self.chunksize = max(1, int(chunksize))
        self.checker = Checker(
            lang=lang,
            source_lang=source_lang,
            rules=rules,
            config=config,
            glossary=glossary,
            threads=threads,
        )
        super().__init__(**kwargs)

    @property
    def score_direction(self):
        return CLEAN_LOW

    def _split(self, pair: Sequence[str]) -> Tuple[str, Optional[str]]:
        if len(pair) == 1:
            return pair[0], None
        src = None if self.source_index is None else pair[self.source_index]
        return pair[self.target_index], src

    def score(self, pairs: Iterable[Sequence[str]]) -> Iterator[Dict[str, float]]:
        threshold = _RANK[self.severity]
        pairs = iter(pairs)
        while True:
            chunk = list(itertools.islice(pairs, self.chunksize))
            if not chunk:
                return
            split = [self._split(p) for p in chunk]
            targets = [t for t, _ in split]
            sources = [s for _, s in split]
            has_source = any(s is not None for s in sources)
            for found in self.checker.check_batch(targets, sources if has_source else None):
                count = sum(
                    1
                    for f in found
                    if _RANK[f.severity] >= threshold
                    and (self.categories is None or f.category in self.categories)
                )
                yield {
                    "count": count,
                    "worst": max((_RANK[f.severity] for f in found), default=0),
                    "penalty": float(sum(f.penalty for f in found)),
                }

    def accept(self, score: Dict[str, float]) -> bool:
        if score["count"] > self.max_findings:
            return False
        return self.max_penalty is None or score["penalty"] <= self.max_penalty
