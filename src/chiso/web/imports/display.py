"""Import entries and recorded changes as officials read them: province and indicator names,
numbers the Vietnamese way with the indicator's unit (English way in English), no Python repr."""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from chiso.core import Framework
from chiso.core.numbers import format_number
from chiso.web.people.models import Province

KIND_LABELS = {
    "raw": gettext_lazy("Giá trị thô"),
    "official": gettext_lazy("Kết quả chính thức"),
    "stat": gettext_lazy("Số liệu cả nước"),
    "target": gettext_lazy("Mục tiêu"),
    "assignment": gettext_lazy("Phân công"),
    "framework": gettext_lazy("Bộ chỉ số"),
}
FIELD_LABELS = {
    "value": gettext_lazy("giá trị"),
    "score": gettext_lazy("điểm"),
    "rank": gettext_lazy("xếp hạng"),
    "rank_of": gettext_lazy("số tỉnh xếp hạng"),
    "max": gettext_lazy("cao nhất cả nước"),
    "min": gettext_lazy("thấp nhất cả nước"),
    "mean": gettext_lazy("trung bình cả nước"),
    "agencies": gettext_lazy("cơ quan"),
}
ROLE_LABELS = {"lead": gettext_lazy("chủ trì"), "coordinating": gettext_lazy("phối hợp")}
REASONS = {
    "outside": gettext_lazy("ngoài phạm vi: dữ liệu của tỉnh, thành phố khác"),
    "national": gettext_lazy("ngoài phạm vi: số liệu cả nước do quản trị viên cập nhật"),
}
NO_UNIT = ("", "unknown")


def number(value: Any, unit: str = "") -> str:
    """45,23 (Vietnamese) or 45.23 (English), as many decimals as the value needs (at most 4)."""
    if value is None or isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    v = float(value)
    if v.is_integer():
        decimals = 0
    elif abs(v) >= 100:
        decimals = 2
    else:
        decimals = max(1, len(f"{v:.4f}".rstrip("0").split(".")[1]))
    text = format_number(v, decimals, locale="en" if get_language() == "en" else "vi")
    return f"{text} {unit}" if unit and unit not in NO_UNIT else text


class Namer:
    """Names of provinces (one query) and of a framework's nodes."""

    def __init__(self, framework: Framework | None) -> None:
        self.framework = framework
        self.provinces = dict(Province.objects.values_list("code", "short_name"))

    def unit_name(self, code: str | None) -> str:
        if not code:
            return _("Cả nước")
        return self.provinces.get(code, code)

    def node(self, code: str) -> Any:
        if self.framework is not None and code in self.framework.index:
            return self.framework.node(code)
        return None

    def node_name(self, code: str) -> str:
        node = self.node(code)
        if node is None:
            return ""
        return node.name_en if get_language() == "en" and node.name_en else node.name

    def unit_of(self, code: str) -> str:
        node = self.node(code)
        if node is None or not self.framework.is_indicator(code) or node.unit in ("", "unknown"):
            return ""  # the core writes "unknown" where the framework gives no unit
        return node.unit

    def field_value(self, kind: str, field: str, value: Any, code: str) -> str:
        """One stored value as text."""
        if value is None:
            return "–"
        if field == "agencies":
            return "; ".join(value) if value else "–"
        if kind == "raw" or (kind == "stat" and field in ("max", "min", "mean")):
            unit = self.unit_of(code) if kind == "raw" or self.framework.is_indicator(code) else ""
            return number(value, unit)
        if kind == "target":
            return _("hạng %(n)s") % {"n": number(value)}
        return number(value)

    def what(self, kind: str, field: str, key: dict[str, Any]) -> str:
        """What a value is: 'Kết quả chính thức, điểm', 'Phân công, chủ trì' ..."""
        label = str(KIND_LABELS.get(kind, kind))
        if kind == "assignment":
            return f"{label}, {ROLE_LABELS.get(key.get('role'), key.get('role'))}"
        if kind in ("raw", "target"):
            return label
        return f"{label}, {FIELD_LABELS.get(field, field)}"

    def entry(self, e: dict[str, Any]) -> dict[str, Any]:
        """An import entry for the page or the command line."""
        key = e["key"]
        code = key.get("code", "")
        return {
            "status": e["status"],
            "unit": self.unit_name(key.get("province")),
            "province": key.get("province", ""),
            "code": code,
            "name": self.node_name(code),
            "year": key.get("year"),
            "what": self.what(e["kind"], e["field"], key),
            "before": self.field_value(e["kind"], e["field"], e["before"], code),
            "after": self.field_value(e["kind"], e["field"], e["after"], code),
            "why": str(REASONS.get(e.get("why"), "")),
            "row": e.get("row"),
        }

    def change_text(self, kind: str, state: Any, code: str) -> str:
        """A recorded state (Change.before/after) as text."""
        if not state:
            return "–"
        if not isinstance(state, dict):
            return str(state)
        if kind == "raw":
            return self.field_value("raw", "value", state.get("value"), code)
        if kind == "official":
            parts = []
            if state.get("score") is not None:
                parts.append(_("điểm %(s)s") % {"s": number(state["score"])})
            if state.get("rank") is not None:
                rank = number(state["rank"])
                if state.get("rank_of"):
                    rank = f"{rank}/{number(state['rank_of'])}"
                parts.append(_("hạng %(r)s") % {"r": rank})
            return " · ".join(parts) or "–"
        if kind == "stat":
            parts = [
                f"{FIELD_LABELS[f]} {self.field_value('stat', f, state[f], code)}"
                for f in ("max", "min", "mean")
                if state.get(f) is not None
            ]
            return " · ".join(parts) or "–"
        if kind == "target":
            return state.get("text") or self.field_value("target", "value", state.get("value"), code)
        if kind == "assignment":
            role = ROLE_LABELS.get(state.get("role"), state.get("role", ""))
            agencies = state.get("agencies") or ([state["agency"]] if state.get("agency") else [])
            return f"{role}: {'; '.join(agencies)}" if agencies else "–"
        if kind == "framework":
            return _("%(n)s: %(k)s chỉ số thành phần") % {"n": state.get("name", ""), "k": state.get("indicators", "")}
        return "–"
