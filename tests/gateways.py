"""Real endpoints on this machine standing in for the providers: an HTTP SMS gateway that
receives Apprise's json:// posts, and an SMTP server (aiosmtpd)."""

import json
import socket
import threading
import time
from contextlib import contextmanager
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


class GraphApi:
    """The WhatsApp Cloud API as this machine's stand-in: records what is sent to
    /<phone number id>/messages (answering with a wamid) and serves media by id, as
    the Graph API documents; every call must carry the bearer token."""

    def __init__(self, token: str):
        self.sent, self.media = [], {}
        api = self

        class Handler(BaseHTTPRequestHandler):
            def _authorised(self) -> bool:
                if self.headers.get("Authorization") == f"Bearer {token}":
                    return True
                self._answer(401, {"error": {"message": "Invalid OAuth access token"}})
                return False

            def _answer(self, status: int, body, content_type="application/json"):
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                if not self._authorised():
                    return
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                api.sent.append(body)
                self._answer(200, {"messages": [{"id": f"wamid.TEST{len(api.sent)}"}]})

            def do_GET(self):
                if not self._authorised():
                    return
                name = self.path.strip("/").split("/")[-1]
                if self.path.startswith("/files/") and name in api.media:
                    self._answer(200, api.media[name], "image/jpeg")
                elif name in api.media:
                    url = f"http://127.0.0.1:{api.server.server_port}/files/{name}"
                    self._answer(200, {"url": url, "mime_type": "image/jpeg", "id": name})
                else:
                    self._answer(404, {"error": {"message": "Unknown media"}})

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_port}/v21.0"

    def texts(self, to: str) -> list[str]:
        return [m["text"]["body"] for m in self.sent if m["to"] == to and m["type"] == "text"]


class ProviderApi:
    """A provider's HTTP API on this machine: `routes` maps (method, path prefix) to a function
    (handler, path, query, body) -> (status, body, content type); every request is recorded."""

    def __init__(self, routes: dict):
        self.requests = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method):
                split = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = (
                    json.loads(raw)
                    if raw and "json" in (self.headers.get("Content-Type") or "")
                    else raw
                )
                query = {k: v[0] for k, v in parse_qs(split.query).items()}
                api.requests.append(
                    {
                        "method": method,
                        "path": split.path,
                        "query": query,
                        "body": body,
                        "headers": dict(self.headers),
                    }
                )
                for (verb, prefix), route in routes.items():
                    if verb == method and split.path.startswith(prefix):
                        status, answer, kind = route(self, split.path, query, body)
                        break
                else:
                    status, answer, kind = 404, {"error": "not found"}, "application/json"
                data = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    def posted(self, prefix: str) -> list:
        return [
            r["body"]
            for r in self.requests
            if r["method"] == "POST" and r["path"].startswith(prefix)
        ]

    def close(self):
        self.server.shutdown()


@contextmanager
def configured(app, **settings):
    """The app with these settings for the duration of a test."""
    saved = {key: app.config.get(key) for key in settings}
    app.config.update(settings)
    try:
        yield
    finally:
        app.config.update(saved)
