"""The chatbot's steps in one process: each of the five messages of a Hindi complaint, signed
as Meta signs them, through the Flask test client (no network, no worker; the replies wait in
Redis for a worker that does not run), with the CPU each step costs. Finds what the step itself
costs, apart from gunicorn, the workers and the machine's other load (bench/webhooks.py).

    export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_webhooks
    export REDIS_URL=redis://127.0.0.1:6379/2       # never database 0
    python bench/chat_steps.py                      # BENCH_CONVERSATIONS (200)

Use a database of its own or recreate it after: the replies it leaves pending are sent by the
outbox relay of the next workers that run on it.
"""

import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from webhooks import SECRET, STEPS, signed_message  # noqa: E402 - after the path is set

CONVERSATIONS = int(os.environ.get("BENCH_CONVERSATIONS", "200"))
WARMUP = 5


def script(n: int) -> tuple[str, ...]:
    return ("नाली जाम है", str(1 + n % 5), str(1 + n % 12), "छोड़ें", "हाँ")


def post(client, wa_id: str, text: str) -> None:
    _, raw, signature = signed_message(wa_id, text)
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
    answer = client.post("/webhooks/whatsapp", data=raw, headers=headers)
    if answer.status_code != 200:
        raise RuntimeError(f"{wa_id}: webhook answered {answer.status_code}")


def main() -> None:
    from app import create_app
    from app.extensions import db
    from app.models.channels import InboundMessage, InboundStatus
    from app.models.grievance.ticket import Ticket

    app = create_app({"WHATSAPP_APP_SECRET": SECRET})
    client = app.test_client()
    run = f"{int(time.time()) % 1000:03d}"  # valid Indian mobile numbers, new each run
    for n in range(WARMUP):
        for text in script(n):
            post(client, f"9195{run}{n:05d}", text)
    spent = [0.0] * len(STEPS)
    for n in range(CONVERSATIONS):
        for step, text in enumerate(script(n)):
            started = time.process_time()
            post(client, f"9196{run}{n:05d}", text)
            spent[step] += time.process_time() - started
    with app.app_context():
        tickets = db.session.query(Ticket).count()
        left = db.session.query(InboundMessage).filter_by(status=InboundStatus.received).count()
    print(
        f"data: {CONVERSATIONS} conversations, {CONVERSATIONS * len(STEPS)} messages, "
        f"on a database of {tickets} tickets; {left} messages left to jobs"
    )
    for name, seconds in zip(STEPS, spent, strict=True):
        print(f"  {name:14} {seconds / CONVERSATIONS * 1000:6.2f} ms CPU")
    mean = sum(spent) / CONVERSATIONS / len(STEPS) * 1000
    print(f"  {'per message':14} {mean:6.2f} ms CPU")


if __name__ == "__main__":
    main()
