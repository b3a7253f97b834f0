"""A province's improvement plans as the sources write them (issue 11; DESIGN §2): the plan itself and
its versions, its targets on any node or KPI, its tasks, its KPIs, what its text states beside its
annex, the agencies' own implementation plans, and the province's registry of agency names.

Lead, coordinating and data-supplier roles are ``people.Duty`` rows (subject = a task or a KPI; an
indicator by its code). Every write goes through ``chiso.web.plans.actions`` and is audited."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from chiso.web.people.models import Agency, Province


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("dự thảo")
        ISSUED = "issued", _("đã ban hành")
        SUPERSEDED = "superseded", _("đã được thay thế")

    class Index(models.TextChoices):
        PII = "pii", _("Chỉ số đổi mới sáng tạo cấp địa phương (PII)")
        R57 = "r57", _("Nghị quyết 57-NQ/TW (khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số)")
        OTHER = "other", _("Khác")

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+", verbose_name=_("tỉnh"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, default="UBND tỉnh")
    number = models.CharField(_("số hiệu"), max_length=60, blank=True)  # "3372/KH-UBND"
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    period_start = models.PositiveSmallIntegerField(_("từ năm"))
    period_end = models.PositiveSmallIntegerField(_("đến năm"))
    purpose = models.TextField(_("mục đích, yêu cầu"), blank=True)
    index = models.CharField(_("chỉ số phục vụ"), max_length=10, choices=Index.choices, default=Index.PII)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["province", "-period_start", "-issued_on", "id"]
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")

    def __str__(self) -> str:
        return self.reference or self.title[:60]

    @property
    def reference(self) -> str:
        """ "3372/KH-UBND ngày 28/10/2025" (as the documents cite each other)."""
        if not self.number:
            return ""
        if self.issued_on:
            return f"{self.number} ngày {self.issued_on.day:02d}/{self.issued_on.month:02d}/{self.issued_on.year}"
        return self.number

    @property
    def period(self) -> str:
        if self.period_start == self.period_end:
            return str(self.period_start)
        return f"{self.period_start}–{self.period_end}"


class PlanRelation(models.Model):
    """A plan replaces or cites another (``other`` when it is stored, ``text`` as the plan writes it)."""

    class Kind(models.TextChoices):
        REPLACES = "replaces", _("thay thế")
        CITES = "cites", _("căn cứ, dẫn chiếu")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("quan hệ"), max_length=10, choices=Kind.choices)
    other = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="cited_by")
    text = models.CharField(_("văn bản"), max_length=300)

    class Meta:
        ordering = ["kind", "id"]


class PlanVersion(models.Model):
    """A version of a plan: the first as issued, then one per amendment, each with a full snapshot of the
    plan as it stood (header, targets, tasks, KPIs), so an earlier version can always be read."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("phiên bản"))
    document = models.CharField(_("văn bản sửa đổi"), max_length=200, blank=True)
    note = models.CharField(_("nội dung sửa đổi"), max_length=500, blank=True)
    snapshot = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")]


class Kpi(models.Model):
    """A KPI (chỉ tiêu) with its targets per year as written, its result and two statuses: the one the
    document states and the one computed from target and result (DESIGN §4)."""

    class Kind(models.TextChoices):
        YEARLY = "yearly", _("hằng năm")
        PERIOD = "period", _("cả giai đoạn")
        STOCK = "stock", _("lũy kế, hiện trạng")

    class Status(models.TextChoices):
        ACHIEVED = "achieved", _("đạt")
        NOT_ACHIEVED = "not_achieved", _("chưa đạt")
        NO_DATA = "no_data", _("chưa thống kê được")
        NOT_ASSESSABLE = "not_assessable", _("cần đánh giá")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="kpis")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    number = models.CharField(_("số thứ tự"), max_length=20, blank=True)
    name = models.TextField(_("tên chỉ tiêu"))
    section = models.CharField(_("nhóm"), max_length=200, blank=True)
    unit = models.CharField(_("đơn vị tính"), max_length=60, blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.STOCK)
    targets = models.JSONField(_("mục tiêu theo năm"), default=dict)  # {"2025": "≥ 15%", "2030": "100%"}
    result = models.CharField(_("kết quả"), max_length=300, blank=True)
    result_value = models.FloatField(_("giá trị kết quả"), null=True, blank=True)
    result_date = models.DateField(_("ngày số liệu"), null=True, blank=True)
    result_year = models.PositiveSmallIntegerField(_("năm đánh giá"), null=True, blank=True)
    stated_status = models.CharField(_("văn bản ghi"), max_length=15, choices=Status.choices, blank=True)
    status = models.CharField(_("tính được"), max_length=15, choices=Status.choices, default=Status.NO_DATA)
    status_reason = models.CharField(_("lý do"), max_length=300, blank=True)
    indicator_code = models.CharField(_("chỉ số PII tương ứng"), max_length=20, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    lead_as_written = models.TextField(_("chủ trì (như văn bản ghi)"), blank=True)
    coordinating_as_written = models.TextField(_("phối hợp (như văn bản ghi)"), blank=True)
    groups = models.JSONField(default=dict)  # collective names per role: {"lead": ["UBND cấp xã"]}
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self) -> str:
        return self.name[:80]

    @property
    def disagrees(self) -> bool:
        return (
            self.stated_status in (self.Status.ACHIEVED, self.Status.NOT_ACHIEVED)
            and self.status in (self.Status.ACHIEVED, self.Status.NOT_ACHIEVED)
            and self.stated_status != self.status
        )


class PlanTarget(models.Model):
    """A target on a node (an indicator, group or pillar code, or the index itself) or on a KPI, for a
    year, kept as written (``text``) with what it says (``kind``, ``value``, ``of``). ``source`` says where
    the plan writes it: its annex, its text, a form, or a solver plan proposed as targets."""

    class Kind(models.TextChoices):
        RANK = "rank", _("thứ hạng")
        SCORE = "score", _("điểm")
        RAW = "raw", _("giá trị")
        RELATIVE = "relative", _("tăng bậc")
        MAINTAIN = "maintain", _("duy trì")
        NOT_BELOW_MEAN = "not_below_mean", _("không thấp hơn trung bình cả nước")

    class Source(models.TextChoices):
        ANNEX = "annex", _("phụ lục")
        TEXT = "text", _("nội dung kế hoạch")
        FORM = "form", _("nhập trên trang")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(_("mã"), max_length=20, blank=True)  # "PII", "1", "1.1", "1.1.1"
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, null=True, blank=True, related_name="plan_targets")
    year = models.PositiveSmallIntegerField(_("năm"))
    text = models.CharField(_("mục tiêu như văn bản ghi"), max_length=300)
    kind = models.CharField(_("loại"), max_length=15, choices=Kind.choices)
    value = models.FloatField(_("giá trị"), null=True, blank=True)  # a rank, a score, a raw value, +places
    of = models.PositiveSmallIntegerField(_("trên tổng số"), null=True, blank=True)  # "25/34" → 34
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices, default=Source.FORM)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    # the national best and worst the annex gives beside the target: {"year": 2024, "max": 0.41, "min": 0.0}
    bounds = models.JSONField(default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "year", "id"]
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")

    def __str__(self) -> str:
        return f"{self.code or self.kpi} {self.year}: {self.text}"


class Task(models.Model):
    """A task (nhiệm vụ, giải pháp): hierarchical (``parent``; numbered parts are children), linked to
    zero, one or more indicators (``codes``) and KPIs, with its product, funding and timing."""

    TIMING_KINDS = [
        ("date", _("ngày")),
        ("month", _("tháng")),
        ("quarter", _("quý")),
        ("year", _("năm")),
        ("recurring", _("thường xuyên, hằng năm")),
        ("phase", _("giai đoạn")),
        ("carried_over", _("chuyển tiếp")),
        ("done", _("đã hoàn thành")),
        ("inherited", _("theo dòng trên")),
        ("on_request", _("khi có yêu cầu")),
        ("unknown", _("chưa rõ")),
    ]

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="parts")
    number = models.CharField(_("số thứ tự"), max_length=20, blank=True)
    section = models.CharField(_("mục"), max_length=300, blank=True)
    text = models.TextField(_("nội dung"))
    codes = models.JSONField(_("chỉ số liên quan"), default=list)  # ["1.1.1", "3.2.1"]
    kpis = models.ManyToManyField(Kpi, blank=True, related_name="tasks", verbose_name=_("chỉ tiêu liên quan"))
    product = models.CharField(_("sản phẩm"), max_length=500, blank=True)
    timing = models.CharField(_("thời gian như văn bản ghi"), max_length=300, blank=True)
    timing_kind = models.CharField(_("loại thời gian"), max_length=15, choices=TIMING_KINDS, default="unknown")
    due = models.DateField(_("hạn"), null=True, blank=True)
    funding_estimate = models.FloatField(_("kinh phí dự kiến (triệu đồng)"), null=True, blank=True)
    funding_allocated = models.FloatField(_("kinh phí được giao (triệu đồng)"), null=True, blank=True)
    funding_spent = models.FloatField(_("kinh phí đã chi (triệu đồng)"), null=True, blank=True)
    lead_as_written = models.TextField(_("chủ trì (như văn bản ghi)"), blank=True)
    coordinating_as_written = models.TextField(_("phối hợp (như văn bản ghi)"), blank=True)
    groups = models.JSONField(default=dict)  # collective names per role: {"lead": ["Các sở, ban, ngành"]}
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")

    def __str__(self) -> str:
        return (f"{self.number}. " if self.number else "") + self.text[:80]


class Statement(models.Model):
    """What a plan's text says about one code beside its annex (a target, a lead agency), kept so the
    coordinator can see where the two disagree and settle it (``settled``: which side was kept)."""

    class What(models.TextChoices):
        TARGET = "target", _("mục tiêu")
        LEAD = "lead", _("cơ quan chủ trì")

    class Settled(models.TextChoices):
        OPEN = "", _("chưa xử lý")
        TEXT = "text", _("theo nội dung kế hoạch")
        ANNEX = "annex", _("theo phụ lục")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="statements")
    code = models.CharField(_("mã"), max_length=20)
    what = models.CharField(_("nội dung"), max_length=10, choices=What.choices)
    text = models.CharField(_("văn bản ghi"), max_length=300)
    value = models.FloatField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    where = models.CharField(_("vị trí trong văn bản"), max_length=200, blank=True)
    settled = models.CharField(_("xử lý"), max_length=5, choices=Settled.choices, blank=True, default="")
    settled_note = models.CharField(_("ghi chú xử lý"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "code", "what", "id"]


class AgencyGroup(models.Model):
    """A collective name ("Các sở, ban, ngành", "UBND cấp xã"): who it covers is a set of agency kinds."""

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("tên"), max_length=200)
    covers = models.JSONField(_("gồm các loại cơ quan"), default=list)  # ["department", "board"]; [] = whoever
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        ordering = ["province", "name"]
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="agency_group_unique")]

    def __str__(self) -> str:
        return self.name

    def members(self):
        qs = Agency.objects.filter(province=self.province)
        return qs.filter(kind__in=self.covers) if self.covers else qs.none()


class AgencyAlias(models.Model):
    """Another spelling of an agency or of a group, as the documents write it ("Sở KH&CN")."""

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+")
    alias = models.CharField(_("cách viết"), max_length=300)
    key = models.CharField(max_length=300)  # the alias normalised (lower case, one space)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases")
    group = models.ForeignKey(AgencyGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases")

    class Meta:
        ordering = ["province", "alias"]
        constraints = [
            models.UniqueConstraint(fields=["province", "key"], name="agency_alias_unique"),
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False, group__isnull=True)
                | models.Q(agency__isnull=True, group__isnull=False),
                name="agency_alias_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.alias


class UnknownAgency(models.Model):
    """A name read in a plan that the registry does not know, waiting for the coordinator: mapped to an
    agency (it becomes an alias), or a new agency, or dismissed."""

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("tên như văn bản ghi"), max_length=300)
    key = models.CharField(max_length=300)
    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    where = models.CharField(_("gặp ở"), max_length=200, blank=True)
    resolved = models.BooleanField(_("đã xử lý"), default=False)
    agency = models.ForeignKey(Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["province", "resolved", "name"]
        constraints = [models.UniqueConstraint(fields=["province", "key"], name="unknown_agency_unique")]


def agency_plan_path(instance: AgencyPlan, filename: str) -> str:
    return f"plans/{instance.plan.province.code}/agency-plans/{filename}"


class AgencyPlan(models.Model):
    """An agency's own implementation plan for what a provincial plan assigned to it."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("đã nhận, đúng hạn")
        LATE = "late", _("nộp muộn")
        MISSING = "missing", _("chưa nộp, quá hạn")
        PENDING = "pending", _("chưa đến hạn")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="agency_plans")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="implementation_plans")
    deadline = models.DateField(_("hạn ban hành"))
    number = models.CharField(_("số hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    received_on = models.DateField(_("ngày nhận"), null=True, blank=True)
    file = models.FileField(_("tệp"), upload_to=agency_plan_path, blank=True, max_length=300)

    class Meta:
        ordering = ["plan", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["plan", "agency"], name="agency_plan_unique")]

    def status_on(self, today: dt.date) -> str:
        if self.received_on is not None:
            return self.Status.RECEIVED if self.received_on <= self.deadline else self.Status.LATE
        return self.Status.MISSING if today > self.deadline else self.Status.PENDING

    @property
    def status(self) -> str:
        return self.status_on(dt.date.today())

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class SolverLink(models.Model):
    """A saved solver plan (steering) attached to a plan as proposed targets: a read-only reference."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="solver_links")
    solver_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    solver_id = models.PositiveBigIntegerField()
    solver = GenericForeignKey("solver_type", "solver_id")
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "solver_type", "solver_id"], name="solver_link_unique")]


def upload_path(instance: AnnexUpload, filename: str) -> str:
    return f"plans/{instance.plan.province.code}/annexes/{filename}"


class AnnexUpload(models.Model):
    """An annex file uploaded on a plan's page: previewed from the stored file, then applied or dropped."""

    class State(models.TextChoices):
        PENDING = "pending", _("chờ xác nhận")
        APPLIED = "applied", _("đã nhập")
        DISCARDED = "discarded", _("đã hủy")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="uploads")
    file = models.FileField(upload_to=upload_path, max_length=300)
    name = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
