"""Import speed: `python benchmarks/imports.py [--database-url URL] [--skip-large]`.

Prints `name value unit` lines, for the whole workflow of the imports page and of `chiso import`
(read the file, preview against the stored data, store the preview, apply it in one transaction
with its audit records), through the same functions the page and the command line call:

- `import_national_34x52_*`: a national CSV of the 34 provinces x 52 indicators of pii-2025 in
  which every value differs from the demo's (1,768 changes), as the administrator. Budget < 1 s
  for preview + apply. Median of 5 runs.
- `import_large_*`: the size of 3,321 communes x 52 indicators (172,692 values). The database
  holds provinces, not communes, so the same number of values is made with a synthetic framework
  (`bench-large`: one root, 51 groups of 100 indicators = 5,100 indicators) and the 34 provinces:
  34 x 5,100 = 173,400 values, first all new, then all changed. Budget < 30 s each. One run.
  `_cpu` is this process's CPU time (the database's own work on PostgreSQL is not in it): on a
  shared machine the wall time also holds the time spent waiting for a core.

Default: a fresh SQLite database in a temporary directory; with --database-url postgres://.../NAME
the database NAME is dropped and created anew (use a scratch name such as chiso_bench_imports).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from demo_db import demo_database


def _write_csv(path: Path, codes: list[str], units: list[str], value) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(",".join(["unit", *codes]) + "\n")
        for u, unit in enumerate(units):
            fh.write(",".join([unit, *(repr(value(u, i)) for i in range(len(codes)))]) + "\n")


def _run(user, fv, path: Path, year: int, province) -> tuple[float, float, dict]:
    from chiso.web.imports import service

    c0, t0 = time.process_time(), time.perf_counter()
    scope = service.Scope.of(user, province)
    rows, years = service.parse_file("national", path, path.name, fv, year, province.code)
    entries = service.preview(fv, rows, scope)
    batch = service.create_batch(user, "national", province, fv, years, path.name, service.sha256_of(path), entries)
    t1 = time.perf_counter()
    counts = service.apply_batch(user, batch, reason="benchmark", confirm_clear=False)
    t2, c2 = time.perf_counter(), time.process_time()
    return t1 - t0, t2 - t1, counts, c2 - c0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    backend = demo_database(args.database_url, "chiso-bench-imports-", None)
    from django.contrib.auth import get_user_model

    from chiso.core import Framework, Node
    from chiso.demo.illustrative import generate
    from chiso.web.indexdata.actions import core_framework, ensure_framework
    from chiso.web.indexdata.models import FrameworkVersion
    from chiso.web.people.models import Province

    admin = get_user_model().objects.get(username="admin")
    home = Province.objects.get(code="14")
    tmp = Path(os.environ["CHISO_DATA_DIR"])

    fv = FrameworkVersion.objects.get(name="pii-2025")
    data = generate().year(2025)
    codes = list(core_framework(fv).indicators)
    previews, applies = [], []
    for run in range(args.runs):
        path = tmp / f"national-{run}.csv"
        _write_csv(path, codes, list(data.units), lambda u, i, r=run: float(data.values[u, i]) + 0.5 * (r + 1))
        p, a, counts, _cpu = _run(admin, fv, path, 2025, home)
        assert counts["changed"] == 34 * 52, counts
        previews.append(p)
        applies.append(a)
    print(f"import_national_34x52_preview_{backend} {statistics.median(previews) * 1000:.0f} ms")
    print(f"import_national_34x52_apply_{backend} {statistics.median(applies) * 1000:.0f} ms")
    total = statistics.median(p + a for p, a in zip(previews, applies, strict=True))
    print(f"import_national_34x52_total_{backend} {total * 1000:.0f} ms")

    if args.skip_large:
        return
    nodes = [Node("IDX", "Synthetic index", None)]
    large_codes = []
    for g in range(1, 52):
        nodes.append(Node(f"G{g}", f"Group {g}", "IDX"))
        for k in range(1, 101):
            code = f"{g}.{k}"
            nodes.append(Node(code, f"Indicator {code}", f"G{g}"))
            large_codes.append(code)
    large = ensure_framework(Framework("bench-large", nodes))
    units = list(Province.objects.filter(current=True).values_list("code", flat=True))
    for label, shift in (("new", 0.0), ("changed", 1.0)):
        path = tmp / f"large-{label}.csv"
        _write_csv(path, large_codes, units, lambda u, i, s=shift: (u * 7 + i) % 1000 / 10 + s)
        p, a, counts, cpu = _run(admin, large, path, 2025, home)
        assert counts[label] == len(units) * len(large_codes), counts
        n = len(units) * len(large_codes)
        print(f"import_large_{label}_{n}_values_preview_{backend} {p:.2f} s")
        print(f"import_large_{label}_{n}_values_apply_{backend} {a:.2f} s")
        print(f"import_large_{label}_{n}_values_total_{backend} {p + a:.2f} s")
        print(f"import_large_{label}_{n}_values_cpu_{backend} {cpu:.2f} s")  # this process's CPU time


if __name__ == "__main__":
    main()
