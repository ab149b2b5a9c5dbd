"""The post office's demo records: a tariff and a few booked articles on both beats."""

from decimal import Decimal

from app.extensions import db
from app.models.org import Ward
from app.models.postal import Article, Tariff
from app.services.base.demo import upsert
from app.services.postal import articles as postal

# article type, up to grams, postage (₹): a demo tariff; the Tariff screen edits the real one
TARIFF = [
    ("registered_letter", 20, "22.00"),
    ("registered_letter", 100, "32.00"),
    ("registered_letter", 500, "52.00"),
    ("speed_post", 50, "41.00"),
    ("speed_post", 500, "77.00"),
    ("speed_post", 2000, "165.00"),
    ("parcel", 1000, "64.00"),
    ("parcel", 5000, "205.00"),
]

# type, beat ward, recipient, address, mobile, language, weight, cash on delivery
ARTICLES = [
    ("speed_post", 2, "Kavita Rao", "12 MG Road, Palasia", "+919812345611", "hi", 300, None),
    (
        "registered_letter",
        3,
        "Imran Khan",
        "7 Scheme 54, Vijay Nagar",
        "+919812345612",
        "en",
        20,
        None,
    ),
    ("parcel", 5, "Sima Rahimi", "22 Bhawarkuan Square", "+989123456613", "fa", 900, "499.00"),
    ("speed_post", 8, "Tania Akter", "4 Sudama Nagar", "+8801712345614", "bn", 150, None),
]


def load_tariff() -> int:
    for kind, grams, postage in TARIFF:
        upsert(Tariff, {"article_type": kind, "max_weight_g": grams}, postage=Decimal(postage))
    db.session.commit()
    return len(TARIFF)


def load_articles() -> int:
    """A few booked articles on both beats (only into an empty post office)."""
    if db.session.query(Article.id).first() is not None:
        return 0
    wards = {w.number: w.id for w in db.session.query(Ward)}
    for kind, ward, name, address, mobile, language, grams, cod in ARTICLES:
        fields = {
            "article_type": kind,
            "sender_name": "Indore GPO",
            "recipient_name": name,
            "address": address,
            "mobile": mobile,
            "language": language,
            "ward_id": wards[ward],
            "weight_g": grams,
            "cod_amount": cod,
        }
        postal.book(fields, None)
    return len(ARTICLES)


def load() -> dict:
    return {"tariff bands": load_tariff(), "articles": load_articles()}
