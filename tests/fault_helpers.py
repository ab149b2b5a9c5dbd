"""Real services a fault test starts, stops, kills or cuts off: a redis-server of its own,
gunicorn serving the app, `python -m workers`, the test database's connections."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager

import requests
from redis import Redis
from sqlalchemy import create_engine, event, func, make_url, text
from sqlalchemy.orm import Session

from tests.gateways import free_port

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class PrivateRedis:
    """A redis-server of this test's own, so it can be stopped and started again."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                Redis.from_url(self.url).ping()
                return
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def service_env(redis: PrivateRedis, **settings) -> dict:
    """The environment of a web or worker process of this test (DATABASE_URL is the suite's)."""
    return {**os.environ, "REDIS_URL": redis.url, **settings}


def start_worker(env: dict, *flags: str, log=subprocess.DEVNULL) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "workers", *flags],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=log,
        stderr=log,
    )


def run_worker(redis, sms_url, background=False):
    env = {**os.environ, "REDIS_URL": redis.url, "NOTIFY_SMS_URL": sms_url}
    command = [sys.executable, "-m", "workers", "--burst"]
    if background:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]


def kill_worker_and_horse(worker):
    """SIGKILL the worker and its work horse (RQ puts the horse in a process group of its own)."""
    horses = subprocess.run(
        ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    for pid in horses:
        os.kill(int(pid), signal.SIGKILL)
    worker.kill()
    worker.wait(10)
    assert horses, "the worker had no work horse to kill"


class Gunicorn:
    """The app served as in production (`gunicorn run:app`), two worker processes."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        self.process = subprocess.Popen(
            [gunicorn, "--workers", "2", "--bind", f"127.0.0.1:{self.port}", "run:app"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                requests.get(f"{self.url}/healthz", timeout=2)
                return
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(20)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@contextmanager
def database_cut_after_commit(url: str):
    """For the block: right after the app's next commit, every connection to the test database
    is terminated (pg_terminate_backend) and no new one is let in until the block ends, as when
    PostgreSQL or the network goes away just after a transaction was stored."""
    name = make_url(url).database
    admin = create_engine(
        make_url(url).set(drivername="postgresql+psycopg", database="postgres"),
        isolation_level="AUTOCOMMIT",
    )
    cut = {"done": False}

    def after_commit(session):
        if cut["done"]:
            return
        cut["done"] = True
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :db"),
                {"db": name},
            )

    event.listen(Session, "after_commit", after_commit)
    try:
        yield cut
    finally:
        event.remove(Session, "after_commit", after_commit)
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()


def last_ticket_id(app) -> int:
    from app.extensions import db
    from app.models.grievance.ticket import Ticket

    with app.app_context():
        return db.session.query(func.max(Ticket.id)).scalar() or 0


def reporters_since(app, ticket_id: int) -> list[str]:
    """The mobile number of each ticket registered after `ticket_id`, sorted (other tests use
    the same numbers, so only this test's tickets count)."""
    from app.extensions import db
    from app.models.grievance.citizen import Citizen
    from app.models.grievance.ticket import Ticket

    with app.app_context():
        rows = (
            db.session.query(Citizen.phone)
            .join(Ticket, Ticket.citizen_id == Citizen.id)
            .filter(Ticket.id > ticket_id)
        )
        return sorted(phone for (phone,) in rows)
