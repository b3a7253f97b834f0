"""The demo: official provinces, the pii-2025 and pii-2024 frameworks, Sơn La's real 2025 results,
agencies, assignments and 2026 targets from its plan, the illustrative national data set, and one
user per role. Idempotent: running it again changes nothing."""

from __future__ import annotations

import math

from django.db import transaction

from chiso.core import builtin
from chiso.demo.illustrative import HOME, LABEL_VI, YEAR, generate
from chiso.demo.published import son_la_2025, son_la_assignments
from chiso.web.indexdata.actions import agency_kind, apply_rows, ensure_framework
from chiso.web.indexdata.frameworks import set_framework_year
from chiso.web.people import actions as people
from chiso.web.people.models import Agency, Duty, Province, Role
from chiso.web.people.reference import load_provinces

SOURCE_SON_LA = "Kế hoạch cải thiện PII tỉnh Sơn La năm 2026 (Phụ lục)"
FRAMEWORK_YEARS = "Bộ chỉ số PII 2024 (QĐ 1705/QĐ-BKHCN) cho 2023, 2024; PII 2025 (QĐ 989/QĐ-BKHCN) từ 2025"
# Why the other provinces' values are there (shown in each indicator's data history).
ILLUSTRATIVE_REASON = (
    "Dữ liệu minh họa: giá trị thô của các tỉnh khác chưa được công bố nên được tạo ra (luôn như nhau "
    "mỗi lần tạo), sao cho khi tính lại, điểm và hạng của tỉnh Sơn La khớp với số liệu đã công bố"
)

DEMO_USERS = "Người dùng mẫu (một người cho mỗi vai trò)"
# username, password, role, province, agency (the README lists these)
USERS = [
    ("admin", "chiso-admin-2026", Role.ADMIN, None, None),
    ("sokhcn", "chiso-sokhcn-2026", Role.COORDINATOR, HOME, None),
    ("taichinh", "chiso-taichinh-2026", Role.FOCAL_POINT, HOME, "Sở Tài chính"),
    ("lanhdao", "chiso-lanhdao-2026", Role.LEADER, HOME, None),
    ("langson", "chiso-langson-2026", Role.COORDINATOR, "20", None),
]


@transaction.atomic
def load_demo(log=print) -> None:
    load_provinces()
    fv = ensure_framework(builtin("pii-2025"))
    pii_2024 = ensure_framework(builtin("pii-2024"))
    home = Province.objects.get(code=HOME)
    agencies = {name for a in son_la_assignments().values() for names in a.values() for name in names}
    # what the demo loads is written by the loader, not by a person: the audit records no user
    # (a coordinator's name on illustrative national data would be a false record)
    system = None
    for name in sorted(agencies | {"Sở Khoa học và Công nghệ"}):
        people.ensure_agency(system, home, name, agency_kind(name), why=SOURCE_SON_LA)

    for username, password, role, province, agency in USERS:
        user = people.ensure_user(system, username, password, admin=role == Role.ADMIN, why=DEMO_USERS)
        people.set_profile(
            system,
            user,
            role=role,
            province=Province.objects.get(code=province) if province else None,
            agency=Agency.objects.get(province=home, name=agency) if agency else None,
            why=DEMO_USERS,
        )

    # the framework of each year is an explicit setting, never inferred from names
    years = {2023: pii_2024, 2024: pii_2024, YEAR: fv}
    for year, framework in years.items():
        set_framework_year(system, year, framework, reason=FRAMEWORK_YEARS)

    published = son_la_2025()
    rows = []
    for code, v in published.items():
        rows.append(
            {
                "kind": "official",
                "key": {"year": YEAR, "province": HOME, "code": code},
                "fields": {
                    "score": None if math.isnan(v["score"]) else v["score"],
                    "rank": None if math.isnan(v["rank"]) else int(v["rank"]),
                    "rank_of": None if math.isnan(v["rank"]) else 34,
                    "source": SOURCE_SON_LA,
                },
            }
        )
        if not math.isnan(v["target_rank_2026"]):
            rows.append(
                {
                    "kind": "target",
                    "key": {"year": YEAR + 1, "province": HOME, "code": code, "kind": "rank"},
                    "fields": {"value": v["target_rank_2026"], "text": f"{int(v['target_rank_2026'])}/34"},
                }
            )
    # The transcribed assignments seed a fresh database only: once the plans demo has imported Sơn La's
    # annex, the annex's own agencies are the assignments (a second load must change nothing).
    seeded = Duty.objects.filter(province__code=HOME).exclude(code="").exists()
    for code, roles in ({} if seeded else son_la_assignments()).items():
        for role, names in roles.items():
            rows.extend(
                {"kind": "assignment", "key": {"province": HOME, "code": code, "agency": n, "role": role}, "fields": {}}
                for n in names
            )
    counts = apply_rows(system, fv, rows, reason=SOURCE_SON_LA)
    log(f"Sơn La 2025 results, targets and assignments: {counts}")

    data = generate().year(YEAR)
    framework = builtin("pii-2025")
    raw_rows = [
        {
            "kind": "raw",
            "key": {"year": YEAR, "province": unit, "code": code},
            "fields": {"value": float(data.values[u, i]), "source": LABEL_VI, "illustrative": True},
        }
        for u, unit in enumerate(data.units)
        for i, code in enumerate(framework.indicators)
    ]
    counts = apply_rows(system, fv, raw_rows, reason=ILLUSTRATIVE_REASON)
    log(f"illustrative national raw values {YEAR}: {counts}")

    from chiso.web.demo.cao_bang import load as load_cao_bang

    load_cao_bang(system, pii_2024, log)

    from chiso.web.plans.demo import load as load_plans

    load_plans(log)
