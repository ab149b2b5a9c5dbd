"""Redis stopped for 10 s in the middle of a burst of portal reports, with the app served by
gunicorn and `python -m workers` running, as in production: every report is answered and
stored, logins still work (their limits count in memory meanwhile), the worker outlives the
outage, and every report's SMS reaches the gateway once."""

import re
import time
from datetime import timedelta

import requests
from redis import Redis
from rq import Worker

from app.extensions import db
from app.models.grievance.outbox import OutboundMessage
from app.services.grievance import outbox
from tests.conftest import PASSWORD
from tests.fault_helpers import (
    Gunicorn,
    last_ticket_id,
    reporters_since,
    service_env,
    start_worker,
    stop,
)
from tests.grievance_helpers import category_id, ward_id

REPORTS = 50
PHONES = [f"+9198444{n:05d}" for n in range(REPORTS)]


def _csrf(session, url):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', session.get(url).text).group(1)


def _report(web, session, token, fields, phone):
    data = {**fields, "csrf_token": token, "phone": phone, "description": f"Drain {phone}"}
    return session.post(f"{web.url}/report", data=data, allow_redirects=False, timeout=30)


def _logins(web) -> list[int]:
    """A web login and an API login with the right password, then wrong API passwords."""
    browser = requests.Session()
    token = _csrf(browser, f"{web.url}/login/")
    form = {"username": "clerk_roads", "password": PASSWORD, "csrf_token": token}
    statuses = [browser.post(f"{web.url}/login/", data=form, allow_redirects=False).status_code]
    api = f"{web.url}/api/v1/security/login"
    body = {"username": "clerk_roads", "password": PASSWORD, "provider": "db"}
    statuses.append(requests.post(api, json=body, timeout=30).status_code)
    for _ in range(21):  # two web processes, each counting 10 at most in its memory
        wrong = {**body, "password": "not-the-password"}
        statuses.append(requests.post(api, json=wrong, timeout=30).status_code)
    return statuses


def _wait_until_working(redis):
    connection = Redis.from_url(redis.url)
    deadline = time.monotonic() + 60
    while not Worker.all(connection=connection) and time.monotonic() < deadline:
        time.sleep(0.2)


def test_a_redis_outage_loses_no_report_and_keeps_the_worker(
    app, gateways, private_redis, quiet_outbox, monkeypatch
):
    sms, _ = gateways
    with app.app_context():
        fields = {"category": category_id("DRAIN"), "ward": ward_id(3)}
    env = service_env(
        private_redis, NOTIFY_SMS_URL=sms.url, PORTAL_REPORT_LIMIT_ADDRESS="1000 per hour"
    )
    before = last_ticket_id(app)
    web, worker = Gunicorn(env), start_worker(env)
    try:
        _wait_until_working(private_redis)
        session = requests.Session()
        token = _csrf(session, f"{web.url}/report")
        answers = [_report(web, session, token, fields, p).status_code for p in PHONES[:10]]
        private_redis.stop()
        stopped = time.monotonic()
        answers += [_report(web, session, token, fields, p).status_code for p in PHONES[10:40]]
        logins = _logins(web)
        time.sleep(max(0.0, 10 - (time.monotonic() - stopped)))
        private_redis.start()
        answers += [_report(web, session, token, fields, p).status_code for p in PHONES[40:]]
        time.sleep(3)  # the worker meets Redis back
        assert worker.poll() is None, "python -m workers exited during the Redis outage"
        monkeypatch.setattr(outbox, "RELAY_AFTER", timedelta(0))
        with app.app_context():
            outbox.relay()  # what was written while Redis was down (the worker's relay, sooner)
        deadline = time.time() + 120  # a loaded machine sends slowly
        while sum(m["to"] in PHONES for m in sms.received) < REPORTS and time.time() < deadline:
            time.sleep(0.05)
        assert worker.poll() is None
    finally:
        stop(worker)
        web.stop()
    assert answers == [302] * REPORTS, answers  # each answered with its tracking page
    assert logins[:2] == [302, 200], logins  # the right password still logs in
    assert 500 not in logins and 429 in logins, logins  # the limit counted in memory meanwhile
    with app.app_context():
        messages = db.session.query(OutboundMessage).filter(
            OutboundMessage.ticket_id > before, OutboundMessage.recipient.in_(PHONES)
        )
        ids = {str(m.id) for m in messages}
    assert reporters_since(app, before) == PHONES  # one ticket per report
    assert len(ids) == REPORTS
    # each delivered once (the worker's SLA sweep may alert officers meanwhile: not counted)
    to_reporters = [m["id"] for m in sms.received if m["to"] in PHONES]
    assert sorted(to_reporters) == sorted(ids)
