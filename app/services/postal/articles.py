"""The post office's verbs: book at the counter, dispatch (the OTP goes to the recipient's
mobile), resend, deliver against the OTP, record a failed attempt.

A delivery attempt is one day's try at the door; its number is the HOTP counter. Five wrong
codes lock it until a supervisor dispatches again; the next attempt gets a new code. The
hand-over is marked with one conditional UPDATE, so two taps on "Deliver" deliver once.
Every verb first locks the article's row (and a code check its postman's), so requests at the
same moment take turns: six codes sent at once are six turns against the limit of five, and
resends at once count against one gap and one limit.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from app.core import dates, phones
from app.core.clock import utc_now
from app.core.dates import local_number
from app.core.digits import to_ascii_digits
from app.core.errors import JanSevaError
from app.extensions import db
from app.models.base import StaffUser
from app.models.org import Ward
from app.models.payments import Payment, PaymentPurpose
from app.models.postal import (
    Article,
    ArticleEvent,
    ArticleStatus,
    ArticleType,
    FailureReason,
    Tariff,
)
from app.services.grievance import outbox
from app.services.org.errors import UnknownWard
from app.services.payments import requests as payment_requests
from app.services.postal import otp, s10
from app.services.postal.errors import (
    ArticleNotAllowed,
    AttemptLocked,
    BookingIncomplete,
    CodUnpaid,
    NoTariff,
    OtpExpired,
    ResendLimit,
    ResendTooSoon,
    VerificationPaused,
    WrongOtp,
)

MAX_WRONG = 5  # wrong codes per attempt; the chance of a guess is then 5 in a million
WRONG_PER_POSTMAN_HOUR = 10  # across articles: past this a postman's checks pause for the hour
RESEND_GAP = timedelta(minutes=1)
SENDS_PER_ATTEMPT = 3  # the first SMS and two resends, within the one delivery day
OTP_MASK = "••••••"  # what the outbox keeps in place of the code
OTP_KEY = "otp"  # outbox event keys otp-<article>-<attempt>-<send>
OTP_TEXT = _l(
    "India Post: your %(kind)s %(tracking_no)s is out for delivery. Delivery code: %(otp)s. "
    "Tell it only to the postman at your door, never on a phone call or through a link."
)
DISPATCHABLE = (ArticleStatus.booked, ArticleStatus.in_transit, ArticleStatus.failed_attempt)
TYPE_LABELS = {
    ArticleType.registered_letter: _l("registered letter"),
    ArticleType.speed_post: _l("speed post item"),
    ArticleType.parcel: _l("parcel"),
}
STATUS_LABELS = {
    ArticleStatus.booked: _l("Booked"),
    ArticleStatus.in_transit: _l("In transit"),
    ArticleStatus.out_for_delivery: _l("Out for delivery"),
    ArticleStatus.delivered: _l("Delivered"),
    ArticleStatus.failed_attempt: _l("Delivery attempt failed"),
    ArticleStatus.returned: _l("Returned to sender"),
}
FAILURE_LABELS = {
    FailureReason.addressee_absent: _l("Addressee absent"),
    FailureReason.refused: _l("Refused"),
    FailureReason.address_incomplete: _l("Address incomplete"),
    FailureReason.premises_locked: _l("Premises locked"),
}


def postage(article_type: ArticleType, weight_g: int) -> Decimal:
    band = (
        db.session.query(Tariff)
        .filter(Tariff.article_type == article_type, Tariff.max_weight_g >= weight_g)
        .order_by(Tariff.max_weight_g)
        .first()
    )
    if band is None:
        raise NoTariff(article_type=TYPE_LABELS[ArticleType(article_type)], weight=weight_g)
    return band.postage


def book(fields: dict, actor) -> Article:
    """Book an article at the counter; the postage is taken there and then."""
    required = ("sender_name", "recipient_name", "address", "mobile", "ward_id", "weight_g")
    if any(not str(fields.get(name) or "").strip() for name in required):
        raise BookingIncomplete()
    article_type = ArticleType(fields.get("article_type") or ArticleType.registered_letter)
    weight = int(payment_requests.parse_amount(fields["weight_g"]))
    ward_id = int(fields["ward_id"])
    if db.session.get(Ward, ward_id) is None:
        raise UnknownWard(value=str(ward_id))
    cod = payment_requests.parse_amount(fields["cod_amount"]) if fields.get("cod_amount") else None
    now = utc_now()
    article = Article(
        article_type=article_type,
        sender_name=fields["sender_name"].strip(),
        sender_address=(fields.get("sender_address") or "").strip() or None,
        recipient_name=fields["recipient_name"].strip(),
        address=fields["address"].strip(),
        mobile=phones.to_e164(fields["mobile"]),
        language=fields.get("language") or "en",
        ward_id=ward_id,
        weight_g=weight,
        postage=postage(article_type, weight),
        cod_amount=cod,
        booked_at=now,
        booked_by_id=getattr(actor, "id", None),
        otp_secret=otp.new_secret(),
    )
    db.session.add(article)
    db.session.flush()
    article.tracking_no = s10.article_number(article_type, article.id)
    if article.cod_amount:
        note = f"COD {article.tracking_no}"
        ref = f"COD{article.tracking_no}"
        article.cod_payment = payment_requests.request_payment(
            PaymentPurpose.cod,
            article.cod_amount,
            ref,
            note,
            actor=actor,
            source="counter",
            payer_name=article.recipient_name,
            payer_mobile=article.mobile,
            payer_language=article.language,
            link_kind="article",
            link_id=article.id,
        )
    _record(article, "booked", actor, public=True, postage=str(article.postage))
    db.session.commit()
    return article


def dispatch(article: Article, actor, supervisor: bool = False) -> Article:
    """Out for delivery: a new attempt, so a new code, sent at once to the recipient."""
    _lock(article)
    locked = article.status == ArticleStatus.out_for_delivery and is_locked(article)
    if article.status not in DISPATCHABLE and not (locked and supervisor):
        if locked:
            raise AttemptLocked()
        raise ArticleNotAllowed(status=_status(article), action=_l("dispatched"))
    now = utc_now()
    article.status = ArticleStatus.out_for_delivery
    article.attempt += 1
    article.attempt_ends_at = end_of_delivery_day(now)
    article.wrong_entries = 0
    article.otp_sends = 0
    article.failure_reason = None
    _record(article, "out_for_delivery", actor, public=True, attempt=article.attempt)
    message = _queue_otp(article, now)
    db.session.commit()
    outbox.dispatch([message])
    return article


def resend(article: Article, actor) -> Article:
    """The same code again (a late SMS must never mismatch): once a minute, three times a day."""
    _check_open_attempt(_lock(article))
    now = utc_now()
    if article.otp_sends >= SENDS_PER_ATTEMPT:
        raise ResendLimit()
    if article.otp_sent_at and now - article.otp_sent_at < RESEND_GAP:
        raise ResendTooSoon()
    message = _queue_otp(article, now)
    _record(article, "otp_resent", actor, attempt=article.attempt, send=article.otp_sends)
    db.session.commit()
    outbox.dispatch([message])
    return article


def deliver(article: Article, entered: str, actor, latitude=None, longitude=None) -> Article:
    """Hand over against the code the recipient reads out (and, for COD, the UPI payment)."""
    _check_open_attempt(_lock(article, actor))
    if article.cod_amount and article.cod_paid_at is None:
        raise CodUnpaid(amount=local_number(article.cod_amount))
    if actor is not None and _recent_wrong_codes(actor) >= WRONG_PER_POSTMAN_HOUR:
        raise VerificationPaused()
    entered = "".join(to_ascii_digits(entered or "").split())
    if not otp.matches(article.otp_secret, article.attempt, entered):
        return _wrong_code(article, actor)
    now = utc_now()
    delivered = db.session.execute(
        update(Article)
        .where(
            Article.id == article.id,
            Article.status == ArticleStatus.out_for_delivery,
            Article.attempt == article.attempt,
            Article.wrong_entries < MAX_WRONG,
        )
        .values(
            status=ArticleStatus.delivered,
            delivered_at=now,
            delivered_by_id=getattr(actor, "id", None),
            delivered_latitude=_coordinate(latitude),
            delivered_longitude=_coordinate(longitude),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if not delivered:
        db.session.rollback()
        db.session.refresh(article)
        raise ArticleNotAllowed(status=_status(article), action=_l("delivered"))
    _record(article, "delivered", actor, public=True, attempt=article.attempt)
    db.session.commit()
    db.session.refresh(article)
    return article


def fail(article: Article, reason: str, actor) -> Article:
    """Nobody took it today: the attempt closes, the next dispatch sends a new code."""
    if _lock(article).status != ArticleStatus.out_for_delivery:
        raise ArticleNotAllowed(status=_status(article), action=_l("marked as not delivered"))
    try:
        reason = FailureReason(reason)
    except ValueError as error:
        raise JanSevaError(_l("Please choose why the article could not be delivered.")) from error
    article.status = ArticleStatus.failed_attempt
    article.failure_reason = reason
    _record(article, "failed_attempt", actor, public=True, reason=reason.value)
    db.session.commit()
    return article


def send_on(article: Article, actor) -> Article:
    """The counter sends the bag on to the delivery office."""
    return _move(article, ArticleStatus.in_transit, (ArticleStatus.booked,), actor, _l("sent on"))


def return_to_sender(article: Article, actor) -> Article:
    """After failed attempts (or on the sender's request) the article goes back."""
    return _move(article, ArticleStatus.returned, DISPATCHABLE, actor, _l("returned"))


def _move(article: Article, status: ArticleStatus, allowed: tuple, actor, action) -> Article:
    if _lock(article).status not in allowed:
        raise ArticleNotAllowed(status=_status(article), action=action)
    article.status = status
    _record(article, status.value, actor, public=True)
    db.session.commit()
    return article


def end_of_delivery_day(now: datetime) -> datetime:
    """Midnight after `now` in the deployment's time zone: a delivery code lasts the day."""
    return dates.end_of_local_day(dates.local_day(now))


def tries_left(article: Article) -> int:
    return max(0, MAX_WRONG - article.wrong_entries)


def masked_mobile(mobile: str) -> str:
    """+919812345210 -> +91 ••••••210: enough to ask "is this your number?", no more."""
    return f"{mobile[:3]} {'•' * (len(mobile) - 6)}{mobile[-3:]}" if len(mobile) > 6 else "•••"


def otp_body(message) -> str | None:
    """The outbox's late filler: the code goes into the SMS as it leaves, never into the
    database. A message of an attempt that has ended is not sent."""
    _, article_id, attempt, _ = message.event_key.rsplit("-", 3)
    article = db.session.get(Article, int(article_id))
    if article is None or article.attempt != int(attempt) or _closed(article):
        return None
    return message.body.replace(OTP_MASK, otp.code(article.otp_secret, article.attempt), 1)


def _queue_otp(article: Article, now: datetime):
    article.otp_sends += 1
    article.otp_sent_at = now
    kind = outbox.render(article.language, TYPE_LABELS[ArticleType(article.article_type)])
    body = outbox.render(
        article.language, OTP_TEXT, kind=kind, tracking_no=article.tracking_no, otp=OTP_MASK
    )
    key = otp_key(article.id, article.attempt, article.otp_sends)
    return outbox.queue_to(None, "sms", article.mobile, article.language, key, body)


def otp_key(article_id: int, attempt: int, send: int) -> str:
    """The outbox event key of an attempt's first SMS (send 1) or a resend."""
    return f"{OTP_KEY}-{article_id}-{attempt}-{send}"


def _wrong_code(article: Article, actor):
    db.session.execute(
        update(Article)
        .where(Article.id == article.id, Article.attempt == article.attempt)
        .values(wrong_entries=Article.wrong_entries + 1)
        .execution_options(synchronize_session=False)
    )
    _record(article, "otp_wrong", actor, attempt=article.attempt)
    db.session.commit()
    db.session.refresh(article)
    if is_locked(article):
        raise AttemptLocked()
    raise WrongOtp(left=local_number(tries_left(article)))


def _recent_wrong_codes(actor) -> int:
    return (
        db.session.query(func.count(ArticleEvent.id))
        .filter(
            ArticleEvent.actor_id == actor.id,
            ArticleEvent.kind == "otp_wrong",
            ArticleEvent.at >= utc_now() - timedelta(hours=1),
        )
        .scalar()
    )


def _lock(article: Article, checker=None) -> Article:
    """The article as committed now, its row locked until the commit: a request at the same
    moment waits, then sees this one's counts. A code check locks its postman's row first, as
    their wrong codes are counted across articles."""
    if checker is not None and getattr(checker, "id", None):
        db.session.execute(select(StaffUser.id).filter_by(id=checker.id).with_for_update())
    db.session.flush()  # the caller's own changes are kept, not read over
    db.session.refresh(article, with_for_update={"of": Article})
    return article


def _check_open_attempt(article: Article) -> None:
    if article.status != ArticleStatus.out_for_delivery:
        raise ArticleNotAllowed(status=_status(article), action=_l("delivered"))
    if is_locked(article):
        raise AttemptLocked()
    if utc_now() >= article.attempt_ends_at:
        raise OtpExpired()


def is_locked(article: Article) -> bool:
    return article.wrong_entries >= MAX_WRONG


def _closed(article: Article) -> bool:
    return (
        article.status != ArticleStatus.out_for_delivery
        or is_locked(article)
        or utc_now() >= article.attempt_ends_at
    )


def _status(article: Article) -> str:
    return str(STATUS_LABELS[ArticleStatus(article.status)])


def _coordinate(value) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _record(article: Article, kind: str, actor, public: bool = False, **data) -> None:
    db.session.add(
        ArticleEvent(
            article_id=article.id,
            kind=kind,
            at=utc_now(),
            actor_id=getattr(actor, "id", None),
            public=public,
            data=data,
        )
    )


def cod_paid(payment: Payment) -> None:
    """The payment provider confirmed a cash-on-delivery payment: the hand-over may proceed."""
    article = db.session.query(Article).filter_by(cod_payment_id=payment.id).one_or_none()
    if article is not None and article.cod_paid_at is None:
        article.cod_paid_at = payment.paid_at
        _record(article, "cod_paid", None, public=True, utr=payment.utr)
