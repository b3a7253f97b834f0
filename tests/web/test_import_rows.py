"""Typed import rows: the parsers give one dataclass per kind of data, read by the preview; a preview
stored before the rows were typed still applies."""

from __future__ import annotations

import math

import pytest

from chiso.core import builtin
from chiso.web.imports import service
from chiso.web.imports.parsers import parse_annex_cao_bang, parse_annex_son_la, parse_national
from chiso.web.imports.rows import ABSENT, AssignmentRow, OfficialRow, RawRow, StatRow, TargetRow
from chiso.web.indexdata.models import FrameworkVersion, ImportBatch, RawValue
from chiso.web.people.models import Province

FW = builtin("pii-2025")


def test_the_son_la_annex_gives_typed_rows(tmp_path):
    path = tmp_path / "annex.csv"
    path.write_text(
        "Mã,Điểm số,Xếp hạng,Mục tiêu xếp hạng,Đơn vị chủ trì,Đơn vị phối hợp\n"
        '1.1,"45,23/100",31/34,25,Sở KH&CN,XÓA\n'
        "1.2,,XÓA,,,\n",
        encoding="utf-8",
    )
    rows = parse_annex_son_la(path, "annex.csv", FW, 2025, "14")
    assert rows == [
        OfficialRow(2025, "14", "1.1", "annex.csv", 2, score=45.23, rank=31, rank_of=34),
        TargetRow(2026, "14", "1.1", 25.0, 2, text="25"),
        AssignmentRow("14", "1.1", "lead", ["Sở KH&CN"], 2),
        AssignmentRow("14", "1.1", "coordinating", None, 2),
        OfficialRow(2025, "14", "1.2", "annex.csv", 3, rank=None, rank_of=None),
    ]
    # what is not given stays absent; what the file clears is None
    assert rows[4].score is ABSENT and rows[4].fields() == {"rank": None, "rank_of": None}
    assert rows[0].as_dict() == {
        "kind": "official",
        "key": {"year": 2025, "province": "14", "code": "1.1"},
        "fields": {"score": 45.23, "rank": 31, "rank_of": 34},
        "extra": {"source": "annex.csv"},
        "row": 2,
    }
    assert rows[1].key() == {"year": 2026, "province": "14", "code": "1.1", "kind": "rank"}
    assert rows[1].extra() == {"text": "25"}


def test_the_cao_bang_annex_and_the_national_layout_give_typed_rows(tmp_path):
    path = tmp_path / "cb.csv"
    path.write_text('code,max_2024,min_2024,value_2024\n1.1.1,"9,5","0,25",XÓA\n1.1,,,"40,5"\n', encoding="utf-8")
    rows, years = parse_annex_cao_bang(path, "cb.csv", FW, "04")
    assert years == [2024]
    assert rows == [
        StatRow(2024, "1.1.1", "cb.csv", 2, max=9.5, min=0.25),
        RawRow(2024, "04", "1.1.1", None, "cb.csv", 2),
        OfficialRow(2024, "04", "1.1", "cb.csv", 3, score=40.5),
    ]
    national = tmp_path / "n.csv"
    national.write_text('unit,1.1.1,1.1.2\n14,"0,5",XÓA\n', encoding="utf-8")
    assert parse_national(national, "n.csv", FW, 2025) == [
        RawRow(2025, "14", "1.1.1", 0.5, "n.csv", 2),
        RawRow(2025, "14", "1.1.2", None, "n.csv", 2),
    ]
    assert RawRow(2025, "14", "1.1.1", 0.5, "n.csv", 2).extra() == {"source": "n.csv", "illustrative": False}


def test_the_preview_reads_typed_rows(db, django_user_model):
    fv = FrameworkVersion.objects.get(name="pii-2025")
    stored = RawValue.objects.get(framework=fv, year=2025, province__code="14", code="1.1.1").value
    scope = service.Scope.of(django_user_model.objects.get(username="sokhcn"))
    rows = [
        RawRow(2025, "14", "1.1.1", stored, "a.csv", 2),
        RawRow(2025, "14", "1.1.2", 123.5, "a.csv", 2),
        RawRow(2025, "20", "1.1.1", 1.0, "a.csv", 3),
        StatRow(2025, "1.1.1", "a.csv", 4, max=9.0),
    ]
    entries = service.preview(fv, rows, scope)
    assert [
        (e["key"]["province"] if "province" in e["key"] else "", e["field"], e["status"], e["why"]) for e in entries
    ] == [
        ("14", "value", "unchanged", ""),
        ("14", "value", "changed", ""),
        ("20", "value", "ignored", "outside"),
        ("", "max", "ignored", "national"),
    ]
    assert entries[1]["extra"] == {"source": "a.csv", "illustrative": False} and entries[1]["row"] == 2


@pytest.mark.parametrize("via", ["page", "service"])
def test_a_preview_stored_before_the_rows_were_typed_still_applies(coordinator, django_user_model, via):
    """The payload as the previous version stored it (format 2, written out literally here)."""
    fv = FrameworkVersion.objects.get(name="pii-2025")
    before = RawValue.objects.get(framework=fv, year=2025, province__code="14", code="1.1.1").value
    payload = {
        "format": 2,
        "keys": {"raw": ["year", "province", "code"], "official": ["year", "province", "code"]},
        "extras": [{"source": "cu.csv", "illustrative": False}, {"source": "cu.csv"}],
        "entries": [
            ["raw", [2025, "14", "1.1.1"], "value", before, 0.125, "changed", "", 0, 7],
            ["raw", [2025, "20", "1.1.1"], "value", None, 5.0, "ignored", "outside", 0, 8],
        ],
    }
    user = django_user_model.objects.get(username="sokhcn")
    batch = ImportBatch.objects.create(
        kind="national",
        province=Province.objects.get(code="14"),
        framework=fv,
        year=2025,
        filename="cu.csv",
        sha256="0" * 64,
        payload=payload,
        summary={"counts": {"new": 0, "changed": 1, "cleared": 0, "unchanged": 0, "ignored": 1}, "years": [2025]},
        created_by=user,
    )
    if via == "page":
        assert "0,125" in coordinator.get(f"/p/14/imports/{batch.id}/").content.decode()
        coordinator.post(f"/p/14/imports/{batch.id}/confirm/", {"reason": "lần nhập cũ"})
    else:
        counts = service.apply_batch(user, batch, reason="lần nhập cũ", confirm_clear=False)
        assert counts["changed"] == 1 and counts["ignored"] == 1
    value = RawValue.objects.get(framework=fv, year=2025, province__code="14", code="1.1.1").value
    assert math.isclose(value, 0.125)
    assert not RawValue.objects.filter(framework=fv, year=2025, province__code="20", value=5.0).exists()
