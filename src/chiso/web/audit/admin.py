from django.contrib import admin

from .models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Read-only: the audit is never edited, not even by an administrator."""

    list_display = ("at", "user", "via", "province", "kind", "key", "why")
    list_filter = ("via", "kind", "province")
    search_fields = ("key", "why", "source")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
