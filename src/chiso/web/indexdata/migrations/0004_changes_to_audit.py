"""Every recorded change of index data moves into the generic audit (``audit.Entry``).

Each ``indexdata.Change`` becomes one Entry with the same time, user, kind, before, after and reason:
its framework, year and code become the entry's readable key (``indexdata.journal``: "framework/year/code"
for values, the code for assignments, "framework/code" for metadata, the year for the framework of a year,
the framework's name for a framework, "framework/year/name" for scenarios and solver plans), its province
code the province; an import batch becomes ``source="import:<batch id>"``; the channel is "import" where
there was a batch, "system" where no user made it (the demo loader), else "form". Saved scenarios and
solver plans are linked to their rows. The next migration removes ``Change``.

The logic is written out here rather than imported, so that the migration keeps doing what it did when
the code moves on."""

from django.db import migrations

VALUE_KINDS = ("raw", "official", "stat", "target")
SUBJECTS = {"scenario": "scenario", "plan": "solverplan"}  # kind -> steering model (after its rename)
CHUNK = 2000


def key_of(c) -> str:
    if c.kind == "assignment":
        return c.code
    if c.kind == "framework":
        return c.framework
    if c.kind == "framework_year":
        return str(c.year)
    if c.kind == "metadata":
        return f"{c.framework}/{c.code}"
    if c.kind in SUBJECTS:
        return f"{c.framework}/{c.year}/{(c.after or {}).get('name', '')}"
    return f"{c.framework}/{c.year}/{c.code}"


def forward(apps, schema_editor):
    Change = apps.get_model("indexdata", "Change")
    Entry = apps.get_model("audit", "Entry")
    Province = apps.get_model("people", "Province")
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not Change.objects.using(db).exists():
        return
    provinces = dict(Province.objects.using(db).values_list("code", "id"))
    types = {
        kind: ContentType.objects.using(db).get_or_create(app_label="steering", model=model)[0].id
        for kind, model in SUBJECTS.items()
    }
    # the entries keep the time of the change they copy, not the time of the migration
    at = Entry._meta.get_field("at")
    at.auto_now_add = False
    try:
        _copy(Change, Entry, db, provinces, types)
    finally:
        at.auto_now_add = True


def _copy(Change, Entry, db, provinces, types):
    entries = []
    for c in Change.objects.using(db).order_by("id").iterator(chunk_size=CHUNK):
        subject_id = (c.after or {}).get("id") if c.kind in SUBJECTS else None
        entries.append(
            Entry(
                at=c.created_at,
                user_id=c.user_id,
                via="import" if c.batch_id is not None else ("system" if c.user_id is None else "form"),
                province_id=provinces.get(c.province) if c.province else None,
                kind="solver_plan" if c.kind == "plan" else c.kind,
                subject_type_id=types[c.kind] if subject_id is not None else None,
                subject_id=str(subject_id) if subject_id is not None else "",
                key=key_of(c)[:200],
                before=c.before,
                after=c.after,
                why=c.reason,
                source=f"import:{c.batch_id}" if c.batch_id is not None else "",
            )
        )
        if len(entries) >= CHUNK:
            Entry.objects.using(db).bulk_create(entries)
            entries = []
    Entry.objects.using(db).bulk_create(entries)


class Migration(migrations.Migration):
    dependencies = [
        ("indexdata", "0003_vietnamese_names"),
        ("audit", "0001_initial"),
        ("people", "0002_duty"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("steering", "0002_solver_plan"),  # a saved plan's content type is "solverplan" from then on
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
