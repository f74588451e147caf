"""Issue 19's snippet generator in Chromium (AgentChatWidgetIntegration): the admin opens it from the chat
manager, moves through the ARIA tabs with the keyboard, changes options and sees the Integration Code follow at
once (a `</script>` in the title stays inside its string), copies it, is told about mixed content, and the
Preview shows the real widget with those options, again after a change and after Reload. A plain agent is
refused. Screenshots of the three tabs and the preview.
"""

import json

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from harness.accessibility import open_shadow_roots
from harness.pages import agent_login, attribute, click, css, type_text, until, visible

PLAIN = ("plain", "Plain", "Agent", "plain-pw-1")


def code(driver) -> str:
    """The Integration Code as the page holds it (textContent: the panel may be hidden)."""
    return css(driver, "#ce-wi-code").get_attribute("textContent")


def queued_options(driver) -> dict:
    """What the code's init call passes, by running its inline script in a sandbox of the page."""
    return driver.execute_script(r"""
      const code = document.getElementById('ce-wi-code').textContent;
      const start = code.indexOf('<script>') + 8, end = code.toLowerCase().indexOf('</script', start);
      const window = {}; window.window = window;
      new Function('window', 'with (window) {' + code.slice(start, end) + '}')(window);
      return window.ChatEngine.q[0];
    """)


def selected_tab(driver) -> str:
    return css(driver, '#ce-wi [role="tab"][aria-selected="true"]').get_attribute("id")


def launcher(driver):
    """The widget's launcher on the current document (in its shadow root, opened for the test), or None."""
    hosts = driver.find_elements(By.CSS_SELECTOR, "chatengine-widget")
    if not hosts:
        return None
    buttons = hosts[0].shadow_root.find_elements(By.CSS_SELECTOR, "button[aria-controls]")
    return buttons[0] if buttons else None


def wait_launcher(driver, text: str):
    """In the preview frame: the launcher shows `text`."""
    def shown(d):
        button = launcher(d)
        return button if button is not None and button.is_displayed() and text in button.text else None
    return until(driver, shown, f"the widget's launcher saying {text!r} in the preview",
                 describe=lambda: (launcher(driver).text if launcher(driver) is not None else "no launcher")
                 + " on " + driver.current_url)


def in_preview(driver, action):
    """Runs `action(driver)` inside the preview frame, once it has loaded the current options."""
    frame = visible(driver, "#ce-wi-preview", "the preview frame")
    driver.switch_to.frame(frame)
    try:
        return action(driver)
    finally:
        driver.switch_to.default_content()


def test_generator_option_code_copy_and_preview(server, browsers, shot):
    credentials = server.credentials()
    admin = browsers.new("admin")
    open_shadow_roots(admin)
    admin.execute_cdp_cmd("Browser.grantPermissions", {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
                                                       "origin": server.base_url})
    agent_login(admin, server, credentials["agent.login"], credentials["agent.password"])
    click(admin, "#ce-chat-integration", "the chat manager's Chat integration button")
    visible(admin, "#ce-wi-tab-config", "the generator's tabs")
    assert selected_tab(admin) == "ce-wi-tab-config"

    # fresh: every default left out, the server is this ChatEngine, the loader under the web path
    assert queued_options(admin) == {"server": server.url("/otrs/")}
    assert code(admin).startswith(f'<script async src="{server.url("/otrs-web/widget/loader.js")}"></script>')

    title = 'Help </script><b>"now"</b>'
    type_text(admin, "#ce-wi-title", title)
    type_text(admin, "#ce-wi-launcher", "Talk to us")
    click(admin, "#ce-wi-show-unavailable")
    css(admin, "#ce-wi-position option[value='bottom-left']").click()
    type_text(admin, 'input[data-text="noAgents"]', "Nobody here.")
    type_text(admin, 'input[data-variant="noAgents"]', "Niemand da.")
    admin.execute_script("window.scrollTo(0, 0)")
    shot(admin, "generator-configuration")

    # the keyboard: the selected tab is the one tab stop; arrows move and show the panel
    css(admin, "#ce-wi-tab-config").send_keys(Keys.ARROW_RIGHT)
    until(admin, lambda d: selected_tab(d) == "ce-wi-tab-code", "the code tab after ArrowRight")
    assert admin.switch_to.active_element.get_attribute("id") == "ce-wi-tab-code"
    assert css(admin, "#ce-wi-panel-code").is_displayed() and not css(admin, "#ce-wi-panel-config").is_displayed()
    assert attribute(admin, "#ce-wi-tab-config", "tabindex") == "-1"

    text = code(admin)
    assert '"launcherText": "Talk to us"' in text and '"showWhenUnavailable": true' in text
    assert "\\u003c/script\\u003e" in text and "</script><b>" not in text, "the title cannot end the script"
    options = queued_options(admin)
    assert options["title"] == title and options["position"] == "bottom-left"
    assert options["texts"] == {"noAgents": "Nobody here.", "noAgents#de": "Niemand da."}
    # the page shows the code as text: the markup in the title is not markup in the page
    assert not admin.find_elements(By.CSS_SELECTOR, "#ce-wi-code b")
    shot(admin, "generator-integration-code")

    click(admin, "#ce-wi-copy")
    until(admin, lambda d: "Copied" in css(d, "#ce-wi-copy-status").text, "the copy's status",
          describe=lambda: css(admin, "#ce-wi-copy-status").text)
    pasted = admin.execute_async_script("navigator.clipboard.readText().then(arguments[0], e => arguments[0]('ERR ' + e))")
    assert pasted == text, "the clipboard holds exactly the code"
    # without the Clipboard API (an http site, a refused permission) the code is selected and copied the old way
    admin.execute_script("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true})")
    admin.execute_script("document.getElementById('ce-wi-copy-status').textContent = ''")
    click(admin, "#ce-wi-copy")
    until(admin, lambda d: css(d, "#ce-wi-copy-status").text, "the fallback's status")
    assert admin.execute_script("return String(window.getSelection())") == text, "the whole code is selected"

    # Home and End; then back to Configuration for the protocol check
    css(admin, "#ce-wi-tab-code").send_keys(Keys.END)
    until(admin, lambda d: selected_tab(d) == "ce-wi-tab-preview", "the preview tab after End")
    admin.switch_to.active_element.send_keys(Keys.HOME)
    until(admin, lambda d: selected_tab(d) == "ce-wi-tab-config", "the configuration tab after Home")
    assert not css(admin, "#ce-wi-mixed").is_displayed()
    type_text(admin, "#ce-wi-website", "https://www.example.com/")
    until(admin, lambda d: css(d, "#ce-wi-mixed").is_displayed(), "the mixed-content note")
    note = css(admin, "#ce-wi-mixed").text
    assert "https://www.example.com is served over https" in note and "HttpType" in note, note
    css(admin, "#ce-wi-website").clear()
    type_text(admin, "#ce-wi-website", "http://www.example.com/")
    until(admin, lambda d: not css(d, "#ce-wi-mixed").is_displayed(), "no note for an http website")

    # the preview: the real widget with these options (nobody is available: shown because of the option)
    click(admin, "#ce-wi-tab-preview")
    first_src = attribute(admin, "#ce-wi-preview", "src")
    assert "Subaction=Preview" in first_src
    in_preview(admin, lambda d: wait_launcher(d, "Talk to us"))
    side = in_preview(admin, lambda d: d.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.left, innerWidth - r.right]", launcher(d)))
    assert side[0] < side[1], f"bottom-left: nearer the left edge ({side})"
    admin.execute_script("arguments[0].scrollIntoView({block: 'end'})", css(admin, "#ce-wi-preview"))
    shot(admin, "generator-preview")
    # the launcher opens the chat panel with the chat frame in it
    in_preview(admin, lambda d: wait_launcher(d, "Talk to us").click())
    in_preview(admin, lambda d: until(d, lambda f: launcher(f).get_attribute("aria-expanded") == "true", "the open panel"))
    shot(admin, "generator-preview-open")

    # a change shows in the preview when it is opened again
    click(admin, "#ce-wi-tab-config")
    type_text(admin, "#ce-wi-launcher", "Ask Anna")
    click(admin, "#ce-wi-tab-preview")
    until(admin, lambda d: attribute(d, "#ce-wi-preview", "src") != first_src, "the preview reloading with the change")
    in_preview(admin, lambda d: wait_launcher(d, "Ask Anna"))

    # Reload loads the page anew (a mark left in the old document is gone)
    in_preview(admin, lambda d: d.execute_script("window.__old = true"))
    click(admin, "#ce-wi-reload")
    until(admin, lambda d: in_preview(d, lambda f: f.execute_script("return !window.__old")), "a new preview document")
    opened = in_preview(admin, lambda d: wait_launcher(d, "Ask Anna"))
    assert opened is not None
    admin.execute_script("arguments[0].scrollIntoView({block: 'end'})", css(admin, "#ce-wi-preview"))
    shot(admin, "generator-preview-reloaded")
    got = in_preview(admin, lambda d: d.execute_script("return window.location.hash"))
    assert json.loads(__import__("urllib.parse").parse.unquote(got[1:]))["launcherText"] == "Ask Anna"


def test_generator_refused_to_a_plain_agent(server, browsers):
    server.add_agent(*PLAIN)
    plain = browsers.new("plain")
    agent_login(plain, server, PLAIN[0], PLAIN[3])
    assert not plain.find_elements(By.CSS_SELECTOR, "#ce-chat-integration"), "no button for a plain agent"
    plain.get(server.url("/otrs/index.pl?Action=AgentChatWidgetIntegration"))
    until(plain, lambda d: "no permission" in d.find_element(By.TAG_NAME, "body").text, "the refusal")
    assert not plain.find_elements(By.CSS_SELECTOR, "#ce-wi-tab-config")


def test_preview_works_when_only_other_sites_are_allowed(server, browsers, shot):
    """With `AllowedOrigins` listing only the company's website, the preview (hosted by ChatEngine itself) still
    shows the widget and its chat frame."""
    config = server.home / "Kernel/Config.pm"
    server.stop()
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    return 1;\n}", "    $Self->{'ChatEngine::PublicInterface::AllowedOrigins'} = ['https://www.example.com'];\n"
        "    return 1;\n}"), encoding="utf-8")
    server.start()
    credentials = server.credentials()
    admin = browsers.new("admin")
    open_shadow_roots(admin)
    agent_login(admin, server, credentials["agent.login"], credentials["agent.password"])
    admin.get(server.url("/otrs/index.pl?Action=AgentChatWidgetIntegration"))
    click(admin, "#ce-wi-show-unavailable")
    click(admin, "#ce-wi-tab-preview")
    in_preview(admin, lambda d: wait_launcher(d, "Chat with us").click())

    def frame_text(d):
        frames = d.find_element(By.CSS_SELECTOR, "chatengine-widget").shadow_root.find_elements(By.CSS_SELECTOR, "iframe")
        if not frames:
            return None
        d.switch_to.frame(frames[0])
        try:
            return d.find_element(By.TAG_NAME, "body").text or None
        finally:
            d.switch_to.parent_frame()
    text = in_preview(admin, lambda d: until(d, frame_text, "the chat frame's page in the preview"))
    assert "not allowed" not in text and "refused" not in text.lower(), text
    admin.execute_script("arguments[0].scrollIntoView({block: 'end'})", css(admin, "#ce-wi-preview"))
    shot(admin, "preview-with-allowed-origins")
