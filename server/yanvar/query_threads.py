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

import os
import queue
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
        #: Idle query threads; a query takes one and gives it back, so taking one from an
        #: empty queue waits for a query to end (a C-level queue: cheaper than a semaphore).
        self._idle: queue.SimpleQueue[_QueryThread] = queue.SimpleQueue()
        self._started = 0
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
            self._idle.put(_QueryThread(self.store, self.isolate_network))  # in its stead
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
            if self._started < self.workers:
                self._started += 1
                return _QueryThread(self.store, self.isolate_network)
        try:
            return self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(
                f"all {self.workers} query threads stayed busy for the time limit of "
                f"{self.timeout:g} s (SPARQL_TIMEOUT); try again"
            ) from None

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
    """A daemon thread answering one query at a time, handed over through a queue."""

    def __init__(self, store: GraphStore, isolate_network: bool) -> None:
        self._store = store
        self._queries: queue.SimpleQueue[UserQuery] = queue.SimpleQueue()
        self._isolate_network = isolate_network
        # Held between queries: the thread releases it when a result is ready, and the
        # caller's acquire takes it back, ready for the next query.
        self._done = threading.Lock()
        self._done.acquire()
        self._answer: Answer | None = None
        self._error: PublisherError | None = None
        threading.Thread(target=self._serve, name="yanvar-query", daemon=True).start()

    def answer(self, query: UserQuery, deadline: float) -> bool:
        """Hand ``query`` over and wait for it until ``deadline``; tell whether it ended."""
        self._queries.put(query)
        return self._done.acquire(timeout=max(deadline - time.monotonic(), 0.001))

    def result(self) -> Answer:
        """Return the answer to the query that just ended, or raise its error."""
        answer, error = self._answer, self._error
        self._answer = self._error = None
        if error is not None:
            raise error
        assert answer is not None
        return answer

    def _serve(self) -> None:
        if self._isolate_network:
            drop_network()
        while True:
            query = self._queries.get()
            try:
                self._answer = self._store.answer(query)
            except PublisherError as error:
                self._error = _without_frames(error)
            except Exception as exc:  # a bug: say so on stderr; the client gets a 500
                traceback.print_exc(file=sys.stderr)
                self._error = QueryFailed(f"the query failed: {type(exc).__name__}")
            self._done.release()


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
