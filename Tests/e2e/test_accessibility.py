"""Issue 19's automated accessibility check: axe-core (from the pinned axe-selenium-python, offline) finds no
serious or critical violation on the chat manager and the snippet generator (each tab and the preview page), the public chat page
(start form; a running chat with messages), the customer chat page (overview; a running chat) and the website
widget (launcher; open panel; the chat frame in it). Every violation of any impact is written to
`a11y-<page>.json` in the test's output folder for review; screenshots beside them.
"""

import json
from collections import namedtuple

from selenium.webdriver.common.by import By

from harness.accessibility import assert_accessible, open_shadow_roots
from harness.pages import (agent_login, click, css, customer_login, set_availability, until, visible, wait_widget)
from test_journeys import accept_public, customer_chat, exchange, visitor_start_chat
from test_widget_generator import in_preview, launcher, wait_launcher

Person = namedtuple("Person", "login first last password")
ANNA = Person("anna", "Anna", "Agent", "anna-pw-1")
CARLA = Person("carla", "Carla", "Kunde", "carla-pw-3")


def test_accessibility_snippet_generator(server, browsers, shot, journey_dir):
    credentials = server.credentials()
    admin = browsers.new("admin")
    open_shadow_roots(admin)
    agent_login(admin, server, credentials["agent.login"], credentials["agent.password"])
    assert_accessible(admin, "agent-chat-manager", journey_dir)  # where the generator's button is
    click(admin, "#ce-chat-integration")
    visible(admin, "#ce-wi-tab-config", "the generator")
    click(admin, "#ce-wi-show-unavailable")
    assert_accessible(admin, "generator-configuration", journey_dir)
    shot(admin, "generator-configuration")
    click(admin, "#ce-wi-tab-code")
    visible(admin, "#ce-wi-code", "the code")
    assert_accessible(admin, "generator-integration-code", journey_dir)
    shot(admin, "generator-integration-code")
    click(admin, "#ce-wi-tab-preview")
    in_preview(admin, lambda d: wait_launcher(d, "Chat with us"))
    assert_accessible(admin, "generator-preview-tab", journey_dir)
    in_preview(admin, lambda d: assert_accessible(d, "generator-preview-page", journey_dir))
    admin.execute_script("arguments[0].scrollIntoView({block: 'end'})", css(admin, "#ce-wi-preview"))
    shot(admin, "generator-preview")


def test_accessibility_public_and_customer_chat(server, browsers, shot, journey_dir):
    server.add_agent(*ANNA)
    server.add_customer_user(CARLA.login, CARLA.password, CARLA.first, CARLA.last)
    anna = browsers.new("anna")
    agent_login(anna, server, ANNA.login, ANNA.password)
    set_availability(anna, "external")

    visitor = browsers.new("visitor")
    visitor.get(server.url("/otrs/public.pl?Action=PublicChat"))
    visible(visitor, "#ce-public-form", "the public start form")
    assert_accessible(visitor, "public-start-form", journey_dir)
    shot(visitor, "public-start-form")
    chat_id = visitor_start_chat(visitor, "Vera Visitor", "Hello, I need help with my order.")
    wait_widget(visitor, chat_id, "request")
    accept_public(anna, visitor, chat_id, "Hello, I need help with my order.")
    exchange(anna, visitor, chat_id, "Hi Vera, which order is it?", "Number 4711, thank you!")
    assert_accessible(visitor, "public-chat-running", journey_dir)
    shot(visitor, "public-chat-running")
    assert_accessible(anna, "agent-chat-manager-running", journey_dir)
    shot(anna, "agent-chat-manager-running")

    carla = browsers.new("carla")
    customer_login(carla, server, CARLA.login, CARLA.password)
    assert_accessible(carla, "customer-chat-page", journey_dir)
    shot(carla, "customer-chat-page")
    customer_id = customer_chat(carla, anna, "Is my invoice ready?")
    exchange(anna, carla, customer_id, "Yes, it is in your account.", "Great, thanks!")
    assert_accessible(carla, "customer-chat-running", journey_dir)
    shot(carla, "customer-chat-running")


def test_accessibility_website_widget(server, browsers, shot, journey_dir):
    """The widget on the generator's stand-in website (the real loader): launcher, open panel, chat frame."""
    server.add_agent(*ANNA)
    anna = browsers.new("anna")
    agent_login(anna, server, ANNA.login, ANNA.password)
    set_availability(anna, "external")
    credentials = server.credentials()
    admin = browsers.new("admin")
    open_shadow_roots(admin)
    agent_login(admin, server, credentials["agent.login"], credentials["agent.password"])
    admin.get(server.url("/otrs/index.pl?Action=AgentChatWidgetIntegration;Subaction=Preview;Reload=1#%7B%7D"))
    wait_launcher(admin, "Chat with us")
    assert_accessible(admin, "widget-launcher", journey_dir)
    assert_widget_in_landmark("widget-launcher", journey_dir)
    shot(admin, "widget-launcher")
    launcher(admin).click()
    until(admin, lambda d: launcher(d).get_attribute("aria-expanded") == "true", "the open panel")
    frame = until(admin, lambda d: (d.find_element(By.CSS_SELECTOR, "chatengine-widget").shadow_root
                                    .find_elements(By.CSS_SELECTOR, "iframe") or [None])[0], "the chat frame")
    admin.switch_to.frame(frame)
    visible(admin, "#ce-public-form", "the start form in the widget")
    admin.switch_to.default_content()
    assert_accessible(admin, "widget-open", journey_dir)
    assert_widget_in_landmark("widget-open", journey_dir)
    shot(admin, "widget-open")
    admin.switch_to.frame(frame)
    assert_accessible(admin, "widget-frame-start-form", journey_dir)
    chat_id = visitor_start_chat(admin, "Wanda Widget", "Hello from the website")
    admin.switch_to.default_content()
    accept_public_in_frame(anna, admin, frame, chat_id)
    admin.switch_to.frame(frame)
    assert_accessible(admin, "widget-frame-chat-running", journey_dir)
    admin.switch_to.default_content()
    shot(admin, "widget-chat-running")


def assert_widget_in_landmark(name: str, journey_dir) -> None:
    """axe's moderate "region" finding (content outside every landmark) must not name the widget's elements: the
    loader gives them a landmark of their own. Read from the a11y-<name>.json that assert_accessible wrote."""
    report = json.loads((journey_dir / f"a11y-{name}.json").read_text(encoding="utf-8"))
    region = [v for v in report["violations"] if v["id"] == "region"]
    # axe 3.1 reports it on <html>, the content outside every landmark as related nodes
    widget = [related["target"] for v in region for node in v["nodes"] for check in node["all"] + node["any"] + node["none"]
              for related in check.get("relatedNodes", []) if "chatengine-widget" in json.dumps(related["target"])]
    assert not widget, f"{name}: the widget sits outside every landmark (axe 'region'): {widget}"


def accept_public_in_frame(anna, host, frame, chat_id) -> None:
    """Anna accepts the widget's request and answers; the frame shows her message."""
    from harness.pages import accept_request, send_message, wait_message, wait_request
    wait_request(anna, "public", chat_id)
    accept_request(anna, "public", chat_id)
    wait_message(anna, chat_id, "Hello from the website")
    send_message(anna, chat_id, "Hello Wanda, how can I help?")
    host.switch_to.frame(frame)
    try:
        wait_widget(host, chat_id, "active")
        wait_message(host, chat_id, "Hello Wanda, how can I help?")
    finally:
        host.switch_to.default_content()
