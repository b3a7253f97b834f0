"""The audit record: who changed what, when, through what, from which value to which, and why.

One model for every kind of object (raw values, results, targets, assignments, methodology, plans,
tasks, KPIs, reports, evidence, scenarios): the object is named by its content type and id where it is a
row, and always by a readable ``key`` (an indicator value has no row of its own once it is cleared, so
"pii-2025/2025/1.1.1" names it). Entries are only ever added (``chiso.web.audit.actions``), never changed.

The audit is the lowest layer of the web apps: it imports no other app (the province is named by the
string "people.Province"), so that every app, ``people`` included, records its writes here."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    class Via(models.TextChoices):
        FORM = "form", _("biểu mẫu")
        IMPORT = "import", _("nhập tệp")
        API = "api", _("API")
        CLI = "cli", _("dòng lệnh")
        REPORT = "report", _("báo cáo của cơ quan")
        SYSTEM = "system", _("hệ thống")

    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("thời điểm"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thay đổi"),
    )  # None: the system (the demo loader, a migration)
    via = models.CharField(_("qua"), max_length=10, choices=Via.choices)
    province = models.ForeignKey(
        "people.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tỉnh, thành phố"),
    )  # None: national (a framework, the national statistics)
    kind = models.CharField(_("loại"), max_length=30)  # raw, official, stat, target, assignment, methodology, task...
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("loại đối tượng")
    )
    subject_id = models.CharField(_("mã đối tượng"), max_length=40, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    key = models.CharField(_("khóa"), max_length=200, blank=True)  # readable and stable: "pii-2025/2025/1.1.1"
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    why = models.CharField(_("lý do"), max_length=300, blank=True)
    source = models.CharField(_("nguồn thay đổi"), max_length=100, blank=True)  # "import:12", "report:5"

    class Meta:
        verbose_name = _("thay đổi (nhật ký)")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["province", "kind", "key"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} @ {self.at:%Y-%m-%d %H:%M}"
