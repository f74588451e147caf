"""A stand-in for the ticket system's own pages behind the proxy: every request gets a small page that says
which script, Action and method it was, and the request is recorded (with the client address headers)."""

import html
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


def _action(query: str) -> str:
    # the ticket system's own parsing: ';' and '&' both separate parameters
    values = parse_qs(query.replace(";", "&"), keep_blank_values=True).get("Action", [""])
    return values[0]


class TicketSystemStandIn:
    """`requests`: (method, path, Action, X-Forwarded-For) of each request it answered."""

    def __init__(self):
        self.requests: list[tuple[str, str, str, str]] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
                parts = urlsplit(self.path)
                action = _action(parts.query) or _action(body)
                stand_in.requests.append((self.command, parts.path, action, self.headers.get("X-Forwarded-For", "")))
                page = (f"<!DOCTYPE html><title>Ticket system</title><body data-stand-in=\"ticket-system\">"
                        f"<h1 id=\"stand-in\">Ticket system stand-in</h1><p id=\"stand-in-action\">"
                        f"{html.escape(self.command)} {html.escape(parts.path)} Action={html.escape(action)}</p>")
                data = page.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-Stand-In", "ticket-system")
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *args):  # quiet
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="ticket-system-stand-in", daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)
