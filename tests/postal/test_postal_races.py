"""The post office's counters hold when requests come at the same moment: a dispatch tapped
twice starts one attempt and sends one code; resends tapped at once count against one gap
and one limit, so the recipient never gets more SMS than the limit. Requests run in parallel
threads, each with its own database connection, against PostgreSQL."""

import time
from datetime import timedelta

import pytest

from app.core.clock import utc_now
from app.extensions import db
from app.models.postal import Article
from app.services.grievance import outbox
from app.services.postal import articles as postal
from tests.conftest import api_headers
from tests.postal_helpers import book
from tests.race_helpers import at_once, needs_postgres


@pytest.fixture()
def slow_sms_text(monkeypatch):
    """A slow moment between reading an article's counts and writing them."""
    render = outbox.render

    def slow(*args, **kwargs):
        time.sleep(0.2)
        return render(*args, **kwargs)

    monkeypatch.setattr(outbox, "render", slow)


def _post(url: str, headers: dict):
    return lambda client: client.post(url, headers=headers)


def _sent_to(sms, mobile: str) -> int:
    return sum(message["to"] == mobile for message in sms.received)


def test_dispatch_tapped_three_times_at_once_sends_one_code(
    app, gateways, inline_jobs, slow_sms_text
):
    needs_postgres(app)
    sms, _ = gateways
    with app.app_context():
        pk = book(ward=2, mobile="+919812340281").id
    headers = api_headers(app, "postman1")
    answers = at_once(app, [_post(f"/api/v1/article/{pk}/dispatch", headers)] * 3)
    assert sorted(a.status_code for a in answers) == [200, 409, 409]
    assert _sent_to(sms, "+919812340281") == 1
    with app.app_context():
        article = db.session.get(Article, pk)
        assert article.attempt == 1 and article.otp_sends == 1
        assert [e.kind for e in article.events].count("out_for_delivery") == 1


def test_resends_tapped_at_once_never_pass_the_limit(app, gateways, inline_jobs, slow_sms_text):
    needs_postgres(app)
    sms, _ = gateways
    mobile = "+919812340282"
    with app.app_context():
        pk = book(ward=2, mobile=mobile).id
    headers = api_headers(app, "postman1")
    assert (
        app.test_client().post(f"/api/v1/article/{pk}/dispatch", headers=headers).status_code == 200
    )
    accepted = []
    for _ in range(3):
        with app.app_context():  # the gap since the last SMS has passed
            article = db.session.get(Article, pk)
            article.otp_sent_at = utc_now() - timedelta(minutes=2)
            db.session.commit()
        answers = at_once(app, [_post(f"/api/v1/article/{pk}/resend-otp", headers)] * 4)
        assert {a.status_code for a in answers} <= {200, 429}
        accepted.append(sum(a.status_code == 200 for a in answers))
    assert accepted == [1, 1, 0]  # one per gap, until the attempt's three SMS are out
    assert _sent_to(sms, mobile) == postal.SENDS_PER_ATTEMPT
    with app.app_context():
        assert db.session.get(Article, pk).otp_sends == postal.SENDS_PER_ATTEMPT
