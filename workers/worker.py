"""The JanSeva RQ workers: one Flask app per worker process, an app context around every job.
RQ's own loop gives up on a Redis error met outside its wait for a job (a heartbeat, a job's
bookkeeping, its teardown); `work_until_stopped` starts it again once Redis answers."""

import logging
import signal
import threading

from redis.exceptions import RedisError
from rq import SimpleWorker, Worker

from app.extensions import db
from app.services.grievance import claims

log = logging.getLogger(__name__)
RETRY_EVERY = 2  # seconds between two tries to reach Redis again


class _StopAware:
    """Remembers that a signal asked it to stop (RQ's loop also ends on errors)."""

    asked_to_stop = False

    def request_stop(self, signum, frame):
        self.asked_to_stop = True
        super().request_stop(signum, frame)


class JanSevaWorker(_StopAware, Worker):
    """Forks a work horse per job; the horse gets fresh database connections and app context."""

    flask_app = None

    def perform_job(self, job, queue, *args, **kwargs):
        with self.flask_app.app_context():
            db.engine.dispose(close=False)  # never share the parent's pooled connections
            return super().perform_job(job, queue, *args, **kwargs)


class InProcessWorker(_StopAware, SimpleWorker):
    """Runs each job in the worker process itself: its pooled connections and SQLAlchemy's
    compiled statements stay warm from one job to the next (a horse starts cold every time)."""

    flask_app = None

    def perform_job(self, job, queue, *args, **kwargs):
        with self.flask_app.app_context():
            return super().perform_job(job, queue, *args, **kwargs)


def work_until_stopped(make_worker, connection, burst: bool) -> None:
    """Run a worker (with the scheduler) until a signal stops it; one that quits without being
    asked (Redis went away) is replaced by a new one once Redis answers. Each shows it is alive
    (claims.keep_alive), so the relay resends at once what a killed worker held."""
    while _wait_for_redis(connection):
        worker, beat = None, None
        try:
            worker = make_worker()
            beat = claims.keep_alive(connection, worker.name)
            worker.work(with_scheduler=True, burst=burst)
        except (RedisError, OSError, ValueError) as error:  # Redis went away again meanwhile
            log.warning("worker stopped: %s", error)
        finally:
            if beat is not None:
                beat.set()
        if burst or (worker is not None and worker.asked_to_stop):
            return
        log.warning("the worker lost Redis; a new worker starts once Redis answers")


def _wait_for_redis(connection) -> bool:
    """True once Redis answers; False when a signal asks the process to stop meanwhile.
    (RQ's worker installs its own handlers again when it starts.)"""
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    while not stop.is_set():
        try:
            connection.ping()
            return True
        except RedisError:
            stop.wait(RETRY_EVERY)
    return False
