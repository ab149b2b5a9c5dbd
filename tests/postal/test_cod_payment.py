"""Cash on delivery: the article carries a UPI payment request; the provider's signed callback
settles it once, at the right amount only; then the code hands the article over."""

import os
import shutil
import subprocess
from urllib.parse import parse_qsl, urlsplit

import pytest

from app.extensions import db
from app.models.payments import PaymentStatus
from app.models.postal import ArticleStatus
from app.services.payments import upi
from app.services.postal import articles as postal
from app.services.postal.errors import CodUnpaid
from tests.postal_helpers import book, code_in


def test_cod_is_paid_by_upi_then_delivered_against_the_code(
    app_ctx, gateways, inline_jobs, provider
):
    sms, _ = gateways
    article = book(mobile="+919812340501", cod="499.50")
    payment = article.cod_payment
    assert payment.ref == f"COD{article.tracking_no}" and str(payment.amount) == "499.50"
    postal.dispatch(article, None)
    code = code_in(sms.received[-1]["text"])
    with pytest.raises(CodUnpaid):
        postal.deliver(article, code, None)
    notice = {"ref": payment.ref, "utr": "412345678901", "amount": "499.50", "status": "SUCCESS"}
    assert provider(notice, secret="forged").status_code == 403
    db.session.refresh(payment)
    assert payment.status == PaymentStatus.pending
    failed = provider({**notice, "utr": "412345678900", "status": "FAILURE"})
    assert failed.json["status"] == "pending"  # a failed attempt: the payer may try again
    db.session.refresh(article)
    assert article.cod_paid_at is None
    assert provider(notice).json["status"] == "paid"
    assert provider(notice).json["status"] == "paid"  # told twice, settled once
    db.session.refresh(article)
    assert article.cod_paid_at is not None
    postal.deliver(article, code, None)
    assert article.status == ArticleStatus.delivered
    assert [e.kind for e in article.events].count("cod_paid") == 1


def test_the_qr_code_carries_the_upi_uri_exactly(app_ctx):
    article = book(mobile="+919812340502", cod="1499.50")
    uri = upi.payment_uri(article.cod_payment.ref, article.cod_payment.amount, "COD x & y")
    assert uri.startswith("upi://pay?pa=janseva.demo@upi&pn=JanSeva&mc=9399&tr=COD")
    assert "tn=COD%20x%20%26%20y" in uri and uri.endswith("&am=1499.50&cu=INR")
    if not shutil.which("zbarimg"):
        if os.environ.get("JANSEVA_REQUIRE_SERVICES") == "1":
            pytest.fail("zbarimg is missing (apt-get install zbar-tools)")
        pytest.skip("zbarimg is not installed")
    client = app_ctx.test_client()
    png = client.get(f"/pay/{article.cod_payment.ref}/qr.png")
    path = os.path.join(app_ctx.instance_path, "qr-test.png")
    os.makedirs(app_ctx.instance_path, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(png.data)
    decoded = subprocess.run(["zbarimg", "-q", "--raw", path], capture_output=True, text=True)
    fields = dict(parse_qsl(urlsplit(decoded.stdout.strip()).query))
    assert fields["pa"] == "janseva.demo@upi" and fields["am"] == "1499.50"
    assert fields["tr"] == article.cod_payment.ref and fields["cu"] == "INR"
    assert fields["mc"] == "9402"  # postal services (government)


@pytest.mark.parametrize(
    "payee, note",
    [("नगर निगम इंदौर", "गृह कर 2026-27"), ("পৌরসভা", "হোল্ডিং কর"), ("شهرداری مشهد", "عوارض ۱۴۰۵")],
)
def test_non_latin_payee_names_and_notes_scan_back_exactly(app_ctx, payee, note):
    if not shutil.which("zbarimg"):
        if os.environ.get("JANSEVA_REQUIRE_SERVICES") == "1":
            pytest.fail("zbarimg is missing (apt-get install zbar-tools)")
        pytest.skip("zbarimg is not installed")
    saved = app_ctx.config["UPI_PAYEE_NAME"]
    app_ctx.config["UPI_PAYEE_NAME"] = payee
    try:
        uri = upi.payment_uri("HT2026000123", "1499.5", note)
    finally:
        app_ctx.config["UPI_PAYEE_NAME"] = saved
    assert uri.isascii()  # percent-encoded, so no scanner guesses a character set
    path = os.path.join(app_ctx.instance_path, "qr-script.png")
    os.makedirs(app_ctx.instance_path, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(upi.qr_png(uri))
    decoded = subprocess.run(["zbarimg", "-q", "--raw", path], capture_output=True, text=True)
    assert decoded.stdout.strip() == uri
    fields = dict(parse_qsl(urlsplit(uri).query))
    assert fields["pn"] == payee and fields["tn"] == note and fields["am"] == "1499.50"


def test_a_browser_that_has_the_code_gets_304(app_ctx):
    article = book(mobile="+919812340503", cod="75.00")
    client = app_ctx.test_client()
    first = client.get(f"/pay/{article.cod_payment.ref}/qr.svg")
    again = client.get(
        f"/pay/{article.cod_payment.ref}/qr.svg", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert first.status_code == 200 and again.status_code == 304
