"""mtlint: lint machine-translated text.

Finds untranslated words and names left in a foreign script, words mixing scripts, passages in
another language, MT phrasing damage and, with a source, bilingual problems (numbers, markup,
untranslated segments…). The checks are those of the ``mtlint`` command line (one Rust library).

Entry points:

- :func:`check` — one text;
- :class:`Checker` — built once, ``check``/``check_batch`` (parallel, GIL released)/``check_file``;
- :func:`check_file` — a file in any format the CLI reads;
- :func:`rules`, :func:`explain` — the rule catalogue;
- :mod:`mtlint.pandas`, :mod:`mtlint.opusfilter`, :mod:`mtlint.hf` — pipeline integrations.

Offsets (``Finding.start``/``end``) are in characters of the Python string:
``text[f.start:f.end] == f.flagged``.
"""

from __future__ import annotations

from os import PathLike
from typing import Dict, List, Optional, Sequence, Tuple, Union

from ._mtlint import Checker, Finding, MtlintError, __version__, explain, rules

__all__ = [
    "Checker",
    "Finding",
    "MtlintError",
    "check",
    "check_file",
    "explain",
    "rules",
    "SEVERITIES",
    "__version__",
]

#: Severities from least to most serious.
SEVERITIES: Tuple[str, ...] = ("info", "warning", "error")

_Path = Union[str, "PathLike[str]"]

# Checkers without files behind them (no rules, no config) are cheap to keep: one per language pair.
_checkers: Dict[Tuple[Optional[str], Optional[str]], Checker] = {}


def _checker(lang, source_lang, rules_, config) -> Checker:
    if rules_ is None and config is None:
        key = (lang, source_lang)
        c = _checkers.get(key)
        if c is None:
            c = _checkers[key] = Checker(lang=lang, source_lang=source_lang)
        return c
    return Checker(lang=lang, source_lang=source_lang, rules=rules_, config=config)


def check(
    text: str,
    lang: Optional[str] = None,
    source: Optional[str] = None,
    source_lang: Optional[str] = None,
    rules: Union[None, _Path, Sequence[_Path]] = None,
    config: Optional[_Path] = None,
) -> List[Finding]:
    """Check one target ``text`` and return its findings in report order.

    ``lang``: target language (``fr``, ``en``, ``de``, ``ru``…); ``None`` detects it from the
    text. ``source`` (with ``source_lang``) enables the bilingual checks. ``rules``: extra user
    rule file(s) in TOML, as the CLI's ``--rules``. ``config``: an ``mtlint.toml`` whose
    severities, disabled rules and allow-lists apply (none is looked for otherwise).

    Raises :class:`MtlintError` with the CLI's message (unknown language, language that cannot
    be detected, bad rule or config file).
    """
    return _checker(lang, source_lang, rules, config).check(text, source)


def check_file(path: _Path, **opts) -> List[Finding]:
    """Check a file as ``mtlint check FILE`` does and return its findings in file order.

    Every input format of the CLI is read (plain text, XLIFF, TMX, PO, TSV, CSV, JSON Lines;
    by extension or ``input_format=``). ``opts`` are :class:`Checker`'s keyword arguments
    (``lang``, ``source_lang``, ``rules``, ``config``, ``glossary``, ``input_format``,
    ``source_col``, ``target_col``, ``lossy``). Each finding carries ``file``, ``segment``,
    ``line``, ``column`` and ``segment_text`` (what ``start``/``end`` index).
    """
    return Checker(**opts).check_file(path)
