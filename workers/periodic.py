"""Periodic jobs of the enabled modules (outbox relay, SLA sweep): each worker process runs a
timer thread that calls them in an app context. They are idempotent, so several workers may."""

import logging
import threading
import time

from app import modules

log = logging.getLogger(__name__)


def tasks(app) -> list[tuple]:
    return [
        (modules.load(job), every)
        for manifest in app.extensions["janseva_modules"]  # resolved by create_app
        for job, every in manifest.periodic
    ]


def start(app, stop: threading.Event) -> threading.Thread:
    schedule = tasks(app)

    def loop():
        due = {job: 0.0 for job, _ in schedule}
        while not stop.is_set():
            for job, every in schedule:
                if time.monotonic() >= due[job]:
                    due[job] = time.monotonic() + every
                    try:
                        with app.app_context():
                            job()
                    except Exception:  # noqa: BLE001 - a failed round must not stop the timer
                        log.exception("periodic job %s failed", job.__name__)
            stop.wait(1)

    thread = threading.Thread(target=loop, name="janseva-periodic", daemon=True)
    thread.start()
    return thread
