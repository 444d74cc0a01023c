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

Network namespaces belong to threads, not processes: each query thread moves itself
into an empty one (:func:`yanvar.querying.drop_network`), so a query cannot connect even
past the guard, while the server's own threads keep serving.

That needs a supervisor: ``yanvar serve`` (Granian) is one, chooses this mode and names
itself in ``SPARQL_SUPERVISOR_PID``.
Under any other server, :class:`yanvar.querying.QueryService` runs each query in a
killable process instead.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from yanvar.errors import PublisherError, QueryTimeout
from yanvar.querying import drop_network
from yanvar.store import Answer, GraphStore, QueryFailed, UserQuery


class ThreadQueryService:
    """Run client queries in threads; at most ``workers`` at once in this process.

    ``on_runaway`` is called once, at the first query that outlives its deadline: it must
    see to it that this process ends soon (``yanvar serve`` signals its supervisor).
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
        self._slots = threading.BoundedSemaphore(workers)
        self._idle: list[_QueryThread] = []  # list.append and pop are atomic
        self._runaways = 0

    def run(self, query: UserQuery) -> Answer:
        """Answer ``query`` in a query thread.

        :raises QueryTimeout: when it runs past the time limit (the server then reloads).
        :raises PublisherError: whatever the store raised for the query (syntax, 406, size).
        """
        deadline = time.monotonic() + self.timeout
        if not self._slots.acquire(timeout=self.timeout):
            raise QueryTimeout(
                f"all {self.workers} query threads stayed busy for the time limit of "
                f"{self.timeout:g} s (SPARQL_TIMEOUT); try again"
            )
        try:
            thread = (
                self._idle.pop() if self._idle else _QueryThread(self.store, self.isolate_network)
            )
            job = thread.submit(query)
            if not job.done.acquire(timeout=max(deadline - time.monotonic(), 0.001)):
                self._runaway()  # the thread is left to its query, and to the reload
                raise QueryTimeout(
                    f"the query ran longer than the time limit of {self.timeout:g} s "
                    "(SPARQL_TIMEOUT) and was stopped"
                )
            self._idle.append(thread)
        finally:
            self._slots.release()
        if job.error is not None:
            raise job.error
        assert job.answer is not None
        return job.answer

    def close(self) -> None:
        """Nothing to stop: query threads are daemons and end with the process."""

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


@dataclass
class _Job:
    query: UserQuery
    done: threading.Lock = field(default_factory=threading.Lock)
    answer: Answer | None = None
    error: PublisherError | None = None

    def __post_init__(self) -> None:
        self.done.acquire()  # released by the query thread when the job is done


class _QueryThread:
    """A daemon thread answering one job at a time from its queue."""

    def __init__(self, store: GraphStore, isolate_network: bool) -> None:
        self._store = store
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._isolate_network = isolate_network
        threading.Thread(target=self._serve, name="yanvar-query", daemon=True).start()

    def submit(self, query: UserQuery) -> _Job:
        job = _Job(query)
        self._jobs.put(job)
        return job

    def _serve(self) -> None:
        if self._isolate_network:
            drop_network()
        while True:
            job = self._jobs.get()
            try:
                job.answer = self._store.answer(job.query)
            except PublisherError as error:
                job.error = _without_frames(error)
            except Exception as exc:  # a bug: say so on stderr; the client gets a 500
                traceback.print_exc(file=sys.stderr)
                job.error = QueryFailed(f"the query failed: {type(exc).__name__}")
            job.done.release()


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
