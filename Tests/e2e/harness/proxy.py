"""A TCP proxy on 127.0.0.1 in front of the server, to cut the network and to refuse WebSockets.

It runs its own asyncio loop in a daemon thread, so tests drive it with plain calls:

    proxy = TcpProxy(server.port)            # listens on a free port
    proxy.start(); ...; proxy.stop()         # stop() drops every connection and the listener
    proxy.start()                            # listens again on the same port

With `reject_websocket=True`, a connection whose first request contains `Upgrade: websocket`
(case-insensitive) is answered `HTTP/1.1 403 Forbidden` and closed; everything else is forwarded.
Browsers open every WebSocket on a connection of its own, so looking at the first request is enough.
"""

import asyncio
import re
import threading

from .server import free_port

_UPGRADE = re.compile(rb"upgrade\s*:\s*websocket", re.IGNORECASE)
_FORBIDDEN = (b"HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 24\r\n"
              b"Connection: close\r\n\r\nWebSocket refused (e2e)\n")
_HEAD_LIMIT = 64 * 1024
_HEAD_TIMEOUT = 10.0


class TcpProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1", reject_websocket: bool = False,
                 port: int | None = None):
        self.target = (target_host, target_port)
        self.reject_websocket = reject_websocket
        self.port = port or free_port()
        self.connections = 0           # accepted since creation
        self.rejected_websockets = 0   # upgrade requests answered 403
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=f"proxy-{self.port}", daemon=True)
        self._thread.start()
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> None:
        self._call(self._start())

    def stop(self) -> None:
        """Closes the listener and aborts every open connection (both ends), like a cut cable."""
        self._call(self._stop())

    def close(self) -> None:
        """Stops and ends the proxy's thread (at teardown)."""
        if self._loop.is_closed():
            return
        self.stop()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    # -- inside the loop -------------------------------------------------------------------------

    def _call(self, coroutine, timeout: float = 10):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    async def _start(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._client, "127.0.0.1", self.port, reuse_address=True)

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _client(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(client_writer)
        upstream_writer = None
        try:
            head = b""
            if self.reject_websocket:
                head = await self._read_head(client_reader)
                if _UPGRADE.search(head):
                    self.rejected_websockets += 1
                    client_writer.write(_FORBIDDEN)
                    await client_writer.drain()
                    return  # close() below sends what is buffered, then FIN
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
            self._writers.add(upstream_writer)
            if head:
                upstream_writer.write(head)
            await asyncio.gather(self._pipe(client_reader, upstream_writer),
                                 self._pipe(upstream_reader, client_writer))
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError):
            pass
        finally:
            for writer in (client_writer, upstream_writer):
                if writer is not None:
                    self._writers.discard(writer)
                    writer.close()  # graceful: buffered bytes still go out (stop() aborts instead)

    @staticmethod
    async def _read_head(reader: asyncio.StreamReader) -> bytes:
        """The bytes up to the end of the first request's headers (bounded in size and time)."""
        head = b""
        while b"\r\n\r\n" not in head and len(head) < _HEAD_LIMIT:
            chunk = await asyncio.wait_for(reader.read(4096), _HEAD_TIMEOUT)
            if not chunk:
                break
            head += chunk
        return head

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while chunk := await reader.read(65536):
                writer.write(chunk)
                await writer.drain()
        finally:
            # half-close so the other direction can finish; the caller aborts both when done
            if writer.can_write_eof() and not writer.transport.is_closing():
                try:
                    writer.write_eof()
                except OSError:
                    pass
