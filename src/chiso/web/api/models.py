"""API tokens: one user's key for other systems. Only the SHA-256 digest of the token is stored; the
token itself is shown once, when it is made."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Token(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("người dùng")
    )
    name = models.CharField(_("tên"), max_length=100)
    digest = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True)
    prefix = models.CharField(_("phần đầu của mã"), max_length=16)  # shown so the owner can tell tokens apart
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("lần dùng gần nhất"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class FailedAttempt(models.Model):
    """Wrong tokens presented from one address: past the limit the address is refused for a while."""

    address = models.CharField(_("địa chỉ"), max_length=45, unique=True)
    failures = models.PositiveIntegerField(_("số lần sai"), default=0)
    last_at = models.DateTimeField(_("lần sai gần nhất"))

    class Meta:
        verbose_name = _("lần dùng mã sai")
        verbose_name_plural = _("lần dùng mã sai")
