"""Matching the units a data set names to the official Vietnamese provinces.

The official lists come from the maintained package ``vietnamadminunits``: the 34 provinces and
centrally-run cities from 2025 and the 63 before the 2025 merger. A unit matches when its code
("14", "014") or its name in a usual spelling ("Sơn La", "Tỉnh Sơn La", "son la", "TP. HCM")
equals one of the package's keywords for a province; nothing is guessed beyond that.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MERGER_YEAR = 2025
_PREFIXES = ("thanhpho", "tinh", "tp")
# usual spellings the package's keyword lists lack
_ALIASES = {"thuathienhue": "46", "hcmc": "79", "saigon": "79"}


@dataclass(frozen=True)
class Province:
    code: str  # two-digit official code
    name: str  # full official name, e.g. "Tỉnh Sơn La"
    short: str  # e.g. "Sơn La"


def normalise_key(text: str) -> str:
    text = unicodedata.normalize("NFD", str(text).lower()).replace("đ", "d")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", text)


@lru_cache(maxsize=2)
def _catalogue(era: str) -> tuple[dict[str, Province], dict[str, str]]:
    """(provinces by code, code by keyword) for era 'legacy' (63) or '2025' (34)."""
    if era == "legacy":
        from vietnamadminunits.parser import parser_legacy as parser
    else:
        from vietnamadminunits.parser import parser_from_2025 as parser
    provinces: dict[str, Province] = {}
    keywords: dict[str, str] = {}
    for entry in parser.DICT_PROVINCE.values():
        code = entry["provinceCode"]
        provinces[code] = Province(code, entry["province"], entry["provinceShort"])
        for kw in entry["provinceKeywords"]:
            keywords[kw] = code
        keywords[normalise_key(entry["provinceShort"])] = code
    for alias, code in _ALIASES.items():
        if code in provinces:
            keywords.setdefault(alias, code)
    return provinces, keywords


def provinces(year: int | None = None) -> list[Province]:
    """The official list for a year: 63 before 2025, 34 from 2025 (and when no year is given)."""
    era = "legacy" if year is not None and year < MERGER_YEAR else "2025"
    return sorted(_catalogue(era)[0].values(), key=lambda p: p.code)


def match_province(text: object, year: int | None = None) -> Province | None:
    """The official province a code or name denotes, or None."""
    era = "legacy" if year is not None and year < MERGER_YEAR else "2025"
    by_code, keywords = _catalogue(era)
    raw = str(text).strip()
    if raw.isdigit():
        return by_code.get(raw.zfill(2)[-2:]) if len(raw) <= 3 else None
    key = normalise_key(raw)
    if key in keywords:
        return by_code[keywords[key]]
    for prefix in _PREFIXES:
        if key.startswith(prefix) and key[len(prefix) :] in keywords:
            return by_code[keywords[key[len(prefix) :]]]
    return None
