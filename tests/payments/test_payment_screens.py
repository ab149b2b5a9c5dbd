"""Payment requests and the UTR a payer reads out: through the API and the counter's screen."""

import re
from datetime import date, timedelta

import pytest

from app.extensions import db
from app.models.postal import Article
from tests.conftest import api_headers, csrf_token, login
from tests.postal_helpers import book


def test_the_api_requests_a_payment_and_reconciles_it_by_utr(app):
    headers = api_headers(app, "counter")
    client = app.test_client()
    made = client.post(
        "/api/v1/payment/",
        headers=headers,
        json={"purpose": "trade_licence", "amount": "1499.5", "note": "Trade licence 2026-27"},
    )
    assert made.status_code == 201 and re.fullmatch(r"PAY\d{8}", made.json["ref"])
    uri = made.json["upi_uri"]
    assert f"tr={made.json['ref']}" in uri and "am=1499.50" in uri
    assert "tn=Trade%20licence%202026-27" in uri
    pk = made.json["id"]
    bad = client.post(f"/api/v1/payment/{pk}/reconcile", headers=headers, json={"utr": "12345"})
    assert bad.status_code == 400 and "12-digit" in bad.json["message"]
    paid = client.post(
        f"/api/v1/payment/{pk}/reconcile", headers=headers, json={"utr": "5123 4567 8901"}
    )
    assert paid.status_code == 200 and paid.json["status"] == "paid"
    again = client.post(
        f"/api/v1/payment/{pk}/reconcile", headers=headers, json={"utr": "512345678902"}
    )
    assert again.status_code == 409
    other = client.post(
        "/api/v1/payment/", headers=headers, json={"purpose": "other", "amount": "10"}
    )
    reused = client.post(
        f"/api/v1/payment/{other.json['id']}/reconcile",
        headers=headers,
        json={"utr": "512345678901"},
    )
    assert reused.status_code == 409 and "already settled another payment" in reused.json["message"]


def test_amounts_out_of_bounds_are_refused(app):
    headers = api_headers(app, "counter")
    client = app.test_client()
    for amount in ("0", "-5", "100000.01", "abc"):
        answer = client.post(
            "/api/v1/payment/", headers=headers, json={"purpose": "fine", "amount": amount}
        )
        assert answer.status_code == 400, amount
    tax = client.post(
        "/api/v1/payment/", headers=headers, json={"purpose": "holding_tax", "amount": "250000"}
    )
    assert tax.status_code == 201  # taxes may go up to ₹5 lakh
    assert "&mc=9311&" in tax.json["upi_uri"]  # tax payments


def test_a_postman_cannot_touch_payments(app):
    headers = api_headers(app, "postman1")
    client = app.test_client()
    assert client.get("/api/v1/payment/", headers=headers).status_code == 403
    made = client.post("/api/v1/payment/", headers=headers, json={"purpose": "fine", "amount": "5"})
    assert made.status_code == 403


@pytest.mark.modules("postal")
def test_the_counter_records_a_cod_utr_and_the_article_may_be_handed_over(app):
    with app.app_context():
        article = book(ward=2, mobile="+919812340601", cod="120.00")
        pk, payment_id = article.id, article.cod_payment_id
    counter = login(app, "counter")
    token = csrf_token(counter, f"/paymentview/show/{payment_id}")
    answer = counter.post(
        f"/paymentview/reconcile/{payment_id}",
        data={"csrf_token": token, "utr": "६१२३४५६७८९०१"},  # read out in Devanagari digits
        follow_redirects=True,
    )
    assert "Paid: the UTR is recorded." in answer.text and "612345678901" in answer.text
    with app.app_context():
        assert db.session.get(Article, pk).cod_paid_at is not None


def test_the_counter_requests_a_payment_on_screen_in_persian(app):
    counter = login(app, "counter", "fa")
    token = csrf_token(counter, "/paymentview/add")
    answer = counter.post(
        "/paymentview/add",
        data={"csrf_token": token, "purpose": "fine", "amount": "۲۵۰", "note": "Fine 17"},
        follow_redirects=True,
    )
    assert 'dir="rtl"' in answer.text and "جریمه" in answer.text  # "Fine"
    ref = re.search(r"PAY\d{8}", answer.text).group(0)
    assert "250.00" in app.test_client().get(f"/pay/{ref}").text


def test_the_pay_page_turns_into_a_receipt_once_paid(app):
    headers = api_headers(app, "counter")
    client = app.test_client()
    made = client.post(
        "/api/v1/payment/",
        headers=headers,
        json={"purpose": "holding_tax", "amount": "820", "note": "Holding tax H.No 4/7"},
    ).json
    page = client.get(f"/pay/{made['ref']}?lang=bn").text
    assert "হোল্ডিং কর" in page and "৮২০.০০" in page and f"/pay/{made['ref']}/status.json" in page
    assert client.get(f"/pay/{made['ref']}/status.json").json == {"status": "pending"}
    client.post(
        f"/api/v1/payment/{made['id']}/reconcile", headers=headers, json={"utr": "712345678901"}
    )
    assert client.get(f"/pay/{made['ref']}/status.json").json == {"status": "paid"}
    receipt = client.get(f"/pay/{made['ref']}?lang=en").text
    assert "Receipt" in receipt and "712345678901" in receipt and "₹ 820.00" in receipt


def test_a_bank_statement_settles_what_matches_and_reports_the_rest(app):
    import io

    headers = api_headers(app, "counter")
    client = app.test_client()

    def request(amount):
        return client.post(
            "/api/v1/payment/", headers=headers, json={"purpose": "trade_licence", "amount": amount}
        ).json

    good, short, done = request("300"), request("450"), request("99")
    client.post(
        f"/api/v1/payment/{done['id']}/reconcile", headers=headers, json={"utr": "812345678903"}
    )
    statement = (
        "Date,Narration,UTR No,Credit\n"
        f"23-11-2026,UPI/{good['ref']}/Ravi,812345678901,300.00\n"
        f"23-11-2026,UPI/{short['ref']}/Sita,812345678902,400.00\n"
        f"23-11-2026,UPI/{done['ref']}/Anil,812345678903,99.00\n"
        "23-11-2026,UPI/unknown payer,812345678904,10.00\n"
        "23-11-2026,UPI/garbled,12AB,x\n"
    )
    counter = login(app, "counter")
    token = csrf_token(counter, "/paymentview/statement")
    page = counter.post(
        "/paymentview/statement",
        data={"csrf_token": token, "statement": (io.BytesIO(statement.encode()), "stmt.csv")},
        content_type="multipart/form-data",
    ).text
    assert "Settled: 1 of 5 lines" in page
    for outcome in (
        "Paid: matched by reference, UTR and amount",
        "Amount differs: marked as mismatch, not paid",
        "Already paid",
        "No payment request matches",
        "Unreadable line",
    ):
        assert outcome in page
    status = {
        p["ref"]: client.get(f"/pay/{p['ref']}/status.json").json["status"] for p in (good, short)
    }
    assert status == {good["ref"]: "paid", short["ref"]: "mismatch"}
    wrong = counter.post(
        "/paymentview/statement",
        data={"csrf_token": token, "statement": (io.BytesIO(b"a,b\n1,2\n"), "x.csv")},
        content_type="multipart/form-data",
    ).text
    assert "columns for the UTR, the amount and the reference" in wrong


def test_the_counter_requests_a_bill_with_a_pay_link_in_bengali(app, gateways, inline_jobs):
    sms, _ = gateways
    counter = login(app, "counter", "bn")
    token = csrf_token(counter, "/paymentview/add")
    answer = counter.post(
        "/paymentview/add",
        data={
            "csrf_token": token,
            "purpose": "trade_licence",
            "amount": "৬০০",
            "note": "Trade licence 2026-27",
            "payer_name": "Rahim",
            "payer_mobile": "+8801712340901",
            "payer_language": "bn",
            "pay_by": (date.today() + timedelta(days=7)).isoformat(),
        },
        follow_redirects=True,
    )
    assert "পেমেন্ট লিংক এসএমএসে পাঠানো হয়েছে" in answer.text  # history: "Pay link sent by SMS"
    [message] = sms.received
    assert message["to"] == "+8801712340901" and "৬০০.০০" in message["text"]
    again = counter.post(
        re.search(r'action="(/paymentview/send-link/\d+)"', answer.text).group(1),
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert again.status_code == 200 and len(sms.received) == 2


def test_cash_cancel_and_refund_on_the_payment_page(app):
    headers = api_headers(app, "counter")
    client = app.test_client()

    def request(amount):
        return client.post(
            "/api/v1/payment/", headers=headers, json={"purpose": "fine", "amount": amount}
        ).json["id"]

    cash, cancelled = request("40"), request("50")
    counter = login(app, "counter")
    token = csrf_token(counter, f"/paymentview/show/{cash}")
    paid = counter.post(
        f"/paymentview/cash/{cash}", data={"csrf_token": token}, follow_redirects=True
    )
    assert "Paid in cash: recorded." in paid.text and "Cash" in paid.text
    assert "Record the refund" not in paid.text  # the counter cannot refund
    gone = counter.post(
        f"/paymentview/cancel/{cancelled}", data={"csrf_token": token}, follow_redirects=True
    )
    assert "The payment request is cancelled." in gone.text
    twice = counter.post(
        f"/paymentview/cash/{cancelled}", data={"csrf_token": token}, follow_redirects=True
    )
    assert "no longer waiting for money (it is: Cancelled)" in twice.text
    supervisor = login(app, "supervisor")
    token = csrf_token(supervisor, f"/paymentview/show/{cash}")
    refunded = supervisor.post(
        f"/paymentview/refund/{cash}",
        data={"csrf_token": token, "note": "Cash returned at the counter"},
        follow_redirects=True,
    )
    assert "The refund is recorded." in refunded.text
    assert "Cash returned at the counter" in refunded.text  # in the history


def test_the_api_takes_the_payer_and_a_pay_by_date(app):
    headers = api_headers(app, "counter")
    made = app.test_client().post(
        "/api/v1/payment/",
        headers=headers,
        json={"purpose": "fine", "amount": "75", "payer_name": "Sita", "pay_by": "31/12/2026"},
    )
    assert made.status_code == 400 and "pay-by date" in made.json["message"]
    made = app.test_client().post(
        "/api/v1/payment/",
        headers=headers,
        json={
            "purpose": "fine",
            "amount": "75",
            "payer_name": "Sita",
            "pay_by": str(date.today() + timedelta(days=60)),
        },
    )
    shown = app.test_client().get(f"/api/v1/payment/{made.json['id']}", headers=headers).json
    assert shown["result"]["payer_name"] == "Sita" and shown["result"]["expires_at"]
