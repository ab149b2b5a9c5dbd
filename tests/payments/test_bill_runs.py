"""Bill runs: one action bills every citizen of a ward, in batches, once, with a pay link each;
a run cut off mid-way goes on where it stopped."""

from datetime import date, timedelta

import pytest

from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.outbox import OutboundMessage
from app.models.org import Ward
from app.models.payments import BillRun, BillRunStatus, Payment
from app.services.payments import bill_runs
from app.services.payments.errors import BadBillRun
from tests.payment_helpers import ward_with_citizens


def start(ward: Ward) -> BillRun:
    clerk = db.session.query(StaffUser).filter_by(username="counter").one()
    return bill_runs.start(
        "holding_tax", ward.id, "1200", "Holding tax 2026-27", date.today() + timedelta(30), clerk
    )


def test_a_ward_is_billed_once_each_with_a_pay_link(app_ctx, inline_jobs, monkeypatch):
    monkeypatch.setattr(bill_runs, "BATCH", 7)
    ward = ward_with_citizens(20, without_phone=3)
    run = start(ward)  # without Redis the job runs at once
    db.session.refresh(run)
    assert (run.status, run.total, run.billed, run.without_address) == (
        BillRunStatus.done,
        20,
        20,
        3,
    )
    bills = db.session.query(Payment).filter_by(bill_run_id=run.id).all()
    assert len({bill.citizen_id for bill in bills}) == 20
    assert {str(bill.amount) for bill in bills} == {"1200.00"}
    assert all(bill.ref.startswith("PAY") and bill.expires_at for bill in bills)
    links = db.session.query(OutboundMessage).filter(OutboundMessage.event_key.like("paylink-%"))
    links = {m.event_key: m for m in links if m.citizen_id in {b.citizen_id for b in bills}}
    assert len(links) == 17
    bengali = next(m for m in links.values() if m.language == "bn")
    assert "১২০০.০০" in bengali.body and "/pay/PAY" in bengali.body
    assert [e.kind for e in bills[0].events][:1] == ["requested"]
    assert bill_runs.run(run.id).billed == 20  # running it again bills no one twice


def test_a_run_cut_off_mid_way_goes_on_where_it_stopped(app_ctx, inline_jobs, monkeypatch):
    monkeypatch.setattr(bill_runs, "BATCH", 5)
    ward = ward_with_citizens(12)
    write, calls = bill_runs._write_bills, []

    def dies_on_the_second_batch(*args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return write(*args)

    monkeypatch.setattr(bill_runs, "_write_bills", dies_on_the_second_batch)
    with pytest.raises(RuntimeError):
        start(ward)
    db.session.rollback()
    run = db.session.query(BillRun).filter_by(ward_id=ward.id).one()
    assert (run.status, run.billed) == (BillRunStatus.running, 5)
    monkeypatch.setattr(bill_runs, "STALLED", timedelta(0))
    assert bill_runs.resume_stalled() >= 1
    db.session.refresh(run)
    assert (run.status, run.billed) == (BillRunStatus.done, 12)
    assert db.session.query(Payment).filter_by(bill_run_id=run.id).count() == 12


def test_only_tax_and_licence_bills_for_a_known_ward(app_ctx):
    clerk = db.session.query(StaffUser).filter_by(username="counter").one()
    ward = db.session.query(Ward).first()
    with pytest.raises(BadBillRun):
        bill_runs.start("fine", ward.id, "100", "", date.today(), clerk)
    with pytest.raises(BadBillRun):
        bill_runs.start("holding_tax", 999999, "100", "", date.today(), clerk)
