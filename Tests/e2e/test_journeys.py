"""Seven journeys through ChatEngine in real browsers (headless Chromium), against the real server.

Only the DOM hooks of docs/frontend-dom.md and the protocol of docs/web-protocol.md are used. Every
journey leaves numbered screenshots in its output folder (see conftest.py).
"""

from collections import Counter, namedtuple

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from harness.browser import notifications
from harness.pages import (accept_alert_if_any, accept_request, agent_login, any_widget, attribute, chat_history,
                           choose, click, css, customer_login, invite_agent, join_invitation, login, message_texts, messages,
                           open_active_chat, participants, pending_messages, send_message, set_availability,
                           start_chat_with, type_text, typing_indicator, until, visible, wait_connection,
                           wait_message, wait_request, wait_widget, widget)

Person = namedtuple("Person", "login first last password")
ANNA = Person("anna", "Anna", "Agent", "anna-pw-1")
BERT = Person("bert", "Bert", "Berger", "bert-pw-2")
CARLA = Person("carla", "Carla", "Kunde", "carla-pw-3")

GREETING = "Grüße – 你好 – 👋🏽"
LIVE = ("connected", "polling")  # a working connection, by WebSocket or by long polling


# -- steps shared by the journeys --------------------------------------------------------------------

def agent(browsers, server, person: Person, availability: str = "external", notify: bool = False):
    """A browser with `person` logged in on the chat manager, at `availability`."""
    driver = browsers.new(person.login, notifications_for=server.base_url if notify else None)
    agent_login(driver, server, person.login, person.password)
    set_availability(driver, availability)
    return driver


def visitor_start_chat(driver, name: str, first_message: str) -> str:
    """On a public chat page (or inside its iframe): fills the start form; returns the new ChatID."""
    visible(driver, "#ce-public-form", "the public start form")
    type_text(driver, "#ce-public-name", name)
    type_text(driver, "#ce-public-message", first_message)
    click(driver, "#ce-public-start")
    # the ID is read inside the wait: a re-render between finding the widget and reading it only retries
    return until(driver, lambda d: css(d, any_widget()).is_displayed() and css(d, any_widget()).get_attribute("data-chat-id"),
                 "the visitor's chat widget after starting the chat",
                 describe=lambda: attribute(driver, "#ce-public-error", "id") and css(driver, "#ce-public-error").text)


def public_visitor(browsers, base_url: str, name: str, first_message: str, name_of_browser="visitor"):
    """A visitor browser on <base_url>/otrs/public.pl that has started a chat; returns (driver, ChatID)."""
    driver = browsers.new(name_of_browser)
    driver.get(f"{base_url}/otrs/public.pl?Action=PublicChat")
    chat_id = visitor_start_chat(driver, name, first_message)
    wait_widget(driver, chat_id, "request")
    return driver, chat_id


def accept_public(agent_driver, visitor_driver, chat_id, first_message: str) -> None:
    """The agent accepts the public request; both sides then show the active chat."""
    wait_request(agent_driver, "public", chat_id)
    accept_request(agent_driver, "public", chat_id)
    wait_widget(visitor_driver, chat_id, "active")
    wait_message(agent_driver, chat_id, first_message)


def customer_chat(customer, agent_driver, first_message: str) -> str:
    """A logged-in customer user starts a chat from her page, the agent accepts it; returns the ChatID."""
    click(customer, "#ce-new-conversation")
    type_text(customer, "#ce-new-chat-message", first_message)
    click(customer, "#ce-new-chat-submit")
    chat_id = until(customer, lambda d: next((w.get_attribute("data-chat-id") for w in d.find_elements(
        "css selector", '#ce-chat-area .ce-chat-view[data-chat-id][data-state="request"]') if w.is_displayed()), None),
        "the customer's new chat widget")
    wait_request(agent_driver, "customer", chat_id)
    accept_request(agent_driver, "customer", chat_id)
    wait_widget(customer, chat_id, "active")
    wait_message(agent_driver, chat_id, first_message)
    return chat_id


def exchange(a, b, chat_id, text_a: str, text_b: str) -> None:
    """`a` sends text_a, `b` sees it; `b` sends text_b, `a` sees it."""
    send_message(a, chat_id, text_a)
    wait_message(b, chat_id, text_a)
    send_message(b, chat_id, text_b)
    wait_message(a, chat_id, text_b)


def assert_once(texts, expected, where: str) -> None:
    """Each of `expected` occurs exactly once in `texts`."""
    counts = Counter(t.strip() for t in texts)
    wrong = {text: counts[text] for text in expected if counts[text] != 1}
    assert not wrong, f"{where}: expected each exactly once, got counts {wrong}"


def history_texts(agent_driver, chat_id) -> list[str]:
    """What the server recorded in the chat (the agent's ChatHistory), message events only."""
    return [e["Text"] for e in chat_history(agent_driver, chat_id) if e.get("Kind") == "message"]


def clear_box(driver, chat_id) -> None:
    box = css(driver, f'{widget(chat_id)} [data-test="message-input"]')
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)


# -- 1 ---------------------------------------------------------------------------------------------

def test_journey1_public_chat_in_iframe(server, browsers, shot, iframe_host):
    """A visitor on a customer's site (localhost) chats through the embedded iframe with an agent."""
    server.add_agent(*ANNA)
    anna = agent(browsers, server, ANNA, "external", notify=True)
    shot(anna, "agent-external")

    visitor = browsers.new("visitor")
    visitor.get(iframe_host.url)
    visible(visitor, "#chat-frame", "the iframe on the host page")
    visitor.switch_to.frame(css(visitor, "#chat-frame"))
    until(visitor, lambda d: attribute(d, "body", "data-interface") == "Public", "the public chat inside the iframe")
    assert "ce-iframe" in (attribute(visitor, "body", "class") or ""), "IsIframe=1 page without body.ce-iframe"
    assert not visitor.find_elements(By.CSS_SELECTOR, "#ce-header"), "the iframe page shows the header"
    shot(visitor, "visitor-iframe-form")

    first = "Hallo, ich habe eine Frage zu meiner Bestellung."
    chat_id = visitor_start_chat(visitor, "Grete Gast", first)
    wait_widget(visitor, chat_id, "request")
    visible(visitor, f'{widget(chat_id)} [data-test="waiting-notice"]', "the waiting notice")
    shot(visitor, "visitor-waiting")

    # the agent hears of it: request list and a desktop notification
    wait_request(anna, "public", chat_id)
    shown = until(anna, notifications, "a desktop notification about the new request")
    assert shown[0]["title"].strip(), f"notification without a title: {shown}"
    shot(anna, "agent-request-and-notification")

    accept_request(anna, "public", chat_id)
    wait_widget(visitor, chat_id, "active")
    wait_message(anna, chat_id, first)
    until(visitor, lambda d: not css(d, f'{widget(chat_id)} [data-test="waiting-notice"]').is_displayed(),
          "the waiting notice to go once accepted")
    shot(anna, "agent-accepted")

    # umlauts, CJK and emoji both ways, live
    exchange(anna, visitor, chat_id, f"{GREETING} (Anna)", f"{GREETING} (Grete)")
    from_agent = next(m for m in messages(visitor, chat_id) if m["text"].strip() == f"{GREETING} (Anna)")
    assert "Anna" not in (from_agent["author"] or ""), f"the visitor sees the agent's real name: {from_agent}"
    shot(visitor, "visitor-messages")
    shot(anna, "agent-messages")

    # typing indicators, each way
    css(visitor, f'{widget(chat_id)} [data-test="message-input"]').send_keys("Ich tippe gerade")
    until(anna, lambda d: typing_indicator(d, chat_id), "the visitor's typing indicator at the agent")
    shot(anna, "agent-sees-typing")
    clear_box(visitor, chat_id)
    css(anna, f'{widget(chat_id)} [data-test="message-input"]').send_keys("Einen Moment")
    until(visitor, lambda d: typing_indicator(d, chat_id), "the agent's typing indicator at the visitor")
    shot(visitor, "visitor-sees-typing")
    clear_box(anna, chat_id)


# -- 2 ---------------------------------------------------------------------------------------------

def test_journey2_invite_observer_then_participant(server, browsers, shot):
    """A second agent joins invisibly as observer, then as participant ("Support Agent 2 has joined")."""
    server.add_agent(*ANNA)
    bert_id = server.add_agent(*BERT)
    anna = agent(browsers, server, ANNA, "external")
    bert = agent(browsers, server, BERT, "internal")
    first = "Guten Tag, mein Drucker druckt nicht."
    visitor, chat_id = public_visitor(browsers, server.base_url, "Viktor Besucher", first)
    accept_public(anna, visitor, chat_id, first)

    # Anna invites Bert
    invite_agent(anna, chat_id, bert_id)
    shot(anna, "agent1-invites")

    # Bert joins as observer
    wait_request(bert, "personal", chat_id, kind="invitation")
    shot(bert, "agent2-invitation")
    join_invitation(bert, chat_id, "observer")
    assert not css(bert, f'{widget(chat_id)} [data-test="message-input"]').is_enabled(), "an observer can type"

    # an internal note reaches Bert, not the visitor; nothing tells the visitor about the observer
    send_message(anna, chat_id, "Intern: Kunde hat Vertrag Gold.", internal=True)
    note = wait_message(bert, chat_id, "Intern: Kunde hat Vertrag Gold.")
    assert note["internal"], f"internal note not marked internal for Bert: {note}"
    send_message(anna, chat_id, "Ich schaue mir das an.")
    wait_message(visitor, chat_id, "Ich schaue mir das an.")
    wait_message(bert, chat_id, "Ich schaue mir das an.")
    seen = message_texts(visitor, chat_id)
    assert "Intern: Kunde hat Vertrag Gold." not in seen, f"the visitor sees an internal note: {seen}"
    assert not any("Support Agent 2" in t for t in seen), f"the visitor learns of the observer: {seen}"
    assert not any("Bert" in p["name"] for p in participants(visitor, chat_id))
    assert len([p for p in participants(visitor, chat_id) if p["kind"] == "agent"]) <= 1, \
        f"the visitor sees more than one agent: {participants(visitor, chat_id)}"
    shot(visitor, "visitor-while-observed")
    shot(bert, "agent2-observing")

    # Bert becomes a participant: the visitor is told, with the server's text
    click(bert, f'{widget(chat_id)} [data-action="role-participant"]')
    until(bert, lambda d: attribute(d, widget(chat_id), "data-my-role") == "participant", "Bert's role participant")
    joined = wait_message(visitor, chat_id, "Support Agent 2 has joined the chat.")
    assert joined["kind"] == "system", joined
    send_message(bert, chat_id, "Nur intern: Treiber 4.2 ist kaputt.", internal=True)
    send_message(bert, chat_id, "Hallo, ich übernehme ab hier.")
    from_bert = wait_message(visitor, chat_id, "Hallo, ich übernehme ab hier.")
    assert from_bert["author"] and from_bert["author"].strip() == "Support Agent 2", from_bert
    wait_message(anna, chat_id, "Nur intern: Treiber 4.2 ist kaputt.")
    seen = message_texts(visitor, chat_id)
    assert "Nur intern: Treiber 4.2 ist kaputt." not in seen, f"the visitor sees an internal message: {seen}"
    shot(visitor, "visitor-agent2-joined")
    shot(bert, "agent2-participant")


# -- 3 ---------------------------------------------------------------------------------------------

def test_journey3_network_loss(server, browsers, shot, proxy_factory):
    """The visitor's network goes away; what they send meanwhile arrives exactly once afterwards."""
    server.add_agent(*ANNA)
    anna = agent(browsers, server, ANNA, "external")
    proxy = proxy_factory(server.port)
    first = "Hallo, meine Verbindung ist wackelig."
    visitor, chat_id = public_visitor(browsers, proxy.base_url, "Wanda Wackel", first)
    accept_public(anna, visitor, chat_id, first)
    wait_connection(visitor, ("connected",))
    exchange(visitor, anna, chat_id, "Vor der Störung", "Ich höre Sie.")

    proxy.stop()
    wait_connection(visitor, ("reconnecting",))
    queued = [f"Offline-Nachricht {n} – ü 你 👋🏽" for n in (1, 2, 3)]
    for text in queued:
        send_message(visitor, chat_id, text)
    shot(visitor, "visitor-offline-queued")
    proxy.start()

    state = wait_connection(visitor, LIVE)
    for text in queued:
        wait_message(anna, chat_id, text)
    # a message sent after the reconnection arrives after the resends: then all of them are in
    send_message(visitor, chat_id, "Nach der Störung")
    wait_message(anna, chat_id, "Nach der Störung")
    wait_message(visitor, chat_id, queued[-1])
    shot(visitor, f"visitor-back-{state}")
    shot(anna, "agent-after-reconnect")

    expected = queued + ["Vor der Störung", "Nach der Störung"]
    assert_once(message_texts(anna, chat_id), expected, "agent's page")
    assert_once(message_texts(visitor, chat_id, confirmed_only=True), expected, "visitor's page")
    assert_once(history_texts(anna, chat_id), expected, "server's record (ChatHistory)")


# -- 4 ---------------------------------------------------------------------------------------------

def test_journey4_server_restart(server, browsers, shot):
    """The server restarts mid-chat: both sides carry on, nobody is logged out, nothing lost or doubled."""
    server.add_agent(*ANNA)
    anna = agent(browsers, server, ANNA, "external")
    first = "Hallo, ist jemand da?"
    visitor, chat_id = public_visitor(browsers, server.base_url, "Rudi Restart", first)
    accept_public(anna, visitor, chat_id, first)
    exchange(anna, visitor, chat_id, "Vor dem Neustart (Agent)", "Vor dem Neustart (Besucher)")

    server.stop()
    wait_connection(anna, ("reconnecting",))
    wait_connection(visitor, ("reconnecting",))
    send_message(anna, chat_id, "Während des Neustarts (Agent)")
    send_message(visitor, chat_id, "Während des Neustarts (Besucher) 👋🏽")
    until(anna, lambda d: [m["text"].strip() for m in pending_messages(d, chat_id)] == ["Während des Neustarts (Agent)"],
          "the agent's message shown as pending while the server is down")
    shot(anna, "agent-server-down")
    server.start()

    wait_connection(anna, LIVE)
    wait_connection(visitor, LIVE)
    wait_message(visitor, chat_id, "Während des Neustarts (Agent)")
    wait_message(anna, chat_id, "Während des Neustarts (Besucher) 👋🏽")
    until(anna, lambda d: not pending_messages(d, chat_id), "no pending message once the server is back")
    exchange(visitor, anna, chat_id, "Nach dem Neustart (Besucher)", "Nach dem Neustart (Agent)")
    shot(anna, "agent-after-restart")
    shot(visitor, "visitor-after-restart")

    expected = [first, "Vor dem Neustart (Agent)", "Vor dem Neustart (Besucher)", "Während des Neustarts (Agent)",
                "Während des Neustarts (Besucher) 👋🏽", "Nach dem Neustart (Besucher)", "Nach dem Neustart (Agent)"]
    assert_once(message_texts(anna, chat_id), expected, "agent's page")
    assert_once(message_texts(visitor, chat_id, confirmed_only=True), expected, "visitor's page")
    assert_once(history_texts(anna, chat_id), expected, "server's record (ChatHistory)")

    # nobody was logged out: reloading shows the same chat, not a login form
    anna.refresh()
    until(anna, lambda d: attribute(d, "body", "data-interface") == "Agent"
          and not d.find_elements(By.CSS_SELECTOR, "#ce-login-form"), "the agent still logged in after a reload")
    wait_connection(anna)
    open_active_chat(anna, chat_id)
    wait_message(anna, chat_id, "Nach dem Neustart (Agent)")
    assert_once(message_texts(anna, chat_id), expected, "agent's page after reload")
    visitor.refresh()
    wait_widget(visitor, chat_id, "active")
    wait_message(visitor, chat_id, "Nach dem Neustart (Agent)")
    assert_once(message_texts(visitor, chat_id, confirmed_only=True), expected, "visitor's page after reload")
    shot(anna, "agent-reloaded")
    shot(visitor, "visitor-reloaded")


# -- 5 ---------------------------------------------------------------------------------------------

def test_journey5_websocket_refused_long_polling(server, browsers, shot, proxy_factory):
    """A network that refuses WebSockets: the chat works by long polling, and the page says so."""
    server.add_agent(*ANNA)
    anna = agent(browsers, server, ANNA, "external")
    proxy = proxy_factory(server.port, reject_websocket=True)
    first = "Hallo aus dem Firmennetz."
    visitor, chat_id = public_visitor(browsers, proxy.base_url, "Paula Proxy", first)
    wait_connection(visitor, ("polling",))
    assert proxy.rejected_websockets >= 1, "the page never tried a WebSocket"
    accept_public(anna, visitor, chat_id, first)
    exchange(anna, visitor, chat_id, f"{GREETING} per Polling", "Kommt an!")
    css(visitor, f'{widget(chat_id)} [data-test="message-input"]').send_keys("tippe")
    until(anna, lambda d: typing_indicator(d, chat_id), "the polling visitor's typing indicator at the agent")
    assert attribute(visitor, "#ce-connection-status", "data-state") == "polling"
    shot(visitor, "visitor-polling")
    shot(anna, "agent-with-polling-visitor")


# -- 6 ---------------------------------------------------------------------------------------------

def test_journey6_customer_chats_and_channel_change(server, browsers, shot):
    """A customer user starts a chat, the agent moves it to another channel; then the agent starts one."""
    server.add_agent(*ANNA)
    sales_id = server.add_channel("Vertrieb", comment="second channel (e2e)")
    server.add_customer_user(CARLA.login, CARLA.password, CARLA.first, CARLA.last)
    anna = agent(browsers, server, ANNA, "external")

    carla = browsers.new("customer")
    customer_login(carla, server, CARLA.login, CARLA.password)
    click(carla, "#ce-new-conversation")
    first = "Ich möchte ein Angebot – 你好"
    type_text(carla, "#ce-new-chat-message", first)
    click(carla, "#ce-new-chat-submit")
    chat_id = until(carla, lambda d: css(d, any_widget()).is_displayed() and css(d, any_widget()).get_attribute("data-chat-id"),
                    "the customer's new chat widget")
    shot(carla, "customer-request")

    wait_request(anna, "customer", chat_id)
    accept_request(anna, "customer", chat_id)
    wait_widget(carla, chat_id, "active")
    wait_message(anna, chat_id, first)
    choose(anna, f'{widget(chat_id)} select[data-action="change-channel"]', sales_id)
    until(anna, lambda d: "Vertrieb" in css(d, f'{widget(chat_id)} [data-test="chat-channel"]').text,
          "the agent's widget to show the new channel")
    until(carla, lambda d: "Vertrieb" in css(d, f'{widget(chat_id)} [data-test="chat-channel"]').text,
          "the customer's widget to show the new channel")
    assert next(c for c in server.channels() if c["id"] == sales_id)["chats"] == 1
    exchange(anna, carla, chat_id, "Ich habe Sie an den Vertrieb verschoben.", "Danke!")
    shot(anna, "agent-channel-changed")
    shot(carla, "customer-channel-changed")

    # the agent starts a chat with the customer user from the people-online panel
    start_chat_with(anna, "customer", CARLA.login, "Hallo Carla, eine Rückfrage zu Ihrem Angebot.")
    shot(anna, "agent-started-chat")

    second_id = until(carla, lambda d: css(d, '#ce-customer-requests li[data-test="request"][data-chat-id]')
                      .get_attribute("data-chat-id"), "the agent's request at the customer")
    assert second_id != chat_id
    shot(carla, "customer-incoming-request")
    click(carla, f'#ce-customer-requests li[data-chat-id="{second_id}"] [data-action="accept"]')
    click(carla, f'#ce-open-chats li[data-test="open-chat"][data-chat-id="{second_id}"]', "the accepted chat listed")
    wait_widget(carla, second_id, "active")
    wait_message(carla, second_id, "Hallo Carla, eine Rückfrage zu Ihrem Angebot.")
    open_active_chat(anna, second_id)
    exchange(carla, anna, second_id, "Gerne, fragen Sie!", "Welche Menge brauchen Sie?")
    shot(carla, "customer-second-chat")
    shot(anna, "agent-second-chat")


# -- 7 ---------------------------------------------------------------------------------------------

def test_journey7_channel_admin(server, browsers, shot):
    """The admin cannot delete or invalidate the default channel, can delete an unused one; others are refused."""
    server.add_agent(*ANNA)
    unused_id = server.add_channel("Unbenutzt", comment="to be deleted (e2e)")
    default_id = next(c["id"] for c in server.channels() if c["default"])
    credentials = server.credentials()
    admin_url = server.url("/otrs/index.pl?Action=AdminChatChannel")

    root = browsers.new("admin")
    login(root, admin_url, credentials["agent.login"], credentials["agent.password"], "Agent")
    root.get(admin_url)
    row = f'#ce-channel-list tr[data-channel-id="{default_id}"]'
    visible(root, row, "the default channel in the channel list")
    visible(root, f'#ce-channel-list tr[data-channel-id="{unused_id}"]', "the unused channel in the list")
    shot(root, "channel-list")

    # delete the default channel: refused, with a message, still listed
    delete_row(root, default_id)
    refusal = visible(root, ".ce-error", "a refusal to delete the default channel")
    assert "default" in refusal.text.lower(), f"unclear refusal: {refusal.text!r}"
    visible(root, row, "the default channel still listed")
    shot(root, "delete-default-refused")

    # invalidate the default channel: refused, still valid
    click(root, f'{row} a.ce-edit')
    visible(root, "form#ce-channel-form")
    choose(root, 'form#ce-channel-form select[name="ValidID"]', "2")
    click(root, 'form#ce-channel-form button[type="submit"]')
    question = accept_alert_if_any(root)  # invalidating asks first (issue 15)
    assert question and "Invalidate" in question, f"no confirmation asked: {question!r}"
    refusal = visible(root, ".ce-error", "a refusal to invalidate the default channel")
    assert "default" in refusal.text.lower(), f"unclear refusal: {refusal.text!r}"
    shot(root, "invalidate-default-refused")
    assert next(c for c in server.channels() if c["id"] == default_id)["valid"], "the default channel was invalidated"

    # delete the unused channel: done
    root.get(admin_url)
    delete_row(root, unused_id)
    visible(root, ".ce-notice", "the confirmation of the deletion")
    until(root, lambda d: not d.find_elements(By.CSS_SELECTOR, f'#ce-channel-list tr[data-channel-id="{unused_id}"]'),
          "the deleted channel to leave the list")
    assert all(c["id"] != unused_id for c in server.channels()), "the channel is still in the database"
    shot(root, "unused-deleted")

    # a non-admin agent is refused (HTTP 403, with a .ce-error on the page)
    anna = browsers.new("non-admin")
    agent_login(anna, server, ANNA.login, ANNA.password)
    anna.get(admin_url)
    visible(anna, ".ce-error", "the refusal page for a non-admin")
    status = anna.execute_async_script(
        "const done = arguments[0]; fetch(location.href, {credentials: 'same-origin'})"
        ".then(r => done(r.status)).catch(e => done(String(e)));")
    assert status == 403, f"AdminChatChannel for a non-admin answered {status}"
    assert not anna.find_elements(By.CSS_SELECTOR, "#ce-channel-list"), "a non-admin sees the channel list"
    shot(anna, "non-admin-refused")


def delete_row(driver, channel_id) -> None:
    """Presses a channel row's delete button (accepting a confirmation dialog if the page asks)."""
    click(driver, f'#ce-channel-list tr[data-channel-id="{channel_id}"] form.ce-delete button[name="Delete"]')
    accept_alert_if_any(driver)

