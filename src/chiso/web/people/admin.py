"""People in the Django admin. Provinces are reference data (``chiso manage load_reference``) and
duties come from imports and the pages: both are view-only here. Agencies and users' profiles may be
edited by administrators, and every save or delete goes through ``people.actions``, so it is
recorded in the audit like any other write (channel "form", reason "trang quản trị")."""

from __future__ import annotations

from django.contrib import admin

from . import actions
from .models import Agency, Duty, Profile, Province


def _why() -> str:
    return "Sửa trong trang quản trị"  # the audit keeps it in Vietnamese, whatever the page's language


class ViewOnly(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class Audited(admin.ModelAdmin):
    """Saves and deletes through an audited action (no bulk delete, which would bypass it)."""

    actions = None
    save_action = None
    delete_action = None

    def save_model(self, request, obj, form, change) -> None:
        self.save_action(request.user, obj, why=_why())

    def delete_model(self, request, obj) -> None:
        self.delete_action(request.user, obj, why=_why())

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Province)
class ProvinceAdmin(ViewOnly):
    list_display = ("code", "short_name", "name", "current")
    list_filter = ("current",)
    search_fields = ("code", "name", "short_name")


@admin.register(Agency)
class AgencyAdmin(Audited):
    list_display = ("name", "short_name", "kind", "province")
    list_filter = ("kind", "province")
    search_fields = ("name", "short_name")
    save_action = staticmethod(actions.save_agency)
    delete_action = staticmethod(actions.delete_agency)


@admin.register(Profile)
class ProfileAdmin(Audited):
    list_display = ("user", "role", "province", "agency")
    list_filter = ("role", "province")
    save_action = staticmethod(actions.save_profile)
    delete_action = staticmethod(actions.delete_profile)


@admin.register(Duty)
class DutyAdmin(ViewOnly):
    list_display = ("province", "code", "agency", "role", "subject_type", "subject_id")
    list_filter = ("role", "province")
    search_fields = ("code", "agency__name")
