"""RQ jobs: each takes ids, loads what it needs and calls a service."""

from app.services.channels import inbound
from app.services.channels.providers import mail as mail_intake
from app.services.channels.providers import x as x_mentions
from app.services.grievance import outbox as notify
from app.services.grievance import sla_sweep, ticket_changes
from app.services.payments import bill_runs
from app.services.payments import ledger as payments


def send_messages(message_ids: list[int]) -> dict:
    return notify.send_all(message_ids)


def send_gathered() -> int:
    """Chat replies gathered in Redis (notify.gather); a failed one is left to the relay."""
    return notify.send_gathered()


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


def handle_inbound(inbound_id: int) -> str:
    return inbound.handle(inbound_id)


def relay_inbound() -> int:
    return inbound.relay()


def poll_mail() -> int:
    return mail_intake.poll()


def poll_x() -> int:
    return x_mentions.poll()


def prune_ticket_changes() -> int:
    return ticket_changes.prune()
