"""Jobs run in-process without Redis, and through the real worker (`python -m workers`) with it."""

import os
import subprocess
import sys

from redis import Redis

from app.core import jobs

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

RESULT_KEY = "janseva:test:job-result"


def record_department_count(key: str) -> int:
    """A job that needs the app context and the database, like every real job."""
    from app.extensions import db
    from app.models.org import Department

    count = db.session.query(Department).count()
    Redis.from_url(os.environ["REDIS_URL"]).set(key, count)
    return count


def test_without_redis_a_job_runs_at_once(app):
    with app.app_context():
        app.config["REDIS_URL"], saved = None, app.config.get("REDIS_URL")
        try:
            assert jobs.enqueue(len, "abc") == 3
            assert jobs.queue_depth() == 0
        finally:
            app.config["REDIS_URL"] = saved


def test_with_redis_a_worker_runs_the_job_with_the_app(app, redis_url):
    connection = Redis.from_url(redis_url)
    connection.delete(RESULT_KEY)
    with app.app_context():
        job = jobs.enqueue(record_department_count, RESULT_KEY)
        assert jobs.queue_depth() >= 1
    worker = subprocess.run(
        [sys.executable, "-m", "workers", "--burst"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr
    job.refresh()
    assert job.get_status() == "finished"
    assert int(connection.get(RESULT_KEY)) == 7
