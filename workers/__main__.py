"""`python -m workers`: an RQ worker with the scheduler on every JanSeva queue, plus the
enabled modules' periodic jobs (`--burst`: work the queues once and exit). It forks a horse per
job; `--no-fork` runs jobs in the worker itself, several times faster for short jobs (warm
connections and compiled SQL), but a job that crashes the interpreter takes the worker down."""

import gc
import logging
import sys
import threading

from app import create_app
from app.core.jobs import QUEUES, redis_connection
from workers import periodic
from workers.worker import InProcessWorker, JanSevaWorker, work_until_stopped


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO)
    app = create_app()
    gc.freeze()  # the app's objects live as long as the process: keep them out of collections
    with app.app_context():
        connection = redis_connection()
    if connection is None:
        print("REDIS_URL is not set: jobs run in-process, no worker is needed.", file=sys.stderr)
        return 2
    worker_class = InProcessWorker if "--no-fork" in argv else JanSevaWorker
    worker_class.flask_app = app
    stop = threading.Event()
    if "--burst" not in argv:
        periodic.start(app, stop)
    try:
        work_until_stopped(
            lambda: worker_class(list(QUEUES), connection=connection),
            connection,
            burst="--burst" in argv,
        )
    finally:
        stop.set()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
