"""Every write of people's data — agencies, users' profiles (role, province, agency) and duties
(assignments) — goes through here, in a transaction, recorded in the audit (``chiso.web.audit``):
the Django admin, the demo loader and the pages call these, never the ORM directly.

Entries: kind "agency" (key: the agency's name), "profile" (key: the user name) and "assignment"
(key: the indicator code, or "app.model:id" of the object a duty is about); each names its row as
the subject and the province it belongs to. Nothing is recorded when nothing changes."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from chiso.web.audit import actions as audit

from .models import Agency, Duty, Profile, Province

AGENCY_FIELDS = ("province", "name", "short_name", "kind")
PROFILE_FIELDS = ("role", "province", "agency")


def _ctx(user, via: str | None, why: str) -> audit.Context:
    if via is None:
        via = audit.Via.FORM if getattr(user, "is_authenticated", False) else audit.Via.SYSTEM
    return audit.Context(user=user, via=via, why=why)


def _stored(obj: models.Model, fields) -> dict[str, Any] | None:
    if obj.pk is None:
        return None
    old = type(obj).objects.filter(pk=obj.pk).first()
    return audit.snapshot(old, fields) if old is not None else None


@transaction.atomic
def save_agency(user, agency: Agency, *, via: str | None = None, why: str = "") -> bool:
    """Create or update an agency as given; returns whether anything changed."""
    before = _stored(agency, AGENCY_FIELDS)
    after = audit.snapshot(agency, AGENCY_FIELDS)
    if before == after:
        return False
    agency.save()
    audit.record(
        audit.Change("agency", before, after, subject=agency, key=agency.name, province=agency.province),
        _ctx(user, via, why),
    )
    return True


@transaction.atomic
def ensure_agency(user, province: Province, name: str, kind: str, *, via: str | None = None, why: str = "") -> Agency:
    """The agency of that name in the province, created (and recorded) if it does not exist."""
    agency = Agency.objects.filter(province=province, name=name).first()
    if agency is None:
        agency = Agency(province=province, name=name, kind=kind)
        save_agency(user, agency, via=via, why=why)
    return agency


@transaction.atomic
def delete_agency(user, agency: Agency, *, via: str | None = None, why: str = "") -> None:
    """Delete an agency (ProtectedError while members or duties refer to it)."""
    before = audit.snapshot(agency, AGENCY_FIELDS)
    audit.record(
        audit.Change("agency", before, None, subject=agency, key=agency.name, province=agency.province),
        _ctx(user, via, why),
    )
    agency.delete()  # the entry keeps the id of the row it was about


@transaction.atomic
def save_profile(user, profile: Profile, *, via: str | None = None, why: str = "") -> bool:
    """Create or update a user's profile (role, province, agency); returns whether anything changed."""
    before = _stored(profile, PROFILE_FIELDS)
    after = audit.snapshot(profile, PROFILE_FIELDS)
    if before == after:
        return False
    profile.save()
    audit.record(
        audit.Change(
            "profile", before, after, subject=profile, key=profile.user.get_username(), province=profile.province
        ),
        _ctx(user, via, why),
    )
    return True


@transaction.atomic
def set_profile(user, member, *, role: str, province: Province | None, agency: Agency | None, **kw) -> Profile:
    """The profile of user ``member`` set to these values (created if missing), recorded if changed."""
    profile = Profile.objects.filter(user=member).first() or Profile(user=member)
    profile.role, profile.province, profile.agency = role, province, agency
    save_profile(user, profile, **kw)
    return profile


@transaction.atomic
def delete_profile(user, profile: Profile, *, via: str | None = None, why: str = "") -> None:
    before = audit.snapshot(profile, PROFILE_FIELDS)
    audit.record(
        audit.Change(
            "profile", before, None, subject=profile, key=profile.user.get_username(), province=profile.province
        ),
        _ctx(user, via, why),
    )
    profile.delete()


def duty_key(duty: Duty) -> str:
    """How the audit names what a duty is about: the indicator code, else "app.model:id"."""
    if duty.code:
        return duty.code
    ct = ContentType.objects.get_for_id(duty.subject_type_id)
    return f"{ct.app_label}.{ct.model}:{duty.subject_id}"


def _duty_state(duty: Duty) -> dict[str, Any]:
    return {"agency": duty.agency.name, "role": duty.role}


@transaction.atomic
def assign(
    user,
    province: Province,
    agency: Agency,
    role: str,
    *,
    code: str = "",
    subject: models.Model | None = None,
    position: int = 0,
    via: str | None = None,
    why: str = "",
) -> tuple[Duty, bool]:
    """Give ``agency`` the ``role`` for an indicator ``code`` or an object ``subject`` (exactly one);
    returns the duty and whether it was created (an existing duty is left as it is)."""
    if bool(code) == (subject is not None):
        raise ValueError("a duty is about an indicator code or an object, exactly one")
    lookup: dict[str, Any] = {"province": province, "agency": agency, "role": role}
    if code:
        lookup["code"] = code
    else:
        lookup["subject_type"] = ContentType.objects.get_for_model(subject, for_concrete_model=False)
        lookup["subject_id"] = subject.pk
    duty = Duty.objects.filter(**lookup).first()
    if duty is not None:
        return duty, False
    duty = Duty.objects.create(**lookup, position=position)
    audit.record(
        audit.Change("assignment", None, _duty_state(duty), subject=duty, key=duty_key(duty), province=province),
        _ctx(user, via, why),
    )
    return duty, True


@transaction.atomic
def unassign(user, duty: Duty, *, via: str | None = None, why: str = "") -> None:
    audit.record(
        audit.Change("assignment", _duty_state(duty), None, subject=duty, key=duty_key(duty), province=duty.province),
        _ctx(user, via, why),
    )
    duty.delete()


@transaction.atomic
def ensure_user(actor, username: str, password: str, *, admin: bool = False, via: str | None = None, why: str = ""):
    """The user of that name, created with this password if missing (the entry names the user and
    whether it administers, never the password); an existing user is left as it is."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    user = User(username=username, is_staff=admin, is_superuser=admin)
    user.set_password(password)
    user.save()
    audit.record(
        audit.Change("user", None, {"username": username, "admin": admin}, subject=user, key=username),
        _ctx(actor, via, why),
    )
    return user
