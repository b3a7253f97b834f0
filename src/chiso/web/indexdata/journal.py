"""How index data names its changes in the generic audit (``chiso.web.audit``).

An indicator's value has no row of its own once it is cleared, so the audit names it by a readable
key rather than by a row: ``framework/year/code`` ("pii-2025/2025/1.1.1") for raw values, official
results, national statistics and targets; the indicator code for its assignments (they belong to the
province, not to a framework); ``framework/code`` for a node's metadata; the year for the framework of
a year; the framework's name for a framework. An import's entries carry ``source="import:<batch id>"``.
The data migration that moved the old ``indexdata.Change`` rows into the audit follows the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass

VALUE_KINDS = ("raw", "official", "stat", "target")
IMPORT_SOURCE = "import:"


def key_of(kind: str, framework: str = "", year: int | None = None, code: str = "") -> str:
    if kind == "assignment":
        return code
    if kind == "framework":
        return framework
    if kind == "framework_year":
        return str(year)
    if kind == "metadata":
        return f"{framework}/{code}"
    return f"{framework}/{year}/{code}"


@dataclass(frozen=True)
class Key:
    framework: str = ""
    year: int | None = None
    code: str = ""


def parse(kind: str, key: str) -> Key:
    """The framework, year and code a key names (what the kind has of them)."""
    if kind == "assignment":
        return Key(code=key)
    if kind == "framework":
        return Key(framework=key)
    if kind == "framework_year":
        return Key(year=int(key) if key.isdigit() else None)
    if kind == "metadata":
        framework, _, code = key.partition("/")
        return Key(framework=framework, code=code)
    parts = key.split("/", 2)
    if kind in VALUE_KINDS and len(parts) == 3:
        return Key(parts[0], int(parts[1]) if parts[1].isdigit() else None, parts[2])
    if len(parts) == 3:  # scenarios and solver plans: framework/year/name
        return Key(parts[0], int(parts[1]) if parts[1].isdigit() else None)
    return Key()


def batch_source(batch_id: int | None) -> str:
    return f"{IMPORT_SOURCE}{batch_id}" if batch_id is not None else ""


def batch_id(source: str) -> int | None:
    """The import batch an entry's ``source`` names, if any."""
    if source.startswith(IMPORT_SOURCE) and source[len(IMPORT_SOURCE) :].isdigit():
        return int(source[len(IMPORT_SOURCE) :])
    return None
