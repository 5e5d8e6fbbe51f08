"""Bounded load against the local server: wrk if installed, else a Python generator.

Every run targets 127.0.0.1 only, lasts a fixed time and keeps a fixed number of connections
open. wrk (C, epoll) is preferred because it needs little CPU; on a 2-core machine the Python
generator competes with the server for the cores and can become the bottleneck itself, so it runs
in separate processes (no shared GIL with the harness) and its figures are a lower bound.
"""

from __future__ import annotations

import http.client
import multiprocessing
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass

from benchmarks.server import HOST

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class LoadResult:
    """What one load run achieved."""

    tool: str
    requests: int
    duration_s: float
    requests_per_s: float
    #: Responses other than 2xx/3xx.
    bad_status: int
    #: Connect, read, write errors and timeouts.
    errors: int
    latency_p50_ms: float | None
    latency_p99_ms: float | None


def wrk_available() -> bool:
    """Tell whether wrk is on the PATH."""
    return shutil.which("wrk") is not None


def _latency_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def _run_wrk(
    port: int,
    path: str,
    cookie: str | None,
    duration: float,
    connections: int,
    threads: int,
    headers: tuple[tuple[str, str], ...] = (),
) -> LoadResult:
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(int(round(duration)), 1)}s",
        "--timeout=10s",
        "--latency",
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    for name, value in headers:
        command += ["--header", f"{name}: {value}"]
    command.append(f"http://{HOST}:{port}{path}")
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=duration + 60
    ).stdout
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    errors = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if total is None or rate is None:
        raise RuntimeError(f"cannot read wrk output:\n{output}")
    return LoadResult(
        tool="wrk",
        requests=int(total.group(1)),
        duration_s=_latency_ms(total.group(2) + total.group(3)) / 1000,
        requests_per_s=float(rate.group(1)),
        bad_status=int(bad.group(1)) if bad else 0,
        errors=sum(int(value) for value in errors.groups()) if errors else 0,
        latency_p50_ms=_latency_ms(p50.group(1)) if p50 else None,
        latency_p99_ms=_latency_ms(p99.group(1)) if p99 else None,
    )


def _python_process(job: tuple) -> dict:
    """Run ``threads`` keep-alive clients until the deadline; return counts and latencies."""
    port, path, cookie, start_at, deadline, threads, extra = job
    headers = {"Cookie": cookie} if cookie else {}
    headers.update(extra)
    totals = {"ok": 0, "bad": 0, "errors": 0}
    latencies: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        ok = bad = errors = 0
        mine: list[float] = []
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        time.sleep(max(start_at - time.time(), 0))
        while time.time() < deadline:
            began = time.perf_counter()
            try:
                # http.client reopens the connection by itself when the server closed it.
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
                continue
            mine.append((time.perf_counter() - began) * 1000)
            if response.status < 400:
                ok += 1
            else:
                bad += 1
        connection.close()
        with lock:
            totals["ok"] += ok
            totals["bad"] += bad
            totals["errors"] += errors
            latencies.extend(mine)

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return {**totals, "latencies": latencies}


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)]


def _run_python(
    port: int,
    path: str,
    cookie: str | None,
    duration: float,
    connections: int,
    processes: int,
    headers: tuple[tuple[str, str], ...] = (),
) -> LoadResult:
    if duration <= 0:
        raise ValueError("a load run needs a positive duration")
    processes = max(min(processes, connections), 1)
    per_process = [
        connections // processes + (i < connections % processes) for i in range(processes)
    ]
    start_at = time.time() + 1.0  # time for the processes to start
    deadline = start_at + duration
    jobs = [(port, path, cookie, start_at, deadline, n, headers) for n in per_process]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        parts = pool.map(_python_process, jobs)
    latencies = [value for part in parts for value in part["latencies"]]
    done = sum(part["ok"] + part["bad"] for part in parts)
    return LoadResult(
        tool=f"python ({processes} processes, {connections} threads)",
        requests=done,
        duration_s=duration,
        requests_per_s=done / duration,
        bad_status=sum(part["bad"] for part in parts),
        errors=sum(part["errors"] for part in parts),
        latency_p50_ms=_percentile(latencies, 0.50),
        latency_p99_ms=_percentile(latencies, 0.99),
    )


def run_load(
    port: int,
    path: str,
    cookie: str | None,
    *,
    duration: float,
    connections: int = 16,
    generator: str = "auto",
    client_threads: int = 2,
    headers: tuple[tuple[str, str], ...] = (),
) -> LoadResult:
    """Load one path for ``duration`` seconds with ``connections`` concurrent connections.

    ``generator`` is ``wrk``, ``python`` or ``auto`` (wrk when installed). ``client_threads`` is
    wrk's thread count, or the Python generator's process count. ``headers`` are sent with
    every request (e.g. ``If-None-Match`` for a conditional GET).
    """
    use_wrk = generator == "wrk" or (generator == "auto" and wrk_available())
    if use_wrk:
        return _run_wrk(port, path, cookie, duration, connections, client_threads, headers)
    return _run_python(port, path, cookie, duration, connections, client_threads, headers)
