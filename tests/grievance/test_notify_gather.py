"""Chat replies gathered for one RQ job (notify.gather): a burst queues one job, the job sends
what was gathered and what gathers while it sends, and once it found the list empty the next
reply queues the next job."""

from rq import Queue

from app.core import jobs
from app.services.grievance import outbox as notify


def queued(app) -> list[str]:
    return Queue("default", connection=jobs.redis_connection()).job_ids


def test_a_burst_of_replies_queues_one_job_that_takes_them_all(app, private_redis):  # noqa: F811
    with app.app_context():
        notify.gather([11, 12])
        notify.gather([13])
        assert queued(app) == ["outbound-gathered-11"]
        assert notify.take_gathered() == [11, 12, 13]
        notify.gather([14])  # while the job sends: it takes this one too, no second job
        assert queued(app) == ["outbound-gathered-11"]
        assert notify.take_gathered() == [14]
        assert notify.take_gathered() == []  # nothing twice; the list is disarmed
        notify.gather([15])  # after the job found the list empty: the next job
        assert queued(app) == ["outbound-gathered-11", "outbound-gathered-15"]


def test_more_than_a_batch_holds_is_taken_in_turn(app, private_redis):  # noqa: F811
    with app.app_context():
        notify.gather(list(range(1, notify.JOB_SIZE + 6)))
        assert notify.take_gathered() == list(range(1, notify.JOB_SIZE + 1))
        assert notify.take_gathered() == list(range(notify.JOB_SIZE + 1, notify.JOB_SIZE + 6))
        assert queued(app) == ["outbound-gathered-1"]


def test_the_job_sends_what_gathers_while_it_sends(app, private_redis, monkeypatch):  # noqa: F811
    batches = []

    def send_all(ids):
        batches.append(ids)
        if len(batches) == 1:
            notify.gather([31, 32])  # replies written while the first batch was sent

    monkeypatch.setattr(notify, "send_all", send_all)
    with app.app_context():
        notify.gather([30])
        assert notify.send_gathered() == 3
        assert batches == [[30], [31, 32]]
        assert queued(app) == ["outbound-gathered-30"]  # the job itself, nothing more
        notify.gather([33])
        assert queued(app) == ["outbound-gathered-30", "outbound-gathered-33"]


def test_a_job_that_sent_long_enough_hands_over_to_its_successor(
    app,
    private_redis,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setattr(notify, "send_all", lambda ids: None)
    monkeypatch.setattr(notify, "GATHER_FOR", -1)  # its time is up after one batch
    with app.app_context():
        notify.gather([40])
        notify.gather([41])  # still armed: no job of its own
        assert notify.send_gathered() == 2
        assert queued(app) == ["outbound-gathered-40", "outbound-gathered-40-more"]
        notify.gather([42])  # the successor will take it
        assert queued(app) == ["outbound-gathered-40", "outbound-gathered-40-more"]


def test_without_redis_gathered_replies_are_sent_at_once(app, inline_jobs, monkeypatch):
    sent = []
    monkeypatch.setattr(notify, "send_all", lambda ids: sent.extend(ids))
    with app.app_context():
        notify.gather([21, 22])
    assert sent == [21, 22]
