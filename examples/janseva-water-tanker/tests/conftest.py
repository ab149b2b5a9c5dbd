"""A real JanSeva app with this module installed: the database migrated by plain
`flask db upgrade` and filled by `flask demo`, both run as a deployment runs them, then one app
in this process (Flask-AppBuilder allows one per process) for the browser-level tests.

Run from JanSeva's folder, where `app` and `run.py` are: `python -m pytest
examples/janseva-water-tanker/tests`. DATABASE_URL picks the database (PostgreSQL in CI; it is
emptied first), a temporary SQLite file without it; REDIS_URL the rate limiter's storage."""

import importlib.util
import itertools
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import create_engine, text

PASSWORD = "janseva-demo"
PACKAGE = Path(__file__).resolve().parent.parent / "src" / "janseva_water_tanker"
_addresses = itertools.count(1)


def janseva_root() -> Path:
    """JanSeva's folder (the one holding the `app` package and run.py)."""
    spec = importlib.util.find_spec("app")
    root = Path(spec.origin).resolve().parent.parent if spec and spec.origin else None
    if root is None or not (root / "run.py").exists():
        pytest.exit("Run these tests from JanSeva's folder (where app/ and run.py are).", 3)
    return root


def compile_catalogs() -> None:
    """The module's .mo files from its .po files (build output, never committed)."""
    for po in (PACKAGE / "translations").glob("*/LC_MESSAGES/messages.po"):
        with open(po, "rb") as source:
            catalog = read_po(source)
        with open(po.with_suffix(".mo"), "wb") as target:
            write_mo(target, catalog)


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="water-tanker-"), "test.db")
    if url.startswith("postgres"):
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as conn:  # from empty: the migrations must build everything
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    return url


def flask(*args: str, **environment) -> subprocess.CompletedProcess:
    """`flask --app run <args>` in JanSeva's folder, as an operator types it."""
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "run", *args],
        cwd=janseva_root(),
        env={**os.environ, "DEMO_PASSWORD": PASSWORD, **environment},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="session")
def app():
    compile_catalogs()
    os.environ["DATABASE_URL"] = database_url()
    os.environ["DEMO_PASSWORD"] = PASSWORD
    for command in (("db", "upgrade"), ("demo",)):
        done = flask(*command)
        assert done.returncode == 0, done.stdout + done.stderr
    from app import create_app

    return create_app({"TESTING": True, "SERVER_NAME": None})


def new_client(app):
    """A browser of its own: its own cookies and address (limits count per address)."""
    n = next(_addresses)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"10.77.{n // 250}.{n % 250 + 1}"
    return client


def csrf_token(client, url: str) -> str:
    page = client.get(url)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    assert match, f"no CSRF token on {url} ({page.status_code})"
    return match.group(1)


def login(app, username: str, language: str = "en"):
    client = new_client(app)
    token = csrf_token(client, "/login/")
    answer = client.post(
        "/login/", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    assert answer.status_code == 302, f"{username} could not log in"
    client.get(f"/lang/{language}")
    return client
