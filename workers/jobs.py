"""RQ jobs: each takes ids, loads what it needs and calls a service."""

from app.services import bill_runs, notify, payments, sla_sweep


def send_message(message_id: int) -> str:
    return notify.send(message_id)


def relay_outbox() -> int:
    return notify.relay()


def sweep_sla() -> dict:
    return sla_sweep.sweep()


def run_bills(run_id: int) -> int:
    return bill_runs.run(run_id).billed


def resume_bill_runs() -> int:
    return bill_runs.resume_stalled()


def expire_payments() -> int:
    return payments.expire_due()
