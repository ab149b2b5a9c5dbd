"""One app and one migrated database for the whole run (Flask-AppBuilder allows one app per
process). DATABASE_URL and REDIS_URL pick real services; JANSEVA_REQUIRE_SERVICES=1 turns a
missing service into a failure instead of a skip."""

import hashlib
import hmac
import itertools
import json
import os
import re
import tempfile

import pytest
from sqlalchemy import create_engine, text

REQUIRE_SERVICES = os.environ.get("JANSEVA_REQUIRE_SERVICES") == "1"
PASSWORD = "janseva-demo"
_addresses = itertools.count(1)


def pytest_collection_modifyitems(config, items):
    """In a deployment profile (ENABLED_MODULES set, `make test-profiles`), run only the tests
    whose modules are on: a test in tests/<module>/ needs that module, and a test marked
    `@pytest.mark.modules("portal", ...)` needs those too. The rest are deselected, counted."""
    if not os.environ.get("ENABLED_MODULES"):
        return
    from app.modules import available, resolve

    known = available()
    enabled = {m.name for m in resolve(os.environ["ENABLED_MODULES"].split(","), known)}
    root = os.path.dirname(os.path.abspath(__file__))
    kept, dropped = [], []
    for item in items:
        folder = os.path.relpath(str(item.path), root).split(os.sep)[0]
        needs = {name for mark in item.iter_markers("modules") for name in mark.args}
        needs |= {folder} & set(known)
        (dropped if needs - enabled else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        if REQUIRE_SERVICES:
            pytest.exit("JANSEVA_REQUIRE_SERVICES=1 but DATABASE_URL is not set", returncode=3)
        return "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="janseva-"), "test.db")
    if url.startswith("postgres"):
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as conn:  # start from empty: the migrations must build everything
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    return url


def _empty_redis() -> None:
    """The run's Redis database starts empty, as its SQL database does: limits counted by an
    earlier run (a login's, a portal report's) must not refuse this run's first requests."""
    url = os.environ.get("REDIS_URL")
    if url:
        from redis import Redis

        Redis.from_url(url).flushdb()


@pytest.fixture(scope="session")
def app():
    os.environ["DATABASE_URL"] = _database_url()
    _empty_redis()
    os.environ.setdefault("DEMO_PASSWORD", PASSWORD)
    from app import create_app
    from app.schema import upgrade
    from app.services.org import demo

    application = create_app({"TESTING": True, "SERVER_NAME": None})
    with application.app_context():
        upgrade()
        demo.load()
    return application


@pytest.fixture()
def app_ctx(app):
    with app.test_request_context():
        yield app


def new_client(app):
    """A browser of its own: own cookies and its own address (login limits count per address)."""
    n = next(_addresses)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"10.9.{n // 250}.{n % 250 + 1}"
    return client


def csrf_token(client, url: str) -> str:
    page = client.get(url)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    assert match, f"no CSRF token on {url} ({page.status_code})"
    return match.group(1)


def login(app, username: str, language: str | None = "en"):
    """A browser logged in as `username`, in `language` (None: keep the one remembered)."""
    client = new_client(app)
    token = csrf_token(client, "/login/")
    answer = client.post(
        "/login/", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    assert answer.status_code == 302, f"{username} could not log in"
    if language:
        client.get(f"/lang/{language}")
    return client


def api_headers(app, username: str) -> dict:
    client = new_client(app)
    answer = client.post(
        "/api/v1/security/login",
        json={"username": username, "password": PASSWORD, "provider": "db", "refresh": False},
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json['access_token']}"}


@pytest.fixture()
def restore_demo(app):
    """For tests that change demo records: put the demo back afterwards."""
    yield
    from app.services.org import demo

    with app.app_context():
        demo.load()


@pytest.fixture()
def redis_url(app):
    """The Redis URL; without one, a failure under JANSEVA_REQUIRE_SERVICES=1, else a skip."""
    url = app.config.get("REDIS_URL")
    if not url:
        if REQUIRE_SERVICES:
            pytest.fail("JANSEVA_REQUIRE_SERVICES=1 but REDIS_URL is not set")
        pytest.skip("REDIS_URL is not set")
    return url


@pytest.fixture()
def gateways(app):
    """SMS and e-mail channels pointed at real local endpoints for one test."""
    from tests.gateways import SmsGateway, SmtpInbox

    sms, mail = SmsGateway(), SmtpInbox()
    saved = {k: app.config.get(k) for k in ("NOTIFY_SMS_URL", "NOTIFY_EMAIL_URL")}
    app.config.update(NOTIFY_SMS_URL=sms.url, NOTIFY_EMAIL_URL=mail.url)
    yield sms, mail
    app.config.update(saved)
    sms.close()
    mail.close()


@pytest.fixture()
def inline_jobs(app):
    """Jobs run in-process, as in `make run` without Redis."""
    saved = app.config.get("REDIS_URL")
    app.config["REDIS_URL"] = None
    yield
    app.config["REDIS_URL"] = saved


UPI_SECRET = "test-upi-secret"


def upi_notice(client, body: dict, secret: str = UPI_SECRET):
    """The payment provider's callback, signed with `secret` (the webhook's own by default)."""
    raw = json.dumps(body).encode()
    signature = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return client.post(
        "/webhooks/upi",
        data=raw,
        headers={"X-Signature": signature, "Content-Type": "application/json"},
    )


@pytest.fixture()
def provider(app):
    """The payment provider: posts a callback signed with the webhook secret (or another)."""
    saved = app.config.get("UPI_WEBHOOK_SECRET")
    app.config["UPI_WEBHOOK_SECRET"] = UPI_SECRET
    client = app.test_client()
    yield lambda body, secret=UPI_SECRET: upi_notice(client, body, secret)
    app.config["UPI_WEBHOOK_SECRET"] = saved


@pytest.fixture()
def private_redis(app, redis_url):
    """A redis-server of the test's own (stopped and started by it), as the app's REDIS_URL."""
    from tests.fault_helpers import PrivateRedis

    server = PrivateRedis()
    server.start()
    saved = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = server.url
    yield server
    app.config["REDIS_URL"] = saved
    if server.process.poll() is None:
        server.stop()
