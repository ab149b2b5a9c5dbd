"""Booking, S10 numbers, and the OTP hand-over: the code reaches the recipient by SMS, is
stored nowhere, opens one delivery, and five wrong entries lock the attempt."""

import base64
import os
import shutil
import subprocess
from datetime import timedelta

import pyotp
import pytest

from app.core.clock import utc_now
from app.extensions import db
from app.models.grievance.outbox import OutboundMessage
from app.models.postal import ArticleStatus
from app.services.postal import articles as postal
from app.services.postal import otp, s10
from app.services.postal.errors import (
    ArticleNotAllowed,
    AttemptLocked,
    BadArticleNumber,
    CodUnpaid,
    OtpExpired,
    ResendLimit,
    ResendTooSoon,
    WrongOtp,
)
from tests.postal_helpers import book, code_in


@pytest.mark.parametrize(
    "serial, digit",
    [("12345678", 5), ("47312482", 9), ("00000000", 5), ("11111111", 5), ("10000014", 0)],
)
def test_s10_check_digit_matches_the_upu_vectors(serial, digit):
    assert s10.check_digit(serial) == digit


def test_a_wrong_check_digit_is_refused_with_a_clear_message(app_ctx):
    assert s10.parse_article_number("ee 1234 5678 5 in") == "EE123456785IN"
    with pytest.raises(BadArticleNumber, match="EE123456784IN is not a valid article number"):
        s10.parse_article_number("EE123456784IN")


def test_booking_gives_an_s10_number_and_the_tariff_postage(app_ctx):
    article = book()
    assert article.tracking_no.startswith("EE") and article.tracking_no.endswith("IN")
    assert s10.parse_article_number(article.tracking_no) == article.tracking_no
    assert str(article.postage) == "77.00"  # speed post up to 500 g in the demo tariff


def test_the_otp_is_hotp_with_the_attempt_as_counter_and_matches_oathtool(app_ctx):
    article = book()
    secret = otp._unseal(article.otp_secret)
    assert len(base64.b32decode(secret)) == 20  # 160 bits
    assert otp.code(article.otp_secret, 3) == pyotp.HOTP(secret).at(3)
    if not shutil.which("oathtool"):
        if os.environ.get("JANSEVA_REQUIRE_SERVICES") == "1":
            pytest.fail("oathtool is missing (apt-get install oathtool)")
        pytest.skip("oathtool is not installed")
    out = subprocess.run(
        ["oathtool", "-b", "--hotp", "-c", "3", secret], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == otp.code(article.otp_secret, 3)


def test_dispatch_sends_the_code_and_the_outbox_keeps_it_masked(app_ctx, gateways, inline_jobs):
    sms, _ = gateways
    article = book(mobile="+919812340002")
    postal.dispatch(article, None)
    (message,) = [m for m in sms.received if m["to"] == "+919812340002"]
    code = code_in(message["text"])
    assert code == otp.code(article.otp_secret, 1)
    assert "only to the postman at your door" in message["text"]
    stored = db.session.query(OutboundMessage).filter_by(recipient="+919812340002").one()
    assert code not in stored.body and postal.OTP_MASK in stored.body
    assert stored.status.value == "sent"


def test_the_right_code_delivers_once(app_ctx, gateways, inline_jobs):
    sms, _ = gateways
    article = book(mobile="+919812340003")
    postal.dispatch(article, None)
    code = code_in(sms.received[-1]["text"])
    postal.deliver(article, code, None, latitude="22.72", longitude="75.88")
    assert article.status == ArticleStatus.delivered and article.delivered_latitude == 22.72
    with pytest.raises(ArticleNotAllowed):
        postal.deliver(article, code, None)
    kinds = [e.kind for e in article.events]
    assert kinds.count("delivered") == 1


def test_native_digits_are_accepted(app_ctx, gateways, inline_jobs):
    sms, _ = gateways
    article = book(mobile="+919812340004")
    postal.dispatch(article, None)
    code = code_in(sms.received[-1]["text"])
    persian = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    postal.deliver(article, persian, None)
    assert article.status == ArticleStatus.delivered


def test_five_wrong_codes_lock_the_attempt_until_a_supervisor_dispatches_again(
    app_ctx, gateways, inline_jobs
):
    sms, _ = gateways
    article = book(mobile="+919812340005")
    postal.dispatch(article, None)
    right = code_in(sms.received[-1]["text"])
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongOtp, match=f"Tries left: {left}"):
            postal.deliver(article, wrong, None)
    with pytest.raises(AttemptLocked):
        postal.deliver(article, wrong, None)
    with pytest.raises(AttemptLocked):
        postal.deliver(article, right, None)  # even the right code, once locked
    with pytest.raises(AttemptLocked):
        postal.dispatch(article, None)  # the postman cannot unlock it
    postal.dispatch(article, None, supervisor=True)
    assert article.attempt == 2
    new_code = code_in(sms.received[-1]["text"])
    assert new_code == otp.code(article.otp_secret, 2)
    postal.deliver(article, new_code, None)
    assert article.status == ArticleStatus.delivered


def test_a_failed_attempt_means_a_new_code_next_time(app_ctx, gateways, inline_jobs):
    sms, _ = gateways
    article = book(mobile="+919812340006")
    postal.dispatch(article, None)
    first = code_in(sms.received[-1]["text"])
    postal.fail(article, "addressee_absent", None)
    assert article.status == ArticleStatus.failed_attempt
    postal.dispatch(article, None)
    second = code_in(sms.received[-1]["text"])
    assert second == otp.code(article.otp_secret, 2)
    if first != second:
        with pytest.raises(WrongOtp):
            postal.deliver(article, first, None)
    postal.deliver(article, second, None)
    assert article.status == ArticleStatus.delivered


def test_resend_gives_the_same_code_once_a_minute_three_times_a_day(app_ctx, gateways, inline_jobs):
    sms, _ = gateways
    article = book(mobile="+919812340007")
    postal.dispatch(article, None)
    with pytest.raises(ResendTooSoon):
        postal.resend(article, None)
    for _ in range(2):
        article.otp_sent_at = utc_now() - timedelta(minutes=2)
        postal.resend(article, None)
    texts = [m["text"] for m in sms.received if m["to"] == "+919812340007"]
    assert len(texts) == 3 and len({code_in(t) for t in texts}) == 1
    article.otp_sent_at = utc_now() - timedelta(minutes=2)
    with pytest.raises(ResendLimit):
        postal.resend(article, None)


def test_the_code_ends_with_the_delivery_day(app_ctx, gateways, inline_jobs):
    sms, _ = gateways
    article = book(mobile="+919812340008")
    postal.dispatch(article, None)
    code = code_in(sms.received[-1]["text"])
    article.attempt_ends_at = utc_now() - timedelta(seconds=1)
    db.session.commit()
    with pytest.raises(OtpExpired):
        postal.deliver(article, code, None)


def test_cash_on_delivery_needs_the_payment_first(app_ctx, gateways, inline_jobs):
    sms, _ = gateways
    article = book(mobile="+919812340009", cod="499.00")
    postal.dispatch(article, None)
    code = code_in(sms.received[-1]["text"])
    with pytest.raises(CodUnpaid, match="499"):
        postal.deliver(article, code, None)
    assert article.status == ArticleStatus.out_for_delivery


def test_the_end_of_the_delivery_day_is_local_midnight(app_ctx):
    ends = postal.end_of_delivery_day(utc_now())
    assert timedelta(0) < ends - utc_now() <= timedelta(days=1)
    assert (ends.hour, ends.minute) == (18, 30)  # midnight in Asia/Kolkata, in UTC


def test_the_article_history_is_append_only(app_ctx):
    from app.core.columns import AppendOnly

    article = book(mobile="+919812340010")
    (booked,) = article.events
    booked.kind = "delivered"
    with pytest.raises(AppendOnly):
        db.session.commit()
    db.session.rollback()
