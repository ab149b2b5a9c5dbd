"""The outbox's gateways: an Apprise URL per channel from the environment (NOTIFY_*_URL, with
`{to}` replaced by the recipient), and the HTTP calls to providers' APIs. Apprise never raises
when a message is refused, so we check."""

from urllib.parse import quote

import apprise
import requests
from flask import current_app

TIMEOUT = 10  # seconds per call to a provider's API
# One connection pool per process: replies and media downloads reuse open (TLS) connections.
_session = requests.Session()
SETTINGS = {"sms": "NOTIFY_SMS_URL", "email": "NOTIFY_EMAIL_URL", "telegram": "NOTIFY_TELEGRAM_URL"}


class SendFailed(Exception):
    """The provider did not accept the message; the job raises it so RQ retries."""


def target_url(channel: str, recipient: str, message_id: int) -> str | None:
    template = current_app.config.get(SETTINGS.get(channel, ""))
    if not template or not recipient:
        return None
    url = template.replace("{to}", quote(recipient, safe="@"))
    if url.startswith(("json://", "jsons://", "mailto://", "mailtos://")):
        # Lets a gateway recognise a message it already accepted (a retry after a lost answer,
        # a worker killed mid-send): the same outbox id every time it is sent.
        url += ("&" if "?" in url else "?") + f"+X-JanSeva-Message={message_id}"
    return url


def send(url: str, body: str, title: str = "") -> None:
    notifier = apprise.Apprise()
    if not notifier.add(url):
        raise SendFailed("the channel's Apprise URL is not valid")
    result = notifier.notify(title=title, body=body)
    if not result:
        reasons = [entry.message for entry in result.logs() if entry.level in ("WARNING", "ERROR")]
        reasons = reasons or [f"{service.name}: {service.status.name}" for service in result]
        raise SendFailed("; ".join(reasons)[-500:])


def post_json(provider: str, url: str, payload: dict, headers: dict | None = None) -> dict:
    """Call a provider's send API (Graph API, Bot API, X); a refusal raises SendFailed with
    the provider's own words, so the job retries and the outbox shows why."""
    try:
        answer = _session.post(url, json=payload, headers=headers or {}, timeout=TIMEOUT)
    except requests.RequestException as error:
        raise SendFailed(f"{provider}: {error}") from error
    if answer.status_code >= 300:
        raise SendFailed(f"{provider} {answer.status_code}: {answer.text[:300]}")
    return answer.json()


def download(
    url: str, headers: dict | None = None, params: dict | None = None
) -> requests.Response:
    """GET a provider's file or file description (media a citizen sent)."""
    answer = _session.get(url, headers=headers or {}, params=params, timeout=TIMEOUT)
    answer.raise_for_status()
    return answer
