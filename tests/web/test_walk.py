"""No page falls over: every URL of the site, as every role, over a matrix of data states.

The URLs come from the resolver (a URL added later is walked too, its path parameters filled by
name from the data); the data states are built once per test from the demo: blanked and
non-finite values, a province without results, a single-province year, indicators without
variation, an empty database, a framework with non-numeric codes, and generated data sets. Any
5xx fails the test, and so does an error page (400/403/404) outside the site's layout; the
assertion message lists every failing state, role and URL with the exception's last line.

The walk is split by area (index pages, steering, imports, administration) so that a failure
names the part of the site that owns it.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from chiso.core.framework import Framework, Node
from chiso.core.units import provinces as official_provinces
from chiso.web.indexdata import actions, frameworks
from chiso.web.indexdata.actions import core_framework, ensure_framework
from chiso.web.indexdata.models import (
    FrameworkVersion,
    FrameworkYear,
    ImportBatch,
    OfficialResult,
    RawValue,
    Target,
)
from chiso.web.people.models import Agency, Duty, Province

HOME, OTHER = "14", "20"
ROLES = {  # role -> username (None: anonymous)
    "anonymous": None,
    "admin": "admin",
    "coordinator": "sokhcn",
    "focal_point": "taichinh",
    "leader": "lanhdao",
    "other_coordinator": "langson",
}
AREAS = ("pages", "steering", "imports", "admin")
LAYOUT_MARK = '<header class="top">'


# -- data states ----------------------------------------------------------------------------------


def _reset_framework_cache() -> None:
    """Stored frameworks are cached by id; ids are reused after each test's rollback."""
    actions._CACHE.clear()


def _wipe(model_labels: list[str]) -> None:
    """Delete every row of these models, in whatever order their protected references allow."""
    models = [apps.get_model(label) for label in model_labels]
    for _ in range(len(models) + 1):
        left = []
        for model in models:
            try:
                model.objects.all().delete()
            except ProtectedError:
                left.append(model)
        if not left:
            return
        models = left
    raise AssertionError(f"could not empty {models}")


INDEX_DATA = [
    "plans.Plan",
    "plans.AgencyGroup",
    "plans.AgencyAlias",
    "plans.UnknownAgency",
    "people.Duty",
    "audit.Entry",
    "steering.Scenario",
    "steering.SolverPlan",
    "audit.Entry",
    "indexdata.ImportBatch",
    "indexdata.RawValue",
    "indexdata.OfficialResult",
    "indexdata.IndicatorStat",
    "people.Duty",
    "indexdata.Target",
]


def _demo() -> None:
    pass


def _blanked() -> None:
    """Defect 3: an upload blanked Sơn La's raw values (the rows stay, their values are empty)."""
    RawValue.objects.filter(province__code=HOME).update(value=None)


def _non_finite() -> None:
    """Missing, NaN, infinite and overflowing values scattered over the year."""
    rng = np.random.default_rng(3)
    rows = list(RawValue.objects.all())
    hostile = [None, math.nan, math.inf, -math.inf, 1e308, -1e308, 1e300, 0.0, -5.0]
    for r in rng.choice(len(rows), size=len(rows) // 4, replace=False):
        rows[r].value = hostile[int(rng.integers(len(hostile)))]
    RawValue.objects.bulk_update(rows, ["value"])
    RawValue.objects.filter(province__code=HOME, code="2.2.1").update(value=1e308)
    RawValue.objects.filter(province__code=OTHER, code="2.2.1").update(value=-1e308)
    RawValue.objects.filter(province__code=HOME, code="1.1.1").update(value=math.nan)


def _official_only() -> None:
    """Defect 13: official results without raw values (no computed result), for 2024 and 2025."""
    RawValue.objects.all().delete()
    fv = FrameworkVersion.objects.get(name="pii-2024")
    home = Province.objects.get(code=HOME)
    OfficialResult.objects.bulk_create(
        OfficialResult(framework=fv, year=2024, province=home, code=n.code, score=40.0, rank=30, rank_of=63)
        for n in fv.nodes.all()
    )


def _no_official() -> None:
    """A province with computed results but no official ones, and no targets."""
    OfficialResult.objects.all().delete()
    Target.objects.all().delete()


def _single_province() -> None:
    """A year with one province only (every indicator without variation), beside a full year."""
    fv = FrameworkVersion.objects.get(name="pii-2025")
    RawValue.objects.bulk_create(
        RawValue(framework=fv, year=2024, province=r.province, code=r.code, value=r.value)
        for r in RawValue.objects.filter(year=2025, province__code=HOME).select_related("province")
    )
    RawValue.objects.exclude(province__code=HOME).filter(year=2025).delete()


def _constant() -> None:
    """Indicators without variation: pillar 1 equal everywhere, and one indicator elsewhere."""
    RawValue.objects.filter(code__startswith="1.").update(value=7.0)
    RawValue.objects.filter(code="6.3.2").update(value=0.0)


def _empty() -> None:
    """A database after migrate: no framework, no data (the users and provinces kept to log in)."""
    _wipe([*INDEX_DATA, "indexdata.FrameworkYear", "indexdata.Node", "indexdata.FrameworkVersion"])


def _bare() -> None:
    """Nothing at all but the user accounts: no province, no profile, no framework."""
    _wipe(
        [
            *INDEX_DATA,
            "indexdata.FrameworkYear",
            "indexdata.Node",
            "indexdata.FrameworkVersion",
            "people.Profile",
            "people.Agency",
        ]
    )
    _wipe(["people.Province"])


ASEM = [  # COINr's ASEM example in shape: codes with capitals, a dot inside a word, no PII/INPUT/OUTPUT
    ("Index", "Index", None, 1),
    ("Conn", "Connectivity", "Index", 1),
    ("Sust", "Sustainability", "Index", 1),
    ("Physical", "Physical", "Conn", 1),
    ("ConEcFin", "Economic and financial", "Conn", 1),
    ("Environ", "Environmental", "Sust", 1),
    ("Social", "Social", "Sust", 1),
    ("LPI", "Logistics performance index", "Physical", 1),
    ("Flights", "International flights", "Physical", 1),
    ("a.b", "A code with a dot", "ConEcFin", 1),
    ("Goods", "Trade in goods", "ConEcFin", 1),
    ("Renew", "Renewable energy", "Environ", 1),
    ("CO2", "CO2 emissions", "Environ", -1),
    ("Poverty", "Poverty", "Social", -1),
    ("x", "Only child", "Social", 1),
]


def _asem() -> None:
    """A framework with non-numeric codes, set for 2025 for every province, with generated data."""
    core = Framework("zz-asem", [Node(c, n, p, 1.0, d) for c, n, p, d in ASEM])
    fv = ensure_framework(core)
    FrameworkYear.objects.update_or_create(year=2025, province=None, defaults={"framework": fv})
    rng = np.random.default_rng(11)
    provinces = list(Province.objects.filter(code__in=[p.code for p in official_provinces(2025)]))
    rows = []
    for p in provinces:
        for code in core.indicators:
            v = float(rng.lognormal(2, 1.5))
            rows.append(
                RawValue(framework=fv, year=2025, province=p, code=code, value=None if rng.random() < 0.1 else v)
            )
    RawValue.objects.bulk_create(rows)
    home = Province.objects.get(code=HOME)
    agency = Agency.objects.get(province=home, name="Sở Tài chính")
    for code in ("LPI", "a.b"):
        Duty.objects.create(province=home, code=code, agency=agency, role="lead")
    Target.objects.create(province=home, framework=fv, year=2026, code="Conn", kind="rank", value=5, text="5/34")
    Target.objects.create(province=home, framework=fv, year=2026, code="LPI", kind="raw", value=100, text="≥ 100")
    OfficialResult.objects.create(framework=fv, year=2025, province=home, code="Index", score=50.0)


def _generated(seed: int) -> Callable[[], None]:
    """A random data set: provinces, years, missing shares, distributions, ties, results, targets."""

    def build() -> None:
        rng = np.random.default_rng(seed)
        _wipe(INDEX_DATA)
        fv = FrameworkVersion.objects.get(name=str(rng.choice(["pii-2025", "pii-2024"])))
        fw = core_framework(fv)
        codes = [p.code for p in official_provinces(2025)]
        by_code = {p.code: p for p in Province.objects.filter(code__in=codes)}
        rows, official, targets = [], [], []
        for year in rng.choice([2023, 2024, 2025], size=int(rng.integers(1, 4)), replace=False):
            n = int(rng.integers(1, len(codes) + 1))
            units = list(rng.choice(codes, size=n, replace=False))
            missing = float(rng.choice([0.0, 0.05, 0.5, 0.95, 1.0]))
            for code in fw.indicators:
                kind = int(rng.integers(5))
                if kind == 0:
                    col = np.full(n, float(rng.normal(10, 5)))  # constant
                elif kind == 1:
                    col = rng.lognormal(1, 3, n)  # heavy tail: outlier treatment
                elif kind == 2:
                    col = rng.integers(0, 3, n).astype(float)  # ties
                elif kind == 3:
                    col = rng.normal(0, 1e6, n)  # negative and large
                else:
                    col = rng.uniform(0, 100, n)
                for unit, v in zip(units, col, strict=True):
                    value = None if rng.random() < missing else float(v)
                    rows.append(RawValue(framework=fv, year=int(year), province=by_code[unit], code=code, value=value))
            for unit in rng.choice(codes, size=int(rng.integers(0, 4)), replace=False):
                for node in fw.nodes:
                    if rng.random() < 0.7:
                        rank = int(rng.integers(1, 40)) if rng.random() < 0.8 else None
                        official.append(
                            OfficialResult(
                                framework=fv,
                                year=int(year),
                                province=by_code[unit],
                                code=node.code,
                                score=float(rng.uniform(0, 100)) if rng.random() < 0.9 else None,
                                rank=rank,
                                rank_of=34 if rank and rng.random() < 0.8 else None,
                            )
                        )
            for node in rng.choice([n.code for n in fw.nodes], size=10, replace=False):
                kind = str(rng.choice(["rank", "score", "raw"]))
                value = float(rng.choice([0, 1, 17, 34, 100, 1e6]))
                targets.append(
                    Target(
                        province=by_code[HOME],
                        framework=fv,
                        year=int(year) + 1,
                        code=node,
                        kind=kind,
                        value=value,
                        text=f"{kind} {value}",
                    )
                )
        RawValue.objects.bulk_create(rows)
        OfficialResult.objects.bulk_create(official)
        Target.objects.bulk_create(targets)
        home = by_code[HOME]
        agency = Agency.objects.get(province=home, name="Sở Tài chính")
        for code in rng.choice(list(fw.indicators), size=5, replace=False):
            Duty.objects.create(province=home, code=str(code), agency=agency, role="lead")

    return build


STATES: dict[str, Callable[[], None]] = {
    "demo": _demo,
    "blanked": _blanked,
    "non_finite": _non_finite,
    "official_only": _official_only,
    "no_official": _no_official,
    "single_province": _single_province,
    "constant": _constant,
    "empty": _empty,
    "bare": _bare,
    "asem": _asem,
    **{f"generated_{seed}": _generated(seed) for seed in (1, 2, 3)},
}


# -- the URLs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    area: str
    pattern: str  # the URL pattern (or admin view) this request covers
    url: str
    method: str = "GET"
    data: dict = field(default_factory=dict, hash=False, compare=False)
    htmx: bool = False


def site_patterns(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """(route, pattern) of every URL of the site outside the Django admin."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin" or p.app_name == "admin":
                continue
            yield from site_patterns(p, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern), p


def _area(route: str) -> str:
    if "imports" in route:
        return "imports"
    if any(f"/{page}/" in route for page in ("whatif", "target", "robustness")):
        return "steering"
    return "pages"


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


class Data:
    """What the path parameters and query strings are filled with, read from the state's data."""

    def __init__(self) -> None:
        self.frameworks = list(FrameworkVersion.objects.all())
        home = Province.objects.filter(code=HOME).first()
        self.default = frameworks.choose(home).framework if self.frameworks else None
        self.years = sorted(
            set(RawValue.objects.values_list("year", flat=True))
            | set(OfficialResult.objects.values_list("year", flat=True))
        )
        self.provinces = list(
            Province.objects.filter(code__in=[p.code for p in official_provinces(2025)]).values_list("code", flat=True)
        )
        legacy = Province.objects.exclude(code__in=self.provinces).values_list("code", flat=True).first()
        self.all_provinces = [*self.provinces, *([legacy] if legacy else [])]
        self.batches = list(ImportBatch.objects.values_list("id", flat=True)[:3])
        from chiso.web.steering.models import Scenario, SolverPlan

        self.scenarios = list(Scenario.objects.values_list("id", flat=True)[:2])
        self.plans = list(SolverPlan.objects.values_list("id", flat=True)[:2])
        self.indicators = {fv.name: list(core_framework(fv).indicators) for fv in self.frameworks}

    def query_variants(self, name: str, area: str) -> list[str]:
        """Query strings for the home province's pages: every framework and year, bad values."""
        out = ["", "?year=abc", "?year=99999999999", "?year=-1", "?year=1999", "?framework=khong-co"]
        for fv in self.frameworks:
            for year in [*self.years, 2030]:
                out.append(f"?framework={fv.name}&year={year}")
        specific = {
            "indicators": [
                "?sort=-score",
                "?sort=rank",
                "?sort=-official",
                "?sort=gap",
                "?sort=bogus",
                "?pillar=2&below=1&off=1",
                "?agency=S%E1%BB%9F%20T%C3%A0i%20ch%C3%ADnh",
                "?pillar=zz",
            ],
            "indicators_export": ["?pillar=3&sort=-score", "?below=1&off=1"],
            "compare": ["?with=01,20", "?with=zz,14,,99", "?with=" + ",".join(self.provinces)],
            "whatif": [
                "?set=1.1.1:5&set=2.2.1:abc",
                "?set=2.2.1:1e309",
                "?v_2.2.1=NaN",
                "?v_2.2.1=1e308",
                "?scenario=abc",
                "?scenario=999999",
                *[f"?scenario={s}" for s in self.scenarios],
            ],
            "target": [
                "?node=PII&kind=rank&value=1",
                "?node=PII&kind=rank&value=abc",
                "?node=nope&kind=rank&value=3",
                "?node=1&kind=score&value=90",
                "?node=INPUT&kind=rank&value=1e309",
                "?node=PII&kind=zz&value=3",
            ],
            "audit_province": [
                "?kind=raw&via=import",
                "?via=email",
                "?from=2026-13-01",
                "?to=abc",
                "?user=-",
                "?kind=%3Cscript%3E",
                "?type=nope.nope&id=1",
                "?type=steering.scenario",
                "?page=abc",
                "?page=99999",
                "?kind=raw&key=pii-2025/2025/1.1.1",
                *[f"?type=steering.solverplan&id={p}" for p in self.plans],
            ],
            "robustness": ["?runs=abc", "?seed=-1", "?weights=nan", "?weights=5", "?p_treat=2", "?runs=100000"],
        }
        out += specific.get(name, [])
        if area == "steering" and name == "robustness":  # keep the walk fast: fewer runs but for the default
            out = [q + ("&" if q else "?") + "runs=100" if "runs=" not in q else q for q in out] + [""]
        return out

    def fill(self, route: str, values: dict[str, str]) -> str:
        return "/" + PARAM.sub(lambda m: str(values[m.group(2)]), route)


THOROUGH = ("coordinator",)  # the role that gets every query variant (the others a sample)
EVERY_PROVINCE = ("overview",)  # the page the administrator opens for every province


def requests_for(role: str, data: Data) -> Iterator[Request]:
    own = HOME if role not in ("other_coordinator",) else OTHER
    sample = list(dict.fromkeys([own, HOME, OTHER, "99"]))
    everywhere = list(dict.fromkeys([*data.all_provinces, "99", "abc"]))
    thorough = role in THOROUGH
    for route, p in site_patterns():
        params = [m.group(2) for m in PARAM.finditer(route)]
        area, name = _area(route), p.name or route
        if not params:
            yield Request(area, route, "/" + route)
            continue
        if "framework" in params and "kind" not in params:  # the administrators' framework pages
            for fv in [*data.frameworks, None]:
                name_ = fv.name if fv else "khong-co"
                nodes = [n.code for n in fv.nodes.all()[:3]] + ["khong-co"] if fv else ["1.1.1"]
                for code in nodes if "code" in params else [None]:
                    yield Request(area, route, data.fill(route, {"framework": name_, "code": code}))
            continue
        if "plan" in params or "agency" in params:  # the plan pages: own, another province's, none
            from chiso.web.people.models import Agency as Agency_
            from chiso.web.plans.models import Plan

            plans = list(Plan.objects.filter(province__code=own).values_list("id", flat=True)[:3])
            plans += [*Plan.objects.exclude(province__code=own).values_list("id", flat=True)[:1], 999999]
            agencies = list(Agency_.objects.filter(province__code=own).values_list("id", flat=True)[:3])
            agencies += [*Agency_.objects.exclude(province__code=own).values_list("id", flat=True)[:1], 999999]
            queries = [
                "",
                "?by=agency",
                "?what=task",
                "?what=kpi&item=abc",
                "?what=target&item=999999",
                "?status=achieved",
            ]
            for ident in plans if "plan" in params else agencies:
                key = "plan" if "plan" in params else "agency"
                for query in queries if thorough else queries[:1]:
                    yield Request(area, route, data.fill(route, {"code": own, key: ident}) + query)
            continue
        if "code" in params and "indicator" not in params and "batch" not in params:
            for code in everywhere if role == "admin" and name in EVERY_PROVINCE else sample:
                query = "?runs=100" if name == "robustness" else ""
                yield Request(area, route, data.fill(route, {"code": code}) + query)
            variants = data.query_variants(name, area)
            for query in variants if thorough else variants[:2] + variants[-2:]:
                yield Request(area, route, data.fill(route, {"code": own}) + query)
            if name == "whatif" and thorough:  # the htmx partial, as the page's form sends it
                codes = data.indicators.get(data.default.name, []) if data.default else []
                for value in ["5", "abc", "1e309", "-1", "NaN", "1,5"]:
                    query = {f"v_{c}": value for c in codes[:3]}
                    yield Request(area, route, data.fill(route, {"code": own}), "GET", query, htmx=True)
                    yield Request(area, route, data.fill(route, {"code": own}), "POST", query, htmx=True)
            if name == "target":
                form = {"node": "PII", "kind": "rank", "value": "1", "limits": "1.1.1;;2\nzz;1\n2.2.1;abc"}
                yield Request(area, route, data.fill(route, {"code": own}), "POST", form)
            continue
        if "indicator" in params:
            # every indicator of the default framework on the coordinator's own province;
            # a sample elsewhere and for the other roles (their answers differ by role, not by code)
            for code in sample:
                for fv in data.frameworks:
                    query = "" if fv == data.default else f"?framework={fv.name}"
                    indicators = data.indicators[fv.name]
                    if not (role == "coordinator" and code == own and "history" not in route and fv == data.default):
                        indicators = indicators[:: max(1, len(indicators) // 3)] if code == own else indicators[:1]
                    for indicator in [*indicators, "2.2", "khong-co"]:
                        yield Request(area, route, data.fill(route, {"code": code, "indicator": indicator}) + query)
                if not data.frameworks:
                    yield Request(area, route, data.fill(route, {"code": code, "indicator": "1.1.1"}))
            continue
        if "batch" in params:
            for batch in [*data.batches, 999999]:
                yield Request(area, route, data.fill(route, {"code": own, "batch": batch}))
            continue
        if set(params) == {"kind", "framework"}:
            names = [fv.name for fv in data.frameworks] + ["khong-co"]
            for kind, fw in itertools.product(["national", "annex_son_la", "annex_cao_bang", "bogus"], names):
                yield Request(area, route, data.fill(route, {"kind": kind, "framework": fw}))
            continue
        values = {"code": own, "indicator": "1.1.1", "batch": 1, "kind": "national", "framework": "pii-2025"}
        values.update({k: "1" for k in params if k not in values})
        yield Request(area, route, data.fill(route, values))  # a URL added later: walked with plain values


def admin_requests() -> Iterator[Request]:
    """The Django admin: index, every registered model's list, add form, and its first object."""
    yield Request("admin", "admin:index", reverse("admin:index"))
    for model, _model_admin in admin.site._registry.items():
        meta = model._meta
        base = f"admin:{meta.app_label}_{meta.model_name}"
        yield Request("admin", f"{base}_changelist", reverse(f"{base}_changelist"))
        yield Request("admin", f"{base}_changelist", reverse(f"{base}_changelist") + "?q=a&o=1")
        yield Request("admin", f"{base}_add", reverse(f"{base}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            for view in ("change", "history", "delete"):
                yield Request("admin", f"{base}_{view}", reverse(f"{base}_{view}", args=[first.pk]))
        yield Request("admin", f"{base}_change", reverse(f"{base}_change", args=[987654]))


# -- the walk -------------------------------------------------------------------------------------


@dataclass
class Walk:
    failures: dict[str, list[str]] = field(default_factory=lambda: {a: [] for a in AREAS})
    count: int = 0


def visit(client: Client, role: str, r: Request, walk: Walk) -> None:
    walk.count += 1

    headers = {"HTTP_HX_REQUEST": "true"} if r.htmx else {}
    label = f"{role:<17} {r.method} {r.url}" + (f" {r.data}" if r.data else "") + (" (htmx)" if r.htmx else "")
    try:
        if r.method == "POST":
            response = client.post(r.url, r.data, **headers)
        else:
            response = client.get(r.url, r.data, **headers)
    except Exception as exc:
        walk.failures[r.area].append(f"{label} -> {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
        return
    if response.status_code >= 500:
        walk.failures[r.area].append(f"{label} -> {response.status_code}")
    elif response.status_code in (400, 403, 404) and not r.htmx and r.area != "admin":
        body = response.content.decode(errors="replace")
        if "text/html" in response.get("Content-Type", "") and LAYOUT_MARK not in body:
            walk.failures[r.area].append(f"{label} -> {response.status_code} outside the site's layout")


def _saved_scenarios() -> None:
    """Saved what-if scenarios to open by id: one as saved, one naming an indicator since gone."""
    from chiso.web.steering.models import Scenario

    fv = FrameworkVersion.objects.first()
    year = RawValue.objects.filter(framework=fv).order_by("-year").values_list("year", flat=True).first()
    if fv is None or year is None or not Province.objects.filter(code=HOME).exists():
        return
    first = core_framework(fv).indicators[0]
    user = get_user_model().objects.get(username="sokhcn")
    for name, code in (("walk", first), ("walk-stale", "khong-co")):
        Scenario.objects.create(
            province=Province.objects.get(code=HOME),
            framework=fv,
            year=year,
            name=name,
            created_by=user,
            changes=[{"indicator": code, "kind": "raw", "value": 5.0}],
        )


def walk_state(state: str, area: str) -> Walk:
    """Build the state (inside the test's transaction) and walk the area's URLs as every role."""
    _reset_framework_cache()
    STATES[state]()
    _reset_framework_cache()
    _saved_scenarios()
    data = Data()
    walk = Walk()
    users = {u.username: u for u in get_user_model().objects.all()}
    for role, username in ROLES.items():
        client = Client(raise_request_exception=True)
        if username is not None:
            client.force_login(users[username])
        requests = list(requests_for(role, data))
        if role == "admin":
            requests += admin_requests()
        for r in requests:
            if r.area == area:
                visit(client, role, r, walk)
    _reset_framework_cache()
    return walk


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("state", list(STATES))
def test_walk(state, area, db):
    walk = walk_state(state, area)
    assert walk.count > 20
    lines = [f"[{state}] {line}" for line in walk.failures[area]]
    if lines:
        pytest.fail(f"{len(lines)} failing request(s) in state {state!r}, area {area!r}:\n" + "\n".join(lines), False)


def test_walk_covers_every_url(db):
    """Every URL pattern of the site is walked (a URL added later is walked with plain values),
    and every model of the administration."""
    data = Data()
    routes = {route for route, _p in site_patterns()}
    walked = {r.pattern for role in ROLES for r in requests_for(role, data)}
    assert routes <= walked, routes - walked
    admin_walked = {r.pattern for r in admin_requests()}
    for model in admin.site._registry:
        assert f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist" in admin_walked
