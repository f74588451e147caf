"""The real `chatengine serve` process in a throwaway home, plus the command line to set it up.

One `Server` keeps its home and port for its whole life, so `restart()` brings back the same server
(same database, same sessions, same URL) the way an operator's restart would.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]

# Local overrides of every test home: chat on, limits out of the way, fast password hashing.
CONFIG_PM = """\
package Kernel::Config;
use strict; use warnings; use utf8;
sub Load {
    my $Self = shift;
    $Self->{'ChatEngine::Active'} = 1;
    $Self->{'ChatEngine::Login::MaxFailuresPerHour'} = 1000;
    $Self->{'ChatEngine::PublicInterface::MaxRequestsPerHourPerIP'} = 100000;
    $Self->{'ChatEngine::PublicInterface::MaxRequestsPerHourPerVisitor'} = 100000;
    $Self->{'ChatEngine::PasswordHashCost'} = 4;   # fast logins for tests
    $Self->{'ChatEngine::Messages::BurstPerSender'} = 100000;
    $Self->{'ChatEngine::PresenceUpdateInterval'} = 1;   # idle and closed tabs show within a second
%(extra)s    return 1;
}
1;
"""


def free_port() -> int:
    """A port the kernel just handed out on 127.0.0.1 (free again once this returns)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def binary() -> str:
    return os.environ.get("CHATENGINE_BIN", str(REPO_ROOT / ".build/debug/chatengine"))


class ServerError(RuntimeError):
    pass


class Server:
    """`chatengine serve` on a free loopback port with its own home under `workdir`."""

    def __init__(self, workdir: Path, name: str = "server", extra_config: dict | None = None,
                 log_dir: Path | None = None):
        """A home `workdir`/<name>-home (Kernel/ copied, Config.pm written); the log in `log_dir` (or `workdir`)."""
        self.bin = binary()
        self.home = Path(workdir) / f"{name}-home"
        self.log_path = Path(log_dir or workdir) / f"{name}.log"
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.starts = 0
        if self.home.exists():
            shutil.rmtree(self.home)
        shutil.copytree(REPO_ROOT / "Kernel", self.home / "Kernel")
        extra = "".join(f"    $Self->{{'{key}'}} = {_perl(value)};\n" for key, value in (extra_config or {}).items())
        (self.home / "Kernel/Config.pm").write_text(CONFIG_PM % {"extra": extra}, encoding="utf-8")

    # -- URLs -------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    # -- process ----------------------------------------------------------------------------------

    def start(self, timeout: float = 30) -> None:
        """Starts the server and waits until /health answers."""
        assert self.process is None, "already running"
        self.starts += 1
        args = [self.bin, "serve", "--home", str(self.home), "--host", "127.0.0.1", "--port", str(self.port)]
        if _serve_takes_assets(self.bin):
            args += ["--assets", str(REPO_ROOT)]
        with open(self.log_path, "ab") as log:
            log.write(f"\n==== start #{self.starts}: {' '.join(args)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            cwd=self.home, start_new_session=True)
        self.wait_healthy(timeout)

    def wait_healthy(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        last_error = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"server exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url("/health"), timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (OSError, urllib.error.URLError) as error:
                last_error = str(error)
            time.sleep(0.1)
        raise ServerError(f"/health did not answer within {timeout} s ({last_error}):\n{self.log_tail()}")

    def stop(self, timeout: float = 10) -> None:
        """SIGTERM, then SIGKILL after `timeout` seconds."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        with open(self.log_path, "ab") as log:
            log.write(f"\n==== stopped (exit {self.process.returncode})\n".encode())
        self.process = None

    def restart(self) -> None:
        """Stops and starts the same home on the same port."""
        self.stop()
        self.start()

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # -- data -------------------------------------------------------------------------------------

    def credentials(self) -> dict:
        """`var/initial-credentials` (written at the first start): agent.login, agent.password, ..."""
        path = self.home / "var/initial-credentials"
        values = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip()
        return values

    def cli(self, *args: str, timeout: float = 60) -> str:
        """Runs `chatengine <args> --home HOME`; raises with its output when it fails."""
        command = [self.bin, *args, "--home", str(self.home)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(f"---- cli: {' '.join(args)} -> {done.returncode}\n{done.stdout}{done.stderr}")
        if done.returncode != 0:
            raise ServerError(f"chatengine {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        return done.stdout

    def add_agent(self, login: str, first: str, last: str, password: str, groups=("users",)) -> int:
        """An agent who may accept chats in the channels of `groups` (rw + chat_owner on each); returns its id."""
        out = self.cli("user", "add", login, "--first-name", first, "--last-name", last,
                       "--email", f"{login}@example.com", "--password", password)
        for group in groups:
            self.cli("group", "link", login, group, "--permission", "rw")
            self.cli("group", "link", login, group, "--permission", "chat_owner")
        return int(out.split("(id ", 1)[1].split(")", 1)[0])  # "Added agent LOGIN (id N)."

    def add_customer_user(self, login: str, password: str, first: str = "", last: str = "",
                          customer_id: str = "e2e-company") -> None:
        if not getattr(self, "_companies", None):
            self._companies = set()
        if customer_id not in self._companies:
            try:
                self.cli("customer-company", "add", customer_id, "--name", "E2E Company")
            except ServerError as error:
                if "exist" not in str(error).lower() and "unique" not in str(error).lower():
                    raise
            self._companies.add(customer_id)
        self.cli("customer-user", "add", login, "--customer-id", customer_id, "--email", f"{login}@example.com",
                 "--first-name", first, "--last-name", last, "--password", password)

    def add_channel(self, name: str, group: str = "users", comment: str = "") -> int:
        """Adds a channel; returns its id (from the command's "Added channel X (id N, ...)")."""
        out = self.cli("channel", "add", name, "--group", group, "--comment", comment)
        return int(out.split("(id ", 1)[1].split(",", 1)[0])

    def channels(self) -> list[dict]:
        """`channel list` as dicts: id, name, group, valid, chats, default."""
        rows = []
        for line in self.cli("channel", "list").splitlines():
            parts = line.split("\t")
            if len(parts) >= 6:
                rows.append({"id": int(parts[0]), "name": parts[1], "group": parts[2], "valid": parts[3] == "valid",
                             "chats": int(parts[4].split()[0]), "default": parts[5] == "default"})
        return rows


def _perl(value) -> str:
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


_assets_cache: dict[str, bool] = {}


def _serve_takes_assets(bin_path: str) -> bool:
    """Whether this build's `serve` has --assets (the web build does; older ones answer /health only)."""
    if bin_path not in _assets_cache:
        try:
            done = subprocess.run([bin_path, "serve", "--help"], capture_output=True, text=True, timeout=30)
            _assets_cache[bin_path] = "--assets" in done.stdout + done.stderr
        except (OSError, subprocess.TimeoutExpired):
            _assets_cache[bin_path] = True
    return _assets_cache[bin_path]
