"""Channel adapters: an Apprise URL per channel from the environment (NOTIFY_*_URL, with
`{to}` replaced by the recipient). Apprise never raises on delivery failure, so we check."""

from urllib.parse import quote

import apprise
from flask import current_app

SETTINGS = {"sms": "NOTIFY_SMS_URL", "email": "NOTIFY_EMAIL_URL", "telegram": "NOTIFY_TELEGRAM_URL"}


class DeliveryFailed(Exception):
    """The provider did not accept the message; the job raises it so RQ retries."""


def target_url(channel: str, recipient: str, message_id: int) -> str | None:
    template = current_app.config.get(SETTINGS.get(channel, ""))
    if not template or not recipient:
        return None
    url = template.replace("{to}", quote(recipient, safe="@"))
    if url.startswith(("json://", "jsons://")):
        # Lets a gateway recognise a message it already accepted (a retry after a lost answer).
        url += ("&" if "?" in url else "?") + f"+X-JanSeva-Message={message_id}"
    return url


def deliver(url: str, body: str, title: str = "") -> None:
    notifier = apprise.Apprise()
    if not notifier.add(url):
        raise DeliveryFailed("the channel's Apprise URL is not valid")
    result = notifier.notify(title=title, body=body)
    if not result:
        reasons = [entry.message for entry in result.logs() if entry.level in ("WARNING", "ERROR")]
        reasons = reasons or [f"{service.name}: {service.status.name}" for service in result]
        raise DeliveryFailed("; ".join(reasons)[-500:])
