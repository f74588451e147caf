"""Texts in the visitor's language (issue 19): with `Accept-Language: de` the public chat page, its script's
texts and the configured Texts are German (Kernel/Language/de_ChatEngine.pm); `Lang=en` overrides the
browser; the widget's per-site `texts` with a `#de` variant win in the frame; the chat's system lines come in
German over the live socket while the agent reads them in English.
"""

import json

from harness.pages import attribute, css, flash_items, type_text, until, visible, wait_message, wait_widget, widget
from harness.staticsite import StaticSite
from test_journeys import ANNA, accept_public, agent, visitor_start_chat


def german_browser(browsers, name: str):
    """A browser whose requests say Accept-Language: de-DE,de;q=0.9,en;q=0.5 (as Chrome with --lang=de)."""
    driver = browsers.new(name)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}})
    return driver


def test_public_chat_in_german_by_accept_language(server, browsers, shot):
    server.add_agent(*ANNA)
    anna = agent(browsers, server, ANNA, "external")
    greta = german_browser(browsers, "greta")
    greta.get(server.url("/otrs/public.pl?Action=PublicChat"))
    visible(greta, "#ce-public-form", "the start form")
    assert attribute(greta, "html", "lang") == "de"
    assert css(greta, "label[for=ce-public-name]").text == "Ihr Name"
    assert css(greta, "#ce-public-start").text == "Chat starten"
    assert css(greta, "#ce-public-intro").text == "Haben Sie eine Frage? Chatten Sie mit uns."
    shot(greta, "german-start-form")

    # the script's own texts: a missing name is refused in German
    css(greta, "#ce-public-message").send_keys("Hallo")
    css(greta, "#ce-public-start").click()
    error = until(greta, lambda d: css(d, "#ce-public-error").is_displayed() and css(d, "#ce-public-error").text,
                  "the form's own error")
    assert error == "Bitte geben Sie Ihren Namen ein.", error

    # an address the form lets through but the server refuses: its refusal (code BadAddress) comes in German
    type_text(greta, "#ce-public-email", "greta@.example.com")
    chat_id = visitor_start_chat(greta, "Greta", "Hallo, eine Frage")
    refusal = until(greta, lambda d: flash_items(d, "BadAddress"), "the server's refusal of the address")
    assert refusal == ["„greta@.example.com“ ist keine E-Mail-Adresse wie name@example.com."], refusal
    wait_widget(greta, chat_id, "request")
    notice = until(greta, lambda d: css(d, f'{widget(chat_id)} [data-test="waiting-notice"]').text, "the waiting text")
    assert notice == "Ihre Chat-Anfrage wurde gesendet. Bitte warten Sie, ein Agent ist gleich für Sie da.", notice
    placeholder = attribute(greta, f'{widget(chat_id)} textarea', "placeholder")
    assert placeholder.startswith("Ihre Nachricht"), placeholder
    shot(greta, "german-waiting")
    accept_public(anna, greta, chat_id, "Hallo, eine Frage")
    # the chat's system lines, rendered on the server, come over the live socket in German too
    requested = wait_message(greta, chat_id, "Greta hat einen Chat angefragt.")
    joined = wait_message(greta, chat_id, "Support Agent 1 hat den Chat betreten.")
    assert requested["kind"] == joined["kind"] == "system", (requested, joined)
    shot(greta, "german-system-lines")
    # the agent's screen stays English whatever the visitor reads
    assert css(anna, "html").get_attribute("lang") in ("en", None)
    assert wait_message(anna, chat_id, "Greta has requested a chat.")["kind"] == "system"

    # Lang= (the widget's language option) wins over the browser
    english = german_browser(browsers, "greta-en")
    english.get(server.url("/otrs/public.pl?Action=PublicChat;IsIframe=1;Lang=en"))
    visible(english, "#ce-public-form", "the start form")
    assert css(english, "#ce-public-start").text == "Start chat"


def test_site_texts_with_de_variant_in_the_frame(server, browsers, shot):
    """The frame's init message carries the site's texts: `welcomeMessage#de` wins for German."""
    server.add_agent(*ANNA)
    agent(browsers, server, ANNA, "external")
    greta = german_browser(browsers, "greta")
    greta.get(server.url("/otrs/public.pl?Action=PublicChat;IsIframe=1;Lang=de"))
    visible(greta, "#ce-public-form", "the start form")
    texts = {"welcomeMessage": "Welcome!", "welcomeMessage#de": "Herzlich willkommen!",
             "editorPlaceholder#de": "Geben Sie Ihre Nachricht hier ein."}
    # as the loader would answer the frame's `ready` (docs/widget.md), sent from this page to itself
    greta.execute_script("""
        import('%s').then((m) => m.setSiteTexts(arguments[0], 'de'));
    """ % server.url("/otrs-web/js/i18n.js"), json.loads(json.dumps(texts)))
    until(greta, lambda d: d.execute_script(
        "return import('%s').then((m) => m.siteText('welcomeMessage'))" % server.url("/otrs-web/js/i18n.js")),
        "the site texts taken")
    chat_id = visitor_start_chat(greta, "Greta", "Hallo")
    wait_widget(greta, chat_id, "request")
    notice = until(greta, lambda d: css(d, f'{widget(chat_id)} [data-test="waiting-notice"]').text, "the waiting text")
    assert notice == "Herzlich willkommen!", notice
    assert attribute(greta, f'{widget(chat_id)} textarea', "placeholder") == "Geben Sie Ihre Nachricht hier ein."
    shot(greta, "german-site-texts")


GERMAN_SITE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Beispiel GmbH</title></head>
<body><h1>Beispiel GmbH</h1>
<script async src="%(chat)s/otrs-web/widget/loader.js"></script>
<script>window.ChatEngine=window.ChatEngine||{q:[]};ChatEngine.initChat=ChatEngine.initChat||function(o){ChatEngine.q.push(o)};
ChatEngine.initChat({server: '%(chat)s/otrs/', language: 'de', title: 'Beispiel-Support', texts: %(texts)s});</script>
</body></html>
"""


def test_widget_texts_de_variant_through_the_loader(server, browsers, shot):
    """The host page's initChat({language: 'de', texts}) reaches the frame: German interface, #de site texts."""
    from test_widget import allow_host, into_frame, launcher, visitor_browser

    texts = {"welcomeMessage": "Welcome!", "welcomeMessage#de": "Herzlich willkommen bei Beispiel!",
             "editorPlaceholder#de": "Geben Sie Ihre Nachricht hier ein."}
    site = StaticSite({"/": GERMAN_SITE % {"chat": server.base_url, "texts": json.dumps(texts)}})
    try:
        allow_host(server, [site.url])
        server.add_agent(*ANNA)
        agent(browsers, server, ANNA, "external")
        visitor = visitor_browser(browsers, "greta-site")  # an English browser: the widget's language decides
        visitor.get(site.url + "/")
        launcher(visitor).click()
        into_frame(visitor)
        visible(visitor, "#ce-public-form", "the start form in the frame")
        until(visitor, lambda d: css(d, "#ce-public-start").text == "Chat starten", "the German start button")
        chat_id = visitor_start_chat(visitor, "Greta", "Hallo")
        wait_widget(visitor, chat_id, "request")
        notice = until(visitor, lambda d: css(d, f'{widget(chat_id)} [data-test="waiting-notice"]').text, "the waiting text")
        assert notice == "Herzlich willkommen bei Beispiel!", notice
        assert attribute(visitor, f'{widget(chat_id)} textarea', "placeholder") == "Geben Sie Ihre Nachricht hier ein."
        shot(visitor, "widget-german-site-texts")
    finally:
        site.close()
