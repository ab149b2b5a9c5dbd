"""/healthz and /metrics, as an operator's monitoring sees them."""

import io
import re
from xml.etree import ElementTree as ET

from PIL import Image

from tests.conftest import login, new_client


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


def _icon_links(page: str) -> list[str]:
    return re.findall(r'<link rel="icon" href="([^"]+)"', page)


def test_the_favicon_is_ours_and_every_page_links_it(app):
    browser = new_client(app)
    icon = browser.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.mimetype == "image/vnd.microsoft.icon"
    with Image.open(io.BytesIO(icon.data)) as image:
        assert image.format == "ICO"
        assert {(16, 16), (32, 32)} <= image.info["sizes"]
    pages = [
        browser.get("/").text,  # the public portal
        browser.get("/report").text,
        login(app, "clerk_water").get("/ticketview/list/").text,  # an admin screen
    ]
    for page in pages:
        links = _icon_links(page)
        assert "/favicon.ico" in links
        for href in links:
            answer = browser.get(href)
            assert answer.status_code == 200, href
            assert answer.mimetype in ("image/vnd.microsoft.icon", "image/svg+xml"), href
    svg = browser.get(_icon_links(pages[0])[1])
    assert ET.fromstring(svg.data).tag == "{http://www.w3.org/2000/svg}svg"  # noqa: S314
