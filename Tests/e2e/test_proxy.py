"""ChatEngine beside a ticket system behind the documented nginx (docs/nginx-chatengine.conf): one host and
cookie path, routing by Action, the client's address passed on, WebSockets upgraded.

The ticket system's other pages are a stand-in (harness/ticketsystem.py) that says which request it got.
The single sign-on tests (test_proxy_sso.py) add the seeded Znuny 7 database.

    Tests/e2e/run.sh -k proxy
"""

import http.client
import json
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from websockets.sync.client import connect as ws_connect

from harness.nginx import Nginx
from harness.ticketsystem import TicketSystemStandIn

# what the guide tells operators to set beside a ticket system
PROXY_SETTINGS = {
    "ChatEngine::Frontend::WebPath": "/chatengine-web/",
    "ChatEngine::TrustedProxies": "127.0.0.1",
}


@pytest.fixture
def proxied(server, journey_dir):
    """nginx with the documented configuration in front of `server` and the ticket-system stand-in."""
    stand_in = TicketSystemStandIn()
    nginx = Nginx(Path(server.home).parent, server.port, stand_in.port, log_dir=journey_dir)
    try:
        nginx.start()
        yield SimpleNamespace(nginx=nginx, stand_in=stand_in, url=nginx.url, base_url=nginx.base_url)
    finally:
        nginx.stop()
        stand_in.close()


def request(proxied, path: str, method: str = "GET", form: dict | None = None, headers: dict | None = None,
            source: str = "127.0.0.1", body: str | None = None):
    """One request through nginx from the loopback address `source`; no redirects followed.
    Returns (status, headers as a dict with lower-case names, body text)."""
    connection = http.client.HTTPConnection("127.0.0.1", proxied.nginx.port, timeout=20, source_address=(source, 0))
    try:
        sent_headers = dict(headers or {})
        if form is not None:
            body = urlencode(form)
        if body is not None:
            sent_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        connection.request(method, path, body=body, headers=sent_headers)
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read().decode("utf-8", "replace")
    finally:
        connection.close()


def reached_ticket_system(answer, action: str) -> bool:
    status, headers, body = answer
    return status == 200 and headers.get("x-stand-in") == "ticket-system" and f"Action={action}<" in body


def reached_chatengine(answer) -> bool:
    status, headers, body = answer
    return "x-stand-in" not in headers and status < 500 and "Ticket system stand-in" not in body


# -- 1 ---------------------------------------------------------------------------------------------

@pytest.mark.server_config(PROXY_SETTINGS)
def test_proxy_routes_by_action(server, proxied):
    """ChatEngine's Actions, WebSocket path, files and /health reach ChatEngine; everything else, Login,
    Logout and the Actions Znuny has itself included, reaches the ticket system."""
    to_chatengine = [
        "/otrs/index.pl?Action=AgentChat",
        "/otrs/index.pl?Lang=de;Action=AgentChatPopup;ChatID=1",
        "/otrs/index.pl?Action=AdminChatChannel",
        "/otrs/customer.pl?Action=CustomerChat",
        "/otrs/public.pl?Action=PublicChat;IsIframe=1",
    ]
    for path in to_chatengine:
        answer = request(proxied, path)
        assert reached_chatengine(answer), f"{path} did not reach ChatEngine: {answer[0]} {answer[2][:200]}"
    # ChatEngine's pages link their files under its own path, which the proxy sends to it
    status, _, page = request(proxied, "/otrs/index.pl?Action=AgentChat")
    assert 'id="ce-login-form"' in page and "/chatengine-web/css/chatengine.css" in page, page[:500]
    assert "/otrs-web/" not in page
    status, headers, script = request(proxied, "/chatengine-web/js/notify.js")
    assert status == 200 and "javascript" in headers.get("content-type", "") and "notify.wav" in script
    status, headers, health = request(proxied, "/health")
    assert status == 200 and json.loads(health)["status"] == "ok"

    to_ticket_system = [
        ("GET", "/otrs/index.pl?Action=AgentDashboard", None, "AgentDashboard"),
        ("GET", "/otrs/index.pl", None, ""),
        ("GET", "/otrs/index.pl?Action=AdminUser", None, "AdminUser"),
        ("GET", "/otrs/index.pl?Action=AgentPreferences", None, "AgentPreferences"),
        ("GET", "/otrs/customer.pl?Action=CustomerTicketOverview;Subaction=MyTickets", None, "CustomerTicketOverview"),
        ("GET", "/otrs/customer.pl?Action=CustomerPreferences", None, "CustomerPreferences"),
        ("GET", "/otrs/index.pl?Action=Logout;ChallengeToken=abc", None, "Logout"),
        # ChatEngine's login form posts Action=Login in URL and body: the helpdesk's login takes it
        ("POST", "/otrs/index.pl?Action=Login", {"Action": "Login", "User": "a", "Password": "b"}, "Login"),
        ("POST", "/otrs/customer.pl?Action=Login", {"Action": "Login", "User": "a", "Password": "b"}, "Login"),
        # the ticket system's own forms name the Action in the body only: they stay its own
        ("POST", "/otrs/index.pl", {"Action": "AgentTicketPhone", "Subaction": "StoreNew"}, "AgentTicketPhone"),
        ("POST", "/otrs/index.pl", {"Action": "AgentChat", "Subaction": "ChatMessageAdd"}, "AgentChat"),
        ("GET", "/otrs-web/js/Core.App.js", None, ""),
        ("GET", "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST/Session", None, ""),
    ]
    for method, path, form, action in to_ticket_system:
        answer = request(proxied, path, method, form)
        assert reached_ticket_system(answer, action), f"{method} {path} did not reach the ticket system: {answer}"
    seen = [(method, path, action) for method, path, action, _ in proxied.stand_in.requests]
    assert ("POST", "/otrs/index.pl", "Login") in seen and ("GET", "/otrs/index.pl", "Logout") in seen


# -- 2 ---------------------------------------------------------------------------------------------

def create_public_request(proxied, source: str, name: str, headers: dict | None = None):
    """A visitor's first request (CreateChatRequest) through nginx from `source`; (status, JSON)."""
    form = {"Action": "PublicChat", "Subaction": "CreateChatRequest", "Name": name, "Message": f"Hallo von {name}"}
    status, _, body = request(proxied, "/otrs/public.pl?Action=PublicChat", "POST", form, headers=headers, source=source)
    return status, json.loads(body)


@pytest.mark.server_config(PROXY_SETTINGS | {
    "ChatEngine::PublicInterface::MaxRequestsPerHourPerIP": 1,
    "ChatEngine::PublicInterface::AvailabilityCheck": 0,   # requests wait for an agent instead of being refused
})
def test_proxy_passes_client_address_and_websocket(server, proxied):
    """Each client's own address reaches ChatEngine through nginx (a per-address limit counts it, and a
    forged X-Forwarded-For does not escape it), and a visitor's WebSocket is upgraded through nginx."""
    status, first = create_public_request(proxied, "127.0.0.2", "Erste")
    assert status == 200 and first.get("OK") is True, (status, first)
    status, again = create_public_request(proxied, "127.0.0.2", "Zweite", headers={"X-Forwarded-For": "10.9.8.7"})
    assert status == 429, f"a second request from 127.0.0.2 (claiming 10.9.8.7) was not limited: {status} {again}"
    status, other = create_public_request(proxied, "127.0.0.3", "Dritte")
    assert status == 200 and other.get("OK") is True, f"127.0.0.3 was limited by 127.0.0.2's request: {status} {other}"

    # the ticket system is told the client's address the same way
    request(proxied, "/otrs/index.pl?Action=AgentDashboard", source="127.0.0.2",
            headers={"X-Forwarded-For": "10.9.8.7"})
    assert proxied.stand_in.requests[-1][3] == "127.0.0.2", proxied.stand_in.requests[-1]

    # the visitor's WebSocket through nginx: upgraded, then the snapshot and the chat's events
    data = first["Data"]
    uri = (f"ws://127.0.0.1:{proxied.nginx.port}/otrs/ws?"
           + urlencode({"Interface": "Public", "VisitorToken": data["VisitorToken"]}))
    with ws_connect(uri, origin=proxied.base_url, open_timeout=20, close_timeout=5) as socket:
        socket.send(json.dumps({"Type": "Hello", "Since": {}}))
        deadline = time.monotonic() + 20
        types = []
        while "Snapshot" not in types and time.monotonic() < deadline:
            frame = json.loads(socket.recv(timeout=max(0.1, deadline - time.monotonic())))
            types.append(frame.get("Type"))
        assert "Snapshot" in types, f"no Snapshot through nginx, got {types}"
        # and a command answered over it: the visitor's own chat history, its first message included
        socket.send(json.dumps({"Type": "Command", "CommandID": "proxy-history-1", "Subaction": "ChatUpdate",
                                "Params": {"ChatID": str(data["ChatID"])}}))
        result = {}
        while result.get("Type") != "Result" and time.monotonic() < deadline + 20:
            result = json.loads(socket.recv(timeout=20))
        assert result.get("OK") is True and "Hallo von Erste" in json.dumps(result, ensure_ascii=False), result
