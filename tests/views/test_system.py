"""/healthz and /metrics, as an operator's monitoring sees them."""

from tests.conftest import new_client


def test_healthz_reports_database_and_redis(app):
    answer = new_client(app).get("/healthz")
    assert answer.status_code == 200
    report = answer.json
    assert report["database"] == "ok"
    if app.config.get("REDIS_URL"):
        assert report["redis"] == "ok"
        assert isinstance(report["queue_depth"], int)
    else:
        assert report["redis"] == "not configured"


def test_metrics_speak_prometheus_text(app):
    answer = new_client(app).get("/metrics")
    assert answer.status_code == 200
    assert answer.mimetype == "text/plain"
    lines = answer.get_data(as_text=True).splitlines()
    assert "# TYPE janseva_up gauge" in lines
    assert "janseva_up 1" in lines
    assert any(line.startswith("janseva_queue_depth ") for line in lines)
