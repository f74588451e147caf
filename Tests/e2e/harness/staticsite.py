"""A third-party website for the browser journeys: fixed pages served on 127.0.0.1, opened as
http://localhost:<port>, so it is another origin (and site) than ChatEngine's http://127.0.0.1:<port>."""

import http.server
import threading

from .server import free_port


class StaticSite:
    """Serves `files` (path -> HTML text, or (content type, bytes)); any other path is a 404. Query strings are
    ignored. Use as a context manager or call close()."""

    def __init__(self, files: dict, port: int | None = None, name: str = "static-site"):
        pages = {path: (("text/html", body.encode()) if isinstance(body, str) else body) for path, body in files.items()}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                kind, body = pages.get(self.path.split("?")[0], ("text/plain", b""))
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", kind + "; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.port = port or free_port()
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, name=name, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
