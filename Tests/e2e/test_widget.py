"""Issue 19's website widget in Chromium (docs/widget.md): the loader on third-party pages served from another
origin (http://localhost:<port>, ChatEngine on http://127.0.0.1:<port>) with third-party cookies blocked; a
visitor chats, moves to another page of the site and reloads, and the chat continues with nothing lost or
doubled; a page with jQuery and a strict CSS reset on a phone-sized screen; a site not in AllowedOrigins gets no
launcher; and the size budget (loader < 5 KB, all a visitor downloads before the first message < 30 KB, gzipped).
Screenshots go to E2E_OUTPUT/<test>/.
"""

import gzip
import json
import re
import tempfile
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from harness.accessibility import open_shadow_roots
from harness.browser import CHROMEDRIVER, CHROMIUM, MAX_WAIT
from harness.pages import (accept_request, agent_login, any_widget, attribute, chat_history, css, message_texts,
                           messages, send_message, set_availability, type_text, until, wait_message, wait_request,
                           wait_widget, widget)
from harness.server import free_port
from harness.staticsite import StaticSite

SITES = Path(__file__).parent / "sites"
JQUERY = Path("/usr/share/javascript/jquery/jquery.min.js")  # Debian's libjs-jquery, when installed
HOST_PORT = free_port()  # the host site's port, known before the server's config is written
HOST = f"http://localhost:{HOST_PORT}"


class HostSite:
    """The company's website: the pages of Tests/e2e/sites with {{CHAT}} set to ChatEngine's URL."""

    def __init__(self, chat_url: str, port: int):
        def page(name: str, **values) -> bytes:
            text = (SITES / name).read_text(encoding="utf-8")
            for key, value in dict(values, CHAT=chat_url).items():
                text = text.replace("{{" + key + "}}", value)
            return text.encode()
        jquery = JQUERY.read_bytes() if JQUERY.exists() else (SITES / "jquery-fallback.js").read_bytes()
        self.jquery_is_real = JQUERY.exists()
        files = {
            "/": ("text/html", page("plain.html", PAGE="Home", NEXT="/products")),
            "/products": ("text/html", page("plain.html", PAGE="Products", NEXT="/")),
            "/shop": ("text/html", page("jquery.html")),
            "/reset.css": ("text/css", (SITES / "reset.css").read_bytes()),
            "/jquery.min.js": ("application/javascript", jquery),
        }

        self._site = StaticSite(files, port, name="widget-host")
        self.port = port

    def close(self) -> None:
        self._site.close()


def allow_host(server, origins) -> None:
    """`AllowedOrigins` (an array: the harness writes scalars only) in the server's Config.pm, then a restart."""
    config = server.home / "Kernel/Config.pm"
    server.stop()
    listed = ", ".join(f"'{origin}'" for origin in origins)
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    return 1;\n}", f"    $Self->{{'ChatEngine::PublicInterface::AllowedOrigins'}} = [{listed}];\n    return 1;\n}}"),
        encoding="utf-8")
    server.start()


@pytest.fixture
def site(server):
    allow_host(server, [HOST])
    host = HostSite(server.base_url, HOST_PORT)
    yield host
    host.close()


def visitor_browser(browsers, name: str, mobile: bool = False):
    """A Chromium that blocks third-party cookies (so the frame's own storage is unusable), with shadow roots
    opened for the test; `mobile`: a 390x740 phone with touch."""
    profile = tempfile.TemporaryDirectory(prefix=f"e2e-{name}-")
    browsers._profiles.append(profile)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                     f"--user-data-dir={profile.name}", "--no-first-run", "--no-default-browser-check", "--disable-gpu",
                     "--lang=en-US"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"profile.block_third_party_cookies": True,
                                              "profile.cookie_controls_mode": 1})
    if mobile:
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": 390, "height": 740, "pixelRatio": 2, "touch": True, "mobile": True},
            "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                         "Chrome/120.0 Mobile Safari/537.36"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(MAX_WAIT)
    driver.set_script_timeout(MAX_WAIT)
    open_shadow_roots(driver)
    driver.ce_name = name
    browsers.drivers.append((name, driver))
    return driver


def agent(browsers, server):
    driver = browsers.new("agent")
    credentials = server.credentials()
    agent_login(driver, server, credentials["agent.login"], credentials["agent.password"])
    set_availability(driver, "external")
    return driver


def shadow(driver, selector: str):
    hosts = driver.find_elements(By.CSS_SELECTOR, "chatengine-widget")
    if not hosts:
        return None
    found = hosts[0].shadow_root.find_elements(By.CSS_SELECTOR, selector)
    return found[0] if found else None


def launcher(driver):
    return until(driver, lambda d: (lambda b: b if b is not None and b.is_displayed() else None)(shadow(d, "button.l")),
                 "the widget's launcher", describe=lambda: driver.execute_script("return document.title"))


def into_frame(driver):
    """Switches into the widget's chat frame once its page is there."""
    driver.switch_to.default_content()
    frame = until(driver, lambda d: shadow(d, "iframe"), "the widget's chat frame")
    driver.switch_to.frame(frame)
    until(driver, lambda d: attribute(d, "body", "data-interface") == "Public", "the public chat page in the frame")


def host_token(driver, server) -> dict:
    driver.switch_to.default_content()
    raw = driver.execute_script("return sessionStorage.getItem(arguments[0])", f"ChatEngine.widget:{server.base_url}")
    return json.loads(raw) if raw else {}


def test_widget_on_third_party_site_resumes_across_pages(server, site, browsers, shot):
    """Third-party cookies blocked: the chat starts in the frame, survives a move to another page and a reload
    (token kept by the loader in the host page's storage), nothing lost or doubled; agents see the visitor data."""
    anna = agent(browsers, server)
    visitor = visitor_browser(browsers, "visitor")
    visitor.get(f"{HOST}/")
    button = launcher(visitor)
    assert "Chat with Example" in button.text
    assert button.get_attribute("aria-expanded") == "false"
    assert visitor.execute_script("return Object.keys(window).filter(k => /chat/i.test(k))") == ["ChatEngine"], \
        "the loader defines a global besides ChatEngine"
    shot(visitor, "desktop-launcher")
    button.click()
    until(visitor, lambda d: shadow(d, "div.p").is_displayed(), "the open panel")
    assert button.get_attribute("aria-expanded") == "true"
    into_frame(visitor)
    # the frame's own storage is refused as third-party; the visitor data prefilled the form
    assert visitor.execute_script("try { document.cookie = 'x=1'; return document.cookie.includes('x=1'); } catch (e) { return false; }") is False, \
        "third-party cookies are not blocked in this browser"
    until(visitor, lambda d: css(d, "#ce-public-name").get_attribute("value") == "Grete Gast", "the name from pdata")
    until(visitor, lambda d: d.execute_script("return document.activeElement && document.activeElement.id") == "ce-public-name",
          "the focus in the frame's first field")
    shot(visitor, "desktop-form")
    type_text(visitor, "#ce-public-message", "Erste Frage 1")
    css(visitor, "#ce-public-start").click()
    chat_id = until(visitor, lambda d: css(d, any_widget()).get_attribute("data-chat-id"), "the visitor's chat")
    wait_widget(visitor, chat_id, "request")
    assert host_token(visitor, server).get("token", {}).get("ChatID") == chat_id, "the loader did not keep the token"

    wait_request(anna, "public", chat_id)
    accept_request(anna, "public", chat_id)
    wait_message(anna, chat_id, "Erste Frage 1")
    note = until(anna, lambda d: next((m for m in messages(d, chat_id) if m["text"].startswith(f"Website: {HOST}")), None),
                 "the visitor data for agents", describe=lambda: message_texts(anna, chat_id))
    assert "customerNo: K-4711" in note["text"] and "page: Home" in note["text"] and note["internal"], note
    into_frame(visitor)
    wait_widget(visitor, chat_id, "active")
    anna_text = "Antwort 1 von Anna"
    send_message(anna, chat_id, anna_text)
    wait_message(visitor, chat_id, anna_text)
    send_message(visitor, chat_id, "Zweite Frage 2")
    wait_message(anna, chat_id, "Zweite Frage 2")
    shot(visitor, "desktop-chat")

    # another page of the site: the panel is open again, the same chat, each message once
    visitor.switch_to.default_content()
    visitor.find_element(By.ID, "next").click()
    until(visitor, lambda d: "Products" in d.title, "the products page")
    until(visitor, lambda d: shadow(d, "div.p") is not None and shadow(d, "div.p").is_displayed(), "the panel open on the next page")
    into_frame(visitor)
    wait_widget(visitor, chat_id, "active")
    wait_message(visitor, chat_id, anna_text)
    send_message(anna, chat_id, "Antwort 3 nach dem Seitenwechsel")
    wait_message(visitor, chat_id, "Antwort 3 nach dem Seitenwechsel")
    send_message(visitor, chat_id, "Frage 4 auf der Produktseite")
    wait_message(anna, chat_id, "Frage 4 auf der Produktseite")
    shot(visitor, "desktop-next-page")

    # a reload of that page too
    visitor.switch_to.default_content()
    visitor.refresh()
    into_frame(visitor)
    wait_widget(visitor, chat_id, "active")
    wait_message(visitor, chat_id, "Frage 4 auf der Produktseite")
    expected = ["Erste Frage 1", anna_text, "Zweite Frage 2", "Antwort 3 nach dem Seitenwechsel", "Frage 4 auf der Produktseite"]
    seen = [t for t in message_texts(visitor, chat_id) if t in expected]
    assert seen == expected, f"the visitor's chat after two page loads: {seen}"
    recorded = [e["Text"] for e in chat_history(anna, chat_id) if e.get("Kind") == "message" and not e.get("Internal")]
    assert recorded == expected, f"what the server recorded: {recorded}"

    # closing by Escape gives the focus back to the launcher
    css(visitor, f'{widget(chat_id)} [data-test="message-input"]').send_keys(Keys.ESCAPE)
    visitor.switch_to.default_content()
    until(visitor, lambda d: not shadow(d, "div.p").is_displayed(), "the panel closed by Escape")
    assert visitor.execute_script("return document.activeElement.tagName") == "CHATENGINE-WIDGET"
    assert shadow(visitor, "button.l").get_attribute("aria-expanded") == "false"


def test_widget_with_jquery_and_css_reset_on_a_phone(server, site, browsers, shot):
    """A page with jQuery and a strict CSS reset, on a 390x740 phone: the launcher shows (bottom left), the
    page's jQuery still runs, the panel fills the screen, and a chat starts."""
    anna = agent(browsers, server)
    phone = visitor_browser(browsers, "phone", mobile=True)
    phone.get(f"{HOST}/shop")
    until(phone, lambda d: "ran" in d.find_element(By.ID, "jq-status").text, "the page's own jQuery code")
    button = launcher(phone)
    assert "Questions?" in button.text
    rect = phone.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.right, innerWidth]", button)
    assert rect[0] < 40 and rect[1] < rect[2] / 2 + 120, f"launcher not at the bottom left: {rect}"
    shot(phone, "mobile-launcher")
    button.click()
    panel = until(phone, lambda d: (lambda p: p if p is not None and p.is_displayed() else None)(shadow(d, "div.p")), "the panel")
    box = phone.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height, innerWidth, innerHeight]", panel)
    assert box[0] == 0 and box[1] == 0 and box[2] == box[4] and abs(box[3] - box[5]) <= 1, f"not full screen: {box}"
    frame_height = phone.execute_script("return arguments[0].getBoundingClientRect().height", shadow(phone, "iframe"))
    assert frame_height > 500, f"the reset shrank the frame to {frame_height}px"
    into_frame(phone)
    shot(phone, "mobile-form")
    type_text(phone, "#ce-public-name", "Mobile Max")
    type_text(phone, "#ce-public-message", "Vom Handy")
    css(phone, "#ce-public-start").click()
    chat_id = until(phone, lambda d: css(d, any_widget()).get_attribute("data-chat-id"), "the phone's chat")
    wait_request(anna, "public", chat_id)
    accept_request(anna, "public", chat_id)
    wait_widget(phone, chat_id, "active")
    shot(phone, "mobile-chat")
    phone.switch_to.default_content()
    assert "jQuery" in phone.find_element(By.ID, "jq-status").text
    if not site.jquery_is_real:
        print("note: Debian's libjs-jquery is missing; the page used Tests/e2e/sites/jquery-fallback.js")


def test_widget_refused_on_a_site_not_allowed(server, site, browsers, shot):
    """The same page on an origin not in AllowedOrigins (the host by IP, http://127.0.0.1:<port>): no launcher,
    and the console says why."""
    agent(browsers, server)
    stranger = visitor_browser(browsers, "stranger")
    stranger.get(f"http://127.0.0.1:{HOST_PORT}/")
    # the refusal is readable (CORS for the refused site), so the loader says exactly why, not "unreachable"
    until(stranger, lambda d: any("ChatEngine widget: this website (http://127.0.0.1:" in entry.get("message", "")
                                  and "is not in ChatEngine's allowed websites" in entry.get("message", "")
                                  for entry in d.get_log("browser")),
          "the loader's console message naming the refusal")
    assert not stranger.find_elements(By.CSS_SELECTOR, "chatengine-widget"), "the widget stayed on a refused site"
    shot(stranger, "refused-origin")
    # the chat frame itself is refused there too (CSP frame-ancestors, and the server by Referer)
    request = urllib.request.Request(server.url("/otrs/public.pl?Action=PublicChat;IsIframe=1;Widget=1;HostOrigin=")
                                     + urllib.request.quote(f"http://127.0.0.1:{HOST_PORT}", safe=""))
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("the frame was served for a site not allowed")
    except urllib.error.HTTPError as refusal:
        assert refusal.code == 403
        assert f"frame-ancestors 'self' {HOST}" in refusal.headers.get("Content-Security-Policy", "")


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def test_widget_sizes(server, site, journey_dir):
    """Loader < 5 KB gzipped; the loader plus everything the frame loads before the first message (page, styles,
    the modules its script imports statically) < 30 KB gzipped (KB as 1,000 bytes, the stricter reading). The figures go to widget-sizes.txt."""
    def fetch(path: str) -> bytes:
        request = urllib.request.Request(server.url(path), headers={"Referer": f"{HOST}/"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.read()
    sizes = {"widget/loader.js": gzipped(fetch("/otrs-web/widget/loader.js"))}
    page = fetch("/otrs/public.pl?Action=PublicChat;IsIframe=1;Widget=1;HostOrigin=" + urllib.request.quote(HOST, safe=""))
    sizes["public.pl (the frame's page)"] = gzipped(page)
    html = page.decode()
    assets = re.findall(r'<link rel="stylesheet" href="/otrs-web/([^"]+)"', html)
    modules = re.findall(r'<script type="module" src="/otrs-web/([^"]+)"', html)
    assert modules, "the frame page loads no script"
    seen: set[str] = set()
    while modules:
        path = modules.pop()
        if path in seen:
            continue
        seen.add(path)
        source = fetch("/otrs-web/" + path).decode()
        sizes[path] = gzipped(source.encode())
        base = path.rsplit("/", 1)[0]
        # static imports only: import('…') runs when a chat starts, after the first message
        for target in re.findall(r"""^\s*(?:import|export)\s[^;]*?from\s+['"](\.{1,2}/[^'"]+)['"]""", source, re.M):
            parts = (base + "/" + target).split("/")
            resolved: list[str] = []
            for part in parts:
                if part == "..":
                    resolved.pop()
                elif part not in (".", ""):
                    resolved.append(part)
            modules.append("/".join(resolved))
    for path in assets:
        sizes[path] = gzipped(fetch("/otrs-web/" + path))
    total = sum(sizes.values())
    lines = [f"{size:6d}  {name}" for name, size in sorted(sizes.items(), key=lambda item: -item[1])]
    lines.append(f"{total:6d}  total before the first message (gzip -9 of each file)")
    (journey_dir / "widget-sizes.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    assert sizes["widget/loader.js"] < 5_000, f"loader {sizes['widget/loader.js']} bytes gzipped"
    assert total < 30_000, "before the first message:\n" + "\n".join(lines)


@pytest.mark.server_config({"ChatEngine::PublicInterface::WidgetPollInterval": 1})
def test_launcher_waits_for_an_agent(server, site, browsers, shot):
    """While nobody is available the launcher stays hidden (showWhenUnavailable is false); it appears when an agent
    turns external, and goes again when the last one turns unavailable."""
    visitor = visitor_browser(browsers, "visitor")
    visitor.get(f"{HOST}/")
    until(visitor, lambda d: d.find_elements(By.CSS_SELECTOR, "chatengine-widget"), "the widget's element")
    until(visitor, lambda d: d.execute_script("return performance.getEntriesByType('resource').filter("
                                              "e => e.name.includes('WidgetAvailability')).length") >= 2,
          "two availability checks")
    assert not shadow(visitor, "button.l").is_displayed(), "the launcher shows while nobody is available"
    shot(visitor, "no-agent-no-launcher")
    anna = agent(browsers, server)
    launcher(visitor)
    shot(visitor, "agent-external-launcher")
    set_availability(anna, "unavailable")
    until(visitor, lambda d: not shadow(d, "button.l").is_displayed(), "the launcher gone again")
