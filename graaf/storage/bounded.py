"""Work on what a client sent, in a worker process with a memory limit and a time limit.

The parsers and the validator run Rust and C code that Python cannot interrupt or bound. Measured
in this stack (issue 18): a 967-byte RDF/XML document with nested entities made the server grow to
20 GB; a JSON-LD document nested 10,000 deep, or a SPARQL query with 10,000 nested groups, crashes
the process that parses it. So parsing and validating an upload runs here: in a small pool of
worker processes, each with a cap on its address space (RLIMIT_AS). A worker that passes its
deadline is killed; one that runs out of memory or crashes is replaced. The caller gets
WorkTooLarge (413) or WorkTimeout (503) with a reason, and the server and every other request go on.

The functions a worker runs are named by module and name, so only plain data crosses the pipe.
"""

import contextlib
import importlib
import multiprocessing
import queue
import resource
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from graaf.storage.errors import GraafError, WorkersBusy, WorkTimeout, WorkTooLarge

# Modules a worker imports before its first job, so that importing them does not count against a job's
# time, and so their address space is part of the worker's baseline rather than of the job's limit. A
# module's `warm_worker()`, if it has one, runs then too (the validator parses its shapes). Named as
# strings: this layer must not import the validation layer.
_WARM_MODULES = ("pyoxigraph", "rdflib", "pyshacl", "graaf.storage.loading", "validatie.validator")


@dataclass(frozen=True)
class Limits:
    """What one job may use: address space above the worker's baseline, and wall-clock time."""

    memory_mb: int = 1024
    timeout_s: float = 30.0


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    connection: Connection


def _target(function: Callable[..., Any]) -> tuple[str, str]:
    return function.__module__, function.__qualname__


class BoundedPool:
    """A few worker processes, started on first use and replaced when they die or overrun."""

    def __init__(self, limits: Limits, workers: int = 2) -> None:
        self.limits = limits
        self._size = workers
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._started = 0
        self._lock = threading.Lock()
        self._closed = False
        self._all: set[_Worker] = set()

    def call(self, function: Callable[..., Any], *args: Any, timeout_s: float | None = None) -> Any:
        """`function(*args)` in a worker; its GraafError comes back as the same class with its message."""
        if self._closed:
            raise WorkersBusy("De server stopt. Probeer het zo opnieuw.")
        limit = self.limits.timeout_s if timeout_s is None else timeout_s
        deadline = time.monotonic() + limit
        worker = self._take(deadline)
        try:
            worker.connection.send((_target(function), args))
            if not worker.connection.poll(max(0.0, deadline - time.monotonic())):
                self._discard(worker)
                raise WorkTimeout(
                    f"Het verwerken duurde langer dan {limit:g} seconden en is gestopt. "
                    "Maak het bestand kleiner of eenvoudiger."
                )
            status, payload = worker.connection.recv()
        except (EOFError, OSError) as error:
            worker.process.join(1)
            crashed = worker.process.exitcode is not None and worker.process.exitcode < 0
            self._discard(worker)
            if self._closed:
                raise WorkersBusy("De server stopt. Probeer het zo opnieuw.") from error
            if crashed:  # an abort on failed allocation, or a stack overflow in a parser: the input did it
                raise _too_large(self.limits) from error
            raise GraafError("De werker voor het verwerken van bestanden stopte onverwacht.") from error
        if status == "geheugen":
            self._discard(worker)
            raise _too_large(self.limits)
        self._idle.put(worker)
        if status == "ok":
            return payload
        name, message, line, column = payload
        raise _error_class(name)(message, line=line, column=column)

    def _take(self, deadline: float) -> _Worker:
        with self._lock:
            if self._idle.empty() and self._started < self._size:
                self._started += 1
                return self._spawn()
        try:
            return self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise WorkersBusy(
                "Alle werkers voor het controleren van bestanden zijn bezet. "
                "Probeer het over een paar seconden opnieuw."
            ) from None

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=serve, args=(child, self.limits.memory_mb * 1024 * 1024), daemon=True, name="kennisgraaf-upload"
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._all.add(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        """Kill a worker that overran or died; a new one is started when it is next needed."""
        worker.process.kill()
        worker.connection.close()
        threading.Thread(target=worker.process.join, args=(5,), daemon=True).start()
        self._all.discard(worker)
        with self._lock:
            self._started -= 1

    def close(self) -> None:
        """End every worker at once, busy or not: they hold no state worth waiting for."""
        self._closed = True
        for worker in list(self._all):
            with contextlib.suppress(Exception):
                worker.process.kill()
                worker.connection.close()
        for worker in list(self._all):
            worker.process.join(2)
        self._all.clear()


def _too_large(limits: Limits) -> WorkTooLarge:
    return WorkTooLarge(
        f"Het bestand is te groot of te diep genest om te verwerken: het vroeg meer dan {limits.memory_mb} MB "
        "geheugen of liet de verwerking vastlopen. Maak het bestand kleiner of eenvoudiger."
    )


def _error_class(name: str) -> type[GraafError]:
    from graaf.storage import errors

    found = getattr(errors, name, None)
    return found if isinstance(found, type) and issubclass(found, GraafError) else GraafError


def _vm_size() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def serve(connection: Connection, memory_bytes: int) -> None:
    """A worker: warm up, cap the address space, then run jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the server, which ends us
    for name in _WARM_MODULES:
        warm = getattr(importlib.import_module(name), "warm_worker", None)
        if callable(warm):
            warm()
    cap = _vm_size() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    while True:
        try:
            (module, name), args = connection.recv()
        except (EOFError, OSError):
            break
        reply: tuple[str, object]
        try:
            function = getattr(importlib.import_module(module), name)
            reply = ("ok", function(*args))
        except MemoryError:
            reply = ("geheugen", None)
        except GraafError as error:
            reply = ("fout", (type(error).__name__, error.message, error.line, error.column))
        except Exception as error:  # a fault in a parser must reach the caller as an answer
            reply = ("fout", ("GraafError", f"Het bestand kon niet worden verwerkt: {error}", None, None))
        try:
            connection.send(reply)
        except (OSError, MemoryError):
            break
        if reply[0] == "geheugen":
            break  # after a MemoryError the heap may be in any state: start afresh


_default: BoundedPool | None = None
_default_lock = threading.Lock()


def configure(limits: Limits, workers: int = 2) -> BoundedPool:
    """Set the pool this process uses for uploads (the server does so from its settings at start)."""
    global _default
    with _default_lock:
        if _default is not None:
            _default.close()
        _default = BoundedPool(limits, workers)
        return _default


def pool() -> BoundedPool:
    """The pool of this process; made with the default limits if nobody configured one."""
    global _default
    with _default_lock:
        if _default is None or _default._closed:
            _default = BoundedPool(Limits())
        return _default
