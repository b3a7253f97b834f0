from django.contrib import admin

from .models import Agency, Profile, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "short_name", "name", "current")
    list_filter = ("current",)
    search_fields = ("code", "name", "short_name")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "province")
    list_filter = ("kind", "province")
    search_fields = ("name", "short_name")


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "province", "agency")
    list_filter = ("role", "province")
