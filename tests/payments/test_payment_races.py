"""Settlements are atomic: provider notices and counter reconciliations that arrive at the
same moment settle a request once and a UTR once, and every caller gets an answer (never a
500). Each test fires its requests in parallel threads, each with its own database
connection, against PostgreSQL."""

import pytest
from sqlalchemy import func

from app.extensions import db
from app.models.base import StaffUser
from app.models.payments import Payment, PaymentEvent, PaymentStatus
from app.models.postal import Article, ArticleEvent
from app.services.payments import requests as payment_requests
from tests.conftest import api_headers, upi_notice
from tests.postal_helpers import book
from tests.race_helpers import at_once, needs_postgres

ROUNDS = 4


def _request(amount: str = "820") -> tuple[int, str]:
    counter = db.session.query(StaffUser).filter_by(username="counter").one()
    payment = payment_requests.create("holding_tax", amount, "Holding tax", actor=counter)
    return payment.id, payment.ref


def _settled_with(utr: str) -> list[tuple[int, str]]:
    """(payment, kind) of every history line that took money with this UTR."""
    events = db.session.query(PaymentEvent.payment_id, PaymentEvent.kind, PaymentEvent.data)
    return [
        (payment_id, kind)
        for payment_id, kind, data in events.filter(PaymentEvent.kind.in_(("paid", "mismatch")))
        if (data or {}).get("utr") == utr
    ]


def _notifies(body: dict):
    return lambda client: upi_notice(client, body)


def _reconciles(payment_id: int, utr: str, headers: dict):
    url = f"/api/v1/payment/{payment_id}/reconcile"
    return lambda client: client.post(url, headers=headers, json={"utr": utr})


def _notice(ref: str, utr: str, amount: str = "820.00") -> dict:
    return {"ref": ref, "utr": utr, "amount": amount, "status": "SUCCESS"}


def test_notices_and_reconciliations_of_one_utr_at_once_settle_once(app, provider):
    needs_postgres(app)
    headers = api_headers(app, "counter")
    answers = []
    for round_ in range(ROUNDS):
        with app.app_context():
            first, first_ref = _request()
            second, second_ref = _request()
        utr = f"7712345{round_:05d}"
        calls = [
            _notifies(_notice(first_ref, utr)),
            _notifies(_notice(first_ref, utr)),
            _notifies(_notice(second_ref, utr)),
            _reconciles(first, utr, headers),
            _reconciles(second, utr, headers),
        ]
        batch = at_once(app, calls)
        answers += batch
        assert [a.status_code for a in batch[:3]] == [200] * 3, [a.json for a in batch]
        assert batch[0].json == batch[1].json  # the same notice twice: the same answer
        with app.app_context():
            [(settled, kind)] = _settled_with(utr)
            assert kind == "paid"
            assert db.session.query(Payment).filter_by(utr=utr).one().id == settled
            other = second if settled == first else first
            assert db.session.get(Payment, other).status == PaymentStatus.pending
    assert all(answer.status_code in (200, 409) for answer in answers), [
        (a.status_code, a.json) for a in answers
    ]


def test_one_request_reconciled_with_several_utrs_at_once_is_paid_once(app):
    needs_postgres(app)
    headers = api_headers(app, "counter")
    with app.app_context():
        pk, _ = _request()
    utrs = [f"78123456{n:04d}" for n in range(4)]
    answers = at_once(app, [_reconciles(pk, utr, headers) for utr in utrs])
    assert sorted(a.status_code for a in answers) == [200, 409, 409, 409]
    with app.app_context():
        paid = db.session.query(PaymentEvent).filter_by(payment_id=pk, kind="paid").all()
        assert len(paid) == 1
        payment = db.session.get(Payment, pk)
        assert payment.status == PaymentStatus.paid and payment.utr == paid[0].data["utr"]


@pytest.mark.modules("postal")
def test_a_cash_on_delivery_paid_twice_at_once_is_paid_once(app, provider):
    needs_postgres(app)
    admin = api_headers(app, "admin")
    with app.app_context():
        article = book(ward=2, mobile="+919812340291", cod="350")
        article_id, payment_id = article.id, article.cod_payment_id
        ref = article.cod_payment.ref
    utr = "791234560001"
    notifies, reconciles = (
        _notifies(_notice(ref, utr, "350.00")),
        _reconciles(payment_id, utr, admin),
    )
    answers = at_once(app, [notifies, notifies, reconciles, reconciles])
    assert [a.status_code for a in answers] == [200] * 4, [a.json for a in answers]
    assert {a.json["status"] for a in answers} == {"paid"}
    with app.app_context():
        assert _settled_with(utr) == [(payment_id, "paid")]
        paid_events = db.session.query(func.count(ArticleEvent.id)).filter_by(
            article_id=article_id, kind="cod_paid"
        )
        assert paid_events.scalar() == 1
        assert db.session.get(Article, article_id).cod_paid_at is not None
