"""The files of deploy/ are accepted by the tools that read them on a Debian 12 server (ISSUE-14,
production walk): nginx (Debian 12 ships 1.22, which refuses `http2 on;`) and systemd's unit checker.
Each test runs where the tool is installed (nginx from apt, systemd-analyze) and is skipped elsewhere."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not (shutil.which("nginx") and shutil.which("openssl")), reason="nginx or openssl not installed")
def test_nginx_site_is_accepted_by_this_nginx(tmp_path):
    """The site file with only the documented substitutions (server_name, certificate paths; here also
    the ports and the static directory, the machine being shared) passes `nginx -t`."""
    key, cert = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    request = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=chiso.test"]
    subprocess.run(
        [*request, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    site = (DEPLOY / "nginx" / "chiso.conf").read_text()
    for old, new in {
        "/etc/ssl/chiso/": f"{tmp_path}/",
        "/var/lib/chiso/static/": f"{tmp_path}/static/",
        "listen 80;": f"listen 127.0.0.1:{_free_port()};",
        "listen 443 ssl": f"listen 127.0.0.1:{_free_port()} ssl",
        "server_name chiso.example.gov.vn;": "server_name chiso.test;",
    }.items():
        assert old in site, old
        site = site.replace(old, new)
    site = "\n".join(line for line in site.splitlines() if "[::]" not in line)  # no IPv6 needed here
    (tmp_path / "chiso").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n include {tmp_path}/chiso;\n}}\n"
    )
    r = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    assert "test is successful" in r.stderr


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_units_verify(tmp_path):
    """Every unit passes `systemd-analyze verify` once the paths it names exist (here under tmp_path)."""
    chiso = tmp_path / "opt/chiso/.venv/bin/chiso"
    chiso.parent.mkdir(parents=True)
    chiso.write_text("#!/bin/sh\n")
    chiso.chmod(0o755)
    for d in ("etc/chiso", "var/lib/chiso", "var/backups/chiso"):
        (tmp_path / d).mkdir(parents=True)
    (tmp_path / "etc/chiso/chiso.env").write_text((DEPLOY / "chiso.env.example").read_text())
    units = tmp_path / "units"
    units.mkdir()
    names = sorted(p.name for p in (DEPLOY / "systemd").iterdir())
    assert {"chiso.service", "chiso-backup.service", "chiso-backup.timer", "chiso-remind.timer"} <= set(names)
    for name in names:
        text = (DEPLOY / "systemd" / name).read_text()
        for path in ("/opt/chiso", "/etc/chiso", "/var/lib/chiso", "/var/backups/chiso"):
            text = text.replace(path, f"{tmp_path}{path}")
        (units / name).write_text(text)
    r = subprocess.run(["systemd-analyze", "verify", *names], cwd=units, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
