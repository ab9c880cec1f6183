"""Process isolation for outside input: a forked child with a deadline, memory ceiling, no net.

It serves two guarantees. The read-only one: layer (a) is the query policy
(:mod:`usm_kb.store.policy`), decided on the query text; layer (b), here, does not trust it —
whatever executes a query from outside (the endpoint's worker processes, a child forked for
one CLI query) first moves into a new, empty Linux network namespace (no interfaces, not even
loopback), so a ``SERVICE`` or ``LOAD`` that slipped through cannot reach any host. Where the
OS offers no namespaces (macOS, Windows, Linux without user namespaces) :func:`deny_network`
says so and only layer (a) remains. And the resource one: a child dies alone when a parser
overflows its stack or an input exhausts its memory ceiling (``RLIMIT_AS``), and is killed at
its deadline; the parent turns each case into one clear error.
"""

from __future__ import annotations

import ctypes
import faulthandler
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import Any

from usm_kb.errors import QueryError, QueryUnavailable, UsmKbError

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
READ_CHUNK = 1 << 16
CAN_FORK = hasattr(os, "fork")


def deny_network() -> str:
    """Enter an empty network namespace; return what is in place (for logs and /-/health)."""
    flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(flags) != 0:
            return f"none (unshare failed: {os.strerror(ctypes.get_errno())})"
    except (OSError, AttributeError) as exc:  # no libc.unshare: not Linux
        return f"none ({exc.__class__.__name__}: no network namespaces on this platform)"
    return "network namespace (no interfaces)"


def probe_sandbox() -> str:
    """What :func:`deny_network` gives on this machine, tried in a throwaway child."""
    if not CAN_FORK:
        return "none (no fork on this platform)"
    answer: str = run_forked(deny_network, (), 30, sandbox=False)
    return answer


def run_forked(
    function: Callable[..., Any],
    args: tuple[Any, ...],
    timeout: float | None,
    *,
    sandbox: bool,
    memory_mb: int = 0,
    crash: type[UsmKbError] = QueryError,
    what: str = "the query engine",
) -> Any:
    """Run ``function(*args)`` in a forked child; return its result or raise its error.

    The child gets no network (*sandbox*) and at most *memory_mb* of address space (0: no
    ceiling); it is killed after *timeout* seconds (None: no deadline). A child that dies
    without an answer raises *crash* naming *what* and the signal.
    """
    reader, writer = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(reader)
        too_big = crash(f"{what} needed more memory")
        _child(function, args, writer, sandbox, memory_mb, too_big, parent)
    os.close(writer)
    try:
        deadline = None if timeout is None else time.monotonic() + timeout
        data = _read_until(reader, deadline, pid)
    finally:
        os.close(reader)
    status = os.waitpid(pid, 0)[1]
    if data is None:
        raise QueryUnavailable(f"query stopped after the {timeout:g} s time limit")
    if not data:
        how = (
            signal.Signals(os.WTERMSIG(status)).name
            if os.WIFSIGNALED(status)
            else f"exit {os.WEXITSTATUS(status)}"
        )
        ceiling = f" within its {memory_mb} MiB memory ceiling" if memory_mb else ""
        raise crash(f"{what} crashed on this input ({how}){ceiling}")
    outcome, value = pickle.loads(data)
    if outcome == "error":
        raise value
    return value


def _child(
    function: Callable[..., Any],
    args: tuple[Any, ...],
    writer: int,
    sandbox: bool,
    memory_mb: int,
    too_big: UsmKbError,
    parent: int,
) -> None:
    """Run in the forked child and leave with ``os._exit``, whatever happens."""
    code = 1
    faulthandler.disable()  # a deliberate crash here is reported by the parent, in one line
    try:
        try:
            _die_with_parent(parent)
            if sandbox:
                deny_network()
            if memory_mb:
                resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, _hard_limit()))
            outcome: tuple[str, Any] = ("ok", function(*args))
        except (MemoryError, SystemError):  # CPython reports some failed allocations so
            message = f"{too_big.message} than its {memory_mb} MiB ceiling"
            outcome = ("error", type(too_big)(message))
        except UsmKbError as exc:
            outcome = ("error", exc)
        except Exception as exc:  # under a ceiling, an import or lookup failing is memory too
            outcome = ("error", _under_ceiling(exc, memory_mb, too_big) if memory_mb else exc)
        resource.setrlimit(resource.RLIMIT_AS, (_hard_limit(), _hard_limit()))
        view = memoryview(pickle.dumps(outcome))
        while view:
            view = view[os.write(writer, view) :]
        code = 0
    finally:
        os._exit(code)  # never return into the parent's code


PR_SET_PDEATHSIG = 1  # Linux prctl: the signal a process gets when its parent dies


def _die_with_parent(parent: int) -> None:
    """Be killed when the parent dies (Linux), so a child is never left running alone.

    The parent may be killed at any time (a time limit of its own caller, Ctrl-C twice);
    without this, its child kept running, spinning at full CPU where CPython ran out of its
    memory ceiling inside an import. Elsewhere (no ``prctl``) nothing changes.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _under_ceiling(exc: Exception, memory_mb: int, too_big: UsmKbError) -> UsmKbError:
    """*exc* raised inside a memory ceiling, as one line of the ceiling's error class.

    A failed allocation does not always surface as ``MemoryError``: an import that cannot map
    its module, or ``importlib.metadata`` skipping a distribution it could not read, raise
    their own errors — which would otherwise reach the user as a traceback.
    """
    detail = str(exc).splitlines()[0] if str(exc) else ""
    what = too_big.message.removesuffix(" needed more memory")
    return type(too_big)(
        f"{what} failed within its {memory_mb} MiB memory ceiling "
        f"({type(exc).__name__}{': ' + detail if detail else ''}); "
        "the ceiling was probably too low for this input"
    )


def _hard_limit() -> int:
    return resource.getrlimit(resource.RLIMIT_AS)[1]


def _read_until(reader: int, deadline: float | None, pid: int) -> bytes | None:
    """Everything the child writes, or None (and the child killed) at the deadline."""
    chunks: list[bytes] = []
    while True:
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            os.kill(pid, signal.SIGKILL)
            return None
        ready, _, _ = select.select([reader], [], [], remaining)
        if ready:
            chunk = os.read(reader, READ_CHUNK)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
