"""Run the benchmark: each server on core 0, wrk on core 1, one table of figures per scale.

    .venv/bin/python bench/run.py --scale 100k,1m

For each scale the data is generated if missing (bench/data/<scale>/), then each server in turn
is started on 127.0.0.1 pinned to core 0 (``taskset -c 0``), loaded, checked (every query
answers 200, result sizes compared across servers), measured with wrk pinned to core 1, and
stopped. Figures: load time, resident memory (the server's process tree, from /proc), p50/p99
of each query at concurrency 1, throughput of the full mix and of the lookup mix at concurrency
1 and 4, a trivial ``ASK {}`` at concurrency 4 (the per-request path), dump download time and,
for yanvar, the entity page. The table goes to stdout and bench/results/<date>-<scale>.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import generate
import mix

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VENV_BIN = Path(sys.executable).parent
SERVER_CORE, CLIENT_CORE = "0", 1
SCALES = {"100k": 100_000, "1m": 1_000_000}
# wrk gives up on a request after this (plus 30 s). Oxigraph runs without --timeout-s: in
# 0.5.13 each query then gets a thread that sleeps out the timeout, and at thousands of
# requests a second the server dies of thread exhaustion (EAGAIN, "failed to allocate an
# alternative stack"). yanvar keeps its own timeout on, so this favours Oxigraph.
TIMEOUT_S = 30
CHECK_TIMEOUT_S = 300  # one answer of the naive endpoint at 1M triples takes minutes
READY_LIMIT_S = 900  # give up on a server that does not answer within this


@dataclass
class Running:
    """A started server: its process (a session leader), port and endpoint paths."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    sparql: str
    dump: tuple[str, str] | None  # (path, Accept) of the whole-dataset download
    pages: bool = False  # serves entity pages at /id/<slug>
    load_s: float = 0.0
    notes: list[str] = field(default_factory=list)
    command: list[str] = field(default_factory=list)  # how it was started, to start it again

    def url(self, path: str) -> str:
        """Return the URL of ``path`` on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def query_path(self, query: str) -> str:
        """Return the GET path that asks ``query``."""
        return f"{self.sparql}?{urllib.parse.urlencode({'query': query})}"


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def spawn(
    command: list[str], log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start ``command`` on the server core in its own session (so it is stopped as a group)."""
    with log.open("ab") as out:
        return subprocess.Popen(
            ["taskset", "-c", SERVER_CORE, *command],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, **(env or {})},
            cwd=ROOT,
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the process group this harness started: TERM, then KILL after 10 s."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def fetch(url: str, accept: str, timeout: float = CHECK_TIMEOUT_S) -> tuple[int, bytes]:
    """GET ``url``; return (status, body) (errors are answers too)."""
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def fetch_when_ready(url: str, accept: str, limit: float = 900) -> tuple[int, bytes]:
    """GET ``url``, asking again while it answers 503 with Retry-After (yanvar writes its
    dumps in the background), for at most ``limit`` seconds; return the last answer."""
    deadline = time.monotonic() + limit
    while True:
        request = urllib.request.Request(url, headers={"Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=limit) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            retry = error.headers.get("Retry-After")
            body = error.read()
            if error.code != 503 or retry is None or time.monotonic() > deadline:
                return error.code, body
            time.sleep(min(float(retry), 1.0))


def wait_ready(server: Running, started: float) -> float:
    """Poll a trivial query until it answers 200; return seconds since ``started``."""
    url = server.url(server.query_path("ASK {}"))
    while time.monotonic() - started < READY_LIMIT_S:
        if server.process.poll() is not None:
            stop(server.process)
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}")
        try:
            if fetch(url, mix.SELECT_RESULTS, timeout=5)[0] == 200:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.05)
    stop(server.process)
    raise RuntimeError(f"{server.name} not ready after {READY_LIMIT_S} s")


def start_oxigraph_memory(data: Path, work: Path) -> Running:
    """``oxigraph serve`` in memory, fed the TriG over HTTP (POST /store)."""
    port = free_port()
    command = [str(VENV_BIN / "oxigraph"), "serve", "--bind", f"127.0.0.1:{port}"]
    command += ["--union-default-graph"]
    started = time.monotonic()
    server = Running(
        "oxigraph-mem",
        spawn(command, work / "oxigraph-mem.log"),
        port,
        "/query",
        ("/store", "application/n-quads"),
    )
    wait_ready(server, started)
    request = urllib.request.Request(
        server.url("/store"),
        data=(data / "dataset.trig").read_bytes(),
        headers={"Content-Type": "application/trig"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=READY_LIMIT_S) as response:
            response.read()
    except BaseException:
        stop(server.process)
        raise
    server.load_s = time.monotonic() - started
    return server


def start_oxigraph_disk(data: Path, work: Path) -> Running:
    """``oxigraph load`` into a fresh directory, then ``oxigraph serve-read-only`` on it."""
    location = work / "oxigraph-disk"
    shutil.rmtree(location, ignore_errors=True)
    started = time.monotonic()
    subprocess.run(
        [
            *("taskset", "-c", SERVER_CORE, str(VENV_BIN / "oxigraph"), "load"),
            *("--location", str(location), "--file", str(data / "dataset.trig")),
        ],
        check=True,
        capture_output=True,
    )
    port = free_port()
    command = [str(VENV_BIN / "oxigraph"), "serve-read-only", "--location", str(location)]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    server = Running(
        "oxigraph-disk",
        spawn(command, work / "oxigraph-disk.log"),
        port,
        "/query",
        ("/store", "application/n-quads"),
    )
    server.load_s = wait_ready(server, started)
    return server


def start_naive(data: Path, work: Path) -> Running:
    """The Flask + rdflib baseline under gunicorn, one sync worker."""
    port = free_port()
    command = [str(VENV_BIN / "gunicorn"), "-w", "1", "-b", f"127.0.0.1:{port}"]
    command += ["--timeout", "600", "--chdir", str(BENCH), "naive_endpoint:app"]
    env = {"NAIVE_DATA": str(data / "dataset.trig")}
    started = time.monotonic()
    server = Running(
        "naive", spawn(command, work / "naive.log", env), port, "/sparql", ("/dump", "*/*")
    )
    server.load_s = wait_ready(server, started)
    return server


def start_yanvar_serve(name: str, data: Path, work: Path, *options: str) -> Running:
    """``yanvar serve --data FILE OPTIONS`` on a free port, loaded."""
    port = free_port()
    command = [str(VENV_BIN / "yanvar"), "serve", "--data", str(data / "dataset.trig")]
    command += ["--host", "127.0.0.1", "--port", str(port), *options]
    started = time.monotonic()
    log = work / f"{name}.log"
    dump = ("/dumps/yanvar.nq", "*/*")
    server = Running(name, spawn(command, log), port, "/sparql", dump, True, command=command)
    server.load_s = wait_ready(server, started)
    allocator = re.findall(r"memory allocator: (.*)", log.read_text(encoding="utf-8"))
    server.notes.append(f"memory allocator: {allocator[-1] if allocator else 'not reported'}")
    return server


def start_yanvar(data: Path, work: Path) -> Running:
    """``yanvar serve --data FILE``, twice: the first start builds the on-disk store, the second
    reuses it (the start a restart costs)."""
    cache = work / "store-cache"
    shutil.rmtree(cache, ignore_errors=True)
    server = start_yanvar_serve("yanvar", data, work, "--cache-dir", str(cache))
    stop(server.process)
    started = time.monotonic()
    server.process = spawn(server.command, work / "yanvar.log")
    second = wait_ready(server, started)
    server.notes.append(f"first start {server.load_s:.1f} s, second start {second:.1f} s")
    return server


def start_yanvar_processes(data: Path, work: Path) -> Running:
    """``yanvar serve --queries-in processes``: each query in a killable worker process, as
    under any WSGI server other than ``yanvar serve`` (the on-disk store of ``yanvar``)."""
    cache = ["--cache-dir", str(work / "store-cache")]
    return start_yanvar_serve("yanvar-processes", data, work, "--queries-in", "processes", *cache)


def start_yanvar_memory(data: Path, work: Path) -> Running:
    """``yanvar serve --data FILE --in-memory``: the same storage as ``oxigraph serve``."""
    return start_yanvar_serve("yanvar-mem", data, work, "--in-memory")


SERVERS: dict[str, Callable[[Path, Path], Running]] = {
    "yanvar": start_yanvar,
    "yanvar-mem": start_yanvar_memory,
    "yanvar-processes": start_yanvar_processes,
    "oxigraph-mem": start_oxigraph_memory,
    "oxigraph-disk": start_oxigraph_disk,
    "naive": start_naive,
}


def memory_mib(pid: int) -> tuple[float, float]:
    """Return (VmRSS, VmHWM) in MiB summed over ``pid`` and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    todo, rss, hwm = [pid], 0, 0
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if "VmRSS" in fields:
            rss += int(fields["VmRSS"].split()[0])
            hwm += int(fields["VmHWM"].split()[0])
    return rss / 1024, hwm / 1024


def result_size(status: int, body: bytes, accept: str) -> str:
    """Summarise an answer: rows, triples or the boolean; the status if not 200."""
    if status != 200:
        return f"HTTP {status}"
    if accept == mix.GRAPH_RESULTS:
        return f"{sum(1 for line in body.splitlines() if line.strip())}t"
    payload = json.loads(body)
    return (
        str(payload["boolean"])
        if "boolean" in payload
        else str(len(payload["results"]["bindings"]))
    )


@dataclass(frozen=True)
class Wrk:
    """What one wrk run measured."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    client_cpu: float  # share of one core wrk itself used: near 1.0 means wrk was the limit

    @property
    def rate(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


def write_requests(server: Running, queries: list[tuple[mix.Query, list[str]]], path: Path) -> Path:
    """Write the request file wrk replays (interleaving queries when there are several)."""
    lines = []
    for rank in range(max(len(texts) for _, texts in queries)):
        for query, texts in queries:
            if rank < len(texts):
                lines.append(f"{query.accept}\t{server.query_path(texts[rank])}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def run_wrk(
    server: Running, requests: Path, connections: int, seconds: float, limit: int = 0
) -> Wrk:
    """Drive ``server`` with wrk on the client core; bounded by ``seconds`` (and ``limit``)."""
    command = ["taskset", "-c", str(CLIENT_CORE), "wrk", "-t1", f"-c{connections}"]
    command += [f"-d{max(1, round(seconds))}s", f"--timeout={TIMEOUT_S + 30}s"]
    command += ["-s", str(BENCH / "wrk.lua"), server.url("/"), "--", str(requests)]
    env = {**os.environ, "WRK_MAX_REQUESTS": str(limit)}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    out = process.stdout.read().decode() if process.stdout else ""
    err = process.stderr.read().decode() if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    line = next((x for x in reversed(out.splitlines()) if x.startswith("{")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no figures ({status}): {out} {err}")
    figures = json.loads(line)
    # wrk hangs up at the deadline, but a server may still be working on what it was sent (a
    # single sync worker would make the next run wait for it): wait until it answers again.
    wait_ready(server, time.monotonic())
    wall = figures["duration_us"] / 1e6
    return Wrk(
        figures["requests"],
        wall,
        figures["p50_us"] / 1000,
        figures["p99_us"] / 1000,
        figures["status_errors"] + figures["timeouts"] + figures["socket_errors"],
        (usage.ru_utime + usage.ru_stime) / wall if wall else 0.0,
    )


@dataclass
class Measures:
    """Everything measured on one server at one scale."""

    load_s: float = 0.0
    rss_loaded: float = 0.0
    rss_peak: float = 0.0
    sizes: dict[str, list[str]] = field(default_factory=dict)
    per_query: dict[str, Wrk] = field(default_factory=dict)
    mixes: dict[str, Wrk] = field(default_factory=dict)
    dump: tuple[float, float, int] | None = None  # first, later (median), bytes
    page: Wrk | None = None
    loadavg: list[float] = field(default_factory=list)  # the machine's, before and after
    notes: list[str] = field(default_factory=list)


def measure(
    server: Running, queries: list[mix.Query], params: dict, args: argparse.Namespace, work: Path
) -> Measures:
    """Measure one running server."""
    m = Measures(load_s=server.load_s, notes=list(server.notes), loadavg=[loadavg()])
    m.rss_loaded = memory_mib(server.process.pid)[0]
    texts = {q.name: mix.instances(q, params, args.instances) for q in queries}
    slowest = 0.0
    for query in queries:
        sizes = []
        for text in texts[query.name][: args.checks]:
            started = time.monotonic()
            try:
                status, body = fetch(server.url(server.query_path(text)), query.accept)
                sizes.append(result_size(status, body, query.accept))
            except TimeoutError:
                sizes.append(f"> {CHECK_TIMEOUT_S} s")
                wait_ready(server, time.monotonic())
            slowest = max(slowest, time.monotonic() - started)
        m.sizes[query.name] = sizes
    # A slow server gets longer windows (never beyond --max-seconds) so each run completes some.
    window = min(args.max_seconds, max(args.seconds, 5 * slowest))
    for query in queries if args.per_query else ():
        requests = write_requests(server, [(query, texts[query.name])], work / f"{query.name}.txt")
        m.per_query[query.name] = run_wrk(server, requests, 1, window, limit=args.max_requests)
    every = [(q, texts[q.name]) for q in queries]
    lookups = [(q, texts[q.name]) for q in queries if q.lookup]
    full, lookup = work / "mix-full.txt", work / "mix-lookup.txt"
    write_requests(server, every, full)
    write_requests(server, lookups, lookup)
    mix_window = min(args.max_seconds * 2, max(args.mix_seconds, 3 * slowest * len(queries)))
    for connections in (1, 4):
        m.mixes[f"full c={connections}"] = run_wrk(server, full, connections, mix_window)
        m.mixes[f"lookup c={connections}"] = run_wrk(server, lookup, connections, args.mix_seconds)
    trivial = work / "trivial.txt"
    trivial.write_text(f"{mix.SELECT_RESULTS}\t{server.query_path('ASK {}')}\n")
    m.mixes["ASK {} c=4"] = run_wrk(server, trivial, 4, args.mix_seconds)
    if server.pages:
        pages = work / "pages.txt"
        slugs = params["events"][: args.instances]
        pages.write_text("".join(f"text/html\t/id/{slug}\n" for slug in slugs))
        m.page = run_wrk(server, pages, 1, args.seconds, limit=args.max_requests)
    if server.dump:
        path, accept = server.dump
        timings, size = [], 0
        for _ in range(3):
            started = time.monotonic()
            status, body = fetch_when_ready(server.url(path), accept)
            timings.append(time.monotonic() - started)
            size = len(body) if status == 200 else -status
        m.dump = (timings[0], statistics.median(timings[1:]), size)
    m.rss_peak = memory_mib(server.process.pid)[1]
    m.loadavg.append(loadavg())
    return m


def save(m: Measures, path: Path) -> None:
    """Write ``m`` as JSON, so a later run can put it in its table (``--reuse``)."""
    path.write_text(json.dumps(dataclasses.asdict(m), indent=1), encoding="utf-8")


def restore(path: Path) -> Measures:
    """Read what :func:`save` wrote."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    m = Measures(**raw)
    m.per_query = {k: Wrk(**v) for k, v in raw["per_query"].items()}
    m.mixes = {k: Wrk(**v) for k, v in raw["mixes"].items()}
    m.page = Wrk(**raw["page"]) if raw["page"] else None
    m.dump = tuple(raw["dump"]) if raw["dump"] else None  # type: ignore[assignment]
    return m


def loadavg() -> float:
    """Return the machine's 1-minute load average (other work on the cores shows here)."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def statement_pages(args: argparse.Namespace) -> str:
    """Measure entity pages and dumps of the statement graph itself, under the production
    command (the page target of issue 5 is set on it)."""
    work = BENCH / "results" / "work" / "statement"
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [str(VENV_BIN / "yanvar"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    server = Running(
        "statement", spawn(command, work / "yanvar.log"), port, "/sparql", None, pages=True
    )
    wait_ready(server, time.monotonic())
    try:
        query = f"SELECT DISTINCT ?e {{ ?e a ?type FILTER(STRSTARTS(STR(?e), '{mix.BASE}id/')) }}"
        status, body = fetch(server.url(server.query_path(query)), mix.SELECT_RESULTS)
        rows = json.loads(body)["results"]["bindings"] if status == 200 else []
        paths = [row["e"]["value"][len(mix.BASE) - 1 :] for row in rows]
        pages = work / "pages.txt"
        pages.write_text("".join(f"text/html\t{path}\n" for path in paths), encoding="utf-8")
        page = run_wrk(server, pages, 1, args.mix_seconds, limit=args.max_requests)
        dumps = []
        for name in ("yanvar.nq", "yanvar.trig", "yanvar.ttl"):
            started = time.monotonic()
            status, body = fetch(server.url(f"/dumps/{name}"), "*/*")
            seconds = time.monotonic() - started
            dumps.append(f"{name} HTTP {status} {len(body):,} B in {seconds:.3f} s")
    finally:
        stop(server.process)
    return (
        f"Statement graph (`yanvar serve`): entity page p50 {page.p50_ms:.2f} ms, "
        f"p99 {page.p99_ms:.2f} ms over {len(paths)} entities ({page.requests} requests, "
        f"{page.errors} failed); dumps: {'; '.join(dumps)}\n"
    )


def floors(args: argparse.Namespace) -> str:
    """Measure ``ASK {}`` at c=4 on a bare WSGI app and a bare Flask app, under gunicorn (one
    sync worker) and under Granian (one worker, as ``yanvar serve``), core 0: the ceiling any
    Python per-request path on each server can reach."""
    work = BENCH / "results" / "work" / "floor"
    work.mkdir(parents=True, exist_ok=True)
    servers = {
        "gunicorn": [str(VENV_BIN / "gunicorn"), "--workers", "1", "--chdir", str(BENCH)],
        "granian": [
            *(str(VENV_BIN / "granian"), "--interface", "wsgi", "--workers", "1"),
            *("--runtime-mode", "st", "--working-dir", str(BENCH)),
        ],
    }
    rates = []
    for name, command in servers.items():
        for target in ("floor:wsgi", "floor:app"):
            port = free_port()
            if name == "gunicorn":
                address = ["--bind", f"127.0.0.1:{port}"]
            else:
                address = ["--host", "127.0.0.1", "--port", str(port)]
            process = spawn([*command, *address, target], work / f"{name}.log")
            server = Running(target, process, port, "/sparql", None)
            wait_ready(server, time.monotonic())
            try:
                trivial = work / "trivial.txt"
                trivial.write_text(f"{mix.SELECT_RESULTS}\t{server.query_path('ASK {}')}\n")
                rate = run_wrk(server, trivial, 4, args.mix_seconds).rate
            finally:
                stop(server.process)
            rates.append(f"{target} under {name} {rate:,.0f} req/s")
    return f"Floors, `ASK {{}}` at c=4 (1 worker, core 0): {'; '.join(rates)}\n"


def ensure_data(scale: str) -> tuple[Path, dict]:
    """Return the data directory of ``scale`` (generated if missing) and its parameters."""
    data = BENCH / "data" / scale
    if not (data / "params.json").exists():
        generate.generate(SCALES[scale], data)
    return data, json.loads((data / "params.json").read_text(encoding="utf-8"))


def cell(value: float, digits: int = 1) -> str:
    """Format a figure for the table."""
    return f"{value:,.{digits}f}"


def table(scale: str, triples: int, results: dict[str, Measures], queries: list[mix.Query]) -> str:
    """Render one scale's results as a Markdown table, servers as columns, plus the ratios."""
    names = list(results)
    rows = [f"| {scale} ({triples:,} triples) | " + " | ".join(names) + " |"]
    rows.append("|---|" + "---|" * len(names))

    def row(label: str, values: list[str]) -> None:
        rows.append(f"| {label} | " + " | ".join(values) + " |")

    row("load time (s)", [cell(results[n].load_s) for n in names])
    row(
        "RSS loaded / peak (MiB)",
        [f"{results[n].rss_loaded:,.0f} / {results[n].rss_peak:,.0f}" for n in names],
    )
    for q in queries:
        label = f"{q.name}{' (lookup)' if q.lookup else ''} p50 / p99 ms"
        row(label, [_latency(results[n].per_query.get(q.name)) for n in names])
    for key in results[names[0]].mixes:
        row(f"{key} (req/s)", [_rate(results[n].mixes.get(key)) for n in names])
    row("dump download first / later (s), size", [_dump(results[n].dump) for n in names])
    row(
        "entity page p50 (ms)",
        [_page(results[n].page) for n in names],
    )
    errors = [
        sum(w.errors for w in (*r.per_query.values(), *r.mixes.values())) for r in results.values()
    ]
    row("failed requests (non-2xx, timeouts)", [str(e) for e in errors])
    row(
        "machine load avg before / after",
        [" / ".join(f"{x:.1f}" for x in results[n].loadavg) for n in names],
    )
    row(
        "wrk's own CPU, busiest run (share of its core)",
        [_cpu(max(results[n].mixes.values(), key=lambda w: w.client_cpu)) for n in names],
    )
    notes = [f"- {n}: {note}" for n in names for note in results[n].notes]
    disagreements = [
        f"- {q.name}: " + ", ".join(f"{n} {results[n].sizes.get(q.name)}" for n in names)
        for q in queries
        if len({tuple(results[n].sizes.get(q.name, [])) for n in names}) > 1
    ]
    out = "\n".join(rows) + "\n"
    if notes:
        out += "\nNotes:\n" + "\n".join(notes) + "\n"
    if disagreements:
        out += (
            "\nResult sizes that differ between servers (first instances):\n"
            + "\n".join(disagreements)
            + "\n"
        )
    return out + ratios(results)


def ratios(results: dict[str, Measures]) -> str:
    """Return each yanvar column's throughput ratios against the targets of issue 5."""
    lines = ["", "| ratio | measured | target |", "|---|---|---|"]
    for name in (n for n in results if n.startswith("yanvar")):
        y = results[name].mixes
        for peer, key, target in (
            ("oxigraph-mem", "full c=4", 0.8),
            ("oxigraph-disk", "full c=4", 0.8),
            ("naive", "full c=4", 15),
            ("oxigraph-mem", "lookup c=4", 0.5),
            ("oxigraph-disk", "lookup c=4", 0.5),
        ):
            if peer in results and results[peer].mixes[key].rate:
                ratio = y[key].rate / results[peer].mixes[key].rate
                verdict = "met" if ratio >= target else "missed"
                lines.append(f"| {name} / {peer}, {key} | {ratio:.2f} | ≥ {target} ({verdict}) |")
    return "\n".join(lines) + "\n" if len(lines) > 3 else ""


def _latency(w: Wrk | None) -> str:
    if w is None or w.requests == 0:
        return "—"
    return f"{cell(w.p50_ms, 2)} / {cell(w.p99_ms, 2)}"


def _page(w: Wrk | None) -> str:
    return "—" if w is None else cell(w.p50_ms, 2)


def _rate(w: Wrk | None) -> str:
    return "—" if w is None else cell(w.rate)


def _dump(d: tuple[float, float, int] | None) -> str:
    if d is None:
        return "—"
    first, later, size = d
    return f"HTTP {-size}" if size < 0 else f"{first:.2f} / {later:.2f} s, {size / 1e6:.1f} MB"


def _cpu(w: Wrk | None) -> str:
    return "—" if w is None else f"{w.client_cpu:.0%}"


def machine() -> str:
    """Describe the machine and the versions in one paragraph."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()
    oxigraph = subprocess.run(
        [str(VENV_BIN / "oxigraph"), "--version"], capture_output=True, text=True
    )
    return (
        f"{os.cpu_count()} cores, {cpu}; Python {sys.version.split()[0]}; "
        f"{oxigraph.stdout.strip()}; pyoxigraph {version('pyoxigraph')}; "
        f"rdflib {version('rdflib')}; "
        f"Flask {version('flask')}; Granian {version('granian')}; gunicorn {version('gunicorn')}; "
        f"{wrk[0] if wrk else 'wrk ?'}"
    )


#: Each yanvar column and the Oxigraph server with the same storage, for --paired.
PAIRS = (("yanvar", "oxigraph-disk"), ("yanvar-mem", "oxigraph-mem"))


def paired(
    scale: str, data: Path, params: dict, queries: list[mix.Query], args: argparse.Namespace
) -> str:
    """Measure the lookup mix at c=4 on each pair of :data:`PAIRS`, both servers running side
    by side, in alternating windows: a ratio per round, so that a change in the machine's load
    touches both sides of it. Return a table of the median ratio and its range."""
    rows = [
        f"| {scale}: lookup mix c=4, {args.paired} alternating rounds of {args.paired_seconds:g} s"
        " | ratio median | ratio range | req/s medians |",
        "|---|---|---|---|",
    ]
    lookups = [(q, mix.instances(q, params, args.instances)) for q in queries if q.lookup]
    for pair in PAIRS:
        if not set(pair) <= set(args.servers.split(",")):
            continue
        print(f"[{scale}] paired {' / '.join(pair)}: starting", flush=True)
        running: list[Running] = []
        works = [BENCH / "results" / "work" / scale / name for name in pair]
        try:
            for name, work in zip(pair, works, strict=True):
                work.mkdir(parents=True, exist_ok=True)
                running.append(SERVERS[name](data, work))
            files = [
                write_requests(server, lookups, work / "paired.txt")
                for server, work in zip(running, works, strict=True)
            ]
            rates: list[tuple[float, float]] = []
            for _ in range(args.paired):
                ours, peer = (
                    run_wrk(server, requests, 4, args.paired_seconds).rate
                    for server, requests in zip(running, files, strict=True)
                )
                rates.append((ours, peer))
        finally:
            for server in running:
                stop(server.process)
        ratios = sorted(ours / peer for ours, peer in rates)
        medians = (statistics.median(r[0] for r in rates), statistics.median(r[1] for r in rates))
        rows.append(
            f"| {pair[0]} / {pair[1]} | **{statistics.median(ratios):.2f}** | "
            f"{ratios[0]:.2f}–{ratios[-1]:.2f} | {medians[0]:,.0f} / {medians[1]:,.0f} |"
        )
    return "\n".join(rows) + "\n"


def main() -> None:
    """Parse the command line and run every server at every scale."""
    parser = argparse.ArgumentParser(description="Benchmark yanvar against its peers.")
    parser.add_argument("--scale", default="100k", help="comma-separated: 100k, 1m")
    parser.add_argument("--servers", default=",".join(SERVERS), help="comma-separated")
    parser.add_argument("--seconds", type=float, default=3, help="window of each query at c=1")
    parser.add_argument("--mix-seconds", type=float, default=10, help="window of each mix run")
    parser.add_argument(
        "--max-seconds", type=float, default=30, help="longest window of a slow server"
    )
    parser.add_argument("--max-requests", type=int, default=3000, help="cap of each query at c=1")
    parser.add_argument("--instances", type=int, default=200, help="parameterisations per query")
    parser.add_argument(
        "--statement",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also measure the statement graph's pages and dumps, and the per-request floors",
    )
    parser.add_argument("--checks", type=int, default=3, help="answers compared across servers")
    parser.add_argument(
        "--per-query",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="measure each query alone at c=1 (off: only the mixes, for a very slow server)",
    )
    parser.add_argument(
        "--reuse", default="", help="servers whose saved measures of this scale go in the table"
    )
    parser.add_argument(
        "--paired",
        type=int,
        default=0,
        help="then this many alternating rounds of the lookup mix on each yanvar column and its "
        "Oxigraph peer, side by side (0: none)",
    )
    parser.add_argument("--paired-seconds", type=float, default=5, help="window of each round")
    args = parser.parse_args()
    os.sched_setaffinity(0, {CLIENT_CORE})
    queries = mix.load_queries()
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%MZ")
    results_dir = BENCH / "results"
    results_dir.mkdir(exist_ok=True)
    report = [
        f"# Benchmark {stamp}\n",
        f"Machine: {machine()}\n",
        f"Command: `.venv/bin/python bench/run.py {' '.join(sys.argv[1:])}`\n",
    ]
    if args.statement:
        report += [floors(args), statement_pages(args)]
        print(*report[-2:], flush=True)
    for scale in args.scale.split(","):
        data, params = ensure_data(scale)
        results: dict[str, Measures] = {}
        for name in args.servers.split(","):
            work = results_dir / "work" / scale / name
            if name in args.reuse.split(","):
                results[name] = restore(work / "measures.json")
                results[name].notes.append("measured in an earlier run of the same command")
                continue
            work.mkdir(parents=True, exist_ok=True)
            print(f"[{scale}] {name}: starting", flush=True)
            server = SERVERS[name](data, work)
            try:
                results[name] = measure(server, queries, params, args, work)
            finally:
                stop(server.process)
            save(results[name], work / "measures.json")
            print(f"[{scale}] {name}: done", flush=True)
        report.append(table(scale, params["triples"], results, queries))
        print(report[-1], flush=True)
        if args.paired:
            report.append(paired(scale, data, params, queries, args))
            print(report[-1], flush=True)
        (results_dir / f"{stamp}.md").write_text("\n".join(report), encoding="utf-8")
    print(f"written bench/results/{stamp}.md")


if __name__ == "__main__":
    main()
