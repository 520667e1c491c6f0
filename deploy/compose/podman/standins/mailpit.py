"""The stand-in mailpit: ``mailpit`` serves SMTP on 1025 and HTTP on 8025; ``mailpit readyz``
exits 0 when the server answers (the compose health check)."""

import json
import mailbox
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAILDIR = "/tmp/mailpit"  # noqa: S108 - a container's own scratch


def readyz() -> int:
    try:
        urllib.request.urlopen("http://127.0.0.1:8025/readyz", timeout=4)
    except OSError:
        return 1
    return 0


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/readyz":
            self._send({"status": "ok"})
        elif self.path.startswith("/api/v1/messages"):
            box = mailbox.Maildir(MAILDIR)
            messages = [
                {"To": [{"Address": str(m["To"])}], "Subject": str(m["Subject"])} for m in box
            ]
            self._send({"total": len(messages), "messages": messages})
        else:
            self.send_error(404)

    def _send(self, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve() -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Mailbox

    Controller(Mailbox(MAILDIR), hostname="0.0.0.0", port=1025).start()  # noqa: S104
    server = ThreadingHTTPServer(("0.0.0.0", 8025), Handler)  # noqa: S104
    sys.stdout.write("mailpit stand-in: SMTP on 1025, HTTP on 8025\n")
    sys.stdout.flush()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Event().wait()


if __name__ == "__main__":
    if sys.argv[1:] == ["readyz"]:
        sys.exit(readyz())
    serve()
