from os import PathLike
from typing import Dict, List, Optional, Sequence, Union

_Path = Union[str, PathLike[str]]

__version__: str

class MtlintError(ValueError):
    """An error mtlint reports, with the command line's message."""

class Finding:
    """One suspect passage; ``text[start:end] == flagged`` (offsets in characters)."""

    rule: str
    category: str
    severity: str
    start: int
    end: int
    byte_start: int
    byte_end: int
    flagged: str
    message: str
    suggestion: Optional[str]
    mqm_category: str
    mqm_severity: str
    penalty: float
    file: Optional[str]
    segment: Optional[str]
    line: Optional[int]
    column: Optional[int]
    segment_text: Optional[str]
    def to_dict(self) -> Dict[str, object]: ...

class Checker:
    """A checker built once and reused (rules, configuration, glossary, languages)."""

    def __init__(
        self,
        lang: Optional[str] = None,
        source_lang: Optional[str] = None,
        rules: Union[None, _Path, Sequence[_Path]] = None,
        config: Optional[_Path] = None,
        glossary: Optional[_Path] = None,
        input_format: Optional[str] = None,
        source_col: Optional[str] = None,
        target_col: Optional[str] = None,
        lossy: bool = False,
        threads: Optional[int] = None,
    ) -> None: ...
    def check(self, text: str, source: Optional[str] = None) -> List[Finding]: ...
    def check_batch(
        self,
        targets: Sequence[str],
        sources: Optional[Sequence[Optional[str]]] = None,
        document: bool = False,
    ) -> List[List[Finding]]: ...
    def check_file(self, path: _Path) -> List[Finding]: ...

def rules(lang: Optional[str] = None) -> List[Dict[str, str]]: ...
def explain(rule: str) -> str: ...
