"""The generic audit record and the generic duty (assignment): the floor every feature writes through."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from chiso.web.audit import actions as audit
from chiso.web.audit.models import Entry
from chiso.web.people.models import Agency, Duty, Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def son_la():
    province, _ = Province.objects.get_or_create(code="14", defaults={"name": "Tỉnh Sơn La", "short_name": "Sơn La"})
    return province, Agency.objects.get_or_create(province=province, name="Sở Thử nghiệm Nhật ký")[0]


def test_a_change_is_recorded_with_its_object_author_channel_and_values(son_la):
    province, agency = son_la
    user = get_user_model().objects.create(username="audit-floor-tester")
    ctx = audit.Context(user=user, via=audit.Via.IMPORT, why="Phụ lục kế hoạch", source="import:7")
    entry = audit.record(
        audit.Change("agency", before=None, after={"name": agency.name}, subject=agency, province=province), ctx
    )
    entry.refresh_from_db()
    assert (entry.user, entry.via, entry.province, entry.kind) == (user, "import", province, "agency")
    assert entry.subject == agency and entry.key == "Sở Thử nghiệm Nhật ký"
    assert entry.after == {"name": "Sở Thử nghiệm Nhật ký"} and entry.before is None
    assert list(audit.history(agency)) == [entry]
    assert list(audit.history(province=province, kind="agency", key="Sở Thử nghiệm Nhật ký")) == [entry]


def test_many_changes_of_one_act_and_the_system_as_author(son_la):
    province, _ = son_la
    changes = [
        audit.Change("raw", before=i, after=i + 1, key=f"floor-test/2025/1.1.{i}", province=province) for i in range(5)
    ]
    before = Entry.objects.filter(user=None, via="system").count()
    assert audit.record_many(changes, audit.Context(via=audit.Via.SYSTEM)) == 5
    assert Entry.objects.filter(user=None, via="system").count() == before + 5
    assert audit.history(key="floor-test/2025/1.1.3").get().after == 4


def test_unknown_channel_and_unsaved_objects_are_refused(son_la):
    province, _ = son_la
    count = Entry.objects.count()
    with pytest.raises(ValueError):
        audit.record(audit.Change("raw", key="x"), audit.Context(via="email"))
    with pytest.raises(ValueError):
        audit.record(audit.Change("agency", subject=Agency(province=province, name="Mới")), audit.Context())
    assert Entry.objects.count() == count


def test_a_duty_names_an_indicator_or_an_object_never_both_nor_twice(son_la):
    province, agency = son_la
    Duty.objects.create(province=province, agency=agency, role=Duty.Role.LEAD, code="9.9.9")
    with pytest.raises(IntegrityError), transaction.atomic():
        Duty.objects.create(province=province, agency=agency, role=Duty.Role.LEAD, code="9.9.9")
    with pytest.raises(IntegrityError), transaction.atomic():
        Duty.objects.create(province=province, agency=agency, role=Duty.Role.LEAD)  # neither
    other = Agency.objects.create(province=province, name="Sở Thử nghiệm")
    duty = Duty.objects.create(province=province, agency=agency, role=Duty.Role.SUPPLIER, subject=other)
    assert duty.subject == other and duty.code == ""
    with pytest.raises(IntegrityError), transaction.atomic():
        Duty.objects.create(province=province, agency=agency, role=Duty.Role.SUPPLIER, subject=other)
    with pytest.raises(IntegrityError), transaction.atomic():
        Duty.objects.create(province=province, agency=agency, role=Duty.Role.LEAD, code="1.1.2", subject=other)
