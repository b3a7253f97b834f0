"""The import contracts of pyproject.toml ([tool.importlinter]) hold, and they cover every web app."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "src" / "chiso" / "web"


def _contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def test_the_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "BROKEN" not in out.stdout and "0 broken" in out.stdout


def test_every_web_app_has_its_place_in_the_layers():
    """A new app (a directory with apps.py) must be placed in the layers, or the contract says nothing of it."""
    layers = next(c for c in _contracts() if c["type"] == "layers")
    placed = {name.strip() for layer in layers["layers"] for name in layer.split("|")}
    apps = {p.parent.name for p in WEB.glob("*/apps.py")}
    assert apps, "no web app found: the check looked in the wrong place"
    assert apps <= placed, f"apps missing from the layers contract: {sorted(apps - placed)}"


def test_a_broken_contract_is_reported(tmp_path):
    """The tool fails on an upward import: a two-layer package where the lower layer imports the upper."""
    pkg = tmp_path / "demo_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "high.py").write_text("")
    (pkg / "low.py").write_text("from demo_pkg import high\n")
    (tmp_path / ".importlinter").write_text(
        "[importlinter]\nroot_package = demo_pkg\n\n[importlinter:contract:1]\nname = down\n"
        "type = layers\nlayers =\n    demo_pkg.high\n    demo_pkg.low\n"
    )
    lint = Path(sys.executable).with_name("lint-imports")
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([str(lint)], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert out.returncode != 0 and "BROKEN" in out.stdout, out.stdout + out.stderr
