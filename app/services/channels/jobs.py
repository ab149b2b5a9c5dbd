"""The channels' RQ jobs, enqueued by dotted name: each takes ids and calls a service."""

from app.services.channels import inbound
from app.services.channels.providers import mail, x


def handle_inbound(inbound_id: int) -> str:
    return inbound.handle(inbound_id)


def relay_inbound() -> int:
    return inbound.relay()


def poll_mail() -> int:
    return mail.poll(inbound.receive)


def poll_x() -> int:
    return x.poll(inbound.receive)
