"""Shared set-up of the payment tests: scan a QR code as a phone would, move the clock."""

import os
import shutil
import subprocess
import tempfile
from urllib.parse import parse_qsl, urlsplit

import pytest


def scan(png: bytes) -> str:
    """What an independent decoder (zbar) reads from the code."""
    if not shutil.which("zbarimg"):
        if os.environ.get("JANSEVA_REQUIRE_SERVICES") == "1":
            pytest.fail("zbarimg is missing (apt-get install zbar-tools)")
        pytest.skip("zbarimg is not installed")
    with tempfile.NamedTemporaryFile(suffix=".png") as fh:
        fh.write(png)
        fh.flush()
        done = subprocess.run(["zbarimg", "-q", "--raw", fh.name], capture_output=True, text=True)
    return done.stdout.strip()


def uri_fields(uri: str) -> dict:
    return dict(parse_qsl(urlsplit(uri).query))
