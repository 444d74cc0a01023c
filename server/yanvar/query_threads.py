"""Queries run in threads of the server process; a runaway one makes the server reload.

The fast way to run a query: in the server process itself, with no process hop (a
lookup then costs the engine's time and little else, ``bench/README.md``). pyoxigraph
releases the GIL while it evaluates and serialises, so a thread that waits for the
query can give up at the deadline and answer 503 while the query thread goes on. But
pyoxigraph cannot cancel a query: only the end of the process stops it. So on a
runaway query the process asks its supervisor for a *graceful reload* (``SIGHUP``,
which Granian and gunicorn both read that way): a fresh worker is forked and takes new
connections, the old one finishes the requests it accepted (each bounded by the same
time limit) and exits, taking the runaway evaluation with it. Nothing accepted is lost.

That needs a supervisor: ``yanvar serve`` (Granian) is one, chooses this mode and names
itself in ``SPARQL_SUPERVISOR_PID``. Under any other server,
:class:`yanvar.querying.QueryService` runs each query in a killable process instead.

Network namespaces belong to threads, not processes: each query thread moves itself
into an empty one (:func:`yanvar.querying.drop_network`), so a query cannot connect even
past the guard, while the server's own threads keep serving.
"""

from __future__ import annotations

import math
import os
import queue
import select
import sys
import threading
import time
import traceback
import weakref
from collections.abc import Callable

from yanvar.errors import PublisherError, QueryTimeout
from yanvar.querying import drop_network
from yanvar.store import Answer, GraphStore, QueryFailed, UserQuery


class ThreadQueryService:
    """Run client queries in threads; at most ``workers`` at once in this process.

    ``on_runaway`` is called once, at the first query that outlives its deadline: it must
    see to it that this process ends soon (``yanvar serve`` signals its supervisor).
    Threads do not survive a fork: a forked process starts its own (Granian forks its
    workers from the process that built this).
    """

    def __init__(
        self,
        store: GraphStore,
        *,
        timeout: float,
        workers: int,
        isolate_network: bool,
        on_runaway: Callable[[], None],
    ) -> None:
        self.store = store
        self.isolate_network = isolate_network
        self.timeout = timeout
        self.workers = workers
        self._on_runaway = on_runaway
        self._start_afresh()
        reset = weakref.WeakMethod(self._start_afresh)
        os.register_at_fork(after_in_child=lambda: (method := reset()) and method())

    def _start_afresh(self) -> None:
        # After a fork the threads are gone (only the forking thread survives): their pipes go.
        for thread in getattr(self, "_threads", ()):
            thread.close()
        #: Idle query threads; a query takes one and gives it back, so taking one from an
        #: empty queue waits for a query to end (a C-level queue: cheaper than a semaphore).
        self._idle: queue.SimpleQueue[_QueryThread] = queue.SimpleQueue()
        self._threads: list[_QueryThread] = []
        self._lock = threading.Lock()
        self._runaways = 0

    def run(self, query: UserQuery) -> Answer:
        """Answer ``query`` in a query thread.

        :raises QueryTimeout: when it runs past the time limit (the server then reloads).
        :raises PublisherError: whatever the store raised for the query (syntax, 406, size).
        """
        deadline = time.monotonic() + self.timeout
        thread = self._take()
        if not thread.answer(query, deadline):
            self._idle.put(self._start_thread())  # in its stead
            self._runaway()  # the thread is left to its query, and to the reload
            raise QueryTimeout(
                f"the query ran longer than the time limit of {self.timeout:g} s "
                "(SPARQL_TIMEOUT) and was stopped"
            )
        try:
            return thread.result()  # read before another query can take the thread
        finally:
            self._idle.put(thread)

    def close(self) -> None:
        """Nothing to stop: query threads are daemons and end with the process."""

    def _take(self) -> _QueryThread:
        """Take an idle query thread, start one while fewer than ``workers`` exist, or wait."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._threads) < self.workers + self._runaways:
                return self._start_thread()
        try:
            return self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(
                f"all {self.workers} query threads stayed busy for the time limit of "
                f"{self.timeout:g} s (SPARQL_TIMEOUT); try again"
            ) from None

    def _start_thread(self) -> _QueryThread:
        thread = _QueryThread(self.store, self.isolate_network)
        self._threads.append(thread)
        return thread

    def _runaway(self) -> None:
        self._runaways += 1
        if self._runaways == 1:  # one reload replaces this process; asking again is noise
            print(
                f"yanvar: a query ran past {self.timeout:g} s in process {os.getpid()}; "
                "reloading the workers gracefully to stop it",
                file=sys.stderr,
                flush=True,
            )
            self._on_runaway()


class _QueryThread:
    """A daemon thread answering one query at a time, woken and waited for through pipes.

    A pipe's ``os.write`` and ``os.read`` release the GIL around the system call, so the
    thread they wake finds the GIL free: a round trip costs about 5 µs on one core, against
    12 µs for a queue and a lock, whose wake-ups come while the waker still holds the GIL
    (``bench/README.md``).
    """

    def __init__(self, store: GraphStore, isolate_network: bool) -> None:
        self._store = store
        self._isolate_network = isolate_network
        self._wake_read, self._wake = os.pipe()
        self._done, self._done_write = os.pipe()
        self._ready = select.poll()
        self._ready.register(self._done, select.POLLIN)
        self._query: UserQuery | None = None
        self._answer: Answer | None = None
        self._error: PublisherError | None = None
        threading.Thread(target=self._serve, name="yanvar-query", daemon=True).start()

    def answer(self, query: UserQuery, deadline: float) -> bool:
        """Hand ``query`` over and wait for it until ``deadline``; tell whether it ended."""
        self._query = query
        os.write(self._wake, b"q")
        wait_ms = math.ceil((deadline - time.monotonic()) * 1000)
        if not self._ready.poll(max(wait_ms, 1)):
            return False
        os.read(self._done, 1)
        return True

    def result(self) -> Answer:
        """Return the answer to the query that just ended, or raise its error."""
        answer, error = self._answer, self._error
        self._answer = self._error = None
        if error is not None:
            raise error
        assert answer is not None
        return answer

    def close(self) -> None:
        """Close the pipes of a thread that a fork left behind."""
        for fd in (self._wake_read, self._wake, self._done, self._done_write):
            os.close(fd)

    def _serve(self) -> None:
        if self._isolate_network:
            drop_network()
        while True:
            os.read(self._wake_read, 1)
            query, self._query = self._query, None
            assert query is not None
            try:
                self._answer = self._store.answer(query)
            except PublisherError as error:
                self._error = _without_frames(error)
            except Exception as exc:  # a bug: say so on stderr; the client gets a 500
                traceback.print_exc(file=sys.stderr)
                self._error = QueryFailed(f"the query failed: {type(exc).__name__}")
            os.write(self._done_write, b"d")


def _without_frames(error: PublisherError) -> PublisherError:
    """Drop the tracebacks of ``error`` and of the exceptions it chains, here and now.

    Their frames hold pyoxigraph's result objects, which must be freed by the thread that
    made them (pyo3 refuses to drop them anywhere else); the client needs the message only.
    """
    link: BaseException | None = error
    while link is not None:
        link.__traceback__ = None
        link = link.__cause__ or link.__context__
    return error
