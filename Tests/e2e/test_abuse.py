"""Abuse protection in the browser (issue 19): an agent blocks a visitor from the chat; the visitor's next
chat is refused with a clear text, while another visitor (another address) still chats.

The second visitor reaches the server through a forwarder whose upstream connections leave from 127.0.0.2,
so the server sees another client address (Linux routes all of 127.0.0.0/8 to the loopback device).
"""

import socket
import threading

import pytest

from harness.pages import (accept_alert_if_any, attribute, click, css, type_text, until, visible, wait_message,
                           wait_widget, widget)
from harness.server import free_port
from test_journeys import ANNA, accept_public, agent, public_visitor, visitor_start_chat


class SourceAddressForwarder:
    """Listens on 127.0.0.1:<port> and forwards each connection to the server from `source` (e.g. 127.0.0.2)."""

    def __init__(self, target_port: int, source: str):
        self.target_port, self.source = target_port, source
        self.port = free_port()
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port), source_address=(self.source, 0))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self):
        self.closed = True
        self.listener.close()


@pytest.fixture
def other_address(server):
    forwarder = SourceAddressForwarder(server.port, "127.0.0.2")
    yield forwarder
    forwarder.close()


@pytest.mark.server_config({"ChatEngine::PublicInterface::BlockDuration": 600})
def test_agent_blocks_a_visitor_and_others_still_chat(server, browsers, shot, other_address):
    server.add_agent(*ANNA)
    anna = agent(browsers, server, ANNA, "external")

    first = "BUY CHEAP WATCHES http://spam.example"
    spammer, chat_id = public_visitor(browsers, server.base_url, "Spammer", first, "spammer")
    accept_public(anna, spammer, chat_id, first)
    shot(anna, "agent-chat-with-spammer")

    block = f'{widget(chat_id)} [data-action="block-visitor"]'
    visible(anna, block, "the agent's Block visitor button")
    click(anna, block, "Block visitor")
    assert "Block this visitor?" in (accept_alert_if_any(anna, timeout=10) or ""), "no confirmation before blocking"
    wait_widget(anna, chat_id, "closed")
    shot(anna, "agent-blocked-visitor")

    # the visitor reads the ordinary closing text, then tries again and is refused, clearly
    wait_widget(spammer, chat_id, "closed")
    notice = css(spammer, f'{widget(chat_id)} [data-test="waiting-notice"]').text
    assert notice and "block" not in notice.lower(), f"the closing text mentions the block: {notice!r}"
    click(spammer, "#ce-public-new", "Start a new chat")
    visible(spammer, "#ce-public-form", "the start form again")
    type_text(spammer, "#ce-public-name", "Spammer")
    type_text(spammer, "#ce-public-message", "Me again")
    click(spammer, "#ce-public-start")
    refusal = until(spammer, lambda d: css(d, "#ce-public-error").is_displayed() and css(d, "#ce-public-error").text,
                    "the refusal of the blocked visitor's new chat")
    assert "new chats from you are blocked" in refusal, refusal
    shot(spammer, "visitor-refused")

    # a visitor from another address is not affected
    vera = browsers.new("vera")
    vera.get(f"{other_address.base_url}/otrs/public.pl?Action=PublicChat")
    vera_chat = visitor_start_chat(vera, "Vera", "Hello, a real question")
    wait_widget(vera, vera_chat, "request")
    accept_public(anna, vera, vera_chat, "Hello, a real question")
    shot(vera, "other-visitor-chatting")
    assert attribute(vera, widget(vera_chat), "data-state") == "active"
    wait_message(anna, vera_chat, "Hello, a real question")
