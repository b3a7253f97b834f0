"""Benchmarks: `python benchmarks/run.py` prints one line per figure, `name value unit`.

Each figure is the median wall time of repeated in-process runs (treatment included). Data:
the illustrative national data set (34 provinces, every indicator passes the outlier test),
and heavy-tailed random data (log-normal, sigma 1) where about 30 of 52 indicators need
winsorisation: the slower, worst realistic case.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from chiso.core import DataSet, YearData, builtin, compute, compute_values
from chiso.core.robustness import robustness
from chiso.core.solver import SolverTarget, solve_full
from chiso.core.whatif import ScenarioChange, whatif
from chiso.demo.illustrative import HOME, generate


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def figure(name: str, value: float, unit: str) -> None:
    print(f"{name} {value:.3f} {unit}", flush=True)


def main() -> None:
    fw = builtin("pii-2025")
    rng = np.random.default_rng(0)
    demo_year = generate().year(2025)
    demo = demo_year.values
    heavy = {n: rng.lognormal(size=(n, 52)) for n in (34, 63, 3321)}

    figure("compute_34x52", median_ms(lambda: compute_values(fw, demo), 500), "ms")
    figure("compute_34x52_heavy_tailed", median_ms(lambda: compute_values(fw, heavy[34]), 300), "ms")
    figure("compute_63x52_heavy_tailed", median_ms(lambda: compute_values(fw, heavy[63]), 300), "ms")
    years = DataSet(
        fw,
        {2016 + y: YearData(2016 + y, [f"P{i}" for i in range(34)], rng.lognormal(size=(34, 52))) for y in range(10)},
    )
    figure("compute_10y_34x52_heavy_tailed", median_ms(lambda: compute(years), 50), "ms")
    figure("compute_3321x52_heavy_tailed", median_ms(lambda: compute_values(fw, heavy[3321]), 10), "ms")

    # analyses on the illustrative data, Sơn La (rank 23)
    home = demo_year.units.index(HOME)
    change = [ScenarioChange(HOME, "7.2.2", "relative", 10.0)]
    figure("whatif_one_change", median_ms(lambda: whatif(fw, demo_year, change), 200), "ms")
    figure("solve_pii_rank", median_ms(lambda: solve_full(fw, demo, home, SolverTarget("PII", "rank", 15)), 20), "ms")
    figure("robustness_10000", median_ms(lambda: robustness(fw, demo, runs=10_000, seed=0), 5), "ms")
    reading(fw, heavy[3321])
    partial_figures()


def reading(fw, values: np.ndarray) -> None:
    """Reading data files: 34 provinces and 3,321 communes x 52 indicators, CSV and XLSX."""
    import tempfile

    import openpyxl

    from chiso.core import read_dataset

    with tempfile.TemporaryDirectory() as tmp:
        for n in (34, 3321):
            header = ["unit", *fw.indicators]
            rows = [[f"U{u}", *(round(float(v), 4) for v in values[u])] for u in range(n)]
            csv_path = Path(tmp) / f"d{n}.csv"
            csv_path.write_text("\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n", encoding="utf-8")
            book = openpyxl.Workbook(write_only=True)
            ws = book.create_sheet("data")
            ws.append(header)
            for r in rows:
                ws.append(r)
            xlsx_path = Path(tmp) / f"d{n}.xlsx"
            book.save(xlsx_path)
            repeat = 20 if n == 34 else 3
            figure(f"read_csv_{n}x52", median_ms(lambda p=csv_path: read_dataset(p, fw, match=False), repeat), "ms")
            figure(f"read_xlsx_{n}x52", median_ms(lambda p=xlsx_path: read_dataset(p, fw, match=False), repeat), "ms")


def partial_figures() -> None:
    """The partial view on Cao Bằng's real 2024 annex (own values and published bounds), ranked among
    63 published PII scores; and the time to generate the illustrative national data set."""
    import tempfile
    from importlib import resources

    from chiso.core.partial import partial_view
    from chiso.core.partial import solve as solve_partial_view
    from chiso.core.partial_inputs import read_bounds, read_ranking

    fw = builtin("pii-2024")
    with resources.as_file(resources.files("chiso.demo") / "data" / "cao_bang_bounds.csv") as path:
        figure("partial_read_bounds", median_ms(lambda: read_bounds(path, fw, year=2024), 50), "ms")
        bounds = read_bounds(path, fw, year=2024)
    with tempfile.TemporaryDirectory() as tmp:
        ranking_path = Path(tmp) / "ranking.csv"
        lines = ["unit,code,score"] + [f"P{i},PII,{s:.2f}" for i, s in enumerate(np.linspace(60.76, 24.1, 62))]
        ranking_path.write_text("\n".join([*lines, "Cao Bằng,PII,23.95"]) + "\n", encoding="utf-8")
        ranking = read_ranking(ranking_path, fw)
    view = partial_view(fw, bounds, ranking, unit="Cao Bằng")
    figure("partial_compute", median_ms(lambda: partial_view(fw, bounds, ranking, unit="Cao Bằng"), 200), "ms")
    target = SolverTarget("PII", "rank", 50)
    figure("partial_solve_pii_rank", median_ms(lambda: solve_partial_view(view, target), 20), "ms")
    figure("illustrative_generate", median_ms(generate, 2) / 1000, "s")


if __name__ == "__main__":
    main()
