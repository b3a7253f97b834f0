"""Frameworks belong somewhere: the framework of a year is an explicit setting (FrameworkYear);
node metadata (definition, unit, source) is editable and blank when unknown (no more "unknown")."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def blank_unknown_metadata(apps, schema_editor):
    Node = apps.get_model("indexdata", "Node")
    for field in ("unit", "source"):
        Node.objects.filter(**{field: "unknown"}).update(**{field: ""})


def unknown_blank_metadata(apps, schema_editor):
    Node = apps.get_model("indexdata", "Node")
    for field in ("unit", "source"):
        Node.objects.filter(**{field: ""}).update(**{field: "unknown"})


def set_years_the_data_shows(apps, schema_editor):
    """An existing installation keeps showing what it showed: a year whose data is held in exactly
    one framework gets that framework as its setting (recorded in the audit). Years whose data
    spans several frameworks are left for an administrator to choose."""
    RawValue = apps.get_model("indexdata", "RawValue")
    OfficialResult = apps.get_model("indexdata", "OfficialResult")
    FrameworkYear = apps.get_model("indexdata", "FrameworkYear")
    FrameworkVersion = apps.get_model("indexdata", "FrameworkVersion")
    Change = apps.get_model("indexdata", "Change")
    held: dict[int, set[int]] = {}
    for model in (RawValue, OfficialResult):
        for year, framework in model.objects.values_list("year", "framework").distinct():
            held.setdefault(year, set()).add(framework)
    for year, frameworks in sorted(held.items()):
        if len(frameworks) != 1 or FrameworkYear.objects.filter(year=year, province__isnull=True).exists():
            continue
        fv = FrameworkVersion.objects.get(id=frameworks.pop())
        FrameworkYear.objects.create(year=year, province=None, framework=fv)
        Change.objects.create(
            kind="framework_year",
            framework=fv.name,
            year=year,
            before={"framework": None},
            after={"framework": fv.name},
            reason="migration 0002: the only framework holding this year's data",
        )


class Migration(migrations.Migration):

    dependencies = [
        ('indexdata', '0001_initial'),
        ('people', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='frameworkversion',
            name='updated_at',
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name='node',
            name='definition',
            field=models.TextField(blank=True, default='', verbose_name='định nghĩa'),
        ),
        migrations.AlterField(
            model_name='node',
            name='source',
            field=models.CharField(blank=True, default='', max_length=200, verbose_name='nguồn'),
        ),
        migrations.AlterField(
            model_name='node',
            name='unit',
            field=models.CharField(blank=True, default='', max_length=100, verbose_name='đơn vị tính'),
        ),
        migrations.CreateModel(
            name='FrameworkYear',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='năm')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('framework', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='years', to='indexdata.frameworkversion', verbose_name='bộ chỉ số')),
                ('province', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.province', verbose_name='tỉnh')),
                ('updated_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'bộ chỉ số theo năm',
                'verbose_name_plural': 'bộ chỉ số theo năm',
                'ordering': ['-year', 'province'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('province__isnull', True)), fields=('year',), name='framework_year_national'), models.UniqueConstraint(condition=models.Q(('province__isnull', False)), fields=('year', 'province'), name='framework_year_province')],
            },
        ),
        migrations.RunPython(blank_unknown_metadata, unknown_blank_metadata),
        migrations.RunPython(set_years_the_data_shows, migrations.RunPython.noop),
    ]
