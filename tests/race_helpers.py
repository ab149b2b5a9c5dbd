"""Firing requests at the same moment: each in its own thread, with its own test client, so
each request has its own application context, session and database connection."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest


def needs_postgres(app) -> None:
    """Races are settled by the database's locks: SQLite serialises every writer anyway."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("races are tried against PostgreSQL (DATABASE_URL)")


class Crashed:
    """What a client would have seen of a request whose error escaped: a 500."""

    status_code = 500

    def __init__(self, error: Exception):
        self.error = error
        self.json = {"message": repr(error)}


def at_once(app, calls: list) -> list:
    """Run call(client) for every call in its own thread, all released together; their
    answers, in order (an error that escaped the app answers as a Crashed 500)."""
    start = threading.Barrier(len(calls))

    def run(call):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = "10.250.0.1"
        start.wait(timeout=30)
        try:
            return call(client)
        except Exception as error:  # noqa: BLE001 - the test counts it as the 500 it would be
            return Crashed(error)

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))
