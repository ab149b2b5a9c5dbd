"""Payments' RQ jobs, enqueued by dotted name: each takes ids and calls a service."""

from app.services.payments import bill_runs, settlement


def run_bills(run_id: int) -> int:
    return bill_runs.run(run_id).billed


def resume_bill_runs() -> int:
    return bill_runs.resume_stalled()


def expire_payments() -> int:
    return settlement.expire_due()
