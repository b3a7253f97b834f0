"""Making, revoking and checking API tokens (every write here is in a transaction and audited).

A token is ``chiso_`` and 43 random URL-safe characters (256 bits); the database holds only its
SHA-256 digest and its first characters (so that its owner can tell tokens apart). Wrong tokens are
counted per address: past ``AXES_FAILURE_LIMIT`` (the login throttling's number) within
``AXES_COOLOFF_TIME`` the address is refused until the time has passed."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from chiso.web.audit import actions as audit
from chiso.web.people.models import Profile

from .models import FailedAttempt, Token

PREFIX = "chiso_"
SHOWN = len(PREFIX) + 6  # characters of a token kept to recognise it
TOUCH_EVERY = timedelta(minutes=1)  # last-used time is written at most this often per token


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _province(user):
    profile = Profile.objects.filter(user=user).select_related("province").first()
    return profile.province if profile else None


def _state(token: Token) -> dict:
    return {
        "name": token.name,
        "prefix": token.prefix,
        "user": token.user.get_username(),
        "revoked": token.revoked_at is not None,
    }


@transaction.atomic
def create(user, name: str, *, by=None, via: str = audit.Via.FORM) -> tuple[Token, str]:
    """A new token for ``user`` named ``name``; returns it and the secret (shown once, never stored)."""
    name = (name or "").strip()[:100]
    secret = PREFIX + secrets.token_urlsafe(32)
    token = Token.objects.create(user=user, name=name, digest=digest_of(secret), prefix=secret[:SHOWN])
    audit.record(
        audit.Change("api_token", before=None, after=_state(token), subject=token, province=_province(user)),
        audit.Context(user=by, via=via),
    )
    return token, secret


@transaction.atomic
def revoke(token: Token, *, by=None, via: str = audit.Via.FORM) -> bool:
    """Revoke a token (from then on it is refused); False when it was revoked already."""
    token = Token.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is not None:
        return False
    before = _state(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        audit.Change("api_token", before=before, after=_state(token), subject=token, province=_province(token.user)),
        audit.Context(user=by, via=via),
    )
    return True


def find(secret: str) -> Token | None:
    """The live token of an active user that ``secret`` is, else None. Marks it used."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = (
        Token.objects.select_related("user")
        .filter(digest=digest_of(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        Token.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


# -- throttling of wrong tokens -------------------------------------------------------------------


def _limit() -> tuple[int, timedelta]:
    return settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME


def locked(address: str) -> timedelta | None:
    """How long ``address`` is still refused (None when it is not)."""
    limit, cooloff = _limit()
    row = FailedAttempt.objects.filter(address=address).first()
    if row is None or row.failures < limit:
        return None
    left = row.last_at + cooloff - timezone.now()
    return left if left > timedelta(0) else None


def failed(address: str) -> None:
    """Count one wrong token from ``address`` (a count older than the cool-off starts again)."""
    _, cooloff = _limit()
    now = timezone.now()
    with transaction.atomic():
        updated = FailedAttempt.objects.filter(address=address, last_at__gte=now - cooloff).update(
            failures=F("failures") + 1, last_at=now
        )
        if updated:
            return
        try:
            with transaction.atomic():
                FailedAttempt.objects.update_or_create(address=address, defaults={"failures": 1, "last_at": now})
        except IntegrityError:  # another request created it at the same moment
            FailedAttempt.objects.filter(address=address).update(failures=F("failures") + 1, last_at=now)
