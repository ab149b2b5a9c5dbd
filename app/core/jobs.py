"""Background jobs: RQ on Redis when REDIS_URL is set, otherwise run in-process at once."""

import importlib
import logging
from functools import lru_cache

from flask import current_app
from redis import Redis
from rq import Queue

log = logging.getLogger(__name__)
QUEUES = ("high", "default", "low")


@lru_cache(maxsize=4)
def _redis(url: str) -> Redis:
    # Unreachable Redis fails fast: intake goes on and the relay sends later (no read timeout:
    # a worker blocks on its queues for minutes).
    return Redis.from_url(url, socket_connect_timeout=2)


def redis_connection() -> Redis | None:
    url = current_app.config.get("REDIS_URL")
    return _redis(url) if url else None


def queue(name: str = "default") -> Queue | None:
    connection = redis_connection()
    return Queue(name, connection=connection) if connection is not None else None


def enqueue(function: str, *args, queue_name: str = "default", **options):
    """Queue `function(*args)` on RQ, or call it now when the deployment has no Redis.
    `function` is the job's dotted name ("app.services.grievance.jobs.send_messages"), so the
    code that queues a job never imports it (and the job's module may import that code)."""
    target = queue(queue_name)
    if target is None:
        return _job(function)(*args)
    return target.enqueue(function, *args, **options)


def enqueue_many(
    function: str, calls: list[tuple[str, tuple]], queue_name: str = "default", **options
):
    """Queue many `(job_id, args)` calls of the job `function` (its dotted name) in one round
    trip to Redis. Without Redis each runs now; one that fails is logged and left to its
    caller's retry (the outbox relay)."""
    if not calls:
        return  # no round trip to Redis for nothing (a webhook that answered every message)
    target = queue(queue_name)
    if target is None:
        for job_id, args in calls:
            try:
                _job(function)(*args)
            except Exception:  # noqa: BLE001 - in-process stand-in for a failed RQ job
                log.exception("job %s failed", job_id)
        return
    with target.connection.pipeline() as pipe:
        prepared = [Queue.prepare_data(function, a, job_id=id_, **options) for id_, a in calls]
        target.enqueue_many(prepared, pipeline=pipe)
        pipe.execute()


def _job(function):
    """The function a job names (RQ resolves the same dotted name in the worker)."""
    if callable(function):
        return function
    module_name, _, attribute = function.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)


def queue_depth() -> int:
    connection = redis_connection()
    if connection is None:
        return 0
    return sum(Queue(name, connection=connection).count for name in QUEUES)
