"""Schemathesis over our own REST paths of /api/v1/_openapi: no answer is a server error, and
every answer has a documented status, content type and body.

The fuzzer creates, edits and deletes records, so it runs against a server and a database of
its own, never the suite's shared app: a sibling database derived from DATABASE_URL
(`<name>_fuzz` on PostgreSQL, created and dropped here; a temporary SQLite file otherwise),
migrated and loaded with the demo data, and served by gunicorn on a free 127.0.0.1 port without
REDIS_URL (jobs run in-process, counters in memory). gunicorn's request-line limit is lifted so
that the app, not the server in front of it, answers every generated URL.

Reproducible and bounded for CI: deterministic generation from a fixed seed (FUZZ_SEED), no
example database, no time-based health check; the coverage phase (the boundary and invalid
values the document defines) and FUZZ_EXAMPLES generated cases per operation, about 4,500
requests in all. On this 2-core machine: about 2 minutes, 3 to 3.5 while benchmarks share it.
The document's example id (1, a demo record) lets the fuzzer reach records that exist."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from json import dumps, loads
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.database_helpers import SiblingDatabase

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = "ticket|citizen|department|ward|officer|category|article|payment|outbound_message"
CHECKS = [
    "not_a_server_error",
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
]
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
FUZZ_SEED = os.environ.get("FUZZ_SEED", "7")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(DATABASE_URL=database_url, DEMO_PASSWORD=PASSWORD, FLASK_APP="run")
    return env


def _flask(env: dict, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "run", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"flask {' '.join(args)} failed:\n{done.stderr[-3000:]}"


def _wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the fuzz server stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"the fuzz server did not answer in 60 s:\n{log.read_text()[-3000:]}")


def _login(base: str) -> str:
    body = dumps({"username": "admin", "password": PASSWORD, "provider": "db"}).encode()
    request = urllib.request.Request(
        base + "/api/v1/security/login",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return loads(answer.read())["access_token"]


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory):
    """Base URL, admin token and log file of a JanSeva served on its own demo database."""
    database = SiblingDatabase(os.environ.get("DATABASE_URL"), "fuzz")
    database.create()
    log = tmp_path_factory.mktemp("fuzz") / "server.log"
    server = None
    try:
        env = _server_env(database.url)
        _flask(env, "db", "upgrade")
        _flask(env, "demo")
        port = _free_port()
        with log.open("w") as output:
            server = subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "run:app"),
                    *("--bind", f"127.0.0.1:{port}", "--workers", "2"),
                    *("--limit-request-line", "0", "--limit-request-field_size", "0"),
                    "--no-control-socket",
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base, server, log)
        yield base, _login(base), log
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        database.drop()


def test_our_api_answers_only_what_its_document_says(fuzz_server, tmp_path):
    base, token, log = fuzz_server
    command = [
        *(sys.executable, "-m", "schemathesis.cli", "run", f"{base}/api/v1/_openapi"),
        *("--header", f"Authorization: Bearer {token}"),
        *("--include-path-regex", f"^/api/v1/({RESOURCES})/"),
        *("--checks", ",".join(CHECKS)),
        *("--phases", "coverage,fuzzing"),
        *("--max-examples", str(FUZZ_EXAMPLES), "--seed", FUZZ_SEED),
        *("--generation-deterministic", "--suppress-health-check", "too_slow"),
        *("--workers", "2", "--request-timeout", "30", "--no-color"),
    ]
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": str(Path(__file__).with_name("schemathesis_hooks.py")),
    }
    run = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    report = run.stdout + run.stderr
    kept = tmp_path / "schemathesis.txt"
    kept.write_text(report)
    assert run.returncode == 0, (
        f"schemathesis found answers outside the document (whole report: {kept}):\n"
        f"{_failures(report)}\n--- server log (end) ---\n{log.read_text()[-4000:]}"
    )


def _failures(report: str) -> str:
    """The report from its FAILURES/ERRORS sections on (the progress lines say little)."""
    for heading in ("= ERRORS =", "= FAILURES ="):
        start = report.find(heading)
        if start != -1:
            return report[max(0, report.rfind("\n", 0, start)) :][-20000:]
    return report[-20000:]
