"""Creating tickets in tests through the one service every channel uses."""

from app.extensions import db
from app.models.org import Category, Ward
from app.services.grievance import tickets


def category_id(code: str) -> int:
    return db.session.query(Category.id).filter_by(code=code).scalar()


def ward_id(number: int) -> int:
    return db.session.query(Ward.id).filter_by(number=number).scalar()


def new_ticket(
    code="DRAIN",
    ward=3,
    phone="+919800000001",
    description="Drain blocked",
    channel="walk_in",
    **extra,
):
    return tickets.create_ticket(
        category_id=category_id(code),
        description=description,
        contact={"phone": phone},
        channel=channel,
        ward_id=ward_id(ward) if ward else None,
        **extra,
    )


def register(app, client, category="DRAIN", ward=None, **fields):
    """Post the clerk's complaint form as the browser does (CSRF token, multipart)."""
    from tests.conftest import csrf_token

    token = csrf_token(client, "/ticketview/register")
    with app.app_context():
        data = {
            "csrf_token": token,
            "language": "en",
            "channel": "walk_in",
            "category": category_id(category) if category else 0,  # 0: "—", none chosen
            "ward": ward_id(ward) if ward else 0,
            **fields,
        }
    return client.post(
        "/ticketview/register", data=data, content_type="multipart/form-data", follow_redirects=True
    )
