"""Transcripts by e-mail (issue 18) in a real browser, against a real SMTP server (aiosmtpd, started by the test):
a customer user chats with an agent, closes the chat, opens it from her overview and clicks "Send me this
conversation"; the server receives exactly one mail with the PDF. A visitor gives an address on the start form and
gets the mail there after leaving. And the restart case: the mail server is down
when she asks, chatengine restarts, the server comes up: still exactly one mail.
"""

import email
import email.policy
import shutil
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from aiosmtpd.controller import Controller

from harness.browser import MAX_WAIT
from harness.pages import click, customer_login, type_text, until, visible, wait_widget, widget
from harness.server import Server, free_port
from test_journeys import ANNA, CARLA, accept_public, agent, customer_chat, exchange, visitor_start_chat

FIRST = "Rechnung 4711 doppelt – 请帮忙 🙏"


class Sink:
    """An aiosmtpd server on 127.0.0.1:`port` keeping every message it accepts (bytes as DATA carried them)."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[tuple[list[str], bytes]] = []
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), bytes(envelope.original_content or envelope.content)))
        return "250 OK"

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    def wait(self, count: int, timeout: float = 60) -> list[tuple[list[str], bytes]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.1)
        raise AssertionError(f"the SMTP server got {len(self.messages)} of {count} mails within {timeout} s")


@contextmanager
def mail_server(journey_dir: Path, smtp_port: int):
    """A chatengine whose SendmailModule is SMTP to 127.0.0.1:`smtp_port`, retrying the outbox within seconds.
    ClaimSeconds is short because a restart that cuts an attempt short leaves the item claimed until then
    (the outbox's guard against a remote write still in flight); 20 s still lets a slow attempt (the PDF on a
    busy debug build) finish within its ClaimSeconds less 5."""
    workdir = Path(tempfile.mkdtemp(prefix="ce-e2e-mail-"))
    server = Server(workdir, log_dir=journey_dir, extra_config={
        "SendmailModule": "Kernel::System::Email::SMTP",
        "SendmailModule::Host": "127.0.0.1",
        "SendmailModule::Port": str(smtp_port),
        "FQDN": "chat.example.org",
        "ChatEngine::Mail::Timeout": "5",
        "ChatEngine::Outbox::PollInterval": "1",
        "ChatEngine::Outbox::RetryMinimum": "1",
        "ChatEngine::Outbox::RetryMaximum": "2",
        "ChatEngine::Outbox::ClaimSeconds": "20",
    })
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def closed_customer_chat(browsers, server, shot):
    """Carla's chat with Anna, closed by Carla and opened again from her overview; returns (carla, chat_id)."""
    server.add_agent(*ANNA)
    server.add_customer_user(CARLA.login, CARLA.password, CARLA.first, CARLA.last)
    anna = agent(browsers, server, ANNA, "external")
    carla = browsers.new("customer")
    customer_login(carla, server, CARLA.login, CARLA.password)
    chat_id = customer_chat(carla, anna, FIRST)
    exchange(carla, anna, chat_id, "Sie ist doppelt abgebucht.", "Ich prüfe das – Καλημέρα.")
    click(carla, f'{widget(chat_id)} [data-action="close"]', "the customer's Close chat")
    wait_widget(carla, chat_id, "closed")
    click(carla, f'#ce-chat-overview li[data-chat-id="{chat_id}"][data-state="closed"] .ce-name', "the closed chat in the overview")
    shot(carla, "closed-chat-history")
    return carla, chat_id


def ask_for_mail(carla, shot) -> str:
    click(carla, '[data-action="send-mail"]', "Send me this conversation")
    status = until(carla, lambda d: (d.find_element("css selector", '[data-test="send-mail-status"]').text or False),
                   "the answer to Send me this conversation")
    shot(carla, "send-mail-answer")
    return status


def check_mail(message: tuple[list[str], bytes], chat_id: str, journey_dir: Path):
    recipients, raw = message
    assert recipients == ["carla@example.com"], recipients
    mail = email.message_from_bytes(raw, policy=email.policy.default)
    assert str(mail["Subject"]).startswith("Your chat with "), mail["Subject"]
    assert mail["To"].addresses[0].display_name == "Carla Kunde"
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["Message-ID"].endswith("@chat.example.org>"), mail["Message-ID"]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert FIRST in body and "Ich prüfe das – Καλημέρα." in body, body
    pdfs = [part for part in mail.iter_attachments() if part.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1
    assert pdfs[0].get_filename().startswith(f"Chat-{chat_id}_")
    data = pdfs[0].get_payload(decode=True)
    assert data.startswith(b"%PDF-")
    path = journey_dir / f"mail-chat-{chat_id}.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True,
                          timeout=30).stdout
    assert "Sie ist doppelt abgebucht." in text and "Carla Kunde" in text, text


def test_customer_has_the_conversation_mailed(browsers, shot, journey_dir):
    sink = Sink(free_port()).start()
    try:
        with mail_server(journey_dir, sink.port) as server:
            carla, chat_id = closed_customer_chat(browsers, server, shot)
            assert ask_for_mail(carla, shot) == "We will send the conversation to c***@example.com."
            messages = sink.wait(1)
            time.sleep(3)  # nothing more comes
            assert len(sink.messages) == 1 and len(messages) == 1
            check_mail(sink.messages[0], chat_id, journey_dir)
    finally:
        sink.stop()


def test_mail_server_down_then_restart_then_up_sends_exactly_once(browsers, shot, journey_dir):
    port = free_port()  # nobody listens there yet
    with mail_server(journey_dir, port) as server:
        carla, chat_id = closed_customer_chat(browsers, server, shot)
        assert ask_for_mail(carla, shot) == "We will send the conversation to c***@example.com."
        deadline = time.monotonic() + MAX_WAIT
        while "will retry" not in server.log_tail(400) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "will retry" in server.log_tail(400), server.log_tail(40)
        server.restart()
        sink = Sink(port).start()
        try:
            messages = sink.wait(1)
            time.sleep(4)  # retries would come within seconds
            assert len(sink.messages) == 1 and len(messages) == 1
            check_mail(sink.messages[0], chat_id, journey_dir)
        finally:
            sink.stop()


def test_visitor_has_the_conversation_mailed_to_the_address_from_the_start_form(browsers, shot, journey_dir):
    sink = Sink(free_port()).start()
    try:
        with mail_server(journey_dir, sink.port) as server:
            server.add_agent(*ANNA)
            anna = agent(browsers, server, ANNA, "external")
            vera = browsers.new("visitor")
            vera.get(f"{server.base_url}/otrs/public.pl?Action=PublicChat")
            visible(vera, "#ce-public-email", "the start form's optional e-mail field")
            type_text(vera, "#ce-public-email", "vera.besucherin@example.com")
            chat_id = visitor_start_chat(vera, "Vera Besucherin 🌷", FIRST)
            accept_public(anna, vera, chat_id, FIRST)
            exchange(vera, anna, chat_id, "Sie ist doppelt abgebucht.", "Ich prüfe das – Καλημέρα.")
            click(vera, f'{widget(chat_id)} [data-action="leave"]', "the visitor's Leave")
            wait_widget(vera, chat_id, "closed")
            assert ask_for_mail(vera, shot) == "We will send the conversation to v***@example.com."
            sink.wait(1)
            time.sleep(3)
            assert len(sink.messages) == 1
            recipients, raw = sink.messages[0]
            assert recipients == ["vera.besucherin@example.com"], recipients
            mail = email.message_from_bytes(raw, policy=email.policy.default)
            assert mail["To"].addresses[0].display_name == "Vera Besucherin 🌷"
            assert [p.get_content_type() for p in mail.iter_attachments()] == ["application/pdf"]
    finally:
        sink.stop()
