"""Imports are bulk, not row by row: the queries of a preview and of an apply do not grow with the
number of rows (one read per kind of data, one write per kind, one audit insert)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.core import builtin
from chiso.demo.illustrative import generate
from chiso.web.audit.models import Entry
from chiso.web.indexdata.models import ImportBatch, RawValue

CODES = builtin("pii-2025").indicators
BOUND_PREVIEW = 12  # measured: 11 for 1 value, 10 for 34 x 52 values, 12 for the annex (5 kinds of data)
BOUND_APPLY = 26  # measured: 18 for 1 value and for 34 x 52 values, 26 for the annex (5 kinds); one is the batch's own audit entry


def national(units: int, shift: float) -> bytes:
    data = generate().year(2025)
    lines = [";".join(["unit", *CODES])]
    for u in range(units):
        lines.append(";".join([data.units[u], *(repr(float(v) + shift) for v in data.values[u])]))
    return ("\n".join(lines) + "\n").encode()


def one_value() -> bytes:
    return b"unit;1.1.1\n14;0,5\n"


def annex() -> bytes:
    rows = ["Mã chỉ số;Điểm số;Xếp hạng;Mục tiêu xếp hạng;Đơn vị chủ trì"]
    rows += [f"{c};12,5;20/34;19/34;Sở Mới {i}" for i, c in enumerate(CODES)]
    return ("\n".join(rows) + "\n").encode()


@pytest.mark.parametrize(
    "content,kind,written",
    [
        (one_value(), "national", 1),
        (national(34, 0.125), "national", 34 * 52),
        (annex(), "annex_son_la", None),
    ],
    ids=["one value", "34 x 52 values", "official results, targets and assignments of 52 indicators"],
)
def test_preview_and_apply_take_a_bounded_number_of_queries(
    admin_client_, django_assert_max_num_queries, content, kind, written
):
    with django_assert_max_num_queries(BOUND_PREVIEW):
        response = admin_client_.post(
            "/p/14/imports/",
            {"kind": kind, "framework": "pii-2025", "year": 2025, "file": SimpleUploadedFile("x.csv", content)},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.latest("id")
    with django_assert_max_num_queries(BOUND_APPLY):
        done = admin_client_.post(f"/p/14/imports/{batch.id}/confirm/", {"confirm_clear": "1"})
    assert done.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "applied"
    if written is not None:
        assert Entry.objects.filter(source=f"import:{batch.id}").count() == written
    if kind == "national" and written > 1:
        assert (
            RawValue.objects.filter(year=2025, framework__name="pii-2025", updated_by__username="admin").count()
            == written
        )
