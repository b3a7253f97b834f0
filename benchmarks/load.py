"""Load test: 50 concurrent users browsing chiso under `chiso serve` (gunicorn) on PostgreSQL.

    python benchmarks/load.py [--database-url postgres://postgres@127.0.0.1:5432/h_ops] [--users 50]
                              [--duration 120] [--think 3,10] [--workers N]

What it does, bounded in time and on loopback only:
1. drops and creates the database the URL names (a scratch database: never a real one), runs
   `chiso manage migrate` and `chiso manage load_demo` in a fresh data directory;
2. starts `chiso serve --bind 127.0.0.1:<free port>` (DEBUG off, CHISO_PLAIN_HTTP=true as on an
   intranet) and waits for /healthz;
3. logs the users in, one by one over 30 seconds (each as a demo user, then its home page and the
   static files, which a browser then caches), and reports these requests apart: a login checks a
   password hash that is slow on purpose (Django's PBKDF2, 1,000,000 iterations, about half a
   second of CPU), and 50 people do not log in within the same minute. Then, for --duration
   seconds, the 50 users browse as people would, with a THINK TIME drawn uniformly between 3 and 10 seconds (mean 6,5 s) after
   every page — people read a dashboard or an indicator table for longer than that, so this is a
   busier crowd than 50 real users. An overview user (coordinator, leader, administrator) opens
   the dashboard, the indicator table, one indicator (a link of the table), the comparison page
   (default, or with chosen provinces), the what-if page and then changes one to three values in
   it, each change one htmx POST as the page sends it (the whole form, `HX-Request: true`), with a
   shorter pause (1 to 4 s) between changes. A focal point (only its agency's indicators) opens the
   indicator table, its indicators and their history. Static files are fetched once per user,
   after login (a browser caches them);
4. after --duration seconds no user starts a request; the server is stopped (SIGTERM) and per page
   the count, p50, p95, max and errors are printed (an error: an exception, a timeout, or a status
   other than the one expected — 200, or 302 for the login).

Latency is measured by the client: connect, send, the whole body read. The client, the server and
PostgreSQL share the machine; the script prints its core count and load average so the figures can
be read with them.
"""

from __future__ import annotations

import argparse
import html
import http.client
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path

from demo_db import drop_postgres, fresh_postgres

THINK = (3.0, 10.0)  # seconds a user reads a page before the next click (uniform)
THINK_TYPING = (1.0, 4.0)  # seconds between two what-if changes (typing a number)
LOGIN_RAMP = 30.0  # seconds over which the users arrive and log in (not measured with the pages)
TIMEOUT = 30.0  # a request taking longer is an error
TARGET_P95_MS = 300.0

# (user, password, province, overview?) and how many of the users log in as each (weights)
ACCOUNTS = [
    ("sokhcn", "chiso-sokhcn-2026", "14", True, 4),
    ("lanhdao", "chiso-lanhdao-2026", "14", True, 2),
    ("admin", "chiso-admin-2026", "14", True, 1),
    ("langson", "chiso-langson-2026", "20", True, 2),
    ("taichinh", "chiso-taichinh-2026", "14", False, 1),
]


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: list[str] = []

    def add(self, page: str, ms: float, error: str | None) -> None:
        with self.lock:
            self.times[page].append(ms)
            if error:
                self.errors[page] += 1
                if len(self.samples) < 20:
                    self.samples.append(f"{page}: {error}")


class Browser:
    """One user's browser: cookies, CSRF token, one connection per request (gunicorn's sync workers
    close the connection after each response)."""

    def __init__(self, port: int, stats: Stats) -> None:
        self.port = port
        self.stats = stats
        self.cookies: dict[str, str] = {}

    def request(
        self, page: str, method: str, path: str, body: dict | list | None = None, expect: int = 200, htmx=False
    ) -> str | None:
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "vi", "User-Agent": "chiso-load"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        if htmx:
            headers["HX-Request"] = "true"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        start = time.perf_counter()
        error = text = None
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
            try:
                conn.request(method, path, body=data, headers=headers)
                response = conn.getresponse()
                raw = response.read()
                for value in response.headers.get_all("Set-Cookie") or []:
                    for name, morsel in SimpleCookie(value).items():
                        self.cookies[name] = morsel.value
            finally:
                conn.close()
            if response.status != expect:
                error = f"{method} {path} -> {response.status}"
            else:
                text = raw.decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            error = f"{method} {path} -> {type(exc).__name__}: {exc}"
        self.stats.add(page, (time.perf_counter() - start) * 1000, error)
        return text


def _csrf(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return match.group(1) if match else ""


def _number(text: str) -> float | None:
    """A value as the page writes it (45,5 or 1.234,5), or None."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _vn(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")


def user(
    n: int, port: int, arrival: Stats, stats: Stats, go: threading.Event, stop: threading.Event, rng: random.Random
) -> None:
    weighted = [a for a in ACCOUNTS for _ in range(a[4])]
    name, password, province, overview, _ = weighted[n % len(weighted)]
    b = Browser(port, arrival)

    def think(span=THINK) -> bool:
        return not stop.wait(rng.uniform(*span))

    if stop.wait(LOGIN_RAMP * n / 50):  # 50 users arrive over LOGIN_RAMP seconds
        return
    login = b.request("login (form)", "GET", "/login/")
    if login is None:
        return
    home = f"/p/{province}/" if overview else f"/p/{province}/indicators/"
    b.request(
        "login (POST)",
        "POST",
        "/login/",
        {"csrfmiddlewaretoken": _csrf(login), "username": name, "password": password, "next": home},
        expect=302,
    )
    first = b.request("dashboard" if overview else "indicators", "GET", home)
    for asset in dict.fromkeys(re.findall(r'(?:href|src)="(/static/[^"]+)"', first or "")):
        b.request("static file", "GET", asset)
    go.wait()
    b.stats = stats  # the measured browsing starts now
    base = f"/p/{province}"
    while think():
        table = b.request("indicators", "GET", f"{base}/indicators/")
        links = sorted(set(re.findall(rf'href="{base}/indicators/([^/"]+)/"', table or "")))
        if rng.random() < 0.3 and think():
            b.request(
                "indicators, filtered", "GET", f"{base}/indicators/?pillar={rng.randint(1, 7)}&below=1&sort=-score"
            )
        if not links or not think():
            continue
        code = rng.choice(links)
        b.request("indicator", "GET", f"{base}/indicators/{urllib.parse.quote(code)}/")
        if not overview:
            if think():
                b.request("indicator history", "GET", f"{base}/indicators/{urllib.parse.quote(code)}/history/")
            continue
        if not think():
            break
        compare = f"{base}/compare/"
        if rng.random() < 0.5:
            compare += "?with=" + ",".join(rng.sample(["01", "04", "08", "15", "19", "22", "24", "31"], 2))
        b.request("compare", "GET", compare)
        if not think():
            break
        page = b.request("what-if page", "GET", f"{base}/whatif/")
        if page:
            action = re.search(r'hx-post="([^"]+)"', page)
            fields = re.findall(r'<input name="(v_[^"]+)" id="[^"]*" value="([^"]*)" placeholder="([^"]*)"', page)
            form = {"csrfmiddlewaretoken": _csrf(page), **{f: v for f, v, _ in fields}}
            for _ in range(rng.randint(1, 3)):
                if not action or not fields or not think(THINK_TYPING):
                    break
                field, _, placeholder = rng.choice(fields)
                current = _number(placeholder)
                if current is None:
                    continue
                form[field] = _vn(current * rng.uniform(1.05, 1.5) if current else rng.uniform(1, 10))
                b.request("what-if change (htmx)", "POST", html.unescape(action.group(1)), form, htmx=True)
        if not think():
            break
        b.request("dashboard", "GET", f"{base}/")


def _worker_cpu(master: int) -> float:
    """CPU seconds used so far by the server's worker processes (children of the master)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # ppid
            total += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return total


def _machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, every core."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    idle = values[3] + values[4]
    return (sum(values) - idle) / tick, sum(values) / tick


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * len(values)) - 1))]


def _table(stats: Stats) -> float:
    """Print count, p50, p95, max and errors per page; return the worst p95 of the pages."""
    print(f"{'page':<24} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>6}")
    every: list[float] = []
    worst = 0.0
    for page, times in stats.times.items():
        every += times
        p95 = _percentile(times, 0.95)
        if page != "static file":
            worst = max(worst, p95)
        print(
            f"{page:<24} {len(times):>6} {statistics.median(times):>8.0f} {p95:>8.0f} {max(times):>8.0f} "
            f"{stats.errors.get(page, 0):>6}"
        )
    if every:
        print(
            f"{'all':<24} {len(every):>6} {statistics.median(every):>8.0f} {_percentile(every, 0.95):>8.0f} "
            f"{max(every):>8.0f} {sum(stats.errors.values()):>6}"
        )
    return worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/h_ops")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of browsing (default 120)")
    parser.add_argument("--workers", type=int, help="chiso serve --workers (default: chiso's own)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url: a PostgreSQL URL (the test is on PostgreSQL)")
    chiso = str(Path(sys.executable).parent / "chiso")
    data_dir = tempfile.mkdtemp(prefix="chiso-load-")
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "PGPASSWORD")},
        "DATABASE_URL": args.database_url,
        "CHISO_DATA_DIR": data_dir,
        "SECRET_KEY": "load-" + "x" * 60,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "CHISO_PLAIN_HTTP": "true",
    }
    started = time.perf_counter()
    fresh_postgres(args.database_url)
    for command in (["manage", "migrate", "-v", "0"], ["manage", "load_demo"]):
        subprocess.run([chiso, *command], env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"set-up (database, migrate, demo) {time.perf_counter() - started:.1f} s", flush=True)
    serve = [chiso, "serve", "--bind", f"127.0.0.1:{port}"]
    if args.workers:
        serve += ["--workers", str(args.workers)]
    log = open(Path(data_dir) / "serve.log", "w")  # closed below
    server = subprocess.Popen(serve, env=env, stdout=log, stderr=subprocess.STDOUT)
    stats = Stats()
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                print(Path(data_dir, "serve.log").read_text(), file=sys.stderr)
                print("chiso serve did not answer /healthz", file=sys.stderr)
                return 1
            time.sleep(0.5)
        workers = re.search(r"with (\d+) workers", Path(data_dir, "serve.log").read_text())
        load_before = os.getloadavg()
        print(
            f"chiso serve on 127.0.0.1:{port}, {workers.group(1) if workers else '?'} workers; "
            f"{args.users} users for {args.duration:.0f} s; think time {THINK[0]:g}–{THINK[1]:g} s; "
            f"{os.cpu_count()} cores, load average {load_before[0]:.2f}",
            flush=True,
        )
        go, stop = threading.Event(), threading.Event()
        arrival = Stats()
        threads = [
            threading.Thread(target=user, args=(n, port, arrival, stats, go, stop, random.Random(n)), daemon=True)
            for n in range(args.users)
        ]
        for t in threads:
            t.start()
        time.sleep(LOGIN_RAMP * args.users / 50 + 10)  # every user logged in (a slow login only delays its user)
        logged_in = time.monotonic()
        load_start = os.getloadavg()
        cpu_start, machine_start = _worker_cpu(server.pid), _machine_cpu()
        go.set()
        stop.wait(args.duration)
        stop.set()
        for t in threads:
            t.join(TIMEOUT + 5)
        elapsed = time.monotonic() - logged_in
        load_after = os.getloadavg()
        cpu = _worker_cpu(server.pid) - cpu_start
        machine = [b - a for a, b in zip(machine_start, _machine_cpu(), strict=True)]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    print(f"\narrival: {args.users} users logging in over {LOGIN_RAMP:.0f} s (not part of the target)")
    _table(arrival)
    total = sum(len(v) for v in stats.times.values())
    errors = sum(stats.errors.values()) + sum(arrival.errors.values())
    print(
        f"\nbrowsing: {total} requests in {elapsed:.0f} s ({total / elapsed:.1f}/s); "
        f"load average {load_start[0]:.2f} at the start, {load_after[0]:.2f} at the end"
    )
    print(
        f"CPU during the browsing: chiso's workers {cpu:.1f} s ({1000 * cpu / max(total, 1):.0f} ms per request, "
        f"PostgreSQL not counted); the whole machine busy {100 * machine[0] / machine[1]:.0f}% of its "
        f"{os.cpu_count()} cores, of which {100 * cpu / machine[1]:.0f}% chiso's workers"
    )
    worst = _table(stats)
    for sample in arrival.samples + stats.samples:
        print("error:", sample)
    if not args.keep:
        drop_postgres(args.database_url)
        shutil.rmtree(data_dir, ignore_errors=True)
    ok = errors == 0 and total > 0 and worst < TARGET_P95_MS
    print(f"target: every page's p95 under {TARGET_P95_MS:.0f} ms and no error: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
