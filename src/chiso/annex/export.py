"""An ``Annex`` as JSON-ready data (the ``chiso plan read --format json`` contract) and as a readable
Vietnamese summary."""

from __future__ import annotations

from datetime import date

from chiso.core.numbers import format_number

from .model import Annex, IndicatorItem, KpiItem, NodeItem, TaskItem, Unplaced

STATUS_VI = {
    "achieved": "đạt",
    "not_achieved": "chưa đạt",
    "no_data": "chưa có số liệu",
    "not_assessable": "chưa đánh giá được",
    None: "không ghi",
}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def task_data(task: TaskItem) -> dict:
    return {
        "text": task.text,
        "lead": list(task.lead),
        "coordinating": list(task.coordinating),
        "timing": task.timing,
        "timing_kind": task.timing_kind,
        "due": _day(task.due),
        "product": task.product,
        "number": task.number,
        "section": task.section,
        "indicator_code": task.indicator_code,
        "timings": dict(task.timings),
        "location": _where(task.location),
        "parts": [task_data(p) for p in task.parts],
    }


def _where(location) -> dict | None:
    if location is None:
        return None
    return {"table": location.table, "sheet": location.sheet, "row": location.row, "column": location.column}


def indicator_data(item: IndicatorItem) -> dict:
    return {
        "code": item.code,
        "name": item.name,
        "score": item.score,
        "rank": item.rank,
        "year": item.year,
        "values": {str(k): v for k, v in item.values.items()},
        "bounds": {str(k): {"max": v[0], "min": v[1]} for k, v in item.bounds.items()},
        "target": item.target,
        "target_rank": item.target_rank,
        "target_value": item.target_value,
        "target_kind": item.target_kind,
        "target_year": item.target_year,
        "lead": list(item.lead),
        "coordinating": list(item.coordinating),
        "supplier": list(item.supplier),
        "location": _where(item.location),
        "tasks": [task_data(t) for t in item.tasks],
    }


def kpi_data(item: KpiItem) -> dict:
    return {
        "number": item.number,
        "name": item.name,
        "section": item.section,
        "kind": item.kind,
        "unit": item.unit,
        "targets": dict(item.targets),
        "result": item.result,
        "result_value": item.result_value,
        "result_date": _day(item.result_date),
        "stated_status": item.stated_status,
        "status": item.status,
        "status_reason": item.status_reason,
        "indicator_code": item.indicator_code,
        "lead": list(item.lead),
        "coordinating": list(item.coordinating),
        "location": _where(item.location),
        "children": [kpi_data(c) for c in item.children],
    }


def unplaced_data(item: Unplaced) -> dict:
    return {**(_where(item.location) or {}), "text": item.text, "why": item.why, "code": item.code}


def to_json(annex: Annex) -> dict:
    """Exactly ``{"indicators", "kpis", "tasks", "unplaced"}`` (see the CLI's contract)."""
    return {
        "indicators": [indicator_data(i) for i in annex.indicators],
        "kpis": [kpi_data(k) for k in annex.kpis],
        "tasks": [task_data(t) for t in annex.tasks],
        "unplaced": [unplaced_data(u) for u in annex.unplaced],
    }


def _num(value: float | None, decimals: int = 2) -> str:
    return format_number(value, decimals, locale="vi")


def _node_line(node: NodeItem) -> str:
    label = {"pillar": "Trụ cột", "group": "Nhóm", "index": "Chỉ số"}.get(node.level, node.level)
    parts = [f"{label} {node.code} {node.name}".strip()]
    if node.score is not None:
        parts.append(f"điểm {_num(node.score)}")
    if node.rank is not None:
        parts.append(f"hạng {node.rank}" + (f"/{node.of}" if node.of else ""))
    if node.target:
        parts.append(f"mục tiêu {node.target_year or ''}: {node.target}".replace(" :", ":"))
    return ", ".join(parts)


def _task_line(task: TaskItem, indent: str) -> list[str]:
    text = task.text.replace("\n", " ")
    if len(text) > 110:
        text = text[:107] + "…"
    who = "; ".join(task.lead) or "chưa giao"
    when = task.timing or "không ghi thời gian"
    lines = [f"{indent}- [{who} | {when}] {text}".rstrip()]
    for part in task.parts:
        lines += _task_line(part, indent + "    ")
    return lines


def summary(annex: Annex) -> str:
    """A readable Vietnamese account of what was read."""
    out = [f"Tệp: {annex.file}", annex.title]
    tasks = annex.all_tasks()
    out.append(
        f"Đọc được: {len(annex.indicators)} chỉ số, {len(annex.nodes)} trụ cột/nhóm, {len(tasks)} nhiệm vụ, "
        f"{len(annex.kpis)} chỉ tiêu; {len(annex.unplaced)} mục không xếp được."
    )
    nodes = {n.code: n for n in annex.nodes}
    shown: set[str] = set()
    for item in annex.indicators:
        for code in (item.code.split(".")[0], ".".join(item.code.split(".")[:2])):
            if code in nodes and code not in shown:
                shown.add(code)
                out.append(_node_line(nodes[code]))
        facts = []
        if item.score is not None:
            facts.append(f"điểm {_num(item.score)}")
        if item.rank is not None:
            facts.append(f"hạng {item.rank}" + (f"/{item.of}" if item.of else ""))
        for year, value in item.values.items():
            facts.append(f"{year}: {_num(value) if value is not None else 'không có'}")
        if item.target:
            facts.append(f"mục tiêu {item.target_year or ''}: {item.target}".replace(" :", ":"))
        out.append(f"  {item.code} {item.name}: " + ", ".join(facts))
        out.append(f"      chủ trì: {'; '.join(item.lead) or '—'}; phối hợp: {'; '.join(item.coordinating) or '—'}")
        for task in item.tasks:
            out += _task_line(task, "      ")
    for node in annex.nodes:
        if node.code not in shown:
            out.append(_node_line(node))
    section = None
    for k in annex.kpis:
        for item in [k, *k.children]:
            if item.section != section:
                section = item.section
                out.append(f"[{section}]")
            targets = "; ".join(f"{y}: {t}" for y, t in item.targets.items())
            stated = STATUS_VI.get(item.stated_status, item.stated_status)
            computed = STATUS_VI.get(item.status, item.status)
            flag = "  ← KHÁC với văn bản" if item.disagrees else ""
            out.append(f"  {item.number}. {item.name}")
            out.append(f"      mục tiêu: {targets or '—'}; kết quả: {item.result or '—'}")
            out.append(f"      trạng thái tính: {computed} ({item.status_reason}); văn bản ghi: {stated}{flag}")
    section = None
    for task in annex.tasks:
        if task.section != section:
            section = task.section
            out.append(f"[{section}]" if section else "[Nhiệm vụ]")
        out += _task_line(task, "  ")
    if annex.unplaced:
        out.append("Không xếp được:")
        for u in annex.unplaced:
            out.append(f"  {u.location}: {u.why} — {u.text[:100]}")
    if annex.unknown_agencies:
        out.append("Cơ quan chưa có trong danh mục (cần rà soát): " + "; ".join(annex.unknown_agencies))
    return "\n".join(out) + "\n"
