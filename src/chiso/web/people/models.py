"""Provinces, agencies and the role of each user."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """An official province or centrally-run city (34 from 2025; the 63 earlier ones are kept for history)."""

    code = models.CharField(_("mã"), max_length=2, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    short_name = models.CharField(_("tên ngắn"), max_length=60)
    current = models.BooleanField(_("đơn vị từ 2025"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")

    def __str__(self) -> str:
        return self.short_name


class Agency(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Sở")
        BOARD = "board", _("Ban")
        BANK = "bank", _("Chi nhánh ngân hàng")
        STATISTICS = "statistics", _("Thống kê")
        COMMUNE = "commune", _("UBND xã, phường")
        ASSOCIATION = "association", _("Hiệp hội")
        COURT = "court", _("Tòa án")
        POLICE = "police", _("Công an")
        OFFICE = "office", _("Văn phòng")
        OTHER = "other", _("Khác")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("tỉnh"))
    name = models.CharField(_("tên đầy đủ"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=60, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)

    class Meta:
        ordering = ["province", "name"]
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="agency_unique_name")]
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")

    def __str__(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    COORDINATOR = "coordinator", _("Sở KH&CN (điều phối)")
    FOCAL_POINT = "focal_point", _("Cán bộ đầu mối")
    LEADER = "leader", _("Lãnh đạo (chỉ xem)")


class Profile(models.Model):
    """What a user may do and where. Every view reads this through ``chiso.web.people.access``."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("tỉnh")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("đơn vị")
    )

    class Meta:
        verbose_name = _("hồ sơ người dùng")
        verbose_name_plural = _("hồ sơ người dùng")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(province__isnull=False), name="profile_needs_province"
            ),
            models.CheckConstraint(
                condition=~models.Q(role="focal_point") | models.Q(agency__isnull=False),
                name="focal_point_needs_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Duty(models.Model):
    """An agency's part in something a province must do — lead (chủ trì), coordinating (phối hợp) or data
    supplier (cung cấp số liệu) — for an indicator (named by its code, which outlives framework versions)
    or for any other object (a KPI, a task: a generic relation). Exactly one of the two is set."""

    class Role(models.TextChoices):
        LEAD = "lead", _("chủ trì")
        COORDINATING = "coordinating", _("phối hợp")
        SUPPLIER = "supplier", _("cung cấp số liệu")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="duties", verbose_name=_("cơ quan"))
    role = models.CharField(_("vai trò"), max_length=15, choices=Role.choices)
    code = models.CharField(_("chỉ số"), max_length=20, blank=True)  # an indicator
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("loại đối tượng")
    )
    subject_id = models.PositiveBigIntegerField(_("mã đối tượng"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)  # the order the document lists them in

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(code="") & models.Q(subject_type__isnull=False) & models.Q(subject_id__isnull=False)
                )
                | (~models.Q(code="") & models.Q(subject_type__isnull=True) & models.Q(subject_id__isnull=True)),
                name="duty_of_one_thing",
            ),
            # two constraints, not one over every column: NULLs never collide in a unique index
            models.UniqueConstraint(
                fields=["province", "code", "agency", "role"],
                condition=~models.Q(code=""),
                name="duty_unique_indicator",
            ),
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "agency", "role"],
                condition=models.Q(code=""),
                name="duty_unique_subject",
            ),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"]), models.Index(fields=["province", "code"])]

    def __str__(self) -> str:
        return f"{self.agency} — {self.get_role_display()} — {self.code or self.subject}"
