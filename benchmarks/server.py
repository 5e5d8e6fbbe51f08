"""Running the app under gunicorn for the throughput figures, and reading its workers' memory.

gunicorn runs as in production (sync workers, no preloading) on a free loopback port; the harness
started the master and stops only that process. Worker memory is read from
``/proc/<pid>/status`` of the master's children, since psutil is not a dependency.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.app import TRIVIAL_PATH

HOST = "127.0.0.1"
REPO_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """Return a loopback port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class WorkerMemory:
    """Memory of one gunicorn worker, in MiB."""

    pid: int
    rss_mib: float
    #: Peak resident size over the worker's life (VmHWM).
    peak_rss_mib: float


def _status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    return 0


def _children(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name sits in parentheses and may hold spaces; the ppid follows the state.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent:
            pids.append(int(entry.name))
    return sorted(pids)


class Gunicorn:
    """A gunicorn master serving ``benchmarks.wsgi:app`` with the given environment."""

    def __init__(self, env: dict[str, str], log_path: Path, workers: int = 2) -> None:
        self.port = free_port()
        self.workers = workers
        self.log_path = log_path
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"{HOST}:{self.port}",
            "--error-logfile",
            str(log_path),
            "--log-level",
            "warning",
            "benchmarks.wsgi:app",
        ]
        self._log = log_path.open("ab")
        self.process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Wait until every worker is up and the trivial route answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            if len(self.worker_pids()) == self.workers and self._answers():
                self._wait_workers_loaded(deadline)
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not come up within {timeout:.0f} s; see {self.log_path}")

    def _wait_workers_loaded(self, deadline: float) -> None:
        """Wait until the workers' memory stops growing: each worker imports the app itself
        (no ``--preload``), and one answering does not mean the other has finished."""
        last: list[float] = []
        while time.monotonic() < deadline:
            now = [worker.rss_mib for worker in self.worker_memory()]
            if (
                last
                and len(now) == len(last)
                and all(abs(a - b) < 0.25 for a, b in zip(now, last, strict=True))
            ):
                return
            last = now
            time.sleep(0.5)

    def _answers(self) -> bool:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=2)
        try:
            connection.request("GET", TRIVIAL_PATH)
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    def log_tail(self, lines: int = 30) -> str:
        """Return the last lines of gunicorn's log (tracebacks of failed requests land there)."""
        self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def worker_pids(self) -> list[int]:
        """Return the pids of the master's worker processes."""
        return _children(self.process.pid)

    def worker_memory(self) -> list[WorkerMemory]:
        """Return the resident memory of each worker now."""
        memory = []
        for pid in self.worker_pids():
            try:
                rss, peak = _status_kib(pid, "VmRSS"), _status_kib(pid, "VmHWM")
            except OSError:
                continue
            memory.append(WorkerMemory(pid=pid, rss_mib=rss / 1024, peak_rss_mib=peak / 1024))
        return memory

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the master (it stops its workers); kill it if it does not go in time."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        self._log.close()

    def __enter__(self) -> Gunicorn:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
