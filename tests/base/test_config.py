"""Settings read from the environment, as `make run` and an operator set them."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(**settings) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "PUBLIC_BASE_URL")}
    return {**env, **settings}


def _get_json(url: str, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - our own server
                return json.load(answer)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.modules("open311")
def test_links_follow_the_port_make_run_serves_on(app):
    """`PORT=<n> make run` without PUBLIC_BASE_URL: every link points at port n."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "run.py"],
        cwd=ROOT,
        env=_environment(PORT=str(port)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        discovery = _get_json(f"http://127.0.0.1:{port}/open311/v2/discovery.json")
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert discovery["endpoints"][0]["url"] == f"http://127.0.0.1:{port}/open311/v2"
    assert f"http://127.0.0.1:{port}" in discovery["contact"]


SETTINGS = """
import importlib, json, os, sys
answers = []
for case in json.loads(sys.argv[1]):
    os.environ.update(case)
    try:
        config = importlib.import_module("config")
        config = importlib.reload(config)
        answers.append([config.PORT, config.PUBLIC_BASE_URL])
    except RuntimeError as error:
        answers.append(str(error))
    for name in case:
        del os.environ[name]
print(json.dumps(answers))
"""


def _settings(*cases: dict) -> list:
    """config.py as a fresh process reads it, once per case of environment settings."""
    done = subprocess.run(
        [sys.executable, "-c", SETTINGS, json.dumps(cases)],
        cwd=ROOT,
        env=_environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_port_sets_the_default_public_base_url_and_nothing_else():
    answers = _settings(
        {},
        {"PORT": "9000", "PUBLIC_BASE_URL": "https://janseva.city.gov"},
        *({"PORT": port} for port in ("abc", "0", "70000", "-1")),
    )
    assert answers[:2] == [[8080, "http://127.0.0.1:8080"], [9000, "https://janseva.city.gov"]]
    assert answers[2:] == [
        f"PORT must be a port number (1-65535), not '{port}'"
        for port in ("abc", "0", "70000", "-1")
    ]
