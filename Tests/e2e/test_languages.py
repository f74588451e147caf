"""Texts in the visitor's language (issue 19): with `Accept-Language: de` the public chat page, its script's
texts and the configured Texts are German (Kernel/Language/de_ChatEngine.pm); `Lang=en` overrides the
browser; the widget's per-site `texts` with a `#de` variant win in the frame.
"""

import json

from harness.pages import attribute, css, until, visible, wait_widget, widget
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

    chat_id = visitor_start_chat(greta, "Greta", "Hallo, eine Frage")
    wait_widget(greta, chat_id, "request")
    notice = until(greta, lambda d: css(d, f'{widget(chat_id)} [data-test="waiting-notice"]').text, "the waiting text")
    assert notice == "Ihre Chat-Anfrage wurde gesendet. Bitte warten Sie, ein Agent ist gleich für Sie da.", notice
    placeholder = attribute(greta, f'{widget(chat_id)} textarea', "placeholder")
    assert placeholder.startswith("Ihre Nachricht"), placeholder
    shot(greta, "german-waiting")
    accept_public(anna, greta, chat_id, "Hallo, eine Frage")
    # the agent's screen stays English whatever the visitor reads
    assert css(anna, "html").get_attribute("lang") in ("en", None)

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
