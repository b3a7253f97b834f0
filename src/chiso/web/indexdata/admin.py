from django.contrib import admin

from .models import Assignment, Change, FrameworkVersion, ImportBatch, IndicatorStat, OfficialResult, RawValue, Target


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "created_at")


@admin.register(RawValue)
class RawValueAdmin(admin.ModelAdmin):
    list_display = ("framework", "year", "province", "code", "value", "source", "illustrative", "updated_at")
    list_filter = ("framework", "year", "illustrative", "province")
    search_fields = ("code",)
    readonly_fields = [f.name for f in RawValue._meta.fields]  # writes go through imports and forms (audited)


@admin.register(OfficialResult)
class OfficialResultAdmin(admin.ModelAdmin):
    list_display = ("framework", "year", "province", "code", "score", "rank", "rank_of")
    list_filter = ("framework", "year", "province")
    readonly_fields = [f.name for f in OfficialResult._meta.fields]


@admin.register(IndicatorStat)
class IndicatorStatAdmin(admin.ModelAdmin):
    list_display = ("framework", "year", "code", "max", "min", "mean")
    readonly_fields = [f.name for f in IndicatorStat._meta.fields]


class ReadOnly(admin.ModelAdmin):
    """Writes go through imports and forms, which record every change."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnly):
    list_display = ("province", "code", "agency", "role")
    list_filter = ("province", "role")


@admin.register(Target)
class TargetAdmin(ReadOnly):
    list_display = ("province", "framework", "year", "code", "kind", "value", "text")


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "kind", "year", "province", "code", "before", "after", "reason")
    list_filter = ("kind", "province")
    readonly_fields = [f.name for f in Change._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "province", "framework", "year", "filename", "status", "created_by")
    exclude = ("payload",)
    readonly_fields = (
        "kind",
        "province",
        "framework",
        "year",
        "filename",
        "sha256",
        "summary",
        "status",
        "created_by",
        "applied_at",
    )
