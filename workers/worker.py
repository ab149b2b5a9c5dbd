"""The JanSeva RQ workers: one Flask app per worker process, an app context around every job."""

from rq import SimpleWorker, Worker

from app.extensions import db


class JanSevaWorker(Worker):
    """Forks a work horse per job; the horse gets fresh database connections and app context."""

    flask_app = None

    def perform_job(self, job, queue, *args, **kwargs):
        with self.flask_app.app_context():
            db.engine.dispose(close=False)  # never share the parent's pooled connections
            return super().perform_job(job, queue, *args, **kwargs)


class InProcessWorker(SimpleWorker):
    """Runs each job in the worker process itself: its pooled connections and SQLAlchemy's
    compiled statements stay warm from one job to the next (a horse starts cold every time)."""

    flask_app = None

    def perform_job(self, job, queue, *args, **kwargs):
        with self.flask_app.app_context():
            return super().perform_job(job, queue, *args, **kwargs)
