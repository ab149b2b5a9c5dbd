"""Shared set-up of the payment tests: scan a QR code as a phone would, read a pay link, and a
ward of citizens to bill."""

import itertools
import os
import shutil
import subprocess
import tempfile
from urllib.parse import parse_qsl, urlsplit

import pytest

from app.extensions import db
from app.models.grievance.citizen import Citizen
from app.models.org import Ward

_wards = itertools.count(700)


def ward_with_citizens(count: int, without_phone: int = 0) -> Ward:
    """A ward of its own with `count` citizens, the last `without_phone` of them unreachable."""
    number = next(_wards)
    ward = Ward(number=number, name=f"Test ward {number}")
    db.session.add(ward)
    db.session.flush()
    for n in range(count):
        reachable = n < count - without_phone
        db.session.add(
            Citizen(
                name=f"Citizen {n}",
                phone=f"+9198{number:03d}{n:05d}" if reachable else None,
                language=("hi", "bn", "fa", "en")[n % 4],
                ward_id=ward.id,
            )
        )
    db.session.commit()
    return ward


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
