"""What /healthz reports: the database, Redis and the queue depth."""

from flask import current_app
from sqlalchemy import text

from app.core import jobs
from app.extensions import db


def check() -> tuple[dict, bool]:
    report = {"database": "ok", "redis": "not configured", "queue_depth": 0}
    healthy = True
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy, reported as text
        report["database"] = f"error: {type(error).__name__}"
        healthy = False
    if current_app.config.get("REDIS_URL"):
        try:
            jobs.redis_connection().ping()
            report["redis"] = "ok"
            report["queue_depth"] = jobs.queue_depth()
        except Exception as error:  # noqa: BLE001
            report["redis"] = f"error: {type(error).__name__}"
            healthy = False
    return report, healthy


def metrics_text() -> str:
    """Prometheus text exposition of the same facts."""
    report, healthy = check()
    lines = [
        "# HELP janseva_up 1 when the database (and Redis, if configured) answer.",
        "# TYPE janseva_up gauge",
        f"janseva_up {1 if healthy else 0}",
        "# HELP janseva_queue_depth Jobs waiting on the RQ queues.",
        "# TYPE janseva_queue_depth gauge",
        f"janseva_queue_depth {report['queue_depth']}",
    ]
    return "\n".join(lines) + "\n"
