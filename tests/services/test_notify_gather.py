"""Chat replies gathered for one RQ job (notify.gather): a burst queues one job, the job takes
what was gathered, and a reply gathered after it took its share queues the next job."""

from rq import Queue

from app.services import jobs, notify
from tests.workers.test_outbox_worker import private_redis  # noqa: F401 - fixture


def queued(app) -> list[str]:
    return Queue("default", connection=jobs.redis_connection()).job_ids


def test_a_burst_of_replies_queues_one_job_that_takes_them_all(app, private_redis):  # noqa: F811
    with app.app_context():
        notify.gather([11, 12])
        notify.gather([13])
        assert queued(app) == ["outbound-gathered-11"]
        assert notify.take_gathered() == [11, 12, 13]
        notify.gather([14])  # after the job took its share: the next job
        assert queued(app) == ["outbound-gathered-11", "outbound-gathered-14"]
        assert notify.take_gathered() == [14]
        assert notify.take_gathered() == []  # nothing twice


def test_more_than_a_job_holds_queues_another_for_the_rest(app, private_redis):  # noqa: F811
    with app.app_context():
        notify.gather(list(range(1, notify.JOB_SIZE + 6)))
        assert notify.take_gathered() == list(range(1, notify.JOB_SIZE + 1))
        assert queued(app) == ["outbound-gathered-1", "outbound-gathered-1-more"]
        assert notify.take_gathered() == list(range(notify.JOB_SIZE + 1, notify.JOB_SIZE + 6))


def test_without_redis_gathered_replies_are_sent_at_once(app, inline_jobs, monkeypatch):
    sent = []
    monkeypatch.setattr(notify, "send_all", lambda ids: sent.extend(ids))
    with app.app_context():
        notify.gather([21, 22])
    assert sent == [21, 22]
