"""RQ jobs: each takes ids, loads what it needs and calls a service."""

from app.services import notify, sla_sweep


def send_message(message_id: int) -> str:
    return notify.send(message_id)


def relay_outbox() -> int:
    return notify.relay()


def sweep_sla() -> dict:
    return sla_sweep.sweep()
