"""UPU S10 article numbers: two letters for the service, an 8-digit serial, the S10 check
digit and the issuing post's country code, e.g. EE123456785IN."""

import re

from flask import current_app

from app.core.digits import to_ascii_digits
from app.models.postal import ArticleType
from app.services.postal.errors import BadArticleNumber

WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
SERVICE_INDICATOR = {  # India Post's series: R registered, E speed post (EMS), C parcels
    ArticleType.registered_letter: "RR",
    ArticleType.speed_post: "EE",
    ArticleType.parcel: "CP",
}


def check_digit(serial: str) -> int:
    remainder = 11 - sum(int(d) * w for d, w in zip(serial, WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(remainder, remainder)


def article_number(article_type: ArticleType, serial: int) -> str:
    digits = f"{serial:08d}"
    country = current_app.config["POSTAL_COUNTRY"]
    return f"{SERVICE_INDICATOR[article_type]}{digits}{check_digit(digits)}{country}"


def parse_article_number(text: str) -> str:
    """ "ee 1234 5678 5 in" or native digits -> "EE123456785IN"; a wrong check digit is refused."""
    cleaned = re.sub(r"[\s\u200c-]", "", to_ascii_digits(text or "")).upper()
    match = re.fullmatch(r"[A-Z]{2}(\d{8})(\d)[A-Z]{2}", cleaned)
    if not match or check_digit(match.group(1)) != int(match.group(2)):
        raise BadArticleNumber(value=text)
    return cleaned


def looks_like_article_number(text: str) -> bool:
    cleaned = re.sub(r"[\s\u200c-]", "", to_ascii_digits(text or "")).upper()
    return re.fullmatch(r"[A-Z]{2}\d{9}[A-Z]{2}", cleaned) is not None
