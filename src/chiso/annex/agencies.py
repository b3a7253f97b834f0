"""The provinces' agencies as the plans spell them: canonical names, aliases, collective groups.

The registry is data (``data/agencies.tsv``: canonical name, kind, collective group, province, aliases
separated by ``|``, note). ``split(cell)`` turns an agency cell of an annex ("Sở Khoa học và Công nghệ;
Sở Công thương; Trung tâm Xúc tiến…", "Các sở, ban, ngành; UBND cấp xã") into a list of ``AgencyRef``:
known agencies by their canonical name, collective groups ("Các sở, ban, ngành" = every department,
"UBND cấp xã" = every commune) marked as such, and names the registry does not know kept as written
(``known=False``) so that a person can review them.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

PROVINCES = ("son-la", "cao-bang", "lang-son", "ninh-binh")


@dataclass(frozen=True)
class Agency:
    canonical: str
    kind: str  # department, office, police, court, bank, statistics, board, school, collective...
    collective: str = ""  # "" for one agency; "departments", "communes", "related"... for a group
    province: str = ""  # "" when the name is the same in every province
    aliases: tuple[str, ...] = ()
    note: str = ""

    @property
    def is_collective(self) -> bool:
        return bool(self.collective)


@dataclass(frozen=True)
class AgencyRef:
    """One agency named in a cell: ``name`` is canonical when ``known``, else the text as written."""

    name: str
    as_written: str
    known: bool
    collective: str = ""
    note: str = ""  # a parenthesised remark written with it ("(tham mưu triển khai nếu ...)")


def normalise(text: str) -> str:
    """NFC, one space between words, "&amp;" read as "&", curly quotes straightened."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("&amp;", "&").replace("\u00a0", " ")
    text = text.replace("“", '"').replace("”", '"').replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


def _key(text: str) -> str:
    return normalise(text).lower()


@lru_cache(maxsize=1)
def registry() -> tuple[Agency, ...]:
    """Every agency of the registry file, in file order."""
    source = resources.files("chiso.annex").joinpath("data/agencies.tsv").read_text(encoding="utf-8")
    out = []
    for row in csv.DictReader(source.splitlines(), delimiter="\t"):
        aliases = tuple(a.strip() for a in (row["aliases"] or "").split("|") if a.strip())
        out.append(
            Agency(
                canonical=row["canonical"].strip(),
                kind=row["kind"].strip(),
                collective=(row["collective"] or "").strip(),
                province=(row["province"] or "").strip(),
                aliases=aliases,
                note=(row["note"] or "").strip(),
            )
        )
    return tuple(out)


def _candidates(province: str | None) -> dict[str, Agency]:
    """alias key → agency; an agency of the given province wins over one of another province."""
    table: dict[str, Agency] = {}
    ranked = sorted(registry(), key=lambda a: 0 if a.province in ("", province) else 1)
    for agency in reversed(ranked):  # so that the preferred entries are written last
        for name in (agency.canonical, *agency.aliases):
            table[_key(name)] = agency
    return table


@lru_cache(maxsize=8)
def _matcher(province: str | None) -> tuple[re.Pattern[str], dict[str, Agency]]:
    table = _candidates(province)
    names = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    return pattern, table


def lookup(name: str, province: str | None = None) -> Agency | None:
    """The agency a whole name (canonical or alias) designates, or None."""
    return _matcher(province)[1].get(_key(name))


_FILLER = re.compile(
    r"^(?:và|các|cùng|với|trên địa bàn tỉnh|trên địa bàn|có liên quan|liên quan|tỉnh|khác|"
    r"cơ quan chủ trì:?|đơn vị chủ trì:?|chủ trì:?|phối hợp:?|đề nghị|[,;.:\-–+/& ])*$",
    re.IGNORECASE,
)
_PAREN = re.compile(r"\((?!\s*\d+\s*\))([^()]*)\)")
_PLURAL = re.compile(r"(?i)\bcác sở ((?:[^,;()]+, ?)+[^,;()]+)")
_NUMBER_MARK = re.compile(r"\(\s*\d+\s*\)")


def _expand_plural(text: str, province: str | None) -> str:
    """ "Các sở Y tế, Giáo dục và đào tạo, Xây dựng" → "Sở Y tế; Sở Giáo dục và đào tạo; Sở Xây dựng"
    when every piece is a known department; otherwise the text unchanged."""

    def repl(match: re.Match[str]) -> str:
        pieces = [p.strip() for p in match.group(1).split(",")]
        names = [f"Sở {p}" for p in pieces]
        if all(lookup(n, province) is not None and not lookup(n, province).is_collective for n in names):
            return "; ".join(names)
        return match.group(0)

    return _PLURAL.sub(repl, text)


def split(cell: str, province: str | None = None) -> list[AgencyRef]:
    """Every agency a cell names, in order, without repeats (see the module's docstring)."""
    text = normalise(cell)
    if not text:
        return []
    notes = [m.group(1).strip() for m in _PAREN.finditer(text)]
    text = _PAREN.sub(" ", text)
    text = _NUMBER_MARK.sub(" ", text)
    text = _expand_plural(text, province)
    text = normalise(text)
    pattern, table = _matcher(province)
    lowered = text.lower()
    out: list[AgencyRef] = []
    seen: set[str] = set()

    def add(ref: AgencyRef) -> None:
        if ref.name not in seen:
            seen.add(ref.name)
            out.append(ref)

    def leftover(fragment: str) -> None:
        for piece in re.split(r"[;\n]", fragment):
            piece = piece.strip(" ,;.:-–")
            if not piece or _FILLER.match(piece):
                continue
            # strip filler words at both ends ("và các đơn vị X" → "đơn vị X")
            piece = re.sub(r"^(?:(?:và|các|cùng|với)\s+)+", "", piece, flags=re.IGNORECASE).strip(" ,;.:")
            piece = re.sub(r"(?:\s+(?:và|các|cùng|với))+$", "", piece, flags=re.IGNORECASE).strip(" ,;.:")
            if piece and not _FILLER.match(piece) and len(piece) > 2:
                add(AgencyRef(name=piece, as_written=piece, known=False))

    position = 0
    for match in pattern.finditer(lowered):
        leftover(text[position : match.start()])
        agency = table[match.group(1)]
        add(
            AgencyRef(
                name=agency.canonical,
                as_written=text[match.start() : match.end()],
                known=True,
                collective=agency.collective,
            )
        )
        position = match.end()
    leftover(text[position:])
    if notes and out:
        first = out[0]
        out[0] = AgencyRef(first.name, first.as_written, first.known, first.collective, "; ".join(notes))
    return out


def names(cell: str, province: str | None = None) -> list[str]:
    """The canonical names (or, for unknown ones, the names as written) of ``split(cell)``."""
    return [ref.name for ref in split(cell, province)]


def unknown(cell: str, province: str | None = None) -> list[str]:
    """The names in a cell that the registry does not know, as written."""
    return [ref.as_written for ref in split(cell, province) if not ref.known]
