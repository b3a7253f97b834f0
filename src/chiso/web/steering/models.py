"""Saved what-if scenarios and solver plans ("phương án": the solver's answer to "what would it take
to reach rank n"; not the improvement plan of the ``plans`` app). They change no data; they are kept
to discuss and to link to tasks later."""

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


class SolverPlan(models.Model):
    """A solver's phương án as saved: the target it answers, the limits it kept, what it found."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên"), max_length=120)
    target = models.CharField(_("mục tiêu"), max_length=60)  # e.g. rank:PII:19
    limits = models.JSONField(default=dict)
    result = models.JSONField(default=dict)  # the solver's answer (core.solver.Plan.to_dict())
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["province", "year", "name"], name="solver_plan_unique_name")]
