"""Writes of the steering pages: saving a what-if scenario or a solver plan. Each in one
transaction, recorded in the audit (``chiso.web.audit``). Only those who steer a province's
plan (its coordinator, administrators) may save; leaders read."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from chiso.web.audit import actions as audit
from chiso.web.indexdata.models import FrameworkVersion
from chiso.web.people.access import profile_of
from chiso.web.people.models import Profile, Province, Role

from .models import Scenario, SolverPlan

NAME_LENGTH = 120


class NameTaken(Exception):
    """A scenario or plan of that name already exists for the province and year."""


def can_save(profile: Profile) -> bool:
    """Saving scenarios and plans is for the coordinator and administrators (not leaders, who read)."""
    return profile.role in (Role.ADMIN, Role.COORDINATOR)


def require_save(user) -> Profile:
    profile = profile_of(user)
    if not can_save(profile):
        raise PermissionDenied
    return profile


def save_scenario(
    user,
    province: Province,
    fv: FrameworkVersion,
    year: int,
    name: str,
    changes: list[dict[str, Any]],
    result: dict[str, Any],
) -> Scenario:
    require_save(user)
    try:
        with transaction.atomic():
            scenario = Scenario.objects.create(
                province=province,
                framework=fv,
                year=year,
                name=name.strip()[:NAME_LENGTH],
                created_by=user,
                changes=changes,
                result=result,
            )
            audit.record(
                audit.Change(
                    "scenario",
                    before=None,
                    after={"id": scenario.id, "name": scenario.name, "changes": changes, "result": result},
                    subject=scenario,
                    key=f"{fv.name}/{year}/{scenario.name}",
                    province=province,
                ),
                audit.Context(user=user, via=audit.Via.FORM, why="lưu kịch bản giả định"),
            )
    except IntegrityError:
        raise NameTaken(name) from None
    return scenario


def save_solver_plan(
    user,
    province: Province,
    fv: FrameworkVersion,
    year: int,
    name: str,
    target: str,
    limits: dict[str, list[float | None]],
    result: dict[str, Any],
) -> SolverPlan:
    require_save(user)
    try:
        with transaction.atomic():
            plan = SolverPlan.objects.create(
                province=province,
                framework=fv,
                year=year,
                name=name.strip()[:NAME_LENGTH],
                target=target,
                limits=limits,
                result=result,
                created_by=user,
            )
            audit.record(
                audit.Change(
                    "solver_plan",
                    before=None,
                    after={"id": plan.id, "name": plan.name, "target": target, "reachable": result.get("reachable")},
                    subject=plan,
                    key=f"{fv.name}/{year}/{plan.name}",
                    province=province,
                ),
                audit.Context(user=user, via=audit.Via.FORM, why="lưu phương án mục tiêu"),
            )
    except IntegrityError:
        raise NameTaken(name) from None
    return plan
