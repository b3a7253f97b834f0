"""Server time of each page on the demo data: `python benchmarks/pages.py [--database-url URL]`.

Prints `page_<name>_p50 X ms` and `page_<name>_p95 Y ms` over 100 requests per page (in-process
Django test client, logged in as the coordinator: view, queries, core and template, no network).
Default: a fresh SQLite database in a temporary directory; with --database-url postgres://.../NAME the
database NAME is dropped and created anew (use a scratch name such as chiso_bench).
"""

from __future__ import annotations

import argparse
import statistics
import time

from demo_db import demo_database

PAGES = {
    "dashboard": "/p/14/",
    "indicators": "/p/14/indicators/",
    "indicators_filtered": "/p/14/indicators/?pillar=2&below=1&sort=-score",
    "indicator": "/p/14/indicators/2.2.1/",
    "history": "/p/14/indicators/2.2.1/history/",
    "compare": "/p/14/compare/",
    "whatif": "/p/14/whatif/",
    "target_rank19": "/p/14/target/?node=PII&kind=rank&value=19",
    "robustness_10000": "/p/14/robustness/",
}
SLOW = {"robustness_10000"}  # the one page with a budget of its own (the Monte Carlo run)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    backend = demo_database(
        args.database_url, "chiso-bench-", {"ALLOWED_HOSTS": "testserver", "CHISO_PLAIN_HTTP": "true"}
    )
    from django.test import Client

    client = Client()
    assert client.login(username="sokhcn", password="chiso-sokhcn-2026")
    for name, url in PAGES.items():
        n = 10 if name in SLOW else args.requests
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(n):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
        print(f"page_{name}_{backend}_p50 {statistics.median(times):.1f} ms", flush=True)
        print(f"page_{name}_{backend}_p95 {p95:.1f} ms", flush=True)
    # one what-if change as the page sends it (htmx POST returning the result fragment)
    times = []
    for k in range(args.requests):
        start = time.perf_counter()
        response = client.post("/p/14/whatif/", {"v_7.2.2": f"{50 + k % 10},5"}, HTTP_HX_REQUEST="true")
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    times.sort()
    print(f"page_whatif_change_htmx_{backend}_p50 {statistics.median(times):.1f} ms", flush=True)
    print(f"page_whatif_change_htmx_{backend}_p95 {times[round(0.95 * len(times)) - 1]:.1f} ms", flush=True)


if __name__ == "__main__":
    main()
