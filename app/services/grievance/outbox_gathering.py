"""Chat replies gathered for one job: they come one or two at a time, so instead of an RQ job
each (most of a one-message job's cost is RQ's own) their ids join one Redis list, and one job
at a time sends what the list holds. The message rows stay the record: Redis down or a job
lost, the outbox's relay sends them."""

import logging
import time

from redis.exceptions import RedisError

from app.core import jobs
from app.services.grievance import gateways, outbox, outbox_sending

log = logging.getLogger(__name__)
SEND_GATHERED = "app.services.grievance.jobs.send_gathered"  # jobs by dotted name
# Chat replies wait on this Redis list for the one job that sends them (GATHER_ARMED set).
GATHERED, GATHER_ARMED = "janseva:outbox:gathered", "janseva:outbox:gather-armed"
GATHER_ARM_TTL = 30  # seconds: a job lost after arming delays the next one this long at most
GATHER_FOR = 10  # seconds one job sends what gathers before it hands over to its successor
GATHER_LINGER = 0.05  # seconds between two batches that were not full: fewer, larger batches


def gather(ids: list[int]) -> None:
    """After commit, for replies that come one or two at a time (chat; `ids` from
    outbox.dispatchable, read before the commit): they join the list, and the job that sends
    it (send_gathered) is queued unless one is already armed, so a burst of replies costs one
    RQ job. Without Redis they are dispatched as any other message."""
    connection = jobs.redis_connection()
    if connection is None or not ids:
        outbox.dispatch_ids(ids)
        return
    try:
        with connection.pipeline() as pipe:  # one transaction: see take_gathered
            pipe.rpush(GATHERED, *ids)
            pipe.set(GATHER_ARMED, 1, nx=True, ex=GATHER_ARM_TTL)
            armed = pipe.execute()[1]
        if armed:
            jobs.enqueue_many(SEND_GATHERED, [(f"outbound-gathered-{ids[0]}", ())])
    except RedisError as error:
        log.warning("%d outbox messages stay pending (Redis unavailable: %s)", len(ids), error)


def send_gathered() -> int:
    """The job: send what the list holds, then what gathered meanwhile, until the list is
    empty (take_gathered then disarms it, and the next reply queues the next job) or
    GATHER_FOR has passed (it then queues its successor, still armed). One sender at a time,
    waiting GATHER_LINGER between batches, takes larger batches as replies come faster, so a
    busy hour costs few jobs and few commits. A batch that failed is left to the relay.
    Returns how many were taken."""
    started, taken = time.monotonic(), 0
    while ids := take_gathered():
        taken += len(ids)
        try:
            outbox_sending.send_all(ids)
        except gateways.SendFailed as error:
            log.warning("gathered replies left to the relay: %s", error)
        if time.monotonic() - started > GATHER_FOR:
            jobs.enqueue_many(SEND_GATHERED, [(f"outbound-gathered-{ids[0]}-more", ())])
            break
        if len(ids) < outbox.JOB_SIZE:
            time.sleep(GATHER_LINGER)  # let the next batch fill a little: a reply waits no more
    return taken


# The gathered list's share for one batch, atomically: what it holds (at most ARGV[1] ids);
# an empty list disarms it, so a reply pushed after that queues the next job, and one pushed
# before was taken here; a taken batch keeps it armed for ARGV[2] seconds more.
_TAKE = """
local taken = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #taken == 0 then
  redis.call('DEL', KEYS[2])
else
  redis.call('LTRIM', KEYS[1], #taken, -1)
  redis.call('EXPIRE', KEYS[2], tonumber(ARGV[2]))
end
return taken
"""


def take_gathered() -> list[int]:
    """The next batch of gathered ids (at most outbox.JOB_SIZE); [] disarms the list."""
    connection = jobs.redis_connection()
    take = connection.register_script(_TAKE)
    taken = take(keys=[GATHERED, GATHER_ARMED], args=[outbox.JOB_SIZE, GATHER_ARM_TTL])
    return [int(message_id) for message_id in taken]
