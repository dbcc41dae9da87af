"""Turning a writer (a function that writes to a binary file) into an iterator of chunks, for HTTP.

Oxigraph's serialisers push bytes into a file object. A web response pulls chunks. A thread runs the
writer against a small queue: the writer waits while the queue is full, so at most a few chunks are
in memory however large the export is. When the reader stops early (the client went away), the
writer's next write fails and the thread ends.
"""

import queue
import threading
from collections.abc import Callable, Iterator
from typing import IO

CHUNK = 256 * 1024
_QUEUE_CHUNKS = 8
_DONE = object()


class _Cancelled(Exception):
    """The reader went away; the writer stops at its next write."""


class _QueueWriter:
    """A binary file object that hands full chunks to a queue."""

    def __init__(self, chunks: "queue.Queue[object]", cancelled: threading.Event) -> None:
        self._chunks = chunks
        self._cancelled = cancelled
        self._buffer = bytearray()

    def write(self, data: bytes) -> int:
        self._buffer += data
        if len(self._buffer) >= CHUNK:
            self._hand_over()
        return len(data)

    def flush(self) -> None:
        """Oxigraph flushes after each graph; a chunk is only handed over when it is full, or at the end."""

    def finish(self) -> None:
        if self._buffer:
            self._hand_over()

    def _hand_over(self) -> None:
        chunk = bytes(self._buffer)
        self._buffer.clear()
        while True:
            if self._cancelled.is_set():
                raise _Cancelled
            try:
                self._chunks.put(chunk, timeout=0.5)
                return
            except queue.Full:
                continue


def chunks(write: Callable[[IO[bytes]], None]) -> Iterator[bytes]:
    """The bytes that `write(file)` writes, as chunks of about CHUNK bytes, produced in another thread.

    An error in the writer is raised again in the reader, after the chunks written before it.
    """
    pipe: queue.Queue[object] = queue.Queue(maxsize=_QUEUE_CHUNKS)
    cancelled = threading.Event()
    failure: list[BaseException] = []

    def produce() -> None:
        writer = _QueueWriter(pipe, cancelled)
        try:
            write(writer)  # type: ignore[arg-type]
            writer.finish()
        except _Cancelled:
            return
        except BaseException as error:  # handed to the reader, which raises it
            failure.append(error)
        _put_done(pipe, cancelled)

    thread = threading.Thread(target=produce, name="kennisgraaf-export", daemon=True)
    thread.start()
    try:
        while True:
            item = pipe.get()
            if item is _DONE:
                break
            yield item  # type: ignore[misc]
        if failure:
            raise failure[0]
    finally:
        cancelled.set()
        thread.join(timeout=5)


def _put_done(pipe: "queue.Queue[object]", cancelled: threading.Event) -> None:
    while not cancelled.is_set():
        try:
            pipe.put(_DONE, timeout=0.5)
            return
        except queue.Full:
            continue
