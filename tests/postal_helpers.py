"""Shared set-up of the post office tests: the demo tariff and a booked article on a beat."""

import re

from app.extensions import db
from app.models.org import Ward
from app.services.postal import articles as postal
from app.services.postal import demo


def book(ward: int = 2, mobile: str = "+919812340001", cod=None, language: str = "en"):
    demo.load_tariff()
    ward_id = db.session.query(Ward.id).filter_by(number=ward).scalar()
    fields = {
        "article_type": "speed_post",
        "sender_name": "Indore GPO",
        "recipient_name": "Kavita Rao",
        "address": "12 MG Road",
        "mobile": mobile,
        "language": language,
        "ward_id": ward_id,
        "weight_g": 300,
        "cod_amount": cod,
    }
    return postal.book(fields, None)


def code_in(sms_text: str) -> str:
    """The six digits the recipient reads out of the SMS (in any script)."""
    from app.core.digits import to_ascii_digits

    return re.search(r"(?<!\d)(\d{6})(?!\d)", to_ascii_digits(sms_text)).group(1)
