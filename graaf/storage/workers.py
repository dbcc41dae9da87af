"""Where queries run, so that a runaway query can be stopped without stopping the server.

Oxigraph cannot cancel a query from Python. So for a store on disk, queries run in a small pool of
worker processes; a worker that passes the deadline is killed and replaced. After a write the store's
version changes, a new snapshot is made and each worker opens it before its next query, so no worker
answers from old data.

Workers read snapshots (graaf.Store.snapshot), never the live store: Oxigraph does not define what
a read-only opener sees of a store that another process writes to.

An in-memory store cannot be shared between processes. For it (tests, `--opslag :memory:`) queries
run in threads: the answer still comes back in time, but a runaway query keeps its thread busy until
the engine is done. `run_job` stops at the next row once the deadline passed, which covers queries
that stream many rows; only a query that is slow before its first row keeps going.
"""

import contextlib
import multiprocessing
import queue
import shutil
import signal
import threading
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Protocol

from graaf.storage.cache import ResultCache
from graaf.storage.errors import (
    GraafError,
    NoAcceptableFormat,
    QueryFailed,
    QuerySyntaxError,
    QueryTimeout,
    RefusedOperation,
    ServerBusy,
    StoreUnavailable,
    TooManyRows,
)
from graaf.storage.execution import Job, Outcome, run_job, timeout_error
from graaf.storage.remote import RemoteStore
from graaf.storage.store import Store

# How long after the deadline we wait for a worker to say it stopped by itself, before killing it.
_MARGIN_S = 0.25
# How long a new worker may take to start (import the engine) before it counts as broken.
_START_S = 60.0
_ERRORS: dict[str, type[GraafError]] = {
    cls.__name__: cls
    for cls in (
        QuerySyntaxError,
        RefusedOperation,
        StoreUnavailable,
        QueryTimeout,
        TooManyRows,
        NoAcceptableFormat,
        QueryFailed,
    )
}


class Executor(Protocol):
    def execute(self, job: Job, deadline: float) -> Outcome: ...

    def close(self) -> None: ...


def _busy() -> ServerBusy:
    return ServerBusy("Alle query-werkers zijn bezet. Probeer het over een paar seconden opnieuw.")


class ThreadExecutor:
    """Queries in threads, on the one in-memory store."""

    def __init__(self, store: Store, workers: int) -> None:
        self._store = store
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kennisgraaf-query")

    def _submit(self, job: Job, deadline: float) -> "Future[Outcome]":
        return self._pool.submit(run_job, self._store, job, deadline)

    def execute(self, job: Job, deadline: float) -> Outcome:
        future = self._submit(job, deadline)
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()) + _MARGIN_S)
        except FutureTimeout:
            if future.cancel():  # it never got a thread
                raise _busy() from None
            raise timeout_error(job.timeout_s) from None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class RemoteExecutor(ThreadExecutor):
    """Queries forwarded to a remote store: the remote engine does the work, a thread waits for it.

    The HTTP request gets the time that is left until the deadline, so a slow engine costs a thread
    at most that long (the engine may go on; `oxigraph serve --timeout-s` stops it there too).
    """

    def __init__(self, store: RemoteStore, workers: int) -> None:
        super().__init__(store, workers)  # type: ignore[arg-type]
        self._remote = store

    def _submit(self, job: Job, deadline: float) -> "Future[Outcome]":
        store = self._remote.with_timeout(deadline - time.monotonic())
        return self._pool.submit(run_job, store, job, deadline)  # type: ignore[arg-type]


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    ready: bool = False

    def wait_until_ready(self) -> float:
        """Wait for the worker to finish starting (imports take seconds on a busy machine).

        Returns the seconds waited. That time is the server's, not the query's: counted against the
        query's deadline it made the first query after a start or after a killed worker time out.
        """
        if self.ready:
            return 0.0
        started = time.monotonic()
        if not self.connection.poll(_START_S):
            raise QueryFailed("De query-werker startte niet op tijd. Probeer het opnieuw.")
        self.connection.recv()
        self.ready = True
        return time.monotonic() - started


class _Snapshots:
    """Read-only snapshots of the store for the workers, one per store version, next to the store.

    A snapshot is made of hard links, so it is quick and small. An old one is removed once no worker
    can still be reading it: a query on it has either finished or been killed by then.
    """

    def __init__(self, store: Store, keep_s: float) -> None:
        assert store.path is not None
        self._store = store
        self._dir = store.path.with_name(store.path.name + ".momentopnamen")
        self._keep_s = keep_s
        self._lock = threading.Lock()
        self._current: tuple[int, Path] | None = None
        self._old: list[tuple[float, Path]] = []
        shutil.rmtree(self._dir, ignore_errors=True)
        self._dir.mkdir(parents=True)

    def current(self) -> Path:
        version = self._store.version
        with self._lock:
            if self._current is not None and self._current[0] == version:
                return self._current[1]
            target = self._dir / f"v{version}-{uuid.uuid4().hex[:8]}"
            self._store.snapshot(target)
            if self._current is not None:
                self._old.append((time.monotonic(), self._current[1]))
            self._current = (version, target)
            now = time.monotonic()
            for superseded, path in [old for old in self._old if now - old[0] > self._keep_s]:
                shutil.rmtree(path, ignore_errors=True)
                self._old.remove((superseded, path))
            return target

    def remove_all(self) -> None:
        shutil.rmtree(self._dir, ignore_errors=True)


class _Unchanging:
    """A read-only store that nobody writes to is its own snapshot: workers open it directly.

    Several server processes may share it (`kennisgraaf serve --workers N --alleen-lezen`); copying
    it per process would only cost disk and make them race for one snapshot directory.
    """

    def __init__(self, path: Path) -> None:
        self._path = path

    def current(self) -> Path:
        return self._path

    def remove_all(self) -> None:
        pass


class ProcessExecutor:
    """Queries in worker processes, each reading a snapshot of the store on disk."""

    def __init__(self, store: Store, workers: int, timeout_s: float) -> None:
        self._snapshots: _Snapshots | _Unchanging
        if store.read_only and store.path is not None:
            self._snapshots = _Unchanging(store.path)
        else:
            self._snapshots = _Snapshots(store, keep_s=2 * timeout_s + 30)
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        started = [self._spawn() for _ in range(workers)]
        for worker in started:  # they start side by side; the server answers once they all can
            worker.wait_until_ready()
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=serve, args=(child,), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _replace(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.connection.close()
        # Reap it in the background: the caller is answering a request.
        threading.Thread(target=worker.process.join, args=(5,), daemon=True).start()
        if not self._closed:
            self._idle.put(self._spawn())

    def execute(self, job: Job, deadline: float) -> Outcome:
        try:
            worker: _Worker | None = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise _busy() from None
        assert worker is not None
        try:
            # A replacement for a killed worker may still be starting; its start-up is not the query's time.
            deadline += worker.wait_until_ready()
            worker.connection.send((job, str(self._snapshots.current()), deadline))
            if not worker.connection.poll(max(0.0, deadline - time.monotonic()) + _MARGIN_S):
                self._replace(worker)
                worker = None
                raise timeout_error(job.timeout_s)
            status, payload = worker.connection.recv()
        except (EOFError, OSError) as error:
            if worker is not None:
                self._replace(worker)
                worker = None
            raise QueryFailed("De query-werker stopte onverwacht. Probeer het opnieuw.") from error
        finally:
            if worker is not None:
                self._idle.put(worker)
        if status == "ok":
            outcome: Outcome = payload
            return outcome
        name, message, line, column = payload
        raise _ERRORS.get(name, QueryFailed)(message, line=line, column=column)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            worker.connection.close()  # the worker sees the end of its pipe and stops
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
        self._snapshots.remove_all()


def serve(connection: Connection) -> None:
    """A worker process: answer jobs one by one until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the server, which stops us
    store: Store | None = None
    opened = ""
    try:
        connection.send(("klaar", None))  # imports are done: from now on a job's time is its own
    except OSError:
        return
    while True:
        try:
            job, snapshot, deadline = connection.recv()
        except (EOFError, OSError):
            break
        reply: tuple[str, object]
        try:
            if store is None or snapshot != opened:
                if store is not None:
                    store.close()
                store = Store(Path(snapshot), read_only=True)
                opened = snapshot
            reply = ("ok", run_job(store, job, deadline))
        except GraafError as error:
            reply = ("fout", (type(error).__name__, error.message, error.line, error.column))
        except Exception as error:  # an engine fault must reach the caller as an answer, not kill us
            reply = ("fout", ("QueryFailed", f"De query kon niet worden uitgevoerd: {error}", None, None))
        try:
            connection.send(reply)
        except OSError:
            break
    if store is not None:
        with contextlib.suppress(Exception):
            store.close()


class QueryRunner:
    """Runs jobs with a deadline, in the right kind of executor, and remembers answers until a write."""

    def __init__(self, store: Store | RemoteStore, *, workers: int, cache_bytes: int, timeout_s: float) -> None:
        self.store = store
        self.executor: Executor
        if isinstance(store, RemoteStore):
            self.executor = RemoteExecutor(store, workers)
        elif store.path is None:
            self.executor = ThreadExecutor(store, workers)
        else:
            self.executor = ProcessExecutor(store, workers, timeout_s)
        self.cache = ResultCache(cache_bytes)

    def cached(self, job: Job) -> Outcome | None:
        return self.cache.get(self.store.version, job)

    def run(self, job: Job, started: float | None = None) -> Outcome:
        """The answer from the cache, or from a worker within `job.timeout_s` of `started` (plus the start-up
        of a replacement worker, which is the server's time, not the query's)."""
        version = self.store.version
        hit = self.cache.get(version, job)
        if hit is not None:
            return hit
        deadline = (started if started is not None else time.monotonic()) + job.timeout_s
        outcome = self.executor.execute(job, deadline)
        self.cache.put(version, job, outcome)
        return outcome

    def close(self) -> None:
        self.executor.close()
