"""How fast the web app answers its busiest pages over an archive of the whole corpus.

    python bench/bench_web.py [--corpus ../shared/corpus/reports] [--backend sqlite|postgresql|both]
                              [--requests 200] [--concurrency 4]

Per backend: import the corpus into a fresh archive (as `targetwatch archive import` does),
start `targetwatch serve` on it in a separate process (a real uvicorn, one worker), wait for
/healthz, then per page: the first (cold) request, then `--requests` sequential requests on
one keep-alive connection (p50/p95/max latency, requests/s) and the same number spread over
`--concurrency` connections (requests/s). Also the size of each page. Targets: p95 under
100 ms, no page over 300 KB. PostgreSQL runs in a throw-away schema of the database named by
TARGETWATCH_TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test)
and is skipped with a note when it does not answer.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402

from bench_archive import DEFAULT_PG, postgres_url, sqlite_url  # noqa: E402
from targetwatch.archive import Archive  # noqa: E402
from targetwatch.archive.importer import import_files, scan  # noqa: E402

PAGES = ("/", "/regions/national", "/regions/guangdong/2026", "/scoreboard/2025")
P95_TARGET_MS = 100.0
SIZE_LIMIT = 300 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, home: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "TARGETWATCH_DATABASE_URL": url, "TARGETWATCH_HOME": str(home)}
    env.pop("TARGETWATCH_ADMIN_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "targetwatch.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited: {proc.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not answer /healthz within 60 s")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(base: str, path: str, n: int, concurrency: int) -> dict[str, float]:
    with httpx.Client(base_url=base, timeout=30) as client:
        t = time.perf_counter()
        first = client.get(path)
        cold = (time.perf_counter() - t) * 1000
        first.raise_for_status()
        size = len(first.content)
        lat = []
        t0 = time.perf_counter()
        for _ in range(n):
            t = time.perf_counter()
            client.get(path).raise_for_status()
            lat.append((time.perf_counter() - t) * 1000)
        seq_rps = n / (time.perf_counter() - t0)

    per = max(1, n // concurrency)
    errors: list[str] = []

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=30) as c:
            for _ in range(per):
                r = c.get(path)
                if r.status_code != 200:
                    errors.append(str(r.status_code))

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    par_rps = per * concurrency / (time.perf_counter() - t0)
    if errors:
        raise RuntimeError(f"{path}: {len(errors)} failed requests ({errors[:3]})")
    return {"cold": cold, "p50": statistics.median(lat), "p95": pct(lat, 95), "max": max(lat), "rps": seq_rps,
            "par_rps": par_rps, "size": size}


def run(backend: str, url: str, corpus: Path, n: int, concurrency: int) -> bool:
    files = scan(corpus).files
    t0 = time.perf_counter()
    with Archive(url) as archive:
        imported = import_files(archive, files)
    print(f"\n{backend}: archived {len(imported.added)} of {len(files)} reports in {time.perf_counter() - t0:.1f} s")
    ok = True
    with tempfile.TemporaryDirectory(prefix="tw-bench-web-") as home:
        proc, base = start_server(url, Path(home))
        try:
            print(f"{'page':28} {'cold ms':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'req/s':>7} "
                  f"{'req/s x' + str(concurrency):>9} {'KB':>7}")
            for path in PAGES:
                m = measure(base, path, n, concurrency)
                flag = []
                if m["p95"] >= P95_TARGET_MS:
                    flag.append(f"p95 over {P95_TARGET_MS:.0f} ms")
                if m["size"] > SIZE_LIMIT:
                    flag.append("over 300 KB")
                ok &= not flag
                print(f"{path:28} {m['cold']:8.0f} {m['p50']:7.1f} {m['p95']:7.1f} {m['max']:7.1f} {m['rps']:7.0f} "
                      f"{m['par_rps']:9.0f} {m['size'] / 1024:7.1f}" + (f"  <- {', '.join(flag)}" if flag else ""))
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "reports")
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=4)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus} (pass --corpus)", file=sys.stderr)
        return 2
    print(f"targets: p95 < {P95_TARGET_MS:.0f} ms, pages <= 300 KB; {args.requests} requests per page; "
          f"{os.cpu_count()} CPUs")
    ok = True
    if args.backend in ("sqlite", "both"):
        with sqlite_url() as url:
            ok &= run("sqlite", url, args.corpus, args.requests, args.concurrency)
    if args.backend in ("postgresql", "both"):
        base = os.environ.get("TARGETWATCH_TEST_POSTGRES_URL") or DEFAULT_PG
        try:
            with postgres_url(base) as url:
                ok &= run("postgresql", url, args.corpus, args.requests, args.concurrency)
        except Exception as exc:  # noqa: BLE001 - no server: say so and go on
            if "server" not in str(exc).lower() and "connect" not in str(exc).lower():
                raise
            print(f"\npostgresql: skipped, {base} does not answer ({type(exc).__name__})")
    print("\nall within targets" if ok else "\nSOME PAGES MISS THE TARGETS (marked <-)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
