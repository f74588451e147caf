"""Transcripts as PDF (issue 17) in real browsers: an agent, a customer user and a visitor each click
"Download PDF" and Chromium saves the chat's PDF into the browser's own download folder (in the test's output
folder); pdftotext reads each back: every viewer finds the messages, only the agent the internal one.
"""

import re
import subprocess
import time
from pathlib import Path

from harness.browser import MAX_WAIT
from harness.pages import click, css, customer_login, send_message, visible, wait_message, wait_widget, widget
from test_journeys import ANNA, CARLA, accept_public, agent, customer_chat, exchange, public_visitor

INTERNAL_NOTE = "Intern: Kundin ist VIP"


def downloads_into(driver, folder: Path) -> Path:
    """Chromium saves this browser's downloads into `folder`, without asking."""
    folder.mkdir(parents=True, exist_ok=True)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    return folder


def downloaded_pdf(folder: Path, chat_id: str) -> Path:
    """The finished download of chat `chat_id` (Chromium writes a .crdownload first and renames it when done)."""
    pattern = re.compile(rf"^Chat-{chat_id}_\d{{4}}-\d{{2}}-\d{{2}}\.pdf$")
    deadline = time.monotonic() + MAX_WAIT
    while time.monotonic() < deadline:
        found = [p for p in folder.iterdir() if pattern.match(p.name)]
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no Chat-{chat_id}_YYYY-MM-DD.pdf in {folder}: {sorted(p.name for p in folder.iterdir())}")


def pdf_text(path: Path) -> str:
    assert path.read_bytes().startswith(b"%PDF-"), f"{path} is not a PDF"
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True,
                          timeout=30).stdout


def test_agent_and_visitor_download_their_pdfs(server, browsers, shot, journey_dir):
    server.add_agent(*ANNA)
    anna = agent(browsers, server, ANNA, "external")
    first = "Mein Drucker druckt nur noch Hieroglyphen – 打印机坏了"
    visitor, chat_id = public_visitor(browsers, server.base_url, "Vera Besucherin", first)
    accept_public(anna, visitor, chat_id, first)
    exchange(visitor, anna, chat_id, "Modell LX-300, seit gestern.", "Bitte einmal neu starten.")
    send_message(anna, chat_id, INTERNAL_NOTE, internal=True)
    wait_message(anna, chat_id, INTERNAL_NOTE)

    # the agent, from the chat widget's actions, while the chat runs
    anna_folder = downloads_into(anna, journey_dir / "downloads-agent")
    click(anna, f'{widget(chat_id)} [data-action="download-pdf"]', "the agent's Download PDF")
    shot(anna, "agent-download-pdf")
    agent_text = pdf_text(downloaded_pdf(anna_folder, chat_id))
    for text in ("Vera Besucherin", "Modell LX-300, seit gestern.", "Bitte einmal neu starten.", INTERNAL_NOTE, "Anna Agent"):
        assert text in agent_text, f"{text!r} missing from the agent's PDF:\n{agent_text}"

    # the visitor, after leaving (the chat closes): by the token, posted, never in a URL
    click(visitor, f'{widget(chat_id)} [data-action="leave"]', "the visitor's Leave")
    wait_widget(visitor, chat_id, "closed")
    visitor_folder = downloads_into(visitor, journey_dir / "downloads-visitor")
    url_before = visitor.current_url
    click(visitor, f'{widget(chat_id)} [data-action="download-pdf"]', "the visitor's Download PDF after the chat closed")
    visitor_text = pdf_text(downloaded_pdf(visitor_folder, chat_id))
    assert visitor.current_url == url_before and "VisitorToken" not in visitor.current_url
    shot(visitor, "visitor-download-after-close")
    for text in ("Vera Besucherin", first.split(" – ")[0], "Modell LX-300, seit gestern.", "Bitte einmal neu starten."):
        assert text in visitor_text, f"{text!r} missing from the visitor's PDF:\n{visitor_text}"
    assert INTERNAL_NOTE not in visitor_text and "Anna" not in visitor_text, visitor_text


def test_customer_downloads_from_the_overview_and_agent_from_closed_chats(server, browsers, shot, journey_dir):
    server.add_agent(*ANNA)
    server.add_customer_user(CARLA.login, CARLA.password, CARLA.first, CARLA.last)
    anna = agent(browsers, server, ANNA, "external")
    carla = browsers.new("customer")
    customer_login(carla, server, CARLA.login, CARLA.password)

    first = "Zażółć gęślą jaźń – Rechnung 4711"
    chat_id = customer_chat(carla, anna, first)
    exchange(carla, anna, chat_id, "Sie ist doppelt abgebucht.", "Ich prüfe das – Καλημέρα.")
    send_message(anna, chat_id, INTERNAL_NOTE, internal=True)
    wait_message(anna, chat_id, INTERNAL_NOTE)
    click(carla, f'{widget(chat_id)} [data-action="close"]', "the customer's Close chat")
    wait_widget(carla, chat_id, "closed")

    # the customer user, from the overview of her chats: the closed one has its own PDF link
    carla_folder = downloads_into(carla, journey_dir / "downloads-customer")
    link = f'#ce-chat-overview li[data-chat-id="{chat_id}"][data-state="closed"] a[data-action="download-pdf"]'
    visible(carla, link, "the closed chat's PDF link in the customer's overview")
    click(carla, link)
    shot(carla, "customer-overview-download")
    customer_text = pdf_text(downloaded_pdf(carla_folder, chat_id))
    for text in ("Carla Kunde", first, "Sie ist doppelt abgebucht.", "Ich prüfe das – Καλημέρα."):
        assert text in customer_text, f"{text!r} missing from the customer's PDF:\n{customer_text}"
    assert INTERNAL_NOTE not in customer_text and "Anna" not in customer_text, customer_text

    # the agent, from the closed-chats panel
    anna_folder = downloads_into(anna, journey_dir / "downloads-agent")
    closed = f'#ce-closed-chats li[data-test="closed-chat"][data-chat-id="{chat_id}"] a[data-action="download-pdf"]'
    # the panel lists the latest closed chats, refreshed when one of the agent's chats closes
    click(anna, closed, "the closed chat's PDF link in the agent's closed-chats panel")
    agent_text = pdf_text(downloaded_pdf(anna_folder, chat_id))
    assert INTERNAL_NOTE in agent_text and "Carla Kunde" in agent_text and "Anna Agent" in agent_text, agent_text
    # the download link did not open the history as well
    assert not css(anna, "#ce-closed-view").is_displayed()
    shot(anna, "agent-closed-chats-download")
