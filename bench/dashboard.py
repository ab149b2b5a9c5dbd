"""`/dashboard/data.json` at a city's scale, through gunicorn on PostgreSQL, while tickets keep
changing: p50/p95 per filter set (a unit of the tree with its subtree among them), the monthly
ranking of units, the first load of a process's copy, the figures checked against SQL counts,
and the tickets CSV streamed (rows, MB, time, the server's memory).

Tickets need units: when the database has no tree below its root, the bench makes one of its
own first (a head office, BENCH_DISTRICTS districts of BENCH_STATIONS stations; the wards spread
over the stations, each ticket held by its ward's station, 1% of tickets appeals) with the
change-log triggers off.

    createdb -h 127.0.0.1 -U postgres dash_seed
    export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/dash_seed
    flask --app run db upgrade && flask --app run demo
    flask --app run bench seed --tickets 1000000      # about 5-8 minutes
    python bench/dashboard.py                         # prints figures and the data size

Options by environment: BENCH_REQUESTS (60 per case), BENCH_WRITES (20 ticket changes per
second during the timings), BENCH_WEB_WORKERS (2), BENCH_WEB_THREADS (4), BENCH_EXPORT (1:
stream the whole year's tickets CSV), BENCH_DISTRICTS (75), BENCH_STATIONS (4).
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta

import psycopg
import requests

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.dashboard_tree import busiest_unit, make_tree  # noqa: E402
from bench.figures import percentiles  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "60"))
WRITES = float(os.environ.get("BENCH_WRITES", "20"))
WEB_WORKERS = os.environ.get("BENCH_WEB_WORKERS", "2")
WEB_THREADS = os.environ.get("BENCH_WEB_THREADS", "4")
PASSWORD = os.environ.get("DEMO_PASSWORD", "janseva-demo")
DISTRICTS = int(os.environ.get("BENCH_DISTRICTS", "75"))
STATIONS = int(os.environ.get("BENCH_STATIONS", "4"))  # per district


def main() -> None:
    url = os.environ["DATABASE_URL"]
    pg = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    make_tree(pg, DISTRICTS, STATIONS)
    size = _data_size(pg)
    print(f"data: {size}")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server, log = _gunicorn(port)
    try:
        _wait(base)
        supervisor, clerk = _login(base, "supervisor"), _login(base, "clerk_water")
        persian = _login(base, "supervisor")
        persian.get(f"{base}/lang/fa")
        department, ward = _busiest(pg)
        district, depth = busiest_unit(pg)
        today = date.today()
        year = {"from": str(today - timedelta(days=365)), "to": str(today)}
        month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
        first = []
        for _ in range(int(WEB_WORKERS) * 2):  # each process loads its copy once
            started = time.perf_counter()
            supervisor.get(f"{base}/dashboard/data.json", params=year).raise_for_status()
            first.append((time.perf_counter() - started) * 1000)
        print(f"first answers (each process loads its copy): {[round(ms) for ms in first]} ms")
        cases = {
            "last 30 days, no filter": (supervisor, {}),
            "whole year, no filter": (supervisor, year),
            "whole year, busiest department": (supervisor, year | {"department": department}),
            "whole year, busiest ward": (supervisor, year | {"ward": ward}),
            "whole year, department and ward": (
                supervisor,
                year | {"department": department, "ward": ward},
            ),
            "whole year, busiest district (subtree)": (supervisor, year | {"unit": district}),
            "whole year, per district": (supervisor, year | {"level": depth}),
            "last 30 days, busiest district": (supervisor, {"unit": district}),
            "last 7 days": (supervisor, {"from": str(today - timedelta(days=6))}),
            "clerk_water, whole year": (clerk, year),
            "whole year in Persian": (persian, year),
        }
        stop = threading.Event()
        writer = threading.Thread(target=_keep_writing, args=(url, stop), daemon=True)
        writer.start()
        everything = []
        for name, (session, params) in cases.items():
            samples = _timed(session, f"{base}/dashboard/data.json", params)
            everything += samples
            print(f"{name:36s} {percentiles(samples)}")
        ranking = {"month": month, "level": depth}
        if supervisor.get(f"{base}/dashboard/ranking.json", params=ranking).ok:  # not before
            samples = _timed(supervisor, f"{base}/dashboard/ranking.json", ranking)
            everything += samples
            print(f"{'ranking of districts, last month':36s} {percentiles(samples)}")
        concurrent = _concurrent(supervisor, f"{base}/dashboard/data.json", year, clients=4)
        print(f"{'whole year, 4 clients at once':36s} {percentiles(concurrent)}")
        stop.set()
        writer.join()
        print(f"{'every case above':36s} {percentiles(everything + concurrent)}")
        print(f"ticket changes written during the timings: {writer_count[0]}")
        _check_exact(pg, supervisor, base, year)
        _writer_cost(pg)
        if os.environ.get("BENCH_EXPORT", "1") == "1":
            _export(supervisor, base, year, server)
        print(f"load average: {os.getloadavg()}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        print(f"gunicorn log: {log}")


def _data_size(pg) -> str:
    tickets, first, last = pg.execute(
        "SELECT count(*), min(created_at)::date, max(created_at)::date FROM ticket"
    ).fetchone()
    counts = {
        table: pg.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names
        for table in (
            "citizen",
            "ward",
            "department",
            "category",
            "officer",
            "feedback",
            "org_unit",
        )
    }
    appeals = pg.execute("SELECT count(*) FROM ticket WHERE appeal_of_id IS NOT NULL").fetchone()
    return f"{tickets:,} tickets ({appeals[0]:,} appeals) from {first} to {last}; " + ", ".join(
        f"{n:,} {table}s" for table, n in counts.items()
    )


def _busiest(pg) -> tuple[int, int]:
    department = pg.execute(
        "SELECT department_id FROM ticket GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    ward = pg.execute(
        "SELECT ward_id FROM ticket WHERE ward_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC "
        "LIMIT 1"
    ).fetchone()[0]
    return department, ward


writer_count = [0]


def _keep_writing(url: str, stop: threading.Event) -> None:
    """Tickets change while the dashboard is read: WRITES updates per second (state and
    escalation, as the desk and the sweep write them), each its own transaction."""
    pg = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    top = pg.execute("SELECT max(id) FROM ticket").fetchone()[0]
    n = 0
    while not stop.wait(1 / WRITES if WRITES else 3600):
        n += 1
        pg.execute(
            "UPDATE ticket SET level = level + 1, updated_at = now() WHERE id = %s",
            ((n * 7919) % top + 1,),
        )
        writer_count[0] = n
    pg.close()


def _timed(session, url, params) -> list[float]:
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        answer = session.get(url, params=params)
        answer.raise_for_status()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _concurrent(session, url, params, clients: int) -> list[float]:
    samples: list[float] = []
    lock = threading.Lock()

    def client():
        mine = _timed(session, url, params)
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def _check_exact(pg, session, base, year) -> None:
    """The dashboard against SQL over the same range, with nothing being written."""
    shown = session.get(f"{base}/dashboard/data.json", params=year).json()["totals"]
    start = date.fromisoformat(year["from"])
    tickets, escalated = pg.execute(
        "SELECT count(*), count(*) FILTER (WHERE level > 1) FROM ticket "
        "WHERE (created_at AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Kolkata')::date "
        "BETWEEN %s AND %s",
        (start, date.fromisoformat(year["to"])),
    ).fetchone()
    print(
        f"exact: dashboard {shown['tickets']:,} tickets / {shown['escalations']:,} escalated; "
        f"SQL {tickets:,} / {escalated:,}: {'equal' if (tickets, escalated) == (shown['tickets'], shown['escalations']) else 'DIFFERENT'}"  # noqa: E501
    )


TRIGGERS = ("ticket_inserted", "ticket_updated")


def _writer_cost(pg) -> None:
    """What the change-log triggers cost the desk: a bulk update like the SLA sweep's (10,000
    tickets in one statement) and 300 one-ticket updates (a statement each), with the
    triggers on and off, alternating; every change is rolled back."""
    top = pg.execute("SELECT max(id) FROM ticket").fetchone()[0]
    figures = {"on": {"bulk": [], "single": []}, "off": {"bulk": [], "single": []}}
    pg.autocommit = False
    for round_ in range(6):
        mode = "on" if round_ % 2 == 0 else "off"
        if mode == "off":
            for name in TRIGGERS:
                pg.execute(f"ALTER TABLE ticket DISABLE TRIGGER {name}")
        started = time.perf_counter()
        pg.execute(
            "UPDATE ticket SET level = level + 1 WHERE id BETWEEN %s AND %s",
            (round_ * 10_000 + 1, round_ * 10_000 + 10_000),
        )
        figures[mode]["bulk"].append((time.perf_counter() - started) * 1000)
        for n in range(300):
            started = time.perf_counter()
            pg.execute("SAVEPOINT one")
            pg.execute(
                "UPDATE ticket SET updated_at = now() WHERE id = %s", ((n * 7919) % top + 1,)
            )
            pg.execute("RELEASE SAVEPOINT one")
            figures[mode]["single"].append((time.perf_counter() - started) * 1000)
        pg.rollback()
    pg.autocommit = True
    for mode, samples in figures.items():
        print(
            f"writes with the change-log triggers {mode:3s}: bulk update of 10,000 tickets "
            f"{percentiles(samples['bulk'])}; one-ticket update {percentiles(samples['single'])}"
        )


def _export(session, base, year, server) -> None:
    before = _rss_mb(server.pid)
    started = time.perf_counter()
    answer = session.get(f"{base}/dashboard/tickets.csv", params=year, stream=True)
    answer.raise_for_status()
    size = rows = 0
    peak = before
    for n, chunk in enumerate(answer.iter_content(chunk_size=1 << 16)):
        size += len(chunk)
        rows += chunk.count(b"\n")
        if n % 200 == 0:
            peak = max(peak, _rss_mb(server.pid))
    seconds = time.perf_counter() - started
    print(
        f"tickets.csv, whole year: {rows - 1:,} rows, {size / 1e6:.0f} MB in {seconds:.1f} s "
        f"({(rows - 1) / seconds:,.0f} rows/s); gunicorn workers' memory {before:.0f} MB "
        f"before, at most {peak:.0f} MB during"
    )


def _rss_mb(master: int) -> float:
    """Resident memory of the gunicorn workers (the master's children), in MB."""
    children = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True, check=False
    ).stdout.split()
    total = 0
    for pid in children:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def _gunicorn(port: int):
    log = tempfile.NamedTemporaryFile(prefix="bench-dashboard-", suffix=".log", delete=False)
    env = {**os.environ, "RATELIMIT_ENABLED": "0"}
    env.pop("REDIS_URL", None)  # the dashboard needs no queue; keep the bench to the web tier
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        WEB_WORKERS,
        "--threads",
        WEB_THREADS,
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "run:app",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603
    return server, log.name


def _wait(base: str) -> None:
    for _ in range(90):
        try:
            if requests.get(f"{base}/healthz", timeout=10).status_code in (200, 503):
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError("gunicorn did not start within 90 s")


def _login(base: str, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/login/")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{base}/login/",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"{username} could not log in")
    return session


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    main()
