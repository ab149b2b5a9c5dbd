"""WSGI entry point (`gunicorn run:app`) and `python run.py` for development."""

import gc
import threading

from app import create_app

app = create_app()
gc.freeze()  # the app's objects live as long as the process: keep them out of collections

if __name__ == "__main__":
    if not app.config.get("REDIS_URL"):
        # No RQ worker without Redis: the periodic jobs (outbox relay, SLA sweep) run here.
        from workers import periodic

        periodic.start(app, threading.Event())
    app.run(host="127.0.0.1", port=app.config["PORT"], debug=False)
