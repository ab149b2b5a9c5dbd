"""The delivery code is a secret between the SMS and the recipient: after a whole delivery it
is in no table, no log line and no API answer; guessing it is locked out."""

import logging
import time
from datetime import timedelta

from sqlalchemy import inspect, text

from app.core.clock import utc_now
from app.extensions import db
from app.models.base import StaffUser
from app.models.postal import Article, ArticleStatus
from app.services.postal import articles as postal
from app.services.postal import otp
from tests.conftest import api_headers
from tests.postal_helpers import book, code_in
from tests.race_helpers import at_once, needs_postgres


def _dump() -> str:
    """Every row of every table, as text (what a stolen backup holds)."""
    parts = []
    for table in inspect(db.engine).get_table_names():
        rows = db.session.execute(text(f'SELECT * FROM "{table}"')).all()  # noqa: S608
        parts.extend(repr(tuple(row)) for row in rows)
    return "\n".join(parts)


def test_after_a_full_delivery_no_code_is_in_the_database_logs_or_api(
    app, gateways, inline_jobs, caplog
):
    sms, _ = gateways
    caplog.set_level(logging.DEBUG)
    with app.app_context():
        article = book(ward=2, mobile="+919812340201")
        pk = article.id
    client = app.test_client()
    headers = api_headers(app, "postman1")
    answers = [client.post(f"/api/v1/article/{pk}/dispatch", headers=headers).text]
    code = code_in([m for m in sms.received if m["to"] == "+919812340201"][-1]["text"])
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    answers.append(
        client.post(f"/api/v1/article/{pk}/verify-otp", headers=headers, json={"otp": wrong}).text
    )
    answers.append(
        client.post(f"/api/v1/article/{pk}/verify-otp", headers=headers, json={"otp": code}).text
    )
    answers.append(client.get(f"/api/v1/article/{pk}", headers=headers).text)
    answers.append(client.get("/api/v1/article/", headers=headers).text)
    admin = api_headers(app, "admin")
    answers.append(client.get("/api/v1/outbound_message/?q=(page_size:100)", headers=admin).text)
    with app.app_context():
        assert db.session.get(Article, pk).status == ArticleStatus.delivered
        dump = _dump()
    assert code not in dump
    assert all(code not in answer for answer in answers)
    assert code not in caplog.text
    assert wrong not in dump and wrong not in caplog.text


def test_a_brute_force_is_locked_out_after_five_wrong_codes(app, gateways, inline_jobs):
    sms, _ = gateways
    with app.app_context():
        article = book(ward=2, mobile="+919812340202")
        pk = article.id
    client = app.test_client()
    headers = api_headers(app, "postman1")
    client.post(f"/api/v1/article/{pk}/dispatch", headers=headers)
    code = code_in([m for m in sms.received if m["to"] == "+919812340202"][-1]["text"])
    statuses = []
    for guess in range(20):
        attempt = f"{guess:06d}"
        if attempt == code:
            continue
        answer = client.post(
            f"/api/v1/article/{pk}/verify-otp", headers=headers, json={"otp": attempt}
        )
        statuses.append(answer.status_code)
    assert statuses[:4] == [422] * 4 and set(statuses[4:]) == {423}
    right = client.post(f"/api/v1/article/{pk}/verify-otp", headers=headers, json={"otp": code})
    assert right.status_code == 423 and "locked" in right.json["message"]
    with app.app_context():
        assert db.session.get(Article, pk).status == ArticleStatus.out_for_delivery


def test_a_postman_guessing_across_articles_is_paused(app, gateways, inline_jobs, monkeypatch):
    # Two hours back: the hour this test fills is over before any other test of postman2 runs.
    earlier = utc_now() - timedelta(hours=2)
    monkeypatch.setattr(postal, "utc_now", lambda: earlier)
    with app.app_context():
        ids = [book(ward=8, mobile=f"+91981234030{n}").id for n in range(3)]
    client = app.test_client()
    headers = api_headers(app, "postman2")
    answers = []
    for pk in ids:
        assert client.post(f"/api/v1/article/{pk}/dispatch", headers=headers).status_code == 200
        for guess in range(4):
            answer = client.post(
                f"/api/v1/article/{pk}/verify-otp", headers=headers, json={"otp": f"99999{guess}"}
            )
            answers.append(answer.status_code)
    allowed = postal.WRONG_PER_POSTMAN_HOUR
    assert set(answers[:allowed]) == {422}
    assert set(answers[allowed:]) == {429}  # past the limit no code is checked at all


def _slow_checks(monkeypatch) -> list:
    """Every code checked from now on, each held a moment between reading the counts and
    writing them."""
    checked, real_check = [], otp.matches

    def slow_check(secret, attempt, entered):
        checked.append(entered)
        time.sleep(0.3)
        return real_check(secret, attempt, entered)

    monkeypatch.setattr(otp, "matches", slow_check)
    return checked


def _verifies(pk: int, guess: str, headers: dict):
    url = f"/api/v1/article/{pk}/verify-otp"
    return lambda client: client.post(url, headers=headers, json={"otp": guess})


def _hours_ago(monkeypatch, hours: int) -> None:
    """The post office's clock moved back: the wrong codes a test enters are over an hour old
    by the time any later test of the same postman counts them."""
    earlier = utc_now() - timedelta(hours=hours)
    monkeypatch.setattr(postal, "utc_now", lambda: earlier)


def _dispatched(app, sms, mobile: str, headers: dict) -> tuple[int, str]:
    with app.app_context():
        pk = book(ward=2, mobile=mobile).id
    assert (
        app.test_client().post(f"/api/v1/article/{pk}/dispatch", headers=headers).status_code == 200
    )
    return pk, code_in([m for m in sms.received if m["to"] == mobile][-1]["text"])


def test_six_wrong_codes_sent_at_once_get_five_checks(app, gateways, inline_jobs, monkeypatch):
    """Each code is checked against the attempt's count as the others left it: the sixth is
    refused unchecked, however close together they come."""
    needs_postgres(app)
    _hours_ago(monkeypatch, 3)
    sms, _ = gateways
    headers = api_headers(app, "postman1")
    pk, code = _dispatched(app, sms, "+919812340203", headers)
    checked = _slow_checks(monkeypatch)
    monkeypatch.setattr(postal, "WRONG_PER_POSTMAN_HOUR", 1000)  # this test is about one attempt
    wrong = [f"{(int(code) + n) % 1_000_000:06d}" for n in range(1, 7)]
    answers = at_once(app, [_verifies(pk, guess, headers) for guess in wrong])
    assert len(checked) == postal.MAX_WRONG
    assert sorted(a.status_code for a in answers) == [422] * 4 + [423] * 2
    with app.app_context():
        article = db.session.get(Article, pk)
        assert article.wrong_entries == postal.MAX_WRONG
        assert [e.kind for e in article.events].count("otp_wrong") == postal.MAX_WRONG


def test_wrong_codes_at_once_across_articles_respect_the_postmans_hourly_limit(
    app, gateways, inline_jobs, monkeypatch
):
    needs_postgres(app)
    _hours_ago(monkeypatch, 4)
    sms, _ = gateways
    headers = api_headers(app, "postman1")
    articles = [_dispatched(app, sms, f"+91981234021{n}", headers) for n in range(3)]
    with app.app_context():
        postman = db.session.query(StaffUser).filter_by(username="postman1").one()
        so_far = postal._recent_wrong_codes(postman)
    monkeypatch.setattr(postal, "WRONG_PER_POSTMAN_HOUR", so_far + 6)
    checked = _slow_checks(monkeypatch)
    calls = [
        _verifies(pk, f"{(int(code) + n) % 1_000_000:06d}", headers)
        for pk, code in articles
        for n in range(1, 5)
    ]
    answers = at_once(app, calls)
    assert len(checked) == 6  # the six left in the hour, then no code is checked at all
    assert sorted(a.status_code for a in answers) == [422] * 6 + [429] * 6
