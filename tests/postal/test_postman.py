"""The counter books and prints a receipt; the postman's page delivers against the code; the
API does the same; anyone tracks an article with personal data masked."""

import re

from app.extensions import db
from app.models.org import Ward
from app.models.postal import Article, ArticleStatus
from app.services.postal import demo
from tests.conftest import api_headers, csrf_token, login
from tests.postal_helpers import book, code_in


def _form_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_the_counter_books_an_article_and_prints_a_receipt(app):
    with app.app_context():
        demo.load_tariff()
        ward = db.session.query(Ward.id).filter_by(number=4).scalar()
    counter = login(app, "counter")
    token = csrf_token(counter, "/articleview/book")
    answer = counter.post(
        "/articleview/book",
        data={
            "csrf_token": token,
            "article_type": "registered_letter",
            "weight_g": "१८",  # native digits are fine
            "sender_name": "Collectorate",
            "recipient_name": "Asha Patil",
            "address": "5 Sukhliya Main Road",
            "ward_id": ward,
            "mobile": "98123 40101",
            "language": "hi",
            "cod_amount": "",
        },
        follow_redirects=True,
    )
    assert "Receipt" in answer.text and "Postage paid" in answer.text
    number = re.search(r"\bRR\d{9}IN\b", answer.text).group(0)
    assert "₹ 22.00" in answer.text  # registered letter up to 20 g
    assert number in counter.get(f"/track/{number}").text


def test_a_bad_booking_is_refused_in_the_users_language(app):
    counter = login(app, "counter", "hi")
    with app.app_context():
        demo.load_tariff()
        ward = db.session.query(Ward.id).filter_by(number=4).scalar()
    token = csrf_token(counter, "/articleview/book")
    answer = counter.post(
        "/articleview/book",
        data={
            "csrf_token": token,
            "article_type": "parcel",
            "weight_g": "90000",
            "sender_name": "A",
            "recipient_name": "B",
            "address": "C",
            "ward_id": ward,
            "mobile": "+919812340102",
            "language": "en",
        },
    )
    assert "90000" in answer.text and "टैरिफ" in answer.text


def test_the_postman_takes_out_delivers_with_the_code_and_sees_it_done(app, gateways, inline_jobs):
    sms, _ = gateways
    with app.app_context():
        article = book(ward=3, mobile="+919812340103")
        pk, number = article.id, article.tracking_no
    postman = login(app, "postman1")
    page = postman.get("/postman/").text
    assert number in page and "+91 •••••••103" in page
    postman.post(f"/postman/{pk}/dispatch", data={"csrf_token": _form_token(page)})
    code = code_in([m for m in sms.received if m["to"] == "+919812340103"][-1]["text"])
    page = postman.get("/postman/").text
    assert 'inputmode="numeric"' in page and code not in page
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    answer = postman.post(
        f"/postman/{pk}/deliver",
        data={"csrf_token": _form_token(page), "otp": wrong},
        follow_redirects=True,
    )
    assert "Wrong code. Tries left: 4." in answer.text
    answer = postman.post(
        f"/postman/{pk}/deliver",
        data={"csrf_token": _form_token(page), "otp": code},
        follow_redirects=True,
    )
    assert "Delivered." in answer.text
    with app.app_context():
        assert db.session.get(Article, pk).status == ArticleStatus.delivered
    track = postman.get(f"/track/{number}").text
    assert "Delivered against the recipient" in track
    assert "Kavita" not in track and "12 MG Road" not in track and "340103" not in track


def test_the_api_books_dispatches_and_verifies(app, gateways, inline_jobs):
    sms, _ = gateways
    with app.app_context():
        demo.load_tariff()
        ward = db.session.query(Ward.id).filter_by(number=9).scalar()
    counter = api_headers(app, "counter")
    client = app.test_client()
    booked = client.post(
        "/api/v1/article/",
        headers=counter,
        json={
            "article_type": "parcel",
            "sender_name": "Flipmart",
            "recipient_name": "Nasrin",
            "address": "3 Khajrana Road",
            "mobile": "+919812340104",
            "ward_id": ward,
            "weight_g": 800,
        },
    )
    assert booked.status_code == 201 and re.fullmatch(r"CP\d{9}IN", booked.json["tracking_no"])
    pk = booked.json["id"]
    postman = api_headers(app, "postman2")  # wards 7-12
    sent = client.post(f"/api/v1/article/{pk}/dispatch", headers=postman)
    assert sent.status_code == 200 and sent.json["status"] == "out_for_delivery"
    code = code_in([m for m in sms.received if m["to"] == "+919812340104"][-1]["text"])
    again = client.post(f"/api/v1/article/{pk}/resend-otp", headers=postman)
    assert again.status_code == 429 and "less than a minute" in again.json["message"]
    done = client.post(f"/api/v1/article/{pk}/verify-otp", headers=postman, json={"otp": code})
    assert done.status_code == 200 and done.json["status"] == "delivered"
    shown = client.get(f"/api/v1/article/{pk}", headers=postman).json
    assert "otp_secret" not in shown["result"] and code not in str(shown)


def test_a_postman_cannot_see_or_act_on_another_beat(app, gateways, inline_jobs):
    with app.app_context():
        article = book(ward=10, mobile="+919812340105")  # postman2's beat
        pk, number = article.id, article.tracking_no
    postman1 = login(app, "postman1")
    page = postman1.get("/postman/").text
    assert number not in page
    answer = postman1.post(f"/postman/{pk}/dispatch", data={"csrf_token": _form_token(page)})
    assert answer.status_code == 404
    headers = api_headers(app, "postman1")
    client = app.test_client()
    assert client.get(f"/api/v1/article/{pk}", headers=headers).status_code == 404
    assert client.post(f"/api/v1/article/{pk}/dispatch", headers=headers).status_code == 404
    listed = client.get("/api/v1/article/?q=(page_size:100)", headers=headers).json["result"]
    assert number not in {row["tracking_no"] for row in listed}
    with app.app_context():
        assert db.session.get(Article, pk).status == ArticleStatus.booked


def test_the_postman_page_in_persian_is_right_to_left_with_native_digits(app):
    with app.app_context():
        book(ward=5, mobile="+989123400106", language="fa")
    postman = login(app, "postman1", "fa")
    page = postman.get("/postman/").text
    assert 'dir="rtl"' in page and "تحویل‌های امروز" in page


def test_cash_on_delivery_shows_the_upi_qr_and_waits_for_the_payment(app, gateways, inline_jobs):
    sms, _ = gateways
    with app.app_context():
        article = book(ward=6, mobile="+919812340107", cod="250.00")
        pk, ref = article.id, article.cod_payment.ref
    postman = login(app, "postman1")
    page = postman.get("/postman/").text
    postman.post(f"/postman/{pk}/dispatch", data={"csrf_token": _form_token(page)})
    page = postman.get("/postman/").text
    assert f"/pay/{ref}/qr.svg" in page and "not paid yet" in page
    svg = postman.get(f"/pay/{ref}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    code = code_in([m for m in sms.received if m["to"] == "+919812340107"][-1]["text"])
    answer = postman.post(
        f"/postman/{pk}/deliver",
        data={"csrf_token": _form_token(page), "otp": code},
        follow_redirects=True,
    )
    assert "is not paid yet: the recipient must pay by UPI first" in answer.text
    pay_page = app.test_client().get(f"/pay/{ref}").text
    assert "₹ 250.00" in pay_page and "upi://pay?" in pay_page


def test_the_counter_sends_on_and_returns_an_article_to_its_sender(app, gateways, inline_jobs):
    with app.app_context():
        article = book(ward=2, mobile="+919812340108")
        pk, number = article.id, article.tracking_no
    counter = login(app, "counter")
    page = counter.get(f"/articleview/show/{pk}").text
    answer = counter.post(
        f"/articleview/send-on/{pk}", data={"csrf_token": _form_token(page)}, follow_redirects=True
    )
    assert "Sent on to the delivery office." in answer.text
    assert "In transit" in answer.text
    answer = counter.post(
        f"/articleview/send-on/{pk}", data={"csrf_token": _form_token(page)}, follow_redirects=True
    )
    assert "cannot be sent on" in answer.text  # only a booked article is sent on
    answer = counter.post(
        f"/articleview/return/{pk}", data={"csrf_token": _form_token(page)}, follow_redirects=True
    )
    assert "Returned to sender" in answer.text
    assert "Returned to the sender." in app.test_client().get(f"/track/{number}").text


def test_a_mistyped_article_number_is_refused_with_a_clear_message(app):
    answer = app.test_client().get("/track/EE123456784IN?lang=hi")
    assert answer.status_code == 400
    assert "EE123456784IN मान्य वस्तु संख्या नहीं है" in answer.text
