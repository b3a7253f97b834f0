"""Indicator assignments become generic duties (``people.Duty``): every ``indexdata.Assignment`` row
becomes a Duty of the same province, agency, role and indicator code, in the order the rows were
stored. The next migration removes ``Assignment``. The audit entries of assignments are unchanged
(their key is the indicator code)."""

from django.db import migrations

CHUNK = 2000


def forward(apps, schema_editor):
    Assignment = apps.get_model("indexdata", "Assignment")
    Duty = apps.get_model("people", "Duty")
    db = schema_editor.connection.alias
    have = set(Duty.objects.using(db).exclude(code="").values_list("province_id", "code", "agency_id", "role"))
    duties = []
    for a in Assignment.objects.using(db).order_by("id").iterator(chunk_size=CHUNK):
        if (a.province_id, a.code, a.agency_id, a.role) in have:
            continue
        duties.append(Duty(province_id=a.province_id, agency_id=a.agency_id, role=a.role, code=a.code))
    Duty.objects.using(db).bulk_create(duties, batch_size=CHUNK)


def backward(apps, schema_editor):
    Assignment = apps.get_model("indexdata", "Assignment")
    Duty = apps.get_model("people", "Duty")
    db = schema_editor.connection.alias
    duties = Duty.objects.using(db).exclude(code="").filter(role__in=("lead", "coordinating")).order_by("id")
    Assignment.objects.using(db).bulk_create(
        [Assignment(province_id=d.province_id, agency_id=d.agency_id, role=d.role, code=d.code) for d in duties],
        batch_size=CHUNK,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("indexdata", "0005_drop_change"),
        ("people", "0002_duty"),
    ]

    operations = [migrations.RunPython(forward, backward)]
