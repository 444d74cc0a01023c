"""Query workers: every client query runs in a process that can be killed at its deadline.

pyoxigraph cannot cancel a query, so a runaway one must run where it can be stopped.
At start-up (while the server is still single-threaded) :class:`QueryService` forks a
*zygote*: a small single-threaded process that holds the loaded store and does nothing
but fork query workers on request. Forking from it, never from a threaded server
process, keeps locks sane; the workers share the store's memory copy-on-write.

Each server process (each Granian or gunicorn worker, or a test's server) keeps a few
workers and talks to them over a Unix socket pair: a pickled
:class:`~yanvar.store.UserQuery` goes in, serialised bytes come out, for 0.06-0.08 ms of
overhead (the bench's 1M-triple lookups). At the deadline the worker is killed, a fresh
one is forked, and the client gets a 503 naming the limit.

A worker also drops its network (a new, empty network namespace, when the kernel lets
it) so no query can open a connection even if the guard were wrong; this is skipped when
the operator allow-lists SERVICE endpoints.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import pickle
import secrets
import select
import signal
import socket
import struct
import sys
import threading
import time
import traceback
import weakref
from typing import Any, Protocol

from yanvar.errors import PublisherError, QueryTimeout
from yanvar.store import Answer, GraphStore, QueryFailed, UserQuery

_HEADER = struct.Struct("!Q")
_CHUNK = 256 * 1024  # the first read: most queries and answers fit whole
_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000


class QueryRunner(Protocol):
    """What the endpoint needs of whatever runs its queries (here, or
    :class:`yanvar.query_threads.ThreadQueryService`)."""

    def run(self, query: UserQuery) -> Answer:
        """Answer ``query`` or raise a PublisherError (QueryTimeout at the time limit)."""

    def close(self) -> None:
        """Stop what runs queries."""


class QueryService:
    """Run client queries in killable worker processes forked from one zygote: safe under
    any WSGI server, at the cost of a process hop per query."""

    def __init__(
        self, store: GraphStore, *, timeout: float, workers: int, isolate_network: bool
    ) -> None:
        self.timeout = timeout
        self.workers = workers
        self._address = f"\0yanvar-{os.getpid()}-{secrets.token_hex(8)}"
        self._zygote_pid, self._lifeline = _start_zygote(store, self._address, isolate_network)
        self._pools: dict[int, _Pool] = {}
        self._lock = threading.Lock()
        self._finalizer = weakref.finalize(
            self, _shutdown, self._pools, self._zygote_pid, self._lifeline, os.getpid()
        )

    def run(self, query: UserQuery) -> Answer:
        """Answer ``query`` in a worker.

        :raises QueryTimeout: when it runs past the time limit (the worker is replaced).
        :raises PublisherError: whatever the store raised for the query (syntax, 406, size).
        """
        return self._pool().run(query, self.timeout)

    def close(self) -> None:
        """Stop every worker and the zygote (also done at exit)."""
        self._finalizer()

    def _pool(self) -> _Pool:
        pid = os.getpid()
        pool = self._pools.get(pid)
        if pool is None:
            with self._lock:
                pool = self._pools.setdefault(pid, _Pool(self._address, self.workers))
        return pool


def _shutdown(pools: dict[int, _Pool], zygote: int, lifeline: int, owner: int) -> None:
    pool = pools.pop(os.getpid(), None)
    if pool is not None:
        pool.close()
    if os.getpid() != owner:
        return
    os.close(lifeline)
    # The zygote may be gone and reaped already (a server's main process may reap children).
    with contextlib.suppress(ProcessLookupError, ChildProcessError):
        os.kill(zygote, signal.SIGKILL)
        os.waitpid(zygote, 0)


class _Worker:
    """One query worker process, seen from a server process."""

    def __init__(self, pid: int, sock: socket.socket) -> None:
        self.pid = pid
        self.sock = sock

    def call(self, query: UserQuery, deadline: float) -> Answer:
        self.sock.settimeout(max(deadline - time.monotonic(), 0.001))
        _send(self.sock, query)
        message = _receive(self.sock, deadline)
        if message is None:
            raise _WorkerDied
        status, value = message
        if status == "ok":
            return value  # type: ignore[no-any-return]
        raise value

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self.sock.close()


class _WorkerDied(Exception):
    """Raised when a worker closes its socket mid-query (it crashed)."""


class _Pool:
    """The workers of one server process: at most ``size`` queries run at once."""

    def __init__(self, address: str, size: int) -> None:
        self._address = address
        self._zygote: socket.socket | None = None
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)
        self.size = size

    def run(self, query: UserQuery, timeout: float) -> Answer:
        deadline = time.monotonic() + timeout
        if not self._slots.acquire(timeout=timeout):
            raise QueryTimeout(
                f"all {self.size} query workers stayed busy for the time limit of {timeout:g} s "
                "(SPARQL_TIMEOUT); try again"
            )
        try:
            worker = self._take()
            try:
                answer = worker.call(query, deadline)
            except TimeoutError:
                worker.kill()
                self._idle.append(self._spawn())
                raise QueryTimeout(
                    f"the query ran longer than the time limit of {timeout:g} s "
                    "(SPARQL_TIMEOUT) and was stopped"
                ) from None
            except (_WorkerDied, ConnectionError, EOFError) as exc:
                worker.kill()
                raise QueryFailed("the query process ended unexpectedly") from exc
            except PublisherError:
                self._idle.append(worker)
                raise
            self._idle.append(worker)
            return answer
        finally:
            self._slots.release()

    def _take(self) -> _Worker:
        try:
            return self._idle.pop()
        except IndexError:
            return self._spawn()

    def _spawn(self) -> _Worker:
        """Ask the zygote for a new worker; receive its pid and our end of its socket."""
        with self._lock:
            if self._zygote is None:
                self._zygote = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self._zygote.connect(self._address)
            self._zygote.sendall(b"s")
            message, fds, _, _ = socket.recv_fds(self._zygote, 8, 1)
        if not fds:
            raise QueryFailed("the query worker could not be started")
        (pid,) = struct.unpack("!q", message)
        return _Worker(pid, socket.socket(fileno=fds[0]))

    def close(self) -> None:
        while self._idle:
            self._idle.pop().kill()
        if self._zygote is not None:
            self._zygote.close()


def _start_zygote(store: GraphStore, address: str, isolate_network: bool) -> tuple[int, int]:
    """Fork the zygote; return its pid and the write end of its lifeline pipe."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(64)
    lifeline_read, lifeline_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the zygote
        code = 1
        try:
            gc.freeze()  # objects inherited from the server are never collected here
            _close_inherited_fds(keep={listener.fileno(), lifeline_read})
            _zygote(listener, lifeline_read, store, isolate_network)
            code = 0
        finally:
            os._exit(code)
    os.close(lifeline_read)
    listener.close()
    return pid, lifeline_write


def _close_inherited_fds(keep: set[int]) -> None:
    """Close every descriptor the server had open except stdio and ``keep``.

    Otherwise the zygote and its workers would hold the server's listening socket, the
    write end of its lifeline and other processes' pipes (a test harness, a browser
    driver) open for as long as they live, and whoever waits for those to close waits.
    Python objects that owned them are never collected here (``gc.freeze``, no return).
    """
    start = 3
    for fd in sorted(keep):
        os.closerange(start, fd)
        start = fd + 1
    os.closerange(start, os.sysconf("SC_OPEN_MAX"))


def _zygote(
    listener: socket.socket, lifeline: int, store: GraphStore, isolate_network: bool
) -> None:
    """Fork a worker for each request byte a client sends; exit when the lifeline closes."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the kernel
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server; we follow it
    clients: dict[int, socket.socket] = {}  # by descriptor
    while True:
        readable, _, _ = select.select([lifeline, listener.fileno(), *clients], [], [])
        if lifeline in readable:
            return
        for fd in readable:
            if fd == listener.fileno():
                client = listener.accept()[0]
                clients[client.fileno()] = client
            elif not clients[fd].recv(1):
                clients.pop(fd).close()
            else:
                inherited = [listener, *clients.values()]
                _fork_worker(clients[fd], store, isolate_network, inherited, lifeline)


def _fork_worker(
    client: socket.socket,
    store: GraphStore,
    isolate_network: bool,
    inherited: list[socket.socket],
    lifeline: int,
) -> None:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(lifeline)
            for sock in (*inherited, theirs):
                sock.close()
            _worker(ours, store, isolate_network)
            code = 0
        finally:
            os._exit(code)
    ours.close()
    socket.send_fds(client, [struct.pack("!q", pid)], [theirs.fileno()])
    theirs.close()


def _worker(sock: socket.socket, store: GraphStore, isolate_network: bool) -> None:
    """Answer queries from one server process until it closes the socket."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    if isolate_network:
        drop_network()
    store.store  # noqa: B018 - open an on-disk store now, not during the first query
    while True:
        query = _receive(sock)
        if query is None:
            return
        try:
            reply: tuple[str, object] = ("ok", store.answer(query))
        except PublisherError as error:
            reply = ("error", error)
        except BaseException:  # a bug: say so on stderr, then die (the client answers 500)
            traceback.print_exc(file=sys.stderr)
            raise
        _send(sock, reply)


def _send(sock: socket.socket, message: object) -> None:
    """Write one length-prefixed pickled message."""
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(_HEADER.pack(len(payload)) + payload)


def _receive(sock: socket.socket, deadline: float | None = None) -> Any:
    """Read one length-prefixed pickled message (one ``recv`` for most); None at EOF.

    :raises TimeoutError: when ``deadline`` (a ``time.monotonic()`` value) passes first.
    """
    data = b""
    size = None
    while size is None or len(data) < size + _HEADER.size:
        if deadline is not None:
            sock.settimeout(max(deadline - time.monotonic(), 0.001))
        chunk = sock.recv(_CHUNK if size is None else max(size + _HEADER.size - len(data), 1))
        if not chunk:
            return None
        data += chunk
        if size is None and len(data) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(data)
    return pickle.loads(memoryview(data)[_HEADER.size :])


def drop_network() -> None:
    """Move the calling thread into a new, empty network namespace (Linux), if permitted.

    A namespace belongs to a thread (and the threads it starts later): the rest of the
    process keeps its sockets and network. As root ``unshare(CLONE_NEWNET)`` suffices;
    otherwise an unprivileged user namespace is tried as well (single-threaded processes
    only). Where neither is allowed the guard alone stands.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return
    if libc.unshare(_CLONE_NEWNET) != 0:
        libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET)
