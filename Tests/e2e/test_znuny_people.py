"""ChatEngine with its people read from a Znuny 7 database (`ChatEngine::Directory::Backend` =
TicketSystemDatabase), in real browsers.

The database is the seeded fixture of fixtures/otrs/znuny7-live (logins and passwords from its seed.json), which
`scripts/with-postgres.sh` loads into database `znuny` with the read-only role `chatengine_ro`, exporting
CHATENGINE_TEST_ZNUNY_PORT. Without it these tests skip when run by hand and fail when CI is set.

    scripts/with-postgres.sh Tests/e2e/run.sh -k znuny

Each test leaves numbered screenshots in its output folder (see conftest.py).
"""

import json
import os
import time
import urllib.error
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from harness.pages import (accept_request, agent_login, attribute, click, css, set_availability, type_text, until,
                           visible, wait_message, wait_request, wait_widget)
from test_journeys import exchange, visitor_start_chat

ZNUNY_PORT = os.environ.get("CHATENGINE_TEST_ZNUNY_PORT", "")
PUBLIC_PAGE = "/otrs/public.pl?Action=PublicChat"
AGENT_PAGE = "/otrs/index.pl?Action=AgentChat"
LOGIN_FAILED = "Login failed! Your user name or password was entered incorrectly."

# from fixtures/otrs/znuny7-live/seed.json
OWNER = ("agent.owner", "Owner-Bcrypt#3")       # bcrypt; ro + chat_participant + chat_owner on `support`, rw on `users`
OBSERVER = ("agent.observer", "Obs-Apr1#5")     # apr1; chat_observer on `support` only
INVALID = ("agent.invalid", "Inv-Sha1#6")       # sha1; valid_id 2 (invalid), rw on `support` and `users`

pytestmark = pytest.mark.server_config({
    "ChatEngine::Directory::Backend": "TicketSystemDatabase",
    # the default channel in Znuny's group `support`: agent.owner holds chat_owner there, agent.observer chat_observer
    "ChatEngine::DefaultChatChannelGroup": "support",
    "ChatEngine::Directory::RefreshInterval": 1,  # seconds
    "DatabaseDSN": f"DBI:Pg:dbname=znuny;host=127.0.0.1;port={ZNUNY_PORT or 1}",
    "DatabaseUser": "chatengine_ro",
    "DatabasePw": "ro-fixture-pw",
})


@pytest.fixture(autouse=True)
def znuny_database():
    """Runs before the server fixture (autouse): no Znuny database, no test; in CI that is a failure."""
    if not ZNUNY_PORT:
        why = "CHATENGINE_TEST_ZNUNY_PORT is not set: run under scripts/with-postgres.sh (it loads the Znuny fixture)"
        if "CI" in os.environ:
            pytest.fail(why, pytrace=False)
        pytest.skip(why)


def health(server) -> dict:
    try:
        with urllib.request.urlopen(server.url("/health"), timeout=5) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as error:  # 503 when the directory does not answer
        return json.loads(error.read())


def assert_reads_znuny(server) -> None:
    """The server reads its people from the ticket system, which answers; it made no accounts of its own."""
    answer = health(server)
    directory = answer.get("directory")
    assert directory and directory.get("name") and not directory.get("problem"), f"/health: {answer}"
    assert answer.get("status") == "ok", f"/health: {answer}"
    assert not (server.home / "var/initial-credentials").exists(), \
        "the server created first-start accounts beside a ticket system"


def znuny_agent(browsers, server, person, availability: str | None = "external"):
    """A browser with a Znuny agent logged in through the agent login page, at `availability`."""
    login, password = person
    driver = browsers.new(login)
    agent_login(driver, server, login, password)
    if availability:
        set_availability(driver, availability)
    return driver


def refused_login(driver, server, login: str, password: str) -> str:
    """Posts the agent login form; waits for the refusal on the login page and returns its error text."""
    driver.get(server.url(AGENT_PAGE))
    visible(driver, "#ce-login-form", "the login form")
    type_text(driver, "#User", login)
    type_text(driver, "#Password", password)
    started = time.monotonic()
    click(driver, "#ce-login-submit")
    error = until(driver, lambda d: css(d, "#ce-login-error").is_displayed() and css(d, "#ce-login-error").text.strip(),
                  f"the login error for {login}",
                  describe=lambda: (attribute(driver, "body", "data-interface"), driver.current_url))
    assert driver.find_elements(By.CSS_SELECTOR, "#ce-login-form"), "no login form after a refused login"
    assert css(driver, "#User").get_attribute("value") == login, "the refused login's user name is not kept"
    print(f"{login}: refused after {time.monotonic() - started:.1f} s")
    return error


def assert_logged_out(driver, server, login: str) -> None:
    """The chat manager still asks for a login (a refused login left no session behind)."""
    driver.get(server.url(AGENT_PAGE))
    visible(driver, "#ce-login-form", f"the login form: {login} has a session after a refused login")
    assert not driver.find_elements(By.CSS_SELECTOR, "#ce-availability"), f"{login} reached the chat manager"


# -- 1 ---------------------------------------------------------------------------------------------

def test_znuny_agent_chats_with_public_visitor(server, browsers, shot):
    """A Znuny agent logs in with their Znuny (bcrypt) password, takes a visitor's request and both talk."""
    assert_reads_znuny(server)

    # the visitor comes first: nobody takes external chats yet
    visitor = browsers.new("visitor")
    visitor.get(server.url(PUBLIC_PAGE))
    visible(visitor, "#ce-public-unavailable", "the public page saying that nobody is there")
    shot(visitor, "visitor-before-agent")

    owner = znuny_agent(browsers, server, OWNER, "external")
    name = css(owner, "#ce-user-name").text
    assert "Otto" in name and "Owner" in name, f"the header does not show Znuny's name of agent.owner: {name!r}"
    shot(owner, "owner-logged-in-external")

    visitor.refresh()
    first = "Guten Tag, mein Zugang zum Portal klemmt."
    chat_id = visitor_start_chat(visitor, "Gabi Gast", first)
    wait_widget(visitor, chat_id, "request")
    shot(visitor, "visitor-waiting")

    wait_request(owner, "public", chat_id)
    shot(owner, "owner-sees-request")
    accept_request(owner, "public", chat_id)
    wait_widget(visitor, chat_id, "active")
    wait_message(owner, chat_id, first)
    until(owner, lambda d: attribute(d, f'.ce-chat-view[data-chat-id="{chat_id}"]', "data-my-role") == "owner",
          "agent.owner as the chat's owner")

    exchange(owner, visitor, chat_id, "Hallo, hier ist der Support. Was klemmt genau?",
             "Das Passwort wird nicht angenommen – üöä.")
    shot(owner, "owner-messages")
    shot(visitor, "visitor-messages")
    assert_reads_znuny(server)


# -- 2 ---------------------------------------------------------------------------------------------

def test_znuny_agent_login_refusals(server, browsers, shot):
    """The agent login page refuses a wrong password, and an invalid Znuny agent even with their password,
    with the same login error as any failed login."""
    assert_reads_znuny(server)
    driver = browsers.new("refused")

    login, password = OWNER
    wrong = refused_login(driver, server, login, password + "x")
    assert wrong == LOGIN_FAILED, f"wrong password: {wrong!r}"
    shot(driver, "wrong-password-refused")
    assert_logged_out(driver, server, login)

    login, password = INVALID
    invalid = refused_login(driver, server, login, password)
    assert invalid == LOGIN_FAILED, f"invalid agent with the right password: {invalid!r}"
    shot(driver, "invalid-agent-refused")
    assert_logged_out(driver, server, login)

    # the right password still works afterwards (the refusals locked nobody out)
    agent_login(driver, server, *OWNER)
    shot(driver, "owner-logged-in-after-refusals")


# -- 3 ---------------------------------------------------------------------------------------------

_POST_WITH_SESSION_TOKEN = """
const done = arguments[arguments.length - 1];
// the session's challenge token: from the chat manager's config, or from the logout link of any page
const config = document.getElementById('ce-config');
const logout = document.getElementById('ce-logout');
const token = config ? JSON.parse(config.textContent).ChallengeToken
                     : decodeURIComponent((logout.href.match(/ChallengeToken=([^;&#]+)/) || ['', ''])[1]);
const body = new URLSearchParams(arguments[1]);
body.set('ChallengeToken', token || '');
fetch(arguments[0], {method: 'POST', body, credentials: 'same-origin'})
  .then(r => r.text().then(t => done({status: r.status, text: t})))
  .catch(e => done({status: 0, text: String(e)}));
"""


def post_as(driver, server, **params) -> dict:
    """POSTs an agent Subaction with the browser's session and challenge token; returns {status, json}."""
    answer = driver.execute_async_script(_POST_WITH_SESSION_TOKEN, server.url("/otrs/index.pl"),
                                         {k: str(v) for k, v in params.items()})
    try:
        return {"status": answer["status"], "json": json.loads(answer["text"])}
    except ValueError:
        return {"status": answer["status"], "json": {"raw": answer["text"][:500]}}


def test_znuny_observer_gets_no_request(server, browsers, shot):
    """agent.observer (chat_observer on `support` only) logs in with their Znuny (apr1) password but is never
    offered the visitor's request, on the page or by asking the server; agent.owner gets it and accepts."""
    owner = znuny_agent(browsers, server, OWNER, "external")
    visitor = browsers.new("visitor")
    visitor.get(server.url(PUBLIC_PAGE))
    first = "Hallo, ist jemand da?"
    chat_id = visitor_start_chat(visitor, "Olaf Offen", first)
    wait_widget(visitor, chat_id, "request")
    wait_request(owner, "public", chat_id)

    login, password = OBSERVER
    observer = browsers.new(login)
    observer.get(server.url(AGENT_PAGE))
    visible(observer, "#ce-login-form", "the login form")
    type_text(observer, "#User", login)
    type_text(observer, "#Password", password)
    click(observer, "#ce-login-submit")
    # logged in (no login form), on the chat manager or on the page that says why there is none for them
    landed = until(observer, lambda d: not d.find_elements(By.CSS_SELECTOR, "#ce-login-form")
                   and ((d.find_elements(By.CSS_SELECTOR, "#ce-message-box") and "refused")
                        or (attribute(d, "#ce-connection-status", "data-state") == "connected" and "manager")),
                   f"{login}'s page after logging in",
                   describe=lambda: css(observer, "#ce-login-error").text or observer.current_url)
    if landed == "refused":
        # today: AgentChat's registration asks for rw on `users` (Frontend::Module###AgentChat###Group)
        assert css(observer, "#ce-message-title").text.strip() == "No access to the chat", css(observer, "body").text
        assert observer.find_elements(By.CSS_SELECTOR, "#ce-logout"), "the refusal page has no logout link"
    else:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            assert not observer.find_elements(By.CSS_SELECTOR, f'li[data-test="request"][data-chat-id="{chat_id}"]'), \
                f"{login} is offered the visitor's request"
            time.sleep(0.2)
        assert not observer.find_elements(By.CSS_SELECTOR, '[data-action="accept"]'), f"an accept button at {login}"
    shot(observer, f"observer-{landed}")

    # asked directly, with the session's own challenge token, the server neither lists nor hands over the request
    listed = post_as(observer, server, Action="AgentChat", Subaction="ChatGetOpenRequests", Filter="All")
    sections = (listed["json"].get("Data") or {}).get("Requests") or {}
    offered = [str(chat.get("ChatID")) for section in sections.values() for chat in section]
    assert str(chat_id) not in offered, f"{login} is offered the visitor's request: {listed}"
    taken = post_as(observer, server, Action="AgentChat", Subaction="ChatRequestAccept", ChatID=chat_id)
    assert not taken["json"].get("OK"), f"{login} accepted the visitor's request: {taken}"
    refusal = (taken["json"].get("Error") or {}).get("Code")
    assert refusal == "NotPermitted", f"{login}'s accept refused for another reason than permission: {taken}"

    accept_request(owner, "public", chat_id)
    wait_widget(visitor, chat_id, "active")
    wait_message(owner, chat_id, first)
    shot(owner, "owner-accepted")
