"""Chat replies gathered for one RQ job (outbox_gathering.gather): a burst queues one job, the
job sends what was gathered and what gathers while it sends, and once it found the list empty
the next reply queues the next job."""

from rq import Queue

from app.core import jobs
from app.services.grievance import outbox, outbox_gathering, outbox_sending


def queued(app) -> list[str]:
    return Queue("default", connection=jobs.redis_connection()).job_ids


def test_a_burst_of_replies_queues_one_job_that_takes_them_all(app, private_redis):  # noqa: F811
    with app.app_context():
        outbox_gathering.gather([11, 12])
        outbox_gathering.gather([13])
        assert queued(app) == ["outbound-gathered-11"]
        assert outbox_gathering.take_gathered() == [11, 12, 13]
        outbox_gathering.gather([14])  # while the job sends: it takes this one too, no second job
        assert queued(app) == ["outbound-gathered-11"]
        assert outbox_gathering.take_gathered() == [14]
        assert outbox_gathering.take_gathered() == []  # nothing twice; the list is disarmed
        outbox_gathering.gather([15])  # after the job found the list empty: the next job
        assert queued(app) == ["outbound-gathered-11", "outbound-gathered-15"]


def test_more_than_a_batch_holds_is_taken_in_turn(app, private_redis):  # noqa: F811
    with app.app_context():
        outbox_gathering.gather(list(range(1, outbox.JOB_SIZE + 6)))
        assert outbox_gathering.take_gathered() == list(range(1, outbox.JOB_SIZE + 1))
        assert outbox_gathering.take_gathered() == list(
            range(outbox.JOB_SIZE + 1, outbox.JOB_SIZE + 6)
        )
        assert queued(app) == ["outbound-gathered-1"]


def test_the_job_sends_what_gathers_while_it_sends(app, private_redis, monkeypatch):  # noqa: F811
    batches = []

    def send_all(ids):
        batches.append(ids)
        if len(batches) == 1:
            outbox_gathering.gather([31, 32])  # replies written while the first batch was sent

    monkeypatch.setattr(outbox_sending, "send_all", send_all)
    with app.app_context():
        outbox_gathering.gather([30])
        assert outbox_gathering.send_gathered() == 3
        assert batches == [[30], [31, 32]]
        assert queued(app) == ["outbound-gathered-30"]  # the job itself, nothing more
        outbox_gathering.gather([33])
        assert queued(app) == ["outbound-gathered-30", "outbound-gathered-33"]


def test_a_job_that_sent_long_enough_hands_over_to_its_successor(
    app,
    private_redis,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setattr(outbox_sending, "send_all", lambda ids: None)
    monkeypatch.setattr(outbox_gathering, "GATHER_FOR", -1)  # its time is up after one batch
    with app.app_context():
        outbox_gathering.gather([40])
        outbox_gathering.gather([41])  # still armed: no job of its own
        assert outbox_gathering.send_gathered() == 2
        assert queued(app) == ["outbound-gathered-40", "outbound-gathered-40-more"]
        outbox_gathering.gather([42])  # the successor will take it
        assert queued(app) == ["outbound-gathered-40", "outbound-gathered-40-more"]


def test_without_redis_gathered_replies_are_sent_at_once(app, inline_jobs, monkeypatch):
    sent = []
    monkeypatch.setattr(outbox_sending, "send_all", lambda ids: sent.extend(ids))
    with app.app_context():
        outbox_gathering.gather([21, 22])
    assert sent == [21, 22]
