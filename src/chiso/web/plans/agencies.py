"""A province's agency names: agencies (``people.Agency``), their aliases and collective groups, and the
names nobody has placed yet. Reading only; writes are in ``actions``."""

from __future__ import annotations

from dataclasses import dataclass, field

from chiso.annex.agencies import normalise
from chiso.web.people.models import Agency, Province

from .models import AgencyAlias, AgencyGroup

# the collective groups every province's plans use: name → the agency kinds it covers ([] = whoever)
COLLECTIVES = {
    "Các sở, ban, ngành": ["department", "board", "office"],
    "UBND cấp xã": ["commune"],
    "Các cơ quan, đơn vị liên quan": [],
}

# annex registry kinds (chiso.annex.agencies) → people.Agency kinds
KIND_MAP = {
    "department": Agency.Kind.DEPARTMENT,
    "board": Agency.Kind.BOARD,
    "bank": Agency.Kind.BANK,
    "statistics": Agency.Kind.STATISTICS,
    "commune": Agency.Kind.COMMUNE,
    "association": Agency.Kind.ASSOCIATION,
    "court": Agency.Kind.COURT,
    "police": Agency.Kind.POLICE,
    "office": Agency.Kind.OFFICE,
}

# chiso.annex province keys of the provinces whose plans it knows (people.Province codes)
ANNEX_PROVINCE = {"14": "son-la", "04": "cao-bang", "20": "lang-son", "37": "ninh-binh"}


def key(name: str) -> str:
    return normalise(name).lower()


@dataclass
class Resolved:
    agencies: list[Agency] = field(default_factory=list)
    groups: list[AgencyGroup] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


class Registry:
    """Every name of one province's agencies and groups, read once (an import resolves hundreds)."""

    def __init__(self, province: Province) -> None:
        self.province = province
        self.names: dict[str, Agency | AgencyGroup] = {}
        for agency in Agency.objects.filter(province=province):
            self.names.setdefault(key(agency.name), agency)
            if agency.short_name:
                self.names.setdefault(key(agency.short_name), agency)
        for group in AgencyGroup.objects.filter(province=province):
            self.names.setdefault(key(group.name), group)
        for alias in AgencyAlias.objects.filter(province=province).select_related("agency", "group"):
            self.names[alias.key] = alias.agency or alias.group

    def find(self, name: str) -> Agency | AgencyGroup | None:
        return self.names.get(key(name))

    def resolve(self, names: list[str]) -> Resolved:
        out = Resolved()
        for name in names:
            found = self.find(name)
            if isinstance(found, Agency):
                if found not in out.agencies:
                    out.agencies.append(found)
            elif isinstance(found, AgencyGroup):
                if found not in out.groups:
                    out.groups.append(found)
            elif name.strip() and name not in out.unknown:
                out.unknown.append(name.strip())
        return out


def split_cell(text: str, province: Province) -> list[str]:
    """The names a typed agency cell holds ("Sở Tài chính; Sở KH&CN"), canonical where the shared
    registry (``chiso.annex.agencies``) knows them, else as written."""
    from chiso.annex import agencies as annex_agencies

    return annex_agencies.names(text or "", ANNEX_PROVINCE.get(province.code))
