"""ChatEngine's web protocol as the load generator speaks it (docs/web-protocol.md).

HTTP goes through http.client in threads (logins and chat creation happen once per chat, before the
measurement); the measured path is the WebSocket, with the `websockets` package on asyncio.
"""

import asyncio
import http.client
import itertools
import json
import re
import time
import urllib.parse

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

# Frames the generator only counts; the server writes "Type" first, so a prefix tells them apart cheaply
# (anything else, in any key order, is parsed as JSON).
_SKIPPED = ('{"Type":"Requests"', '{"Type":"Notification"', '{"Type":"Typing"')
CONFIG_BLOB = re.compile(r'<script id="ce-config" type="application/json">(.*?)</script>', re.S)


class ProtocolError(RuntimeError):
    """A refusal or an unexpected answer; `code` is the server's error code (or an HTTP status)."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code


# -- HTTP ----------------------------------------------------------------------------------------------

def http_request(base: str, method: str, path: str, params: dict | None = None, cookie: str | None = None,
                 timeout: float = 30) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request on its own connection; form-encoded `params` (body for POST, query for GET)."""
    url = urllib.parse.urlsplit(base)
    headers = {"Origin": base, "Accept": "application/json, text/html"}
    if cookie:
        headers["Cookie"] = cookie
    body = None
    if params:
        encoded = urllib.parse.urlencode(params)
        if method == "GET":
            path += ("&" if "?" in path else "?") + encoded
        else:
            body = encoded.encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.headers, answer.read()
    finally:
        connection.close()


def json_call(base: str, script: str, params: dict, cookie: str | None = None) -> dict:
    """POSTs a JSON Subaction; returns its Data or raises ProtocolError with the server's code."""
    status, _, body = http_request(base, "POST", script, params, cookie)
    try:
        answer = json.loads(body)
    except ValueError:
        raise ProtocolError(f"http_{status}", body[:200].decode(errors="replace")) from None
    if not answer.get("OK"):
        error = answer.get("Error") or {}
        raise ProtocolError(error.get("Code", f"http_{status}"), error.get("Message", str(answer)[:200]))
    return answer.get("Data") or {}


def agent_login(base: str, login: str, password: str) -> tuple[str, str]:
    """Logs an agent in; returns (cookie "name=value", ChallengeToken from the chat page's config blob)."""
    status, headers, body = http_request(base, "POST", "/otrs/index.pl",
                                         {"Action": "Login", "User": login, "Password": password})
    cookies = [c.split(";", 1)[0] for c in headers.get_all("Set-Cookie") or [] if c.startswith("ChatEngineAgent=")]
    if status not in (200, 302, 303) or not cookies:
        raise ProtocolError(f"login_http_{status}", body[:200].decode(errors="replace"))
    cookie = cookies[-1]
    status, _, page = http_request(base, "GET", "/otrs/index.pl?Action=AgentChat", cookie=cookie)
    blob = CONFIG_BLOB.search(page.decode("utf-8", errors="replace"))
    if status != 200 or not blob:
        title = re.search(r"<title>(.*?)</title>", page.decode("utf-8", errors="replace"), re.S)
        raise ProtocolError(f"chat_page_http_{status}", "no ce-config blob on the AgentChat page, titled "
                            + repr(title.group(1).strip() if title else page[:120]))
    token = json.loads(blob.group(1)).get("ChallengeToken")
    if not token:
        raise ProtocolError("no_challenge_token", "the AgentChat page's config has no ChallengeToken")
    return cookie, token


def ws_url(base: str, query: dict) -> str:
    return base.replace("http://", "ws://", 1) + "/otrs/ws?" + urllib.parse.urlencode(query)


# -- WebSocket -----------------------------------------------------------------------------------------

class Connection:
    """One WebSocket (a visitor's or an agent's): Hello, Snapshot, Commands with Results, a reader task.

    `on_events(connection, frame)` is called for every `Events` frame; everything else is counted in
    `stats` (a worker's Stats).
    """

    _ids = itertools.count(1)

    def __init__(self, name: str, stats, on_events):
        self.name = name
        self.stats = stats
        self.on_events = on_events
        self.ws = None
        self.snapshot = asyncio.get_running_loop().create_future()
        self.results: dict[str, asyncio.Future] = {}
        self.reader: asyncio.Task | None = None
        self.closed_code = None

    async def open(self, url: str, origin: str, cookie: str | None = None, timeout: float = 30) -> None:
        headers = {"Cookie": cookie} if cookie else None
        self.ws = await connect(url, origin=origin, additional_headers=headers, compression=None, proxy=None,
                                open_timeout=timeout, ping_interval=None, max_queue=None,
                                max_size=1 << 20, user_agent_header="chat-load")
        self.reader = asyncio.create_task(self._read())
        await self.ws.send(json.dumps({"Type": "Hello", "Since": {}}))
        await asyncio.wait_for(asyncio.shield(self.snapshot), timeout)

    @property
    def is_open(self) -> bool:
        return self.ws is not None and self.closed_code is None

    async def send(self, frame: dict) -> None:
        await self.ws.send(json.dumps(frame, ensure_ascii=False))

    async def command(self, subaction: str, params: dict, wait: bool = True, timeout: float = 30) -> dict | None:
        """Sends a Command frame; with `wait`, returns its Result's Data or raises ProtocolError."""
        command_id = f"c-{self.name}-{next(self._ids)}"
        if wait:
            future = self.results[command_id] = asyncio.get_running_loop().create_future()
        await self.send({"Type": "Command", "CommandID": command_id, "Subaction": subaction, "Params": params})
        if not wait:
            return None
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self.results.pop(command_id, None)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            await asyncio.wait([self.reader], timeout=5)

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                if raw.startswith(_SKIPPED):  # request lists and notifications: counted, not parsed
                    self.stats.frames[raw[9:raw.index('"', 9)]] += 1
                    continue
                if not self.results and raw.startswith('{"Type":"Result"') and '"OK":true' in raw[:160]:
                    self.stats.frames["Result"] += 1  # a message's acknowledgement nobody waits for
                    continue
                frame = json.loads(raw)
                kind = frame.get("Type")
                self.stats.frames[kind] += 1
                if kind == "Events":
                    self.on_events(self, frame)
                elif kind == "Result":
                    self._result(frame)
                elif kind == "Snapshot":
                    if not self.snapshot.done():
                        self.snapshot.set_result(frame.get("Data"))
                elif kind == "Error":
                    error = frame.get("Error") or {}
                    self.stats.errors[f"frame_error:{error.get('Code')}"] += 1
                    self.stats.samples.setdefault(f"frame_error:{error.get('Code')}", error.get("Message", ""))
        except ConnectionClosed as closed:
            self.closed_code = closed.rcvd.code if closed.rcvd else 1006
        except Exception as error:  # noqa: BLE001 (counted, the run goes on)
            self.stats.errors[f"reader:{type(error).__name__}"] += 1
            self.closed_code = -1
        else:
            self.closed_code = self.ws.close_code or 1000
        finally:
            failure = ProtocolError("closed", f"connection closed ({self.closed_code})")
            if not self.snapshot.done():
                self.snapshot.set_exception(failure)
            for future in self.results.values():
                if not future.done():
                    future.set_exception(failure)

    def _result(self, frame: dict) -> None:
        future = self.results.get(frame.get("CommandID"))
        if frame.get("OK"):
            if future and not future.done():
                future.set_result(frame.get("Data") or {})
            return
        error = frame.get("Error") or {}
        code = error.get("Code", "unknown")
        if future and not future.done():
            future.set_exception(ProtocolError(code, error.get("Message", "")))
        else:
            self.stats.errors[f"result:{code}"] += 1
            self.stats.samples.setdefault(f"result:{code}", error.get("Message", ""))


def now() -> float:
    """The clock of schedules and latencies: CLOCK_MONOTONIC, the same in every process of the machine."""
    return time.monotonic()
