"""The harness itself, checked against the server's /health only (so it runs before any chat page exists):
the server restarts on the same port, the proxy forwards, cuts and refuses WebSockets, and a browser
records desktop notifications."""

import socket
import urllib.request

import pytest

from harness.browser import notifications


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return answer.status, answer.read()


def raw_request(port: int, request: bytes) -> bytes:
    """Sends `request` on a new connection and reads until the server closes it (bounded)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(request)
        data = b""
        while len(data) < 65536:
            chunk = connection.recv(4096)
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data and b"403" in data.split(b"\r\n", 1)[0]:
                break
        return data


def test_server_restarts_on_same_port(server):
    assert get(server.url("/health"))[0] == 200
    port, first_pid = server.port, server.pid
    server.restart()
    assert (server.port, server.starts) == (port, 2) and server.pid != first_pid
    assert get(server.url("/health"))[0] == 200


def test_proxy_forwards_cuts_and_comes_back(server, proxy_factory):
    proxy = proxy_factory(server.port)
    assert get(proxy.base_url + "/health")[0] == 200
    proxy.stop()
    with pytest.raises(OSError):
        get(proxy.base_url + "/health")
    proxy.start()
    assert get(proxy.base_url + "/health")[0] == 200


def test_proxy_refuses_websocket_upgrades_only(server, proxy_factory):
    proxy = proxy_factory(server.port, reject_websocket=True)
    upgrade = (b"GET /otrs/ws?Interface=Public HTTP/1.1\r\nHost: 127.0.0.1\r\nUPGRADE: WebSocket\r\n"
               b"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
    assert raw_request(proxy.port, upgrade).startswith(b"HTTP/1.1 403 Forbidden")
    assert proxy.rejected_websockets == 1
    assert get(proxy.base_url + "/health")[0] == 200


def test_browser_records_notifications(iframe_host, browsers):
    """The init script records `new Notification(...)` (permission granted through CDP) on the host page."""
    origin = iframe_host.url.rstrip("/")
    driver = browsers.new("notifier", notifications_for=origin)
    driver.get(iframe_host.url)
    assert driver.execute_script("return Notification.permission") == "granted"
    driver.execute_script("new Notification('Neue Anfrage', {body: 'Grüße – 你好 – 👋🏽'})")
    assert notifications(driver) == [{"title": "Neue Anfrage", "body": "Grüße – 你好 – 👋🏽"}]
