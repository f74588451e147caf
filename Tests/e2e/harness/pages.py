"""What a person does on ChatEngine's pages, through the DOM hooks of docs/frontend-dom.md only.

Every wait is bounded (browser.MAX_WAIT, 20 s at most) and fails with a sentence saying what did not
happen and what was seen last, so a failing journey reads like a bug report.
"""

import json
import time

from selenium.common.exceptions import (ElementClickInterceptedException, ElementNotInteractableException,
                                        JavascriptException, NoSuchElementException,
                                        StaleElementReferenceException, TimeoutException, WebDriverException)
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select

from .browser import MAX_WAIT, wait

# what a re-rendering page (or a toast over a button) causes for a moment: the wait tries again
_TRANSIENT = (NoSuchElementException, StaleElementReferenceException, JavascriptException,
              ElementClickInterceptedException, ElementNotInteractableException)


def until(driver, condition, what: str, timeout: float = MAX_WAIT, describe=None):
    """Waits until `condition(driver)` is truthy and returns it; else fails saying `what` (and `describe()`)."""
    try:
        return wait(driver, timeout).until(lambda d: _quiet(condition, d))
    except TimeoutException:
        seen = ""
        if describe is not None:
            try:
                seen = f"; last seen: {describe()}"
            except Exception as error:  # noqa: BLE001 (only for the message)
                seen = f"; (could not describe: {error})"
        raise AssertionError(f"{getattr(driver, 'ce_name', 'browser')}: timed out after {timeout} s waiting for "
                             f"{what}{seen}") from None


def _quiet(condition, driver):
    try:
        return condition(driver)
    except _TRANSIENT:
        return False


def css(driver, selector: str):
    return driver.find_element(By.CSS_SELECTOR, selector)


def visible(driver, selector: str, what: str | None = None, timeout: float = MAX_WAIT):
    """The element, once present and displayed."""
    def shown(d):
        element = css(d, selector)
        return element if element.is_displayed() else False
    return until(driver, shown, what or f"{selector} to be visible", timeout)


def click(driver, selector: str, what: str | None = None):
    """Clicks the element once it is visible and enabled (retrying while the page re-renders it)."""
    def clicked(d):
        element = css(d, selector)
        if not (element.is_displayed() and element.is_enabled()):
            return False
        element.click()
        return True
    until(driver, clicked, what or f"{selector} to be clickable")


def attribute(driver, selector: str, name: str):
    """An attribute of the first match, or None when nothing matches."""
    return driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null",
        selector, name)


def connection_state(driver) -> str | None:
    return attribute(driver, "#ce-connection-status", "data-state")


def wait_connection(driver, states=("connected",), timeout: float = MAX_WAIT) -> str:
    """Waits until #ce-connection-status has one of `states`; returns it."""
    return until(driver, lambda d: connection_state(d) in states and connection_state(d),
                 f"connection state in {states}", timeout, describe=lambda: connection_state(driver))


def type_text(driver, selector: str, text: str) -> None:
    """Types `text` into a field like a person (CDP insertText takes emoji beyond the BMP too)."""
    element = visible(driver, selector)
    element.click()
    if element.get_attribute("value"):
        element.clear()
    try:
        driver.execute_cdp_cmd("Input.insertText", {"text": text})
    except WebDriverException:
        pass
    if element.get_attribute("value") != text:
        # fallback: set the value and tell the page as an input event would
        driver.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", element, text)
    assert element.get_attribute("value") == text, f"could not type {text!r} into {selector}"


def accept_alert_if_any(driver, timeout: float = 2) -> str | None:
    """Accepts a confirm()/alert() if one comes up within `timeout`; returns its text."""
    try:
        alert = wait(driver, timeout).until(expected_conditions.alert_is_present())
    except TimeoutException:
        return None
    text = alert.text
    alert.accept()
    return text


# -- login -----------------------------------------------------------------------------------------

def login(driver, url: str, user: str, password: str, interface: str) -> None:
    """Opens `url` (which shows the login form when there is no session) and logs in."""
    driver.get(url)
    visible(driver, "#ce-login-form", "the login form")
    type_text(driver, "#User", user)
    type_text(driver, "#Password", password)
    click(driver, "#ce-login-submit")
    until(driver, lambda d: attribute(d, "body", "data-interface") == interface
          and not d.find_elements(By.CSS_SELECTOR, "#ce-login-form"),
          f"the {interface} page after logging in as {user}",
          describe=lambda: (attribute(driver, "#ce-login-error", "id") and css(driver, "#ce-login-error").text)
          or driver.current_url)


def agent_login(driver, server, user: str, password: str) -> None:
    login(driver, server.url("/otrs/index.pl?Action=AgentChat"), user, password, "Agent")
    wait_connection(driver)


def customer_login(driver, server, user: str, password: str) -> None:
    login(driver, server.url("/otrs/customer.pl?Action=CustomerChat"), user, password, "Customer")
    wait_connection(driver)


def set_availability(driver, availability: str) -> None:
    click(driver, f'#ce-availability button[data-availability="{availability}"]')
    until(driver, lambda d: attribute(d, "#ce-availability", "data-state") == availability,
          f"availability {availability}", describe=lambda: attribute(driver, "#ce-availability", "data-state"))


# -- chat widgets ---------------------------------------------------------------------------------

def widget(chat_id) -> str:
    """The selector of a chat's view in the chat area (agent, customer and public pages)."""
    return f'#ce-chat-area .ce-chat-view[data-chat-id="{chat_id}"]'


def any_widget() -> str:
    return "#ce-chat-area .ce-chat-view[data-chat-id]"


def widget_state(driver, chat_id) -> str | None:
    return attribute(driver, widget(chat_id), "data-state")


def wait_widget(driver, chat_id, state: str | None = None, timeout: float = MAX_WAIT):
    """Waits until the chat's widget is displayed (and in `state`)."""
    def ready(d):
        element = css(d, widget(chat_id))
        return element.is_displayed() and (state is None or element.get_attribute("data-state") == state) and element
    return until(driver, ready, f"chat {chat_id}'s widget{' in state ' + state if state else ''}", timeout,
                 describe=lambda: f"state {widget_state(driver, chat_id)}")


_READ_MESSAGES = """
const w = document.querySelector(arguments[0]);
if (!w) return null;
const text = (li, test) => { const e = li.querySelector('[data-test="' + test + '"]'); return e ? e.textContent : null; };
return Array.from(w.querySelectorAll('li[data-test="message"]')).map(li => ({
  seq: li.getAttribute('data-seq') || '', kind: li.getAttribute('data-kind'), pending: li.getAttribute('data-pending') === '1',
  internal: li.getAttribute('data-internal') === '1', mine: li.getAttribute('data-mine') === '1',
  author: text(li, 'message-author'), text: text(li, 'message-text') || ''}));
"""


def messages(driver, chat_id) -> list[dict]:
    """The messages a chat view shows: seq, kind, pending, internal, mine, author, text (in page order)."""
    return driver.execute_script(_READ_MESSAGES, widget(chat_id)) or []


def message_texts(driver, chat_id, confirmed_only: bool = False) -> list[str]:
    return [m["text"].strip() for m in messages(driver, chat_id) if m["seq"] or not confirmed_only]


def wait_message(driver, chat_id, text: str, timeout: float = MAX_WAIT) -> dict:
    """Waits until the widget shows a message whose text is `text` (with a Seq); returns it."""
    def found(d):
        return next((m for m in messages(d, chat_id) if m["text"].strip() == text and m["seq"]), None)
    return until(driver, found, f"message {text!r} in chat {chat_id}", timeout,
                 describe=lambda: message_texts(driver, chat_id)[-6:])


def send_message(driver, chat_id, text: str, internal: bool = False) -> None:
    """Types `text` in the chat's widget and presses its send button."""
    box = f'{widget(chat_id)} [data-test="message-input"]'
    until(driver, lambda d: css(d, box).is_enabled(), f"the message box of chat {chat_id} to be enabled")
    if internal:
        checkbox = css(driver, f'{widget(chat_id)} [data-test="internal"]')
        if not checkbox.is_selected():
            checkbox.click()
    type_text(driver, box, text)
    click(driver, f'{widget(chat_id)} [data-test="send"]')
    until(driver, lambda d: css(d, box).get_attribute("value") == "", f"the message box of chat {chat_id} to clear")


def pending_messages(driver, chat_id) -> list[dict]:
    """My messages the view shows as still on their way (data-pending="1", no Seq)."""
    return [m for m in messages(driver, chat_id) if m["pending"]]


def typing_indicator(driver, chat_id) -> str | None:
    """The typing indicator's text while it is displayed, else None."""
    try:
        element = css(driver, f'{widget(chat_id)} [data-test="typing"]')
    except NoSuchElementException:
        return None
    return element.text if element.is_displayed() else None


def participants(driver, chat_id) -> list[dict]:
    """The chat view's participant list: name, role, kind, state, presence, label (agents: "Customer",
    "Visitor", "Owner", …), me."""
    return driver.execute_script("""
        const w = document.querySelector(arguments[0]); if (!w) return [];
        const text = (li, test) => { const e = li.querySelector('[data-test="' + test + '"]'); return e ? e.textContent.trim() : null; };
        return Array.from(w.querySelectorAll('li[data-test="participant"]')).map(li => ({
          name: text(li, 'participant-name') || li.textContent.trim(), label: text(li, 'participant-role'),
          role: li.getAttribute('data-role'), kind: li.getAttribute('data-kind'), presence: li.getAttribute('data-presence'),
          state: li.getAttribute('data-state'), me: li.getAttribute('data-me') === '1'}));""", widget(chat_id)) or []


def wait_presence(driver, chat_id, kind: str, presence: str, timeout: float = MAX_WAIT) -> dict:
    """Waits until the chat view lists a participant of `kind` (agent/customer/visitor, not me) with
    `presence` (data-presence); returns that participant."""
    def found(d):
        return next((p for p in participants(d, chat_id) if p["kind"] == kind and not p["me"]
                     and p["presence"] == presence), None)
    return until(driver, found, f"the {kind} shown {presence} in chat {chat_id}", timeout,
                 describe=lambda: [(p["name"], p["kind"], p["presence"]) for p in participants(driver, chat_id)])


# -- agent chat manager ---------------------------------------------------------------------------

def wait_request(driver, section: str, chat_id=None, kind: str = "request", timeout: float = MAX_WAIT) -> str:
    """Waits for a request item in #ce-requests-<section>; returns its ChatID."""
    selector = f'#ce-requests-{section} li[data-test="request"][data-kind="{kind}"]'
    if chat_id is not None:
        selector += f'[data-chat-id="{chat_id}"]'
    # the ID is read inside the wait: the list may be re-rendered between finding the item and reading it
    return until(driver, lambda d: css(d, selector).get_attribute("data-chat-id"), f"a {kind} in {section} requests"
                 + (f" for chat {chat_id}" if chat_id else ""), timeout,
                 describe=lambda: attribute(driver, f"#ce-requests-{section}", "data-count"))


def open_active_chat(driver, chat_id, state: str | None = "active"):
    """Selects the chat in the active chats list (unless its widget already shows) and waits for it."""
    item = f'#ce-active-chats li[data-test="active-chat"][data-chat-id="{chat_id}"]'
    until(driver, lambda d: css(d, item), f"chat {chat_id} in the active chats")
    if not _widget_displayed(driver, chat_id):
        click(driver, item)
    return wait_widget(driver, chat_id, state)


def _widget_displayed(driver, chat_id) -> bool:
    try:
        return css(driver, widget(chat_id)).is_displayed()
    except NoSuchElementException:
        return False


def accept_request(driver, section: str, chat_id) -> None:
    """Accepts a request from the request list and opens its widget."""
    click(driver, f'#ce-requests-{section} li[data-test="request"][data-chat-id="{chat_id}"] [data-action="accept"]')
    open_active_chat(driver, chat_id)


def invite_agent(driver, chat_id, agent_id) -> None:
    """Invites the agent `agent_id` into the chat from the chat view's invite list."""
    click(driver, f'{widget(chat_id)} [data-action="invite"]')
    click(driver, f'{widget(chat_id)} [data-test="invite-list"] [data-action="invite-agent"][data-user-id="{agent_id}"]',
          f"agent {agent_id} in the invite list")


def join_invitation(driver, chat_id, role: str = "observer") -> None:
    """An invited agent joins from the personal requests as `role` (observer/participant) and opens the chat."""
    wait_request(driver, "personal", chat_id, kind="invitation")
    click(driver, f'#ce-requests-personal li[data-chat-id="{chat_id}"] [data-action="join-{role}"]')
    open_active_chat(driver, chat_id)
    until(driver, lambda d: attribute(d, widget(chat_id), "data-my-role") == role, f"my role {role} in chat {chat_id}")


def start_chat_with(driver, kind: str, login: str, message: str) -> None:
    """From the people-online panel (asking for it again every 2 s until `login` is listed), starts a
    chat with the agent or customer user (`kind`) and sends the first message."""
    person = f'#ce-people-{kind}s li[data-test="person"][data-login="{login}"]'
    refreshed = [0.0]

    def listed(d):
        if d.find_elements(By.CSS_SELECTOR, f'{person} [data-action="start-chat"]'):
            return True
        if time.monotonic() - refreshed[0] > 2:  # the panel polls every 30 s: ask now, every 2 s at most
            refreshed[0] = time.monotonic()
            css(d, "#ce-people-refresh").click()
        return False
    until(driver, listed, f"{kind} {login} in the people-online panel, with a chat icon")
    click(driver, f'{person} [data-action="start-chat"]')
    visible(driver, "#ce-start-chat")
    assert attribute(driver, "#ce-start-chat", "data-user-type") == ("User" if kind == "agent" else "Customer")
    type_text(driver, "#ce-start-chat-message", message)
    click(driver, "#ce-start-chat-submit")
    until(driver, lambda d: not css(d, "#ce-start-chat").is_displayed(), "the start-chat dialog to close")


def logout(driver) -> None:
    """The header's "Log out" link; waits for the login form."""
    click(driver, "#ce-logout")
    visible(driver, "#ce-login-form", "the login form after logging out")


def flash_items(driver, code: str | None = None) -> list[str]:
    """The texts of the #ce-flash items shown now (those with data-code `code`, when given)."""
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('#ce-flash .ce-flash-item'))
          .filter(e => arguments[0] === null || e.getAttribute('data-code') === arguments[0])
          .map(e => e.textContent);""", code) or []


def choose(driver, selector: str, value: str) -> None:
    """Chooses an option of a <select> by value (which fires its change event)."""
    until(driver, lambda d: css(d, selector).is_displayed(), f"{selector} to be visible")
    Select(css(driver, selector)).select_by_value(str(value))


# -- requests from inside the page (same origin, session cookie, the page's challenge token) ---------

_POST = """
const done = arguments[arguments.length - 1];
const config = JSON.parse(document.getElementById('ce-config').textContent);
const body = new URLSearchParams(arguments[0]);
if (config.ChallengeToken) body.set('ChallengeToken', config.ChallengeToken);
fetch(config.Script, {method: 'POST', body, credentials: 'same-origin'})
  .then(r => r.text().then(t => done({status: r.status, text: t})))
  .catch(e => done({status: 0, text: String(e)}));
"""


def page_post(driver, **params) -> dict:
    """POSTs a Subaction to the page's own script as the page would; returns {status, json}."""
    answer = driver.execute_async_script(_POST, {k: str(v) for k, v in params.items()})
    try:
        data = json.loads(answer["text"])
    except ValueError:
        data = {"raw": answer["text"][:500]}
    return {"status": answer["status"], "json": data}


def chat_history(driver, chat_id) -> list[dict]:
    """An agent's ChatHistory of a chat: the Events the server has recorded (as this agent may see them)."""
    answer = page_post(driver, Action="AgentChat", Subaction="ChatHistory", ChatID=chat_id, After=0)
    assert answer["status"] == 200 and answer["json"].get("OK"), f"ChatHistory failed: {answer}"
    return answer["json"]["Data"]["Events"]
