"""Index data in the Django admin: for looking only. Every write to index data goes through an
``actions`` module and is recorded in the audit (``chiso.web.audit``): imports and forms for values, results,
targets and assignments; the Bộ chỉ số page (``/frameworks/``) for frameworks, the framework of each
year and indicator metadata. No admin class here can add, change or delete anything, so nothing can
bypass the audit from the admin."""

from __future__ import annotations

from django.contrib import admin

from .models import (
    FrameworkVersion,
    FrameworkYear,
    ImportBatch,
    IndicatorStat,
    Node,
    OfficialResult,
    RawValue,
    Target,
)


class NoWrites:
    """No add, change or delete permission (the admin answers 403 to those URLs)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnly(NoWrites, admin.ModelAdmin):
    """View only, and no bulk actions."""

    actions = None


class NodeInline(NoWrites, admin.TabularInline):
    model = Node
    fields = ("position", "code", "name", "parent", "weight", "direction", "unit", "source", "definition")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnly):
    list_display = ("name", "title", "created_at", "updated_at")
    inlines = [NodeInline]


@admin.register(Node)
class NodeAdmin(ReadOnly):
    list_display = ("framework", "code", "name", "unit", "source")
    list_filter = ("framework",)
    search_fields = ("code", "name")


@admin.register(FrameworkYear)
class FrameworkYearAdmin(ReadOnly):
    list_display = ("year", "province", "framework", "updated_by", "updated_at")


@admin.register(RawValue)
class RawValueAdmin(ReadOnly):
    list_display = ("framework", "year", "province", "code", "value", "source", "illustrative", "updated_at")
    list_filter = ("framework", "year", "illustrative", "province")
    search_fields = ("code",)


@admin.register(OfficialResult)
class OfficialResultAdmin(ReadOnly):
    list_display = ("framework", "year", "province", "code", "score", "rank", "rank_of")
    list_filter = ("framework", "year", "province")
    search_fields = ("code",)


@admin.register(IndicatorStat)
class IndicatorStatAdmin(ReadOnly):
    list_display = ("framework", "year", "code", "max", "min", "mean")
    list_filter = ("framework", "year")


@admin.register(Target)
class TargetAdmin(ReadOnly):
    list_display = ("province", "framework", "year", "code", "kind", "value", "text")


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnly):
    list_display = ("created_at", "kind", "province", "framework", "year", "filename", "status", "created_by")
    exclude = ("payload",)
