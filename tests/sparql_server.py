"""An Oxigraph server for the tests: started on a free loopback port, stopped afterwards.

``pip install oxigraph`` (in the test extra) provides the ``oxigraph`` command.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

STARTUP = 30.0  # seconds the server may take to answer


def oxigraph_command() -> str | None:
    """The ``oxigraph`` command beside this Python, else on the PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.exists():
        return str(beside)
    return shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# The server's own limit on one query (docs/deploy.md): a runaway query a test sends stops
# there too instead of keeping a core busy for the rest of the run.
QUERY_TIMEOUT_S = 10


class OxigraphServer:
    """``oxigraph serve`` on a folder of its own; :meth:`kill` and :meth:`start` again."""

    def __init__(
        self, location: Path, command: str, query_timeout_s: int | None = QUERY_TIMEOUT_S
    ) -> None:
        self.location = location
        self.command = command
        self.query_timeout_s = query_timeout_s
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def store(self) -> str:
        """The value of ``--store``."""
        return f"sparql+{self.url}"

    def start(self) -> OxigraphServer:
        log = (self.location.parent / f"{self.location.name}.log").open("ab")
        argv = [self.command, "serve", "--location", str(self.location), "--bind", self.url[7:]]
        self.process = subprocess.Popen(
            [*argv, *self._limit()],
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer on {self.url} in {STARTUP} s")

    def _limit(self) -> list[str]:
        if self.query_timeout_s is None:
            return []
        return ["--timeout-s", str(self.query_timeout_s)]  # as docs/deploy.md: runaways stop

    def kill(self) -> None:
        """Stop the server at once (SIGKILL), as a crash would."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None
