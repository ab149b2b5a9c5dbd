"""Real endpoints on this machine standing in for the providers: an HTTP SMS gateway that
receives Apprise's json:// posts, and an SMTP server (aiosmtpd)."""

import json
import socket
import threading
import time
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmsGateway:
    """Records every SMS; can refuse the next N or hold one request open (a slow provider).
    Like real gateways with a client reference, it accepts a message id once."""

    def __init__(self):
        self.received, self.fail_next, self.hold = [], 0, threading.Event()
        self.holding = False
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if gateway.fail_next > 0:
                    gateway.fail_next -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                query = parse_qs(urlsplit(self.path).query)
                gateway.received.append(
                    {
                        "to": query.get("to", [""])[0],
                        "text": body["message"],
                        "id": self.headers.get("X-JanSeva-Message"),
                    }
                )
                if gateway.holding:
                    gateway.hold.wait(30)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"json://127.0.0.1:{self.server.server_port}/sms?-to={{to}}"

    def delivered(self) -> dict:
        """Message id -> messages accepted, counting a repeated id once (as the gateway does)."""
        unique = {}
        for item in self.received:
            unique.setdefault(item["id"], item)
        return unique

    def wait_for(self, count: int, seconds: float = 15) -> None:
        deadline = time.time() + seconds
        while len(self.received) < count and time.time() < deadline:
            time.sleep(0.05)

    def close(self):
        self.hold.set()
        self.server.shutdown()


class SmtpInbox:
    def __init__(self):
        self.messages = []
        inbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                inbox.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.url = (
            f"mailto://127.0.0.1:{self.port}?to={{to}}&from=desk@janseva.example&mode=insecure"
        )

    def close(self):
        self.controller.stop()
