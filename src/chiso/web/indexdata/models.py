"""Index data: frameworks, raw values, official results, national statistics, targets and import
batches (who leads and coordinates an indicator is a ``people.Duty``). Their changes are recorded in the generic audit (``chiso.web.audit``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chiso.web.people.models import Province


class FrameworkVersion(models.Model):
    """A framework (e.g. pii-2025) stored as its node table; the core builds it from these rows."""

    name = models.SlugField(_("tên"), max_length=40, unique=True)
    title = models.CharField(_("tiêu đề"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("thời điểm tạo"))
    # when its nodes' metadata last changed: part of the key of the cached core framework
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("cập nhật lúc"))

    class Meta:
        ordering = ["-name"]
        verbose_name = _("bộ chỉ số")
        verbose_name_plural = _("bộ chỉ số")

    def __str__(self) -> str:
        return self.name


class Node(models.Model):
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("bộ chỉ số")
    )
    position = models.PositiveIntegerField(verbose_name=_("thứ tự"))
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tên"), max_length=300)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=300, blank=True)
    parent = models.CharField(_("mã cha"), max_length=20, blank=True)
    weight = models.FloatField(_("trọng số"), default=1.0)
    direction = models.SmallIntegerField(_("chiều"), default=1)
    # metadata, editable by administrators (blank: not known yet)
    unit = models.CharField(_("đơn vị tính"), max_length=100, blank=True, default="")
    source = models.CharField(_("nguồn"), max_length=200, blank=True, default="")
    definition = models.TextField(_("định nghĩa"), blank=True, default="")

    class Meta:
        verbose_name = _("nút của bộ chỉ số")
        verbose_name_plural = _("nút của bộ chỉ số")
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="node_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class FrameworkYear(models.Model):
    """The framework a year's index is computed with: for every province (``province`` empty), or
    for one province, overriding the national setting. Set by administrators, recorded in the audit;
    pages never guess it."""

    year = models.PositiveSmallIntegerField(_("năm"))
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tỉnh")
    )
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="years", verbose_name=_("bộ chỉ số")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("cập nhật lúc"))

    class Meta:
        ordering = ["-year", "province"]
        verbose_name = _("bộ chỉ số theo năm")
        verbose_name_plural = _("bộ chỉ số theo năm")
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(province__isnull=True), name="framework_year_national"
            ),
            models.UniqueConstraint(
                fields=["year", "province"],
                condition=models.Q(province__isnull=False),
                name="framework_year_province",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.province or '*'}: {self.framework}"


class ImportBatch(models.Model):
    """One upload: parsed, shown as a preview, then applied (atomically) or discarded."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("chờ xác nhận")
        APPLIED = "applied", _("đã nhập")
        DISCARDED = "discarded", _("đã hủy")

    kind = models.CharField(_("loại"), max_length=20)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh, thành phố")
    )
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("bộ chỉ số")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    filename = models.CharField(_("tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, verbose_name=_("mã băm SHA-256"))
    payload = models.JSONField(default=list, verbose_name=_("dữ liệu đã đọc"))  # the parsed rows to write
    summary = models.JSONField(default=dict, verbose_name=_("tóm tắt"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PREVIEW, verbose_name=_("trạng thái")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người tải lên")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("thời điểm tạo"))
    applied_at = models.DateTimeField(null=True, blank=True, verbose_name=_("thời điểm nhập"))

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("các lần nhập dữ liệu")
        ordering = ["-created_at"]


class RawValue(models.Model):
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("bộ chỉ số")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh, thành phố")
    )
    code = models.CharField(_("chỉ số"), max_length=20)
    value = models.FloatField(_("giá trị"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=200, blank=True)
    illustrative = models.BooleanField(_("minh họa"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("cập nhật lúc"))

    class Meta:
        verbose_name = _("giá trị thô")
        verbose_name_plural = _("giá trị thô")
        constraints = [models.UniqueConstraint(fields=["framework", "year", "province", "code"], name="raw_unique")]
        indexes = [models.Index(fields=["framework", "year"])]


class OfficialResult(models.Model):
    """A score and rank as MOST published them (any node: indicator, group, pillar, index)."""

    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("bộ chỉ số")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh, thành phố")
    )
    code = models.CharField(_("mã"), max_length=20)
    score = models.FloatField(_("điểm"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    rank_of = models.PositiveSmallIntegerField(_("trên tổng số"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("cập nhật lúc"))

    class Meta:
        verbose_name = _("kết quả chính thức")
        verbose_name_plural = _("kết quả chính thức")
        constraints = [
            models.UniqueConstraint(fields=["framework", "year", "province", "code"], name="official_unique")
        ]


class IndicatorStat(models.Model):
    """National max, min and average of an indicator's raw value as published for a year."""

    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("bộ chỉ số")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    code = models.CharField(_("chỉ số"), max_length=20)
    max = models.FloatField(_("cao nhất"), null=True, blank=True)
    min = models.FloatField(_("thấp nhất"), null=True, blank=True)
    mean = models.FloatField(_("trung bình"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("cập nhật lúc"))

    class Meta:
        verbose_name = _("thống kê cả nước của chỉ số")
        verbose_name_plural = _("thống kê cả nước của chỉ số")
        constraints = [models.UniqueConstraint(fields=["framework", "year", "code"], name="stat_unique")]


class Target(models.Model):
    """A target as the plan writes it ("25/34" is kind=rank, value=25)."""

    class Kind(models.TextChoices):
        RANK = "rank", _("xếp hạng")
        SCORE = "score", _("điểm số")
        RAW = "raw", _("giá trị")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh, thành phố")
    )
    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("bộ chỉ số")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    code = models.CharField(_("mã"), max_length=20)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    value = models.FloatField(_("giá trị"))
    text = models.CharField(_("như văn bản ghi"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        constraints = [
            models.UniqueConstraint(fields=["province", "framework", "year", "code", "kind"], name="target_unique")
        ]


class YearMethodology(models.Model):
    """The methodology a framework's year is computed with (``chiso.core.spec.Methodology`` as its
    dict, validated by the core); a year without one is computed with the core's default. Written
    only by ``indexdata.methodology.save``, which records every change in the audit."""

    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="methodologies", verbose_name=_("bộ chỉ số")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    spec = models.JSONField(_("thiết lập"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("cập nhật lúc"))

    class Meta:
        verbose_name = _("phương pháp tính của năm")
        verbose_name_plural = _("phương pháp tính theo năm")
        ordering = ["framework", "-year"]
        constraints = [models.UniqueConstraint(fields=["framework", "year"], name="methodology_unique_year")]

    def __str__(self) -> str:
        return f"{self.framework.name}/{self.year}"
