"""WhatsApp webhooks at volume: simulated citizens (one WhatsApp id each) run the whole complaint,
first message in Hindi to "हाँ", against gunicorn and RQ workers on PostgreSQL and Redis, with
the replies going to a Graph API stand-in. Prints issue 6's figure first: webhooks per second
and the latency from the signed POST to the conversation step (or ticket) committed and its
reply enqueued (the webhook's own answer when the step ran in it, INBOUND_INLINE; the end of the
handle_inbound job when it was left to one). Then (a) webhook answers per second and their
latency, (b) per message, from the signed POST to inbound_message.handled_at and to the reply
at the Graph API, with messages handled per second, (c) tickets created, with the data size
and the machine's load average.

Each citizen answers as soon as the bot's reply arrives. Citizens start BENCH_RATE / 5 per
second (5 messages each; 0: all at once), at most BENCH_CONCURRENCY mid-conversation. They and
the Graph API stand-in are coroutines on one event loop in one thread: a hundred threads cost
this 2-core machine more CPU than the services they measure, and their fight for the GIL
delayed the stand-in's answers to the workers.

    psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE IF EXISTS bench_webhooks' \\
        -c 'CREATE DATABASE bench_webhooks'
    export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_webhooks
    export REDIS_URL=redis://127.0.0.1:6379/2       # emptied before and after: never database 0
    flask --app run db upgrade && flask --app run demo
    python bench/webhooks.py                        # prints figures and the data size

Options by environment: BENCH_CITIZENS (600), BENCH_RATE (200 messages/s), BENCH_CONCURRENCY
(100), BENCH_WARMUP (20 citizens, not counted), BENCH_KEEPALIVE (1: the POSTs share at most
BENCH_CONNECTIONS (32) persistent connections, as Meta keeps its own open; 0: a new connection
per POST), BENCH_WEB_WORKERS (4), BENCH_WEB_THREADS (1: sync workers; more: gthread),
BENCH_RQ_WORKERS (2), BENCH_WORKER_ARGS (more arguments of `python -m workers`, e.g.
--no-fork), INBOUND_INLINE (0: every step in a job), BENCH_PROFILE (1: a cProfile dump of each
worker's main thread, where --no-fork runs the jobs, next to the logs).

gunicorn and the workers run as the Procfile runs them in production: 4 sync gunicorn workers
(2 processes of 4 gthread threads, or 3 of 2, reached the same throughput with twice the p95:
threads of one process queue for its GIL) and `python -m workers`, a forked horse per job (the
gathered replies' job runs for up to GATHER_FOR seconds, so forking is rare).
"""

import asyncio
import hashlib
import hmac
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC
from http import HTTPStatus

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from figures import percentiles  # noqa: E402 - after the path is set

CITIZENS = int(os.environ.get("BENCH_CITIZENS", "600"))
RATE = float(os.environ.get("BENCH_RATE", "200"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "100"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "20"))
KEEPALIVE = os.environ.get("BENCH_KEEPALIVE", "1") == "1"
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
WEB_WORKERS = int(os.environ.get("BENCH_WEB_WORKERS", "4"))
WEB_THREADS = int(os.environ.get("BENCH_WEB_THREADS", "1"))
RQ_WORKERS = int(os.environ.get("BENCH_RQ_WORKERS", "2"))
WORKER_ARGS = os.environ.get("BENCH_WORKER_ARGS", "").split()
INLINE = os.environ.get("INBOUND_INLINE", "1") == "1"  # as config.py reads it
PROFILE = os.environ.get("BENCH_PROFILE") == "1"  # cProfile each worker into the logs folder
REPLY_WAIT = 120  # seconds a citizen waits for an answer before the run is called failed
SECRET, TOKEN, PHONE_NUMBER_ID = "bench-app-secret", "bench-graph-token", "106540352242922"
COMPLAINTS = (
    "नाली जाम है",
    "सड़क पर बड़ा गड्ढा है",
    "गली की बत्ती दो दिन से बंद है",
    "कचरा तीन दिन से नहीं उठा",
    "नल में पानी नहीं आ रहा",
)
STEPS = ("first message", "category", "ward", "skip photo", "yes: ticket")
Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


class EventLoop:
    """One event loop in a daemon thread for the whole bench: the Graph API stand-in listens
    from before gunicorn and the workers start until the end, and the main thread, which
    queries PostgreSQL and Redis synchronously, hands it the citizens to run."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def run(self, coroutine):
        """Runs `coroutine` on the loop and waits for its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()


def parse_head(head: bytes) -> tuple[str, dict[str, str]]:
    """The first line of an HTTP/1.1 request or answer and its headers (names in lower case)."""
    first, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in filter(None, lines):
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return first, headers


class GraphStandIn:
    """The Cloud API's /messages endpoint on this machine: notes when each reply arrives. An
    HTTP/1.1 server just big enough for the workers' requests.Session, which keeps its
    connections open between replies."""

    def __init__(self, loop: EventLoop):
        self.replies: dict[str, list[tuple[float, str]]] = {}
        self.arrived: dict[str, asyncio.Event] = {}  # set when a citizen's next reply is in
        # A large backlog: the default 100 could drop bursts of replies.
        server = loop.run(asyncio.start_server(self.serve, "127.0.0.1", 0, backlog=256))
        self.base = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/v21.0"

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One worker's connection: its requests in turn, until it closes or asks to."""
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                _, headers = parse_head(head)
                raw = await reader.readexactly(int(headers.get("content-length", "0")))
                status, answer = self.answer(headers, raw)
                data = json.dumps(answer).encode()
                head = f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
                head += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
                writer.write(head.encode() + data)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the worker closed the connection, normally between requests
        finally:
            writer.close()

    def answer(self, headers: dict[str, str], raw: bytes) -> tuple[int, dict]:
        if headers.get("authorization") != f"Bearer {TOKEN}":
            return 401, {"error": {"message": "Invalid OAuth access token"}}
        body = json.loads(raw)
        text = body.get("text", {}).get("body") or json.dumps(body.get("template"))
        self.replies.setdefault(body["to"], []).append((time.time(), text))
        if arrived := self.arrived.get(body["to"]):
            arrived.set()
        return 200, {"messages": [{"id": f"wamid.{uuid.uuid4().hex}"}]}

    async def wait(self, wa_id: str, count: int) -> tuple[float, str]:
        """The citizen's reply number `count` (from 1): when it arrived and its text."""
        arrived = self.arrived.setdefault(wa_id, asyncio.Event())
        async with asyncio.timeout(REPLY_WAIT):
            while len(self.replies.get(wa_id, ())) < count:
                arrived.clear()
                await arrived.wait()
        return self.replies[wa_id][count - 1]


class Closed(ConnectionError):
    """The connection was closed before any byte of the answer: gunicorn had not read the
    request (it ends a keep-alive connection idle for 2 s)."""


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bool]:
    """Sends one request and reads its answer: the status and whether the connection may carry
    another request (gunicorn's sync workers close it after each)."""
    try:
        writer.write(request)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as error:
        if error.partial:
            raise
        raise Closed from error
    except ConnectionError as error:
        raise Closed from error
    status_line, headers = parse_head(head)
    await reader.readexactly(int(headers["content-length"]))  # Flask's answers all have one
    return int(status_line.split()[1]), headers.get("connection", "").lower() != "close"


class Webhook:
    """gunicorn's WhatsApp webhook as the citizens post to it: with KEEPALIVE over a pool of
    at most CONNECTIONS persistent connections, each carrying one request at a time, as Meta
    keeps its connections open; otherwise a new connection per POST."""

    def __init__(self, port: int):
        self.port = port
        self.idle: list[Connection] = []
        self.slots = asyncio.Semaphore(CONNECTIONS)  # bound to the loop when first used

    async def post(self, raw: bytes, signature: str) -> tuple[float, int]:
        """POSTs the signed body; returns when it was sent and the webhook's status."""
        close = "" if KEEPALIVE else "Connection: close\r\n"
        request = (
            f"POST /webhooks/whatsapp HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(raw)}\r\n"
            f"X-Hub-Signature-256: {signature}\r\n{close}\r\n"
        ).encode() + raw
        if not KEEPALIVE:
            sent = time.time()  # connecting is part of the webhook's latency
            return sent, await self.send(await self.connect(), request)
        async with self.slots:
            sent = time.time()  # not before: waiting for one of our connections is our own
            if self.idle:
                try:
                    return sent, await self.send(self.idle.pop(), request)
                except Closed:
                    pass  # once more, on a new connection
            return sent, await self.send(await self.connect(), request)

    async def connect(self) -> Connection:
        return await asyncio.open_connection("127.0.0.1", self.port)

    async def send(self, connection: Connection, request: bytes) -> int:
        """One request and its answer on `connection`, which goes back to the pool if gunicorn
        keeps it open; the answer's status."""
        reader, writer = connection
        try:
            status, reusable = await exchange(reader, writer, request)
        except BaseException:
            writer.close()
            raise
        if reusable and KEEPALIVE:
            self.idle.append(connection)
        else:
            writer.close()
        return status


@dataclass
class Sample:
    wamid: str
    step: int
    sent: float  # epoch seconds, as the database's timestamps
    answered: float
    status: int
    replied: float = 0.0
    handled: float = 0.0
    committed: float = 0.0  # the step committed and its reply enqueued
    inline: bool = False  # the step ran in the webhook's request


class Citizen:
    """One WhatsApp user: posts each message as Meta does (signed), waits for the bot's reply."""

    def __init__(self, wa_id: str, n: int, webhook: Webhook, graph: GraphStandIn, categories: int):
        self.wa_id, self.webhook, self.graph = wa_id, webhook, graph
        ward = 1 + n % 12
        self.script = (COMPLAINTS[n % len(COMPLAINTS)], str(1 + n % categories), str(ward))
        self.script += ("छोड़ें", "हाँ")

    async def converse(self, mid_conversation: asyncio.Semaphore) -> list[Sample]:
        """The whole complaint; a reply that never comes ends it (counted as missing)."""
        samples = []
        async with mid_conversation:
            for step, text in enumerate(self.script):
                sample = await self.post(step, text)
                samples.append(sample)
                try:
                    sample.replied, reply = await self.graph.wait(self.wa_id, step + 1)
                except TimeoutError:
                    return samples
        if not re.search(r"\b[A-Z]+-\d+", reply):
            raise RuntimeError(f"{self.wa_id}: the last reply has no tracking number: {reply}")
        return samples

    async def post(self, step: int, text: str) -> Sample:
        wamid, raw, signature = signed_message(self.wa_id, text)
        sent, status = await self.webhook.post(raw, signature)
        answered = time.time()
        if status != 200:
            raise RuntimeError(f"{self.wa_id}: webhook answered {status}")
        return Sample(wamid, step, sent, answered, status)


def signed_message(wa_id: str, text: str) -> tuple[str, bytes, str]:
    """A citizen's text as Meta posts it: its wamid, the raw body and X-Hub-Signature-256."""
    wamid = f"wamid.{uuid.uuid4().hex}"
    message = {"from": wa_id, "id": wamid, "timestamp": str(int(time.time()))}
    message |= {"type": "text", "text": {"body": text}}
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": "Bench Citizen"}, "wa_id": wa_id}],
        "messages": [message],
    }
    payload = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
    }
    raw = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
    return wamid, raw, signature


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_services(graph: GraphStandIn, port: int, logs: str) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "WHATSAPP_API_BASE": graph.base,
        "WHATSAPP_TOKEN": TOKEN,
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "WHATSAPP_APP_SECRET": SECRET,
    }
    web = [sys.executable, "-m", "gunicorn", "--workers", str(WEB_WORKERS), "--bind"]
    web += [f"127.0.0.1:{port}", "--log-level", "warning"]
    if WEB_THREADS > 1:
        web += ["--worker-class", "gthread", "--threads", str(WEB_THREADS)]
    commands = [("gunicorn", web + ["run:app"])]
    for n in range(RQ_WORKERS):
        profile = ["-m", "cProfile", "-o", os.path.join(logs, f"worker{n}.prof")] if PROFILE else []
        commands.append((f"worker{n}", [sys.executable, *profile, "-m", "workers", *WORKER_ARGS]))
    processes = []
    for name, command in commands:
        with open(os.path.join(logs, f"{name}.log"), "wb") as log:
            processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log))
    return processes


def wait_until_ready(port: int, connection, processes) -> None:
    from rq import Worker

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes):
            raise RuntimeError("a gunicorn or worker process exited; see its log")
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", "/healthz")
            web_ready = probe.getresponse().status == 200
            probe.close()
        except OSError:
            web_ready = False
        if web_ready and len(Worker.all(connection=connection)) >= RQ_WORKERS:
            return
        time.sleep(0.2)
    raise RuntimeError("gunicorn or the workers did not start within 90 s")


async def drive(citizens: list[Citizen], rate: float) -> tuple[list[Sample], float, float]:
    """Start the citizens at `rate` messages per second; returns the samples and the window."""
    started = time.time()
    mid_conversation = asyncio.Semaphore(CONCURRENCY)
    conversations = []
    for n, citizen in enumerate(citizens):
        if rate:
            await asyncio.sleep(max(0.0, started + n * len(STEPS) / rate - time.time()))
        conversations.append(asyncio.create_task(citizen.converse(mid_conversation)))
    samples = [sample for done in await asyncio.gather(*conversations) for sample in done]
    return samples, started, time.time()


def cpu_busy() -> tuple[int, int]:
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


class CpuUse:
    """CPU seconds of this bench's processes: gunicorn, the workers (with the horses they
    reaped), the PostgreSQL backends serving the bench database, Redis (all of it, as its
    INFO reports: the bench has it to itself) and this driver with its Graph API stand-in."""

    def __init__(self, app, processes: list[subprocess.Popen], redis):
        self.app, self.web, self.workers = app, processes[0].pid, [p.pid for p in processes[1:]]
        self.redis = redis

    def sample(self) -> dict[str, dict[int, float]]:
        web = [self.web, *_children(self.web)]
        return {
            "gunicorn": {pid: _cpu_seconds(pid) for pid in web},
            "RQ workers": {pid: _cpu_seconds(pid) for pid in self.workers},
            "PostgreSQL": {pid: _cpu_seconds(pid) for pid in self._backends()},
            "Redis": {0: self._redis_seconds()},
            "driver and Graph stand-in": {0: sum(os.times()[:2])},
        }

    def _backends(self) -> list[int]:
        from sqlalchemy import text

        from app.extensions import db

        with self.app.app_context():
            query = "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            return list(db.session.scalars(text(query)))

    def _redis_seconds(self) -> float:
        cpu = self.redis.info("cpu")
        return cpu["used_cpu_user"] + cpu["used_cpu_sys"]

    @staticmethod
    def spent(before: dict, after: dict) -> dict[str, float]:
        """Seconds per kind between two samples; a process gone by `after` is not counted."""
        return {
            kind: sum(cpu - before[kind].get(pid, 0.0) for pid, cpu in after[kind].items())
            for kind in after
        }


def _cpu_seconds(pid: int) -> float:
    """user + system time of a process and of the children it has waited for."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(child) for child in children.read().split()]
    except FileNotFoundError:
        return []


def busy_since(before: tuple[int, int]) -> float:
    """The machine's CPU use since `before`, 0 to 1 of all cores."""
    after = cpu_busy()
    return (after[0] - before[0]) / max(1, after[1] - before[1])


def handled_times(app, samples: list[Sample]) -> None:
    from app.extensions import db
    from app.models.channels import InboundMessage

    by_wamid = {sample.wamid: sample for sample in samples}
    with app.app_context():
        rows = db.session.query(InboundMessage.provider_id, InboundMessage.handled_at).filter(
            InboundMessage.provider_id.in_(list(by_wamid))
        )
        for wamid, handled_at in rows:
            if handled_at is not None:
                by_wamid[wamid].handled = handled_at.replace(tzinfo=UTC).timestamp()


def committed_times(app, connection, samples: list[Sample]) -> None:
    """When each step was committed with its reply enqueued: the webhook's answer for a step
    it ran itself, else the end of the message's handle_inbound job (which dispatches after
    its commit). handled_times() must have run."""
    from rq.job import Job

    from app.extensions import db
    from app.models.channels import InboundMessage

    by_wamid = {sample.wamid: sample for sample in samples}
    with app.app_context():
        rows = db.session.query(InboundMessage.provider_id, InboundMessage.id).filter(
            InboundMessage.provider_id.in_(list(by_wamid))
        )
        ids = {wamid: inbound_id for wamid, inbound_id in rows}
    wamids = [wamid for wamid in by_wamid if wamid in ids]
    found = Job.fetch_many([f"inbound-{ids[w]}" for w in wamids], connection=connection)
    for wamid, job in zip(wamids, found, strict=True):
        sample = by_wamid[wamid]
        if job is not None and job.ended_at is not None:
            ended = job.ended_at if job.ended_at.tzinfo else job.ended_at.replace(tzinfo=UTC)
            sample.committed = ended.timestamp()
        elif job is None and sample.handled:
            sample.committed, sample.inline = sample.answered, True


def load_average() -> str:
    return "/".join(f"{value:.2f}" for value in os.getloadavg())


def tickets_of(app, wa_ids: list[str]) -> int:
    from app.extensions import db
    from app.models.grievance.citizen import Citizen as CitizenRecord
    from app.models.grievance.ticket import Ticket

    with app.app_context():
        return (
            db.session.query(Ticket)
            .join(Ticket.citizen)
            .filter(CitizenRecord.whatsapp_id.in_(wa_ids), Ticket.channel == "whatsapp")
            .count()
        )


def report(app, connection, graph, samples, citizens, window, cpu, tickets_before, loads) -> None:
    started, ended = window
    handled_times(app, samples)
    committed_times(app, connection, samples)
    done = [s for s in samples if s.committed]
    inline = sum(s.inline for s in done)
    last_committed = max((s.committed for s in done), default=started)
    http_ms = [(s.answered - s.sent) * 1000 for s in samples]
    handled = [s for s in samples if s.handled]
    to_handled = [(s.handled - s.sent) * 1000 for s in handled]
    to_reply = [(s.replied - s.sent) * 1000 for s in samples if s.replied]
    last_answer = max(s.answered for s in samples)
    last_handled = max((s.handled for s in handled), default=started)
    tickets = tickets_of(app, [c.wa_id for c in citizens])
    connections = f"over at most {CONNECTIONS} keep-alive connections"
    connections = connections if KEEPALIVE else "on a new connection each"
    print(
        f"data: {len(citizens)} citizens, {len(samples)} messages ({len(STEPS)} each), "
        f"{tickets} tickets, in {ended - started:.1f} s, on a database of {tickets_before} "
        f"tickets (+{WARMUP} warm-up citizens); offered "
        f"{RATE or 'unpaced'} messages/s, at most {CONCURRENCY} citizens mid-conversation"
    )
    print(
        f"load average (1/5/15 min): {loads[0]} before the services started, {loads[1]} at "
        f"the end of the measured run"
    )
    print(
        f"setup: conversation step {'in the webhook' if INLINE else 'in RQ jobs'} "
        f"(INBOUND_INLINE={int(INLINE)}); POSTs {connections} (BENCH_KEEPALIVE={int(KEEPALIVE)}); "
        f"gunicorn {WEB_WORKERS} workers x {WEB_THREADS} threads "
        f"({'gthread' if WEB_THREADS > 1 else 'sync'}), {RQ_WORKERS} RQ workers "
        f"{' '.join(WORKER_ARGS) or '(a forked horse per job)'}, "
        f"{os.cpu_count()} cores; machine CPU busy {cpu[1]:.0%} during the run, "
        f"{cpu[0]:.0%} before it (other users of the machine)"
    )
    print(
        f"issue 6: signed POST -> step committed, reply enqueued: "
        f"{len(done) / (last_committed - started):7.1f} /s  {percentiles(committed_ms(done))}"
        f"  ({inline} in the webhook, {len(done) - inline} by a job, "
        f"{len(samples) - len(done)} unknown)"
    )
    print(
        f"(a) webhook answers:        {len(samples) / (last_answer - started):7.1f} /s  "
        f"{percentiles(http_ms)}"
    )
    print(
        f"(b) POST -> handled_at:     {len(handled) / (last_handled - started):7.1f} /s  "
        f"{percentiles(to_handled)}"
    )
    print(f"    POST -> reply at Graph: {'':10}{percentiles(to_reply)}")
    for step, name in enumerate(STEPS):
        of_step = [(s.handled - s.sent) * 1000 for s in handled if s.step == step]
        print(f"      {name:21}{'':11}{percentiles(of_step)}")
    print(
        f"(c) tickets created:        {tickets:7d}    "
        f"{tickets / (ended - started):7.1f} /s (of {len(citizens)} citizens)"
    )
    replies = sum(len(graph.replies.get(c.wa_id, ())) for c in citizens)
    print(
        f"    unhandled messages:     {len(samples) - len(handled):7d}    replies at the Graph "
        f"API: {replies} for {len(samples)} messages, {len(samples) - len(to_reply)} missing"
    )


def committed_ms(samples: list[Sample]) -> list[float]:
    return [(s.committed - s.sent) * 1000 for s in samples]


def main() -> None:
    from redis import Redis

    from app import create_app
    from app.extensions import db
    from app.models.grievance.ticket import Ticket
    from app.models.org import Category

    redis_url = os.environ["REDIS_URL"]
    connection = Redis.from_url(redis_url)
    if connection.connection_pool.connection_kwargs.get("db", 0) == 0:
        sys.exit("REDIS_URL must name a bench database other than 0 (it is emptied)")
    connection.flushdb()
    app = create_app({"WHATSAPP_APP_SECRET": SECRET})
    with app.app_context():
        categories = db.session.query(Category).filter_by(active=True).count()
        before = db.session.query(Ticket).count()
    if not categories:
        sys.exit("no categories: run `flask --app run db upgrade` and `flask --app run demo`")

    loads = [load_average()]
    quiet = cpu_busy()
    time.sleep(3)  # what the machine does without us: others' processes share the cores
    idle_load = busy_since(quiet)
    loop = EventLoop()
    graph, port = GraphStandIn(loop), free_port()
    logs = tempfile.mkdtemp(prefix="bench-webhooks-")
    processes = start_services(graph, port, logs)
    try:
        wait_until_ready(port, connection, processes)
        run, webhook = f"{int(time.time()) % 1000:03d}", Webhook(port)
        people = [
            Citizen(f"9196{run}{n:05d}", n, webhook, graph, categories)
            for n in range(WARMUP + CITIZENS)
        ]
        loop.run(drive(people[:WARMUP], 0))  # every process has served and connected once
        cpu_use = CpuUse(app, processes, connection)
        cpu_before, ours_before = cpu_busy(), cpu_use.sample()
        samples, *window = loop.run(drive(people[WARMUP:], RATE))
        busy, ours = busy_since(cpu_before), CpuUse.spent(ours_before, cpu_use.sample())
        loads.append(load_average())
        report(
            app,
            connection,
            graph,
            samples,
            people[WARMUP:],
            window,
            (idle_load, busy),
            before,
            loads,
        )
        per_message = ", ".join(
            f"{kind} {spent / len(samples) * 1000:.1f}" for kind, spent in ours.items()
        )
        total = sum(ours.values()) / len(samples)
        print(
            f"CPU per message (ms): {per_message}; total {total * 1000:.1f} ms, so at most "
            f"{os.cpu_count() / total:.0f} messages/s on {os.cpu_count()} cores"
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(30)
        connection.flushdb()
        print(f"logs: {logs}")


if __name__ == "__main__":
    main()
