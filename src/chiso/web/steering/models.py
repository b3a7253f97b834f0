"""Saved what-if scenarios and solver plans (they change no data; they are kept to discuss and to
link to tasks later)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chiso.web.indexdata.models import FrameworkVersion
from chiso.web.people.models import Province


class Scenario(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên kịch bản"), max_length=120)
    changes = models.JSONField(default=list)  # [{"indicator", "kind", "value"}]
    result = models.JSONField(default=dict)  # PII score and rank before and after, when saved
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["province", "year", "name"], name="scenario_unique_name")]


class Plan(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên"), max_length=120)
    target = models.CharField(_("mục tiêu"), max_length=60)  # e.g. rank:PII:19
    limits = models.JSONField(default=dict)
    result = models.JSONField(default=dict)  # the solver's plan
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["province", "year", "name"], name="plan_unique_name")]
