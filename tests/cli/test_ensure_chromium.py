"""scripts/ensure-chromium waits for the apt/dpkg lock another installation holds (ISSUE-14 finding 10),
instead of failing at once with apt-get's exit code 100. apt-get, id and sudo are fakes on PATH."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "ensure-chromium"


def _fake_bin(tmp_path: Path, busy_calls: int) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls"
    (bin_dir / "id").write_text("#!/bin/sh\necho 0\n")
    (bin_dir / "apt-get").write_text(
        f"""#!/bin/bash
echo "$*" >> {log}
n=$(wc -l < {log})
if [ "$n" -le {busy_calls} ]; then
  echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)" >&2
  exit 100
fi
exit 0
"""
    )
    for f in bin_dir.iterdir():
        f.chmod(0o755)
    return bin_dir


def _run(tmp_path: Path, busy_calls: int, wait: int) -> subprocess.CompletedProcess:
    bin_dir = _fake_bin(tmp_path, busy_calls)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "CHISO_CHROMIUM": str(tmp_path / "no-chromium"),
        "CHISO_APT_LOCK_WAIT": str(wait),
        "CHISO_APT_LOCK_PAUSE": "0.1",
    }
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)


def test_waits_for_the_lock_then_installs(tmp_path):
    r = _run(tmp_path, busy_calls=3, wait=30)
    assert r.returncode == 0, r.stderr
    calls = (tmp_path / "calls").read_text().splitlines()
    assert len(calls) == 5  # three refused, then update and install
    assert all("DPkg::Lock::Timeout=30" in c for c in calls)
    assert calls[-1].endswith("install -y -qq chromium")
    assert "waiting" in r.stderr


def test_gives_up_after_the_wait_with_a_message(tmp_path):
    r = _run(tmp_path, busy_calls=10_000, wait=1)
    assert r.returncode == 100
    assert "still held after 1s" in r.stderr


def test_present_chromium_needs_nothing(tmp_path):
    present = tmp_path / "chromium"
    present.write_text("#!/bin/sh\n")
    present.chmod(0o755)
    env = {**os.environ, "CHISO_CHROMIUM": str(present), "PATH": "/nonexistent"}
    r = subprocess.run(["/bin/bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=10)
    assert r.returncode == 0, r.stderr
