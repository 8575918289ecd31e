"""What the paging tests (tests/paging/run.py) and the two-server tests (tests/cluster/run.py) share:
the receivers pages are sent to, on loopback — a real SMTP server (Debian's python3-aiosmtpd) and
an HTTP receiver in the shape of an SMS provider's webhook — and the small helpers free_port and
wait_for. A receiver can be held (`hold`): what reaches it meanwhile waits unanswered, is not kept,
and is refused (SMTP 451, HTTP 503) once it is released, as a receiver that never took the message.
Standard library and aiosmtpd only."""

import asyncio
import email
import email.policy
import http.server
import socket
import sys
import threading
import time
import urllib.parse

try:
    from aiosmtpd.controller import Controller
except ImportError:
    # Debian's python3-aiosmtpd (pure Python) under another python3 on PATH (pyenv, say).
    sys.path.append("/usr/lib/python3/dist-packages")
    from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, timeout, interval=0.05):
    """Polls `predicate` every `interval` seconds until it is true or `timeout` seconds pass; its
    last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


class SmtpSink:
    """A real SMTP server (aiosmtpd) on a fixed loopback port that keeps every message (with the
    monotonic time it arrived)."""

    def __init__(self, port):
        self.port = port
        self.messages = []  # (recipients, email.message.EmailMessage, raw bytes)
        self.arrived = []  # time.monotonic() of each message, in the same order
        self.held = []  # the Message-ID of each message that came while held (and was refused)
        self.hold = threading.Event()
        self.controller = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        if self.hold.is_set():
            with self.lock:
                self.held.append(str(parsed["Message-ID"]))
            while self.hold.is_set():
                await asyncio.sleep(0.02)
            return "451 Held by the test: try again later"
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), parsed, raw))
            self.arrived.append(time.monotonic())
        return "250 Message accepted for delivery"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.hold.clear()
        if self.controller:
            self.controller.stop()
            self.controller = None

    def to(self, address):
        with self.lock:
            return [m for m in self.messages if address in m[0]]

    def all(self):
        with self.lock:
            return list(self.messages)

    def timed(self):
        """(message, monotonic time it arrived) of every message kept."""
        with self.lock:
            return list(zip(self.messages, self.arrived))


class WebhookSink:
    """An HTTP receiver of text messages on a fixed loopback port, as an SMS provider's webhook:
    keeps every POST (with the monotonic time it arrived), and answers 503 to the first
    `fail_first` of them."""

    def __init__(self, port):
        self.port = port
        self.requests = []  # dicts: path, authorization, idempotency_key, form, arrived
        self.fail_first = 0
        self.held = []  # the Idempotency-Key of each request that came while held (and was refused)
        self.hold = threading.Event()
        self.server = None
        self.lock = threading.Lock()

    def start(self):
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode("utf-8")
                held = sink.hold.is_set()
                if held:
                    with sink.lock:
                        sink.held.append(self.headers.get("Idempotency-Key", ""))
                while sink.hold.is_set():
                    time.sleep(0.02)
                with sink.lock:
                    failing = held or sink.fail_first > 0
                    if held:
                        pass
                    elif failing:
                        sink.fail_first -= 1
                    else:
                        sink.requests.append({
                            "path": self.path,
                            "content_type": self.headers.get("Content-Type", ""),
                            "authorization": self.headers.get("Authorization", ""),
                            "idempotency_key": self.headers.get("Idempotency-Key", ""),
                            "form": {k: v[0] for k, v in urllib.parse.parse_qs(body).items()},
                            "arrived": time.monotonic(),
                        })
                try:
                    self.send_response(503 if failing else 201)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"status": "queued"}')
                except OSError:
                    pass  # the sender gave up (or died) while the request was held

            def log_message(self, *args):
                pass

        http.server.ThreadingHTTPServer.allow_reuse_address = True
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.hold.clear()
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def to(self, number):
        with self.lock:
            return [r for r in self.requests if r["form"].get("To") == number]

    def all(self):
        with self.lock:
            return list(self.requests)
