"""Time of reading the provinces' annexes: `python benchmarks/annex.py [--runs N]`.

Writes the Word and Excel versions of the four annexes (the test fixtures, built from the sources'
rows: Sơn La PII, Cao Bằng, Resolution 57 annexes I and II) into a temporary folder, then prints one
line per file, `annex_<name>_<format>_ms X ms` (median wall time of N in-process reads after one
warm-up read), with what was read. Also `cli_plan_read_ms`: one `chiso plan read --format json`
process on the largest file, process start included.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.annex import documents  # noqa: E402

from chiso.annex import read_annex  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        largest = None
        for name, builders in documents.BUILDERS.items():
            for builder, fmt in zip(builders, ("docx", "xlsx"), strict=True):
                path = builder(Path(folder) / f"{name}.{fmt}")
                annex = read_annex(path)  # warm-up
                times = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    annex = read_annex(path)
                    times.append(time.perf_counter() - start)
                ms = statistics.median(times) * 1000
                found = (
                    f"{len(annex.indicators)} indicators, {len(annex.all_tasks())} tasks, "
                    f"{len(annex.kpis)} KPIs, {len(annex.unplaced)} unplaced, {path.stat().st_size // 1024} KiB"
                )
                print(f"annex_{name}_{fmt}_ms {ms:.1f} ms  ({found})", flush=True)
                if largest is None or path.stat().st_size > largest.stat().st_size:
                    largest = path
        chiso = str(Path(sys.executable).with_name("chiso"))
        start = time.perf_counter()
        subprocess.run([chiso, "plan", "read", str(largest), "--format", "json"], check=True, capture_output=True)
        print(f"cli_plan_read_ms {(time.perf_counter() - start) * 1000:.1f} ms  ({largest.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
