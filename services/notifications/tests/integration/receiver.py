"""A real webhook receiver for tests: an HTTP server on a free localhost port (a real socket).

It answers from a script (e.g. 500, 500, then 200), can hold a request open until
released, and behaves like a well-written receiver: it processes each
``webhook-id`` once and treats repeats as duplicates.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes
    status: int

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]


@dataclass
class Receiver:
    port: int
    script: list[int] = field(default_factory=list)  # answers to the first requests, in order
    default_status: int = 200
    hold: threading.Event | None = None  # when set, answers wait for it to be set
    requests: list[Received] = field(default_factory=list)
    processed: dict[str, bytes] = field(default_factory=dict)  # webhook-id -> body, once
    duplicates: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def answer(self, headers: dict[str, str], body: bytes) -> int:
        with self._lock:
            status = self.script.pop(0) if self.script else self.default_status
            self.requests.append(Received(headers, body, status))
            if 200 <= status < 300:
                webhook_id = headers.get("webhook-id", "")
                if webhook_id in self.processed:
                    self.duplicates += 1
                else:
                    self.processed[webhook_id] = body
        return status

    def snapshot(self) -> list[Received]:
        with self._lock:
            return list(self.requests)

    def always(self, status: int) -> None:
        with self._lock:
            self.script.clear()
            self.default_status = status


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status = receiver.answer(headers, body)
            if receiver.hold is not None:
                receiver.hold.wait(timeout=60)
            try:
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the sender gave up waiting (a stopped service)

        def log_message(self, *_: Any) -> None:
            pass

    return Handler


@contextmanager
def receiving(**options: Any) -> Iterator[Receiver]:
    receiver = Receiver(port=0, **options)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    receiver.port = int(server.server_address[1])
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        if receiver.hold is not None:
            receiver.hold.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
