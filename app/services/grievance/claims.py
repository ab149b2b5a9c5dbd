"""Who holds an outbox message while it is sent: the RQ worker and job that claimed it.

A worker shows it is alive with a Redis key it renews every ALIVE_EVERY seconds, so the relay
takes a held message back as soon as its holder is gone (the worker killed, or its job ended
without recording what became of the message) instead of after outbox.LEASE. The message
goes out again with the same outbox id, which providers that honour it use to drop the
repeat. Without Redis, or sent outside a job, the lease alone decides."""

import logging
import threading

from redis.exceptions import RedisError
from rq import get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from app.core import jobs

log = logging.getLogger(__name__)
ALIVE_KEY = "janseva:worker-alive:"
ALIVE_FOR = 15  # seconds a sign of life lasts: a killed worker's messages wait this long
ALIVE_EVERY = 5


def holder() -> str | None:
    """The running job's worker and id, or None outside an RQ job (in-process sends)."""
    job = get_current_job()
    if job is None or not job.worker_name:
        return None
    return f"{job.worker_name}/{job.id}"


def keep_alive(connection, worker_name: str) -> threading.Event:
    """Renew the worker's sign of life in a thread until the returned event is set."""
    stop = threading.Event()

    def beat():
        while not stop.is_set():
            try:
                connection.set(ALIVE_KEY + worker_name, 1, ex=ALIVE_FOR)
            except RedisError:
                pass  # Redis away: the worker's own loop waits for it
            stop.wait(ALIVE_EVERY)

    threading.Thread(target=beat, name="janseva-alive", daemon=True).start()
    return stop


def abandoned(messages: list, lease_passed) -> list:
    """The messages to take back among those being sent: the lease passed (`lease_passed(m)`),
    or their holder is gone. Redis unreachable: only the lease."""
    held = {m.claimed_by for m in messages if m.claimed_by and not lease_passed(m)}
    try:
        gone = {h for h in held if not _running(h)}
    except RedisError as error:
        log.warning("cannot tell which workers are alive, the lease decides: %s", error)
        gone = set()
    return [m for m in messages if lease_passed(m) or m.claimed_by in gone]


def _running(held_by: str) -> bool:
    connection = jobs.redis_connection()
    if connection is None:
        return True
    worker_name, _, job_id = held_by.partition("/")
    if not connection.exists(ALIVE_KEY + worker_name):
        return False
    try:
        job = Job.fetch(job_id, connection=connection)
    except NoSuchJobError:
        return False
    return job.get_status() == JobStatus.STARTED and job.worker_name == worker_name
