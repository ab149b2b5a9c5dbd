"""Bill runs: a holding-tax or trade-licence bill for every citizen of a ward, in one action.

The clerk's action only records the run and queues its job; a worker bills the ward in
batches, each batch one transaction that writes the payment requests, their history, the pay
links in the outbox and the run's progress together, then hands the links to the queue. A
worker that dies mid-run loses nothing: the run's cursor says where the next job goes on, the
periodic check re-queues a run that stopped moving, and a citizen is billed once per run.
"""

import logging
from datetime import date, timedelta

from redis.exceptions import RedisError
from sqlalchemy import func, select

from app.core import bulk, commits, jobs
from app.core.clock import utc_now
from app.extensions import db
from app.models.grievance.citizen import Citizen
from app.models.grievance.outbox import MessageStatus, OutboundMessage
from app.models.org import Ward
from app.models.payments import BillRun, BillRunStatus, Payment, PaymentEvent, PaymentPurpose
from app.services.grievance import outbox
from app.services.payments import requests, settlement
from app.services.payments.errors import BadBillRun

log = logging.getLogger(__name__)
RUN_BILLS = "app.services.payments.jobs.run_bills"  # the job, by dotted name

BATCH = 2000
STALLED = timedelta(minutes=2)  # a running run that has not moved for this long is re-queued
BILLABLE = (PaymentPurpose.holding_tax, PaymentPurpose.trade_licence)
REF = "\u27e8ref\u27e9"  # stands for each bill's reference in the text rendered once


def start(purpose: str, ward_id, amount, note: str, pay_by_day: date, actor) -> BillRun:
    try:
        purpose = PaymentPurpose(purpose)
    except ValueError as error:
        raise BadBillRun() from error
    ward = db.session.get(Ward, int(ward_id)) if str(ward_id or "").isdigit() else None
    if purpose not in BILLABLE or ward is None or pay_by_day is None:
        raise BadBillRun()
    now = utc_now()
    run = BillRun(
        purpose=purpose,
        ward_id=ward.id,
        amount=requests.checked_amount(purpose, amount),
        note=(note or "").strip()[:50] or str(ward),
        expires_at=requests.expiry(pay_by_day),
        total=db.session.scalar(select(func.count(Citizen.id)).where(*_citizens(ward.id))),
        created_by_id=getattr(actor, "id", None),
        created_at=now,
        progressed_at=now,
    )
    db.session.add(run)
    commits.commit_keeping_loaded()  # the page that answers needs no read after it
    try:
        _enqueue(run.id)
    except RedisError as error:  # stored: resume_stalled queues it once Redis is back
        log.warning("bill run %s waits for Redis: %s", run.id, error)
    return run


def _enqueue(run_id: int) -> None:
    jobs.enqueue(RUN_BILLS, run_id, queue_name="low", job_id=f"bill-run-{run_id}", job_timeout=3600)


def run(run_id: int) -> BillRun:
    """The job: bill the ward batch by batch until every citizen has a bill."""
    while _bill_batch(run_id):
        pass
    return db.session.get(BillRun, run_id)


def resume_stalled() -> int:
    """Re-queue runs whose worker stopped (a periodic job); the cursor says where to go on."""
    stalled = (
        db.session.execute(
            select(BillRun.id).where(
                BillRun.status != BillRunStatus.done, BillRun.progressed_at < utc_now() - STALLED
            )
        )
        .scalars()
        .all()
    )
    for run_id in stalled:
        _enqueue(run_id)
    return len(stalled)


def _citizens(ward_id: int, after: int = 0) -> tuple:
    """The ward's citizens (records merged into another excluded) after the cursor."""
    return (Citizen.ward_id == ward_id, Citizen.merged_into_id.is_(None), Citizen.id > after)


def _bill_batch(run_id: int) -> bool:
    """One batch in one transaction; False when the run is done (or another worker holds it)."""
    run = db.session.execute(
        select(BillRun).where(BillRun.id == run_id).with_for_update(skip_locked=True, of=BillRun)
    ).scalar_one_or_none()
    if run is None or run.status == BillRunStatus.done:
        db.session.rollback()
        return False
    citizens = db.session.execute(
        select(
            Citizen.id,
            Citizen.name,
            Citizen.phone,
            Citizen.email,
            Citizen.telegram_chat_id,
            Citizen.language,
        )
        .where(*_citizens(run.ward_id, run.last_citizen_id))
        .order_by(Citizen.id)
        .limit(BATCH)
    ).all()
    now = utc_now()
    run.progressed_at = now
    if not citizens:
        run.status, run.finished_at = BillRunStatus.done, now
        db.session.commit()
        return False
    message_ids = _write_bills(run, citizens, now)
    run.status = BillRunStatus.running
    run.billed += len(citizens)
    run.without_address += len(citizens) - len(message_ids)
    run.last_citizen_id = citizens[-1].id
    db.session.commit()
    outbox.dispatch_ids(message_ids)
    return True


def _write_bills(run: BillRun, citizens, now) -> list[int]:
    """The batch's payment requests, their history and their pay links; the message ids."""
    payment_ids = bulk.next_ids(Payment.__table__, len(citizens))
    addresses = [outbox.first_address(citizen) for citizen in citizens]
    reachable = [i for i, (_, address) in enumerate(addresses) if address]
    message_ids = bulk.next_ids(OutboundMessage.__table__, len(reachable))
    bills, events, messages = [], [], []
    pay_by = requests.pay_by(run)
    bodies = _link_bodies(run, citizens, payment_ids, pay_by)
    for citizen, payment_id in zip(citizens, payment_ids, strict=True):
        ref = f"PAY{payment_id:08d}"
        bills.append(
            {
                "id": payment_id,
                "ref": ref,
                "purpose": run.purpose.value,
                "amount": run.amount,
                "note": run.note,
                "status": "pending",
                "payer_name": citizen.name,
                "payer_mobile": citizen.phone,
                "payer_language": citizen.language or "en",
                "citizen_id": citizen.id,
                "bill_run_id": run.id,
                "expires_at": run.expires_at,
                "created_at": now,
            }
        )
        events.append(
            settlement.event_row(
                payment_id, "requested", now, run.created_by_id, "system", bill_run=run.id
            )
        )
    for message_id, i in zip(message_ids, reachable, strict=True):
        channel, address = addresses[i]
        citizen, ref = citizens[i], bills[i]["ref"]
        messages.append(
            {
                "id": message_id,
                "citizen_id": citizen.id,
                "event_key": f"{requests.LINK_KEY}-{ref}-1",
                "channel": channel,
                "recipient": address,
                "language": bills[i]["payer_language"],
                "body": bodies[i],
                "status": MessageStatus.pending.value,
                "attempts": 0,
                "created_at": now,
            }
        )
        events.append(settlement.event_row(payment_ids[i], "link_sent", now, None, "system"))
    bulk.insert_rows(Payment.__table__, bills)
    bulk.insert_rows(PaymentEvent.__table__, events)
    bulk.insert_rows(OutboundMessage.__table__, messages)
    return message_ids


def _link_bodies(run: BillRun, citizens, payment_ids, pay_by) -> list[str]:
    """Each citizen's pay-link SMS in their language: the text is rendered once per language
    and only the reference differs."""
    texts = {}
    bodies = []
    for citizen, payment_id in zip(citizens, payment_ids, strict=True):
        language = citizen.language or "en"
        if language not in texts:
            texts[language] = requests.link_body(language, run.purpose, run.amount, REF, pay_by)
        bodies.append(texts[language].replace(REF, f"PAY{payment_id:08d}"))
    return bodies
