"""Single sign-on with Znuny's sessions through the documented nginx (docs/nginx-chatengine.conf).

A ticket-system session is one agent session of the seeded Znuny 7 fixture copied under a new random ID, its
times refreshed and its address set to 127.0.0.1 (as superuser, CHATENGINE_TEST_ZNUNY_URL); the browser
carries it as Znuny would have set it: cookie OTRSAgentInterface, path /otrs/. ChatEngine reads Znuny's
database read-only as chatengine_ro. Needs scripts/with-postgres.sh (skips without it; fails when CI is set).

    scripts/with-postgres.sh Tests/e2e/run.sh -k proxy_sso
"""

import os
import secrets
import string
import subprocess
import time

import pytest

from harness.pages import accept_request, css, set_availability, until, visible, wait_connection, wait_request
from test_journeys import exchange, public_visitor
from test_proxy import PROXY_SETTINGS, proxied, request  # noqa: F401 (proxied is a fixture)
from test_znuny_people import znuny_database  # noqa: F401 (autouse: skip or fail without the database)

ZNUNY_URL = os.environ.get("CHATENGINE_TEST_ZNUNY_URL", "")
ZNUNY_PORT = os.environ.get("CHATENGINE_TEST_ZNUNY_PORT", "")
AGENT_PAGE = "/otrs/index.pl?Action=AgentChat"
COOKIE = "OTRSAgentInterface"

ZNUNY_DIRECTORY = PROXY_SETTINGS | {
    "ChatEngine::Directory::Backend": "TicketSystemDatabase",
    "ChatEngine::DefaultChatChannelGroup": "support",   # agent.owner holds chat_owner there
    "ChatEngine::Directory::RefreshInterval": 1,
    "ChatEngine::Directory::SessionCheckInterval": 1,   # seconds: a logout in Znuny shows within it
    "DatabaseDSN": f"DBI:Pg:dbname=znuny;host=127.0.0.1;port={ZNUNY_PORT or 1}",
    "DatabaseUser": "chatengine_ro",
    "DatabasePw": "ro-fixture-pw",
}


def psql(sql: str) -> str:
    """Runs SQL on Znuny's database as superuser (what Znuny itself would write)."""
    done = subprocess.run(["psql", ZNUNY_URL, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql], capture_output=True,
                          text=True, timeout=30)
    assert done.returncode == 0, f"psql failed: {done.stderr}"
    return done.stdout.strip()


def new_session_id() -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


def ticket_session(login: str = "agent.owner", source: str = "AgentInterface", started_ago: int = 0,
                   idle_for: int = 0, address: str = "127.0.0.1") -> str:
    """A copy of one of `login`'s fixture sessions under a new ID: started `started_ago` seconds ago, last
    request `idle_for` seconds ago, made from `address`. Returns the new session ID."""
    new = new_session_id()
    now = int(time.time())
    psql(f"""
        INSERT INTO sessions (session_id, data_key, data_value, serialized)
        SELECT '{new}', data_key,
               CASE data_key WHEN 'UserSessionStart' THEN '{now - started_ago}'
                             WHEN 'UserLastRequest' THEN '{now - idle_for}'
                             WHEN 'UserRemoteAddr' THEN '{address}'
                             ELSE data_value END,
               serialized
          FROM sessions
         WHERE session_id = (SELECT l.session_id FROM sessions l JOIN sessions s ON s.session_id = l.session_id
                              WHERE l.data_key = 'UserLogin' AND l.data_value = '{login}'
                                AND s.data_key = 'SessionSource' AND s.data_value = '{source}'
                              ORDER BY l.session_id LIMIT 1)
         ORDER BY id""")
    assert psql(f"SELECT count(*) FROM sessions WHERE session_id = '{new}'") not in ("", "0"), f"no session of {login}"
    return new


def set_last_request(session_id: str, seconds_ago: int) -> None:
    """What Znuny does on a page view (delete and insert the key), with an old time: idle in the ticket system."""
    psql(f"""DELETE FROM sessions WHERE session_id = '{session_id}' AND data_key = 'UserLastRequest';
             INSERT INTO sessions (session_id, data_key, data_value, serialized)
             VALUES ('{session_id}', 'UserLastRequest', '{int(time.time()) - seconds_ago}', 0)""")


def log_out_of_ticket_system(session_id: str) -> None:
    """Znuny's logout: the session's rows are deleted."""
    psql(f"DELETE FROM sessions WHERE session_id = '{session_id}'")


def agent_page(proxied, session_id: str | None, chat_cookie: str | None = None, source: str = "127.0.0.1"):
    """GET of the chat manager through nginx with Znuny's cookie (and ChatEngine's, once issued)."""
    cookies = [f"{COOKIE}={session_id}"] if session_id else []
    if chat_cookie:
        cookies.append(chat_cookie)
    return request(proxied, AGENT_PAGE, headers={"Cookie": "; ".join(cookies)} if cookies else {}, source=source)


def is_login_page(answer) -> bool:
    status, headers, body = answer
    return status == 200 and 'id="ce-login-form"' in body and "chatengineagent=" not in headers.get("set-cookie", "").lower()


def signed_on(answer) -> str:
    """The ChatEngine session cookie of a successful sign-on (a redirect to the same page)."""
    status, headers, body = answer
    assert status == 303 and headers.get("location") == AGENT_PAGE, f"no sign-on: {status} {headers} {body[:300]}"
    cookie = headers.get("set-cookie", "")
    assert cookie.startswith("ChatEngineAgent="), cookie
    return cookie.split(";", 1)[0]


def is_chat_manager(answer) -> bool:
    status, _, body = answer
    return status == 200 and 'id="ce-availability"' in body and 'id="ce-login-form"' not in body


def sso_browser(browsers, proxied, name: str, session_id: str):
    """A browser that holds Znuny's session cookie (path /otrs/) and opens the chat manager through nginx."""
    driver = browsers.new(name)
    driver.get(proxied.url("/otrs/index.pl?Action=AgentDashboard"))   # the ticket system's page: the cookie's host
    visible(driver, "#stand-in", "the ticket system's dashboard (stand-in)")
    driver.add_cookie({"name": COOKIE, "value": session_id, "path": "/otrs/", "httpOnly": True})
    driver.get(proxied.url(AGENT_PAGE))
    wait_connection(driver)   # the WebSocket through nginx, with the snapshot
    return driver


# -- 1 ---------------------------------------------------------------------------------------------

@pytest.mark.server_config(ZNUNY_DIRECTORY)
def test_proxy_sso_agent_takes_visitor_chat_without_chatengine_login(server, proxied, browsers, shot):
    """An agent logged in to the ticket system opens the chat through nginx with no ChatEngine login, takes
    a visitor's chat (both through nginx) and they talk."""
    session_id = ticket_session("agent.owner")
    agent = sso_browser(browsers, proxied, "agent", session_id)
    assert not agent.find_elements("css selector", "#ce-login-form")
    name = css(agent, "#ce-user-name").text
    assert "Otto" in name and "Owner" in name, f"not Znuny's agent.owner: {name!r}"
    set_availability(agent, "external")
    shot(agent, "agent-signed-on-external")

    first = "Guten Tag, ich komme über den Proxy."
    visitor, chat_id = public_visitor(browsers, proxied.base_url, "Paula Proxy", first)
    wait_request(agent, "public", chat_id)
    accept_request(agent, "public", chat_id)
    exchange(agent, visitor, chat_id, "Hallo Paula, hier ist der Support.", "Danke – das ging ohne zweite Anmeldung.")
    shot(agent, "agent-chatting")
    shot(visitor, "visitor-chatting")
    assert session_id not in server.log_tail(400), "the ticket system's session ID is in ChatEngine's log"


# -- 2 ---------------------------------------------------------------------------------------------

@pytest.mark.server_config(ZNUNY_DIRECTORY)
def test_proxy_sso_logout_in_ticket_system_ends_chat(server, proxied, browsers, shot):
    """Deleting the ticket system's session rows (its logout) ends chat access and closes the page's socket
    within the check interval (1 s; waited for generously)."""
    session_id = ticket_session("agent.owner")
    agent = sso_browser(browsers, proxied, "agent", session_id)
    shot(agent, "agent-signed-on")
    log_out_of_ticket_system(session_id)
    logged_out_at = time.monotonic()
    until(agent, lambda d: css(d, "#ce-connection-status").get_attribute("data-state") == "stopped",
          "the page's connection stopped after the logout in the ticket system", timeout=20,
          describe=lambda: css(agent, "#ce-connection-status").get_attribute("data-state"))
    print(f"socket closed {time.monotonic() - logged_out_at:.1f} s after the rows were deleted")
    shot(agent, "agent-session-ended")
    agent.get(proxied.url(AGENT_PAGE))
    visible(agent, "#ce-login-form", "the login page after the ticket system's logout")
    assert not agent.find_elements("css selector", "#ce-availability")


# -- 3 ---------------------------------------------------------------------------------------------

@pytest.mark.server_config(ZNUNY_DIRECTORY)
def test_proxy_sso_refusals_get_the_login_page(server, proxied):
    """Forged, expired, idle, customer and malformed IDs, and a valid ID from another address, get the login
    page (never an error page, never a ChatEngine session); the same valid ID from its own address signs on."""
    forged = new_session_id()
    expired = ticket_session("agent.owner", started_ago=60_000)        # beyond SessionMaxTime (57,600 s)
    idle = ticket_session("agent.owner", idle_for=8_000)               # beyond SessionMaxIdleTime (7,200 s)
    customer = ticket_session("jdoe", source="CustomerInterface")      # a customer's session in the agent cookie
    valid = ticket_session("agent.owner")
    cases = {"forged": (forged, "127.0.0.1"), "expired": (expired, "127.0.0.1"), "idle": (idle, "127.0.0.1"),
             "customer": (customer, "127.0.0.1"), "malformed": ("x'; DROP TABLE sessions;--", "127.0.0.1"),
             "too long": ("A" * 300, "127.0.0.1"), "other address": (valid, "127.0.0.2")}
    for what, (session_id, source) in cases.items():
        answer = agent_page(proxied, session_id, source=source)
        assert is_login_page(answer), f"{what}: {answer[0]} {answer[1]} {answer[2][:300]}"
    # the valid one from the address it was made from: signed on, then the chat manager
    chat_cookie = signed_on(agent_page(proxied, valid))
    assert is_chat_manager(agent_page(proxied, valid, chat_cookie))
    assert psql("SELECT count(*) FROM sessions WHERE data_key = 'UserLogin'") != "0", "the sessions table was harmed"
    log = server.log_tail(400)
    for session_id in (forged, expired, idle, customer, valid):
        assert session_id not in log, "a session ID is in ChatEngine's log"


# -- 4 ---------------------------------------------------------------------------------------------

MAX_TIME = 30  # the ticket system's SessionMaxTime for this test, in ChatEngine's Config.pm


@pytest.mark.server_config(ZNUNY_DIRECTORY | {"SessionMaxTime": MAX_TIME})
def test_proxy_sso_idle_in_ticket_system_active_in_chat(server, proxied):
    """Idle in the ticket system (its UserLastRequest hours old) but active in chat: still logged in, until
    SessionMaxTime after the ticket-system session began; then the login page."""
    started = time.monotonic()
    session_id = ticket_session("agent.owner")
    chat_cookie = signed_on(agent_page(proxied, session_id))
    set_last_request(session_id, 8_000)   # the ticket system would now call it idle
    assert is_login_page(agent_page(proxied, session_id)), "a new sign-on with the idle session was accepted"
    # active in chat for a while, well inside SessionMaxTime
    while time.monotonic() - started < MAX_TIME / 2:
        assert is_chat_manager(agent_page(proxied, session_id, chat_cookie)), \
            f"logged out {time.monotonic() - started:.0f} s in, before SessionMaxTime ({MAX_TIME} s)"
        time.sleep(2)
    # past SessionMaxTime (and a check interval): the login page
    deadline = started + MAX_TIME + 30
    while time.monotonic() < deadline:
        if is_login_page(agent_page(proxied, session_id, chat_cookie)):
            ended = time.monotonic() - started
            assert ended >= MAX_TIME - 5, f"ended after {ended:.0f} s, before SessionMaxTime"
            print(f"chat access ended {ended:.0f} s after the ticket-system session began (SessionMaxTime {MAX_TIME} s)")
            return
        time.sleep(1)
    pytest.fail(f"still logged in {MAX_TIME + 30} s after the ticket-system session began (SessionMaxTime {MAX_TIME})")
