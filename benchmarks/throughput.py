"""The throughput part of a run: gunicorn up, each page under load, worker memory at the end.

Each page's run is bracketed by two short runs of the trivial route, and the page is compared
with the mean of those two. On a shared 2-core machine other processes come and go; a reference
taken seconds before and after the page follows that drift, where one taken at the start of the
run would not. How far the two brackets differ is kept as a measure of the noise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.client import Sessions, check_page, drain
from benchmarks.load import LoadResult, run_load
from benchmarks.pages import TRIVIAL, Page
from benchmarks.server import Gunicorn, WorkerMemory

#: Trivial brackets that differ by more than this mark a page's figure as noisy.
NOISY = 0.2


@dataclass
class PageLoad:
    """Throughput of one page, or why it was not measured."""

    status: int
    size_bytes: int
    result: LoadResult | None = None
    #: Requests/s of the trivial route right before and right after this page's run.
    trivial_before_rps: float = 0.0
    trivial_after_rps: float = 0.0
    problem: str = ""
    #: The end of gunicorn's error log when the page failed.
    server_log: str = ""
    #: How many times the page was loaded to get a steady figure.
    attempts: int = 1

    @property
    def reference_rps(self) -> float:
        """The 100 % for this page: the mean of its two trivial brackets."""
        return (self.trivial_before_rps + self.trivial_after_rps) / 2

    @property
    def noise(self) -> float:
        """Relative difference of the two brackets (0.1 = the machine's speed moved by 10 %)."""
        low, high = sorted((self.trivial_before_rps, self.trivial_after_rps))
        return (high - low) / high if high else 0.0


@dataclass
class ThroughputRun:
    """Everything measured against one server."""

    trivial: list[LoadResult] = field(default_factory=list)
    pages: dict[str, PageLoad] = field(default_factory=dict)
    memory_after_start: list[WorkerMemory] = field(default_factory=list)
    memory_after_run: list[WorkerMemory] = field(default_factory=list)

    @property
    def trivial_rps(self) -> float:
        """Mean requests/s of all trivial runs (for the table; pages use their brackets)."""
        return sum(run.requests_per_s for run in self.trivial) / max(len(self.trivial), 1)


@dataclass(frozen=True)
class LoadSettings:
    """How hard and how long each page is loaded."""

    duration: float
    warmup: float
    #: Length of each trivial-route bracket.
    reference: float
    connections: int
    generator: str
    client_threads: int
    #: Extra attempts for a page measured while the machine's speed moved (see ``NOISY``).
    retries: int = 2


def _run(port: int, path: str, cookie: str | None, duration: float, s: LoadSettings) -> LoadResult:
    drain(port, s.connections)
    return run_load(
        port,
        path,
        cookie,
        duration=duration,
        connections=s.connections,
        generator=s.generator,
        client_threads=s.client_threads,
    )


def _measure_page(
    port: int, path: str, cookie: str | None, settings: LoadSettings, load: PageLoad
) -> None:
    if settings.warmup > 0:
        # Lets both workers compile the page's templates and fill their caches.
        _run(port, path, cookie, settings.warmup, settings)
    load.result = _run(port, path, cookie, settings.duration, settings)
    if load.result.bad_status or load.result.errors:
        load.problem = f"{load.result.bad_status} bad responses, {load.result.errors} errors"


def _attempt(
    server: Gunicorn, run: ThroughputRun, path: str, cookie: str | None, settings: LoadSettings
) -> PageLoad:
    """Load one page once, between the last trivial bracket and a new one."""
    port = server.port
    check = check_page(port, path, cookie)
    load = PageLoad(status=check.status, size_bytes=check.size)
    load.trivial_before_rps = run.trivial[-1].requests_per_s
    if check.status != 200:
        load.problem = f"answered {check.status} before the load run; not measured"
        load.server_log = server.log_tail()
    else:
        _measure_page(port, path, cookie, settings, load)
        run.trivial.append(_run(port, TRIVIAL.path, None, settings.reference, settings))
    load.trivial_after_rps = run.trivial[-1].requests_per_s
    return load


def measure_throughput(
    env: dict[str, str],
    workdir: Path,
    pages: tuple[Page, ...],
    steering_id: int,
    settings: LoadSettings,
    *,
    workers: int = 2,
    progress: Callable[[str], None] = print,
) -> ThroughputRun:
    """Start gunicorn with ``env``, load the trivial route and every page, read worker memory.

    A page whose trivial brackets differ by more than ``NOISY`` is measured again, up to
    ``settings.retries`` times, and the steadiest attempt is kept.
    """
    with Gunicorn(env, workdir / "gunicorn.log", workers=workers) as server:
        server.wait_ready()
        run = ThroughputRun(memory_after_start=server.worker_memory())
        progress(f"  gunicorn on port {server.port}, workers {server.worker_pids()}")
        sessions = Sessions(server.port)
        if settings.warmup > 0:
            _run(server.port, TRIVIAL.path, None, settings.warmup, settings)
        run.trivial.append(_run(server.port, TRIVIAL.path, None, settings.reference, settings))
        progress(f"  {TRIVIAL.label}: {run.trivial[-1].requests_per_s:,.0f} req/s")
        needed = settings.warmup + settings.duration + settings.reference + 5
        for page in pages:
            path = page.url_path(steering_id)
            attempts: list[PageLoad] = []
            while len(attempts) <= settings.retries:
                load = _attempt(server, run, path, sessions.cookie(page.user, needed), settings)
                attempts.append(load)
                if load.result is None or load.noise <= NOISY:
                    break
            load = min(attempts, key=lambda attempt: attempt.noise)
            load.attempts = len(attempts)
            run.pages[page.label] = load
            if load.result:
                share = load.result.requests_per_s / load.reference_rps
                progress(
                    f"  {page.label}: {load.result.requests_per_s:,.0f} req/s, {share:.0%} of "
                    f"{load.reference_rps:,.0f} (trivial brackets differ by {load.noise:.0%}"
                    f"{f', best of {load.attempts} attempts' if load.attempts > 1 else ''})"
                )
            else:
                progress(f"  {page.label}: {load.problem}")
        run.memory_after_run = server.worker_memory()
    return run
