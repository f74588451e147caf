"""Issue 15 in a real browser: ChatEngine standalone without the command line. The admin creates an agent,
gives chat_owner on a new group through a role, creates a channel on that group; the new agent logs in and
accepts a visitor's chat there. A customer user created on the screen logs in and changes their password.
Every admin screen leaves a screenshot in the journey folder.
"""

import pytest
from selenium.webdriver.common.by import By

from harness.pages import (accept_alert_if_any, accept_request, agent_login, attribute, choose, click, css,
                           customer_login, login, set_availability, type_text, until, visible, wait_message,
                           wait_request, wait_widget)
from test_journeys import exchange, visitor_start_chat


def fill(driver, fields: dict) -> None:
    """Types into the form's fields by id (clearing them first)."""
    for selector, value in fields.items():
        element = css(driver, selector)
        element.clear()
        type_text(driver, selector, value)


def open_screen(driver, server, query: str, title: str):
    driver.get(server.url(f"/otrs/index.pl?{query}"))
    until(driver, lambda d: title in css(d, "h1").text, f"the screen {title!r}",
          describe=lambda: css(driver, "h1").text if driver.find_elements(By.CSS_SELECTOR, "h1") else driver.current_url)


def save(driver) -> None:
    click(driver, "#ce-save")


def notice(driver, text: str) -> None:
    until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".ce-notice") and text in css(d, ".ce-notice").text,
          f"the notice {text!r}",
          describe=lambda: css(driver, ".ce-error").text if driver.find_elements(By.CSS_SELECTOR, ".ce-error") else "")


def tick(driver, name: str) -> None:
    box = css(driver, f'input[name="{name}"]')
    if not box.is_selected():
        box.click()


@pytest.mark.server_config({"ChatEngine::PublicInterface::AllowChatChannels": 1})
def test_admin_builds_a_team_without_the_command_line(server, browsers, shot):
    credentials = server.credentials()
    root = browsers.new("admin")
    agent_login(root, server, credentials["agent.login"], credentials["agent.password"])
    click(root, "#ce-nav-admin")
    visible(root, "#ce-admin-AdminUser", "the overview's link to AdminUser")
    shot(root, "admin-overview")

    # an agent: first with a bad e-mail (refused, what was typed stays), then right
    open_screen(root, server, "Action=AdminUser", "Agents")
    shot(root, "admin-user-list")
    click(root, "#ce-add")
    fill(root, {"#ce-user-login": "bob", "#ce-user-firstname": "Bob", "#ce-user-lastname": "Builder",
                "#ce-user-email": "bob-at-example", "#ce-user-password": "bob-pw-1"})
    root.execute_script("document.getElementById('ce-user-email').type = 'text';")  # past the browser's own check
    save(root)
    error = visible(root, ".ce-error", "the refusal of a bad e-mail")
    assert "E-mail" in error.text, error.text
    assert attribute(root, "#ce-user-firstname", "value") == "Bob", "the form kept what was typed"
    shot(root, "admin-user-refused-kept")
    fill(root, {"#ce-user-email": "bob@example.com", "#ce-user-password": "bob-pw-1"})
    save(root)
    notice(root, "Agent bob added.")
    visible(root, '#ce-user-list tr[data-login="bob"]')

    # a group and a role with chat_owner on it; bob gets the role
    open_screen(root, server, "Action=AdminGroup;Subaction=Add", "Add group")
    fill(root, {"#ce-entry-name": "sales"})
    shot(root, "admin-group-add")
    save(root)
    notice(root, "Group sales added.")
    shot(root, "admin-group-list")
    open_screen(root, server, "Action=AdminRole;Subaction=Add", "Add role")
    fill(root, {"#ce-entry-name": "chatters"})
    save(root)
    notice(root, "Role chatters added.")
    shot(root, "admin-role-list")
    click(root, '#ce-entry-list tr[data-name="chatters"] a[data-matrix="AdminRoleGroup"]')
    visible(root, "#ce-matrix")
    # chat_owner on sales takes its chats; the chat screen itself needs rw on users (AgentChat's registration)
    tick(root, f'K_{css(root, "#ce-matrix tr[data-name=sales]").get_attribute("data-line")}_chat_owner')
    tick(root, f'K_{css(root, "#ce-matrix tr[data-name=users]").get_attribute("data-line")}_rw')
    save(root)
    notice(root, "Saved for chatters.")
    shot(root, "admin-role-group")
    open_screen(root, server, "Action=AdminRoleUser", "Agents ↔ roles")
    shot(root, "admin-role-user-overview")
    click(root, '.ce-matrix-side[data-side="Role"] li a')
    visible(root, "#ce-matrix")
    bob_line = css(root, '#ce-matrix tr[data-name^="bob "]').get_attribute("data-line")
    tick(root, f"K_{bob_line}_member")
    save(root)
    notice(root, "Saved for chatters.")
    shot(root, "admin-role-user")
    open_screen(root, server, f"Action=AdminUserGroup;Subaction=User;ID={bob_line}", "Agents ↔ groups")
    shot(root, "admin-user-group")

    # a channel on sales
    open_screen(root, server, "Action=AdminChatChannel;Subaction=Add", "Add chat channel")
    fill(root, {"#ce-channel-name": "Sales chat"})
    choose(root, "#ce-channel-group", "sales")
    click(root, 'form#ce-channel-form button[type="submit"]')
    notice(root, "Chat channel Sales chat added.")
    channel_id = next(c["id"] for c in server.channels() if c["name"] == "Sales chat")
    until(root, lambda d: (d.refresh() or True)
          and not d.find_elements(By.CSS_SELECTOR, f'#ce-channel-list tr[data-channel-id="{channel_id}"] [data-no-owners]'),
          "no warning for the Sales chat channel (bob can take its chats)")
    shot(root, "admin-chat-channel")

    # bob logs in, goes external and takes a visitor's chat in Sales chat
    bob = browsers.new("bob")
    agent_login(bob, server, "bob", "bob-pw-1")
    set_availability(bob, "external")
    visitor = browsers.new("visitor")
    visitor.get(server.url("/otrs/public.pl?Action=PublicChat"))
    choose(visitor, "#ce-public-channel", str(channel_id))
    chat_id = visitor_start_chat(visitor, "Vera Visitor", "Hello sales")
    wait_widget(visitor, chat_id, "request")
    wait_request(bob, "public", chat_id)
    accept_request(bob, "public", chat_id)
    wait_widget(visitor, chat_id, "active")
    wait_message(bob, chat_id, "Hello sales")
    exchange(bob, visitor, chat_id, "Hi, Bob from sales here", "Great, thanks")
    shot(bob, "bob-took-the-chat")

    # bob's preferences screen (with the header's availability switch)
    click(bob, "#ce-nav-preferences")
    visible(bob, "#ce-preferences-form")
    until(bob, lambda d: attribute(d, "#ce-availability", "data-state") == "external", "the header's availability")
    shot(bob, "agent-preferences")


def test_customer_user_from_the_screen_changes_their_password(server, browsers, shot):
    credentials = server.credentials()
    root = browsers.new("admin")
    login(root, server.url("/otrs/index.pl?Action=AdminCustomerCompany"), credentials["agent.login"],
          credentials["agent.password"], "Agent")
    open_screen(root, server, "Action=AdminCustomerCompany;Subaction=Add", "Add customer company")
    fill(root, {"#ce-company-id": "acme", "#ce-company-name": "ACME & Söhne"})
    save(root)
    notice(root, "Customer company acme added.")
    shot(root, "admin-customer-company")
    click(root, '#ce-company-list tr[data-customer-id="acme"] a[href*="Subaction=Add"]')
    visible(root, "#ce-customer-form")
    fill(root, {"#ce-customer-login": "carla", "#ce-customer-firstname": "Carla", "#ce-customer-lastname": "Kunde",
                "#ce-customer-email": "carla@example.com", "#ce-customer-password": "carla-pw-1"})
    assert css(root, "#ce-customer-company").get_attribute("value") == "acme"
    shot(root, "admin-customer-user-add")
    save(root)
    notice(root, "Customer user carla added.")
    shot(root, "admin-customer-user-list")

    carla = browsers.new("carla")
    customer_login(carla, server, "carla", "carla-pw-1")
    click(carla, "#ce-nav-preferences")
    visible(carla, "#ce-password-form")
    fill(carla, {"#ce-current-password": "wrong", "#ce-new-password": "carla-pw-2", "#ce-new-password-again": "carla-pw-2"})
    click(carla, "#ce-password-save")
    assert "Current password is wrong" in visible(carla, ".ce-error").text
    fill(carla, {"#ce-current-password": "carla-pw-1", "#ce-new-password": "carla-pw-2",
                 "#ce-new-password-again": "carla-pw-2"})
    click(carla, "#ce-password-save")
    notice(carla, "Your password was changed")
    shot(carla, "customer-preferences")
    click(carla, "#ce-logout")
    visible(carla, "#ce-login-form")
    customer_login(carla, server, "carla", "carla-pw-2")
    shot(carla, "customer-logged-in-with-new-password")

    # the admin invalidates carla (after confirming): her open page's session is gone
    root.get(server.url("/otrs/index.pl?Action=AdminCustomerUser;Search=carla"))
    click(root, '#ce-customer-list tr[data-login="carla"] a.ce-edit')
    choose(root, "#ce-valid", "2")
    save(root)
    question = accept_alert_if_any(root)
    assert question and "Invalidate" in question, f"no confirmation asked: {question!r}"
    notice(root, "Customer user carla updated.")
    carla.refresh()
    visible(carla, "#ce-login-form", "the login form for the invalidated customer user")
