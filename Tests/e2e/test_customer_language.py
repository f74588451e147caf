"""A customer user's own language (issue 19): with ChatEngine's own directory the customer chat page offers a
labelled language chooser; choosing Deutsch reloads the page in German although the browser asks for English,
and a new chat speaks German too (the stored preference comes before Lang and Accept-Language).
"""

from harness.pages import any_widget, attribute, choose, click, css, customer_login, type_text, until, visible, widget
from test_journeys import ANNA, CARLA, agent


def test_customer_chooses_german(server, browsers, shot):
    server.add_agent(*ANNA)
    server.add_customer_user(CARLA.login, CARLA.password, CARLA.first, CARLA.last)
    agent(browsers, server, ANNA, "external")

    carla = browsers.new("customer")
    carla.execute_cdp_cmd("Network.enable", {})
    carla.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Accept-Language": "en-US,en;q=0.9"}})
    customer_login(carla, server, CARLA.login, CARLA.password)
    assert attribute(carla, "html", "lang") == "en"
    assert css(carla, "label[for=ce-language]").text == "Language"
    assert css(carla, "#ce-new-conversation").text == "New conversation"
    names = [o.text for o in carla.find_elements("css selector", "#ce-language option")]
    assert "Deutsch" in names and "English" in names, names
    shot(carla, "customer-language-chooser")

    choose(carla, "#ce-language", "de")
    click(carla, "#ce-language-save")
    until(carla, lambda d: attribute(d, "html", "lang") == "de", "the page again, in German")
    visible(carla, "#ce-new-conversation", "the German page")
    assert css(carla, "#ce-new-conversation").text == "Neue Unterhaltung"
    assert css(carla, "label[for=ce-language]").text == "Sprache"
    assert css(carla, "#ce-language option:checked").text == "Deutsch"
    shot(carla, "customer-page-in-german")

    # a new chat speaks German too: the form and the waiting text
    click(carla, "#ce-new-conversation")
    assert css(carla, "label[for=ce-new-chat-message]").text == "Ihre Frage"
    type_text(carla, "#ce-new-chat-message", "Hallo, ich habe eine Frage")
    click(carla, "#ce-new-chat-submit")
    chat_id = until(carla, lambda d: css(d, any_widget()).is_displayed() and css(d, any_widget()).get_attribute("data-chat-id"),
                    "the customer's new chat widget")
    notice = until(carla, lambda d: css(d, f'{widget(chat_id)} [data-test="waiting-notice"]').text, "the waiting text")
    assert notice == "Ihre Chat-Anfrage wurde gesendet. Bitte warten Sie, ein Agent ist gleich für Sie da.", notice
    shot(carla, "customer-chat-in-german")
