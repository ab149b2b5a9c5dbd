"""The grievance desk's RQ jobs, enqueued by dotted name: each takes ids and calls a service."""

from app.services.grievance import (
    explanations,
    outbox,
    outbox_gathering,
    outbox_sending,
    sla_sweep,
    ticket_changes,
)


def send_messages(message_ids: list[int]) -> dict:
    return outbox_sending.send_all(message_ids)


def send_gathered() -> int:
    """Chat replies gathered in Redis (outbox_gathering); a failed one is left to the relay."""
    return outbox_gathering.send_gathered()


def relay_outbox() -> int:
    return outbox.relay()


def sweep_sla() -> dict:
    return sla_sweep.sweep()


def mark_missed_explanations() -> int:
    return explanations.mark_missed()


def prune_ticket_changes() -> int:
    return ticket_changes.prune()
