"""The documented reverse-proxy set-up (docs/nginx-chatengine.conf) run by Debian's nginx as a child process.

The file is used as written; only the addresses change: its `listen 80;` becomes a free loopback port, its
two upstream servers the test's ChatEngine and ticket-system stand-in. nginx runs in the foreground
(`daemon off`, one process) with a throwaway prefix, and is stopped by its PID.
"""

import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from .server import REPO_ROOT, free_port

CONF = REPO_ROOT / "docs/nginx-chatengine.conf"

MAIN_CONF = """\
daemon off;
master_process off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{ worker_connections 1024; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/chatengine.conf;
}}
"""


def render(chatengine_port: int, ticket_port: int, listen_port: int, replace: dict | None = None) -> str:
    """docs/nginx-chatengine.conf with the test's addresses (each documented one must occur exactly once)."""
    text = CONF.read_text(encoding="utf-8")
    changes = {"listen 80;": f"listen 127.0.0.1:{listen_port};",
               "server 127.0.0.1:8080;": f"server 127.0.0.1:{chatengine_port};",
               "server 127.0.0.1:8081;": f"server 127.0.0.1:{ticket_port};"}
    changes.update(replace or {})
    for old, new in changes.items():
        assert text.count(old) == 1, f"docs/nginx-chatengine.conf should contain {old!r} once"
        text = text.replace(old, new)
    return text


class Nginx:
    """nginx in front of ChatEngine (`chatengine_port`) and the ticket system (`ticket_port`)."""

    def __init__(self, workdir: Path, chatengine_port: int, ticket_port: int, log_dir: Path | None = None,
                 replace: dict | None = None):
        self.binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.prefix = Path(workdir) / "nginx"
        self.prefix.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.log_dir = Path(log_dir or workdir)
        (self.prefix / "chatengine.conf").write_text(render(chatengine_port, ticket_port, self.port, replace),
                                                     encoding="utf-8")
        (self.prefix / "nginx.conf").write_text(MAIN_CONF.format(prefix=self.prefix), encoding="utf-8")
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def _command(self, *extra: str) -> list[str]:
        return [self.binary, "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"), "-e",
                str(self.prefix / "error.log"), *extra]

    def start(self, timeout: float = 20) -> None:
        """Checks the configuration (`nginx -t`), starts nginx and waits until it accepts connections."""
        check = subprocess.run(self._command("-t"), capture_output=True, text=True, timeout=30)
        assert check.returncode == 0, f"nginx -t refused the documented configuration:\n{check.stderr}"
        with open(self.log_dir / "nginx.out", "ab") as out:
            self.process = subprocess.Popen(self._command(), stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"nginx exited with {self.process.returncode}:\n{self.log_tail()}"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"nginx did not listen on {self.port} within {timeout} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 10) -> None:
        """SIGQUIT (graceful), then SIGKILL; keeps the logs in the test's folder."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
        for name in ("error.log", "access.log", "chatengine.conf"):
            if (self.prefix / name).exists():
                shutil.copy(self.prefix / name, self.log_dir / f"nginx-{name}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join((self.prefix / "error.log").read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"
