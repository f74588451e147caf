"""The ticket flows' two worlds, and the steps the flows share in both (issue 20).

`embedded`: ChatEngine's own people (Anna, Carla made with the command line) and its own ticket store.
`stand-in`: ChatEngine as it sits beside a Znuny 7: its people read from the seeded fixture database
(`ChatEngine::Directory::Backend` TicketSystemDatabase, as test_znuny_people.py uses it) and its tickets written
through the GenericInterface (`ChatEngine::TicketBackend` GenericInterface) into the replaying stand-in
`gi-stand-in-server` (built beside `chatengine`), whose gate refuses any request shape never captured from a
real Znuny; `GET /__recorded` says what it wrote.

The `ticket_system` fixture (module scope, one ChatEngine per backend per module) and `pre_ticket_system`
(a test's own, with `ChatEngine::PreTicketChat` on) give a `TicketSystem`: the server, the agent and customer
user of that world, and the stand-in's record.
"""

import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections import namedtuple
from pathlib import Path

import pytest

from .pages import choose, click, css, customer_login, until, visible, wait_connection, wait_widget, widget
from .server import REPO_ROOT, Server, binary

Person = namedtuple("Person", "login first last password")
# the embedded world (the same people as test_journeys.py)
ANNA = Person("anna", "Anna", "Agent", "anna-pw-1")
CARLA = Person("carla", "Carla", "Kunde", "carla-pw-3")
# the Znuny world, from fixtures/otrs/znuny7-live/seed.json: rw and chat_owner on `support` and `users`
RITA = Person("agent.rw", "Rita", "Writer", "Rw-Sha512#2")
JOHN = Person("jdoe", "John", "Doe", "Cust-Sha2#1")  # customer user of ACME (rw on `support`)
SERVICE_USER = ("chatbot", "BotPw123")  # the GenericInterface's service user (rw on every queue's group)
ZNUNY_FQDN = "yourhost.example.com"  # the fixture's Config.pm: the agents' links go to its own zoom

ZNUNY_PORT = os.environ.get("CHATENGINE_TEST_ZNUNY_PORT", "")
BACKENDS = ["embedded", "stand-in"]
OUTPUT = Path(os.environ.get("E2E_OUTPUT", REPO_ROOT / ".build/e2e-output"))

# every ticket flow's server: the outbox looks every second, and retries soon
COMMON_CONFIG = {
    "ChatEngine::Outbox::PollInterval": 1,
    "ChatEngine::Outbox::RetryMinimum": 1,
}


def znuny_config(stand_in_url: str) -> dict:
    return {
        "ChatEngine::Directory::Backend": "TicketSystemDatabase",
        "ChatEngine::DefaultChatChannelGroup": "support",
        "DatabaseDSN": f"DBI:Pg:dbname=znuny;host=127.0.0.1;port={ZNUNY_PORT or 1}",
        "DatabaseUser": "chatengine_ro",
        "DatabasePw": "ro-fixture-pw",
        "FQDN": ZNUNY_FQDN,
        "ChatEngine::TicketBackend": "GenericInterface",
        "ChatEngine::TicketBackend::GenericInterface::URL": stand_in_url,
        "ChatEngine::TicketBackend::GenericInterface::User": SERVICE_USER[0],
        "ChatEngine::TicketBackend::GenericInterface::Password": SERVICE_USER[1],
        "ChatEngine::TicketBackend::GenericInterface::Timeout": 10,
    }


def require_znuny() -> None:
    """No Znuny fixture database, no stand-in world: skipped by hand, a failure in CI."""
    if not ZNUNY_PORT:
        why = "CHATENGINE_TEST_ZNUNY_PORT is not set: run under scripts/with-postgres.sh (it loads the Znuny fixture)"
        if "CI" in os.environ:
            pytest.fail(why, pytrace=False)
        pytest.skip(why)


class GIStandIn:
    """`gi-stand-in-server` as a process: `url` for ChatEngine's settings, `recorded()` what it wrote."""

    def __init__(self, log_path: Path):
        self.bin = Path(binary()).parent / "gi-stand-in-server"
        if not self.bin.exists():
            raise RuntimeError(f"{self.bin} is missing: `swift build --build-tests` builds it beside chatengine")
        self.log = open(log_path, "ab")
        self.process = subprocess.Popen([str(self.bin), "--port", "0"], stdout=subprocess.PIPE, stderr=self.log,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        line = self.process.stdout.readline().decode()  # printed once both ports listen
        if not line:
            self.process.wait(5)
            raise RuntimeError(f"gi-stand-in-server exited ({self.process.returncode}) without its ready line "
                               f"(log {log_path})")
        ready = json.loads(line)
        self.url, self.inspect = ready["url"], ready["inspect"]

    def recorded(self) -> dict:
        """{"tickets": [{id, number, title, queue, customerUser, owner, articles: [...]}], "rejections", "calls"}"""
        with urllib.request.urlopen(self.inspect, timeout=10) as answer:
            return json.loads(answer.read())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.log.close()


class TicketSystem:
    """One backend's server with its agent and customer user (and, on the stand-in, its record)."""

    def __init__(self, backend: str, server: Server, agent: Person, customer: Person, stand_in: GIStandIn | None):
        self.backend, self.server, self.agent, self.customer, self.stand_in = backend, server, agent, customer, stand_in
        self.customer_ticket: tuple[str, str] | None = None  # (number, TicketID) of the customer's ticket, made once

    @property
    def on_stand_in(self) -> bool:
        return self.stand_in is not None

    def tickets(self) -> list[dict]:
        """The stand-in's tickets (empty on the embedded store)."""
        return self.stand_in.recorded()["tickets"] if self.stand_in else []

    def assert_no_rejections(self) -> None:
        if self.stand_in:
            rejected = self.stand_in.recorded()["rejections"]
            assert not rejected, f"ChatEngine sent request shapes never captured from Znuny: {rejected}"


def start_ticket_system(backend: str, folder: Path, extra: dict | None = None) -> tuple[TicketSystem, Path]:
    """A started server of `backend` in a fresh home; logs (server, stand-in) go to `folder`."""
    workdir = Path(tempfile.mkdtemp(prefix="ce-e2e-tickets-"))
    folder.mkdir(parents=True, exist_ok=True)
    config = dict(COMMON_CONFIG, **(extra or {}))
    stand_in = None
    if backend == "stand-in":
        require_znuny()
        stand_in = GIStandIn(folder / "gi-stand-in.log")
        config.update(znuny_config(stand_in.url))
    server = Server(workdir, log_dir=folder, extra_config=config)
    try:
        server.start()
    except Exception:
        if stand_in:
            stand_in.stop()
        raise
    if stand_in:
        system = TicketSystem(backend, server, RITA, JOHN, stand_in)
    else:
        server.add_agent(*ANNA)
        server.add_customer_user(CARLA.login, CARLA.password, CARLA.first, CARLA.last)
        system = TicketSystem(backend, server, ANNA, CARLA, None)
    return system, workdir


def stop_ticket_system(system: TicketSystem, workdir: Path, failed: bool) -> None:
    system.server.stop()
    if system.stand_in:
        system.stand_in.stop()
    if failed:
        print(f"\n--- server log ({system.server.log_path}), last lines:\n{system.server.log_tail(40)}")
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module", params=BACKENDS)
def ticket_system(request):
    """One server per backend for the module's flows; its logs in <E2E_OUTPUT>/<module>[<backend>]/."""
    folder = OUTPUT / f"{request.module.__name__}[{request.param}]"
    if folder.exists():
        shutil.rmtree(folder)
    system, workdir = start_ticket_system(request.param, folder)
    yield system
    stop_ticket_system(system, workdir, request.session.testsfailed > 0)


@pytest.fixture(params=BACKENDS)
def pre_ticket_system(request, journey_dir):
    """A test's own server of each backend with `ChatEngine::PreTicketChat` on (it changes every customer chat)."""
    system, workdir = start_ticket_system(request.param, journey_dir, {"ChatEngine::PreTicketChat": 1})
    yield system
    report = getattr(request.node, "report_call", None)
    stop_ticket_system(system, workdir, report is None or report.failed)


# -- steps shared by the flows ----------------------------------------------------------------------

def people(browsers, system: TicketSystem, agent_availability: str = "external"):
    """The world's agent on the chat manager at `agent_availability`, and its customer user on her chat page."""
    from test_journeys import agent as agent_browser  # the journeys' own login step
    agent = agent_browser(browsers, system.server, system.agent, agent_availability)
    customer = browsers.new("customer")
    customer_login(customer, system.server, system.customer.login, system.customer.password)
    return agent, customer


def open_phone_ticket_form(driver, chat_id):
    click(driver, f'{widget(chat_id)} [data-action="phone-ticket"]', "the widget's Phone ticket button")
    return visible(driver, f'{widget(chat_id)} [data-test="phone-ticket-form"]', "the phone-ticket form")


def field(driver, chat_id, name):
    return css(driver, f'{widget(chat_id)} [data-test="phone-ticket-form"] [name="{name}"]')


def ticket_link(driver, chat_id) -> tuple[str, str]:
    """After a phone ticket or append: (ticket number from the widget's notice, the link's URL)."""
    link = visible(driver, f'{widget(chat_id)} [data-test="ticket-link"]', "the link to the ticket")
    notice = css(driver, f'{widget(chat_id)} [data-test="ticket-result"]').text
    number = notice.split("#", 1)[1].split(" ", 1)[0].rstrip(".")
    return number, link.get_attribute("href")


def assert_agent_link(system: TicketSystem, url: str, number: str) -> None:
    """The widget's link: ChatEngine's own zoom, or the ticket system's (HttpType://FQDN/ScriptAlias)."""
    if system.on_stand_in:
        ticket = recorded_ticket(system, number)
        assert url == f"http://{ZNUNY_FQDN}/otrs/index.pl?Action=AgentTicketZoom;TicketID={ticket['id']}", url
    else:
        assert url.startswith(system.server.base_url) and "Action=AgentTicketZoom" in url, url


def phone_ticket(driver, chat_id, queue: str | None = None) -> tuple[str, str]:
    """The agent makes a phone ticket of the chat with the form's values (and `queue`); returns (number, link)."""
    open_phone_ticket_form(driver, chat_id)
    if queue:
        choose_queue(driver, chat_id, queue)
    click(driver, f'{widget(chat_id)} [data-action="phone-ticket-create"]')
    return ticket_link(driver, chat_id)


def choose_queue(driver, chat_id, queue: str) -> None:
    choose(driver, f'{widget(chat_id)} [data-test="phone-ticket-form"] [name="Queue"]', queue)


def system_line_with(driver, chat_id, text: str) -> str:
    return until(driver, lambda d: next((e.text for e in d.find_elements(
        "css selector", f'{widget(chat_id)} [data-kind="system"]') if text in e.text), None),
        f"a system message containing {text!r} in chat {chat_id}")


def zoom_articles(driver) -> list[dict]:
    """The zoom's articles: channel, visible for the customer, sender type, text (and a transcript's entries)."""
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('article.ce-ticket-article')).map(a => ({
          visible: a.dataset.visibleForCustomer, channel: a.dataset.channel, sender: a.dataset.senderType,
          text: a.textContent,
          entries: Array.from(a.querySelectorAll('.ce-chatlog-entry')).map(e => ({kind: e.dataset.kind,
            internal: e.dataset.internal, text: e.querySelector('.ce-message-text').textContent}))}));""")


def kinds(articles: list[dict]) -> list[tuple[str, str]]:
    return [(a["channel"], a["visible"]) for a in articles]


def open_agent_zoom(driver, system: TicketSystem, number: str) -> None:
    """ChatEngine's AgentTicketSearch finds the ticket by its number and opens ChatEngine's AgentTicketZoom
    (on both backends: beside a Znuny, the ticket system's own zoom is not ours to change)."""
    driver.get(system.server.url(f"/otrs/index.pl?Action=AgentTicketSearch;Subaction=Search;Fulltext={number}"))
    click(driver, f'#ce-ticket-list tr[data-ticket-number="{number}"] a', f"ticket {number} in the agent's search")
    visible(driver, "#ce-ticket-zoom", "the agent's ticket zoom")
    assert css(driver, "#ce-ticket-number").text == number


def open_customer_zoom(driver, system: TicketSystem, number: str) -> None:
    """The customer user's ticket overview, then that ticket's zoom."""
    driver.get(system.server.url("/otrs/customer.pl?Action=CustomerTicketOverview"))
    click(driver, f'#ce-ticket-list tr[data-ticket-number="{number}"] a', f"ticket {number} in the customer's overview")
    visible(driver, "#ce-ticket-zoom", "the customer's ticket zoom")
    assert css(driver, "#ce-ticket-number").text == number


def wait_agent_articles(driver, system: TicketSystem, number: str, count: int) -> list[dict]:
    """Reloads the agent's zoom until the ticket has `count` articles (the outbox writes them by itself)."""
    def arrived(d):
        open_agent_zoom(d, system, number)
        return len(zoom_articles(d)) >= count or None
    until(driver, arrived, f"{count} articles in ticket {number}", timeout=60)
    articles = zoom_articles(driver)
    assert len(articles) == count, kinds(articles)
    return articles


def back_to_chat_manager(driver, system: TicketSystem) -> None:
    driver.get(system.server.url("/otrs/index.pl?Action=AgentChat"))
    wait_connection(driver)


def customer_closes(customer, chat_id) -> None:
    click(customer, f'{widget(chat_id)} [data-action="close"]', "the customer closes the chat")
    wait_widget(customer, chat_id, "closed")


def accept_at_customer(customer, chat_id) -> None:
    """The customer user accepts the agent's request and opens the chat."""
    click(customer, f'#ce-customer-requests li[data-chat-id="{chat_id}"] [data-action="accept"]')
    click(customer, f'#ce-open-chats li[data-test="open-chat"][data-chat-id="{chat_id}"]', "the accepted chat listed")
    wait_widget(customer, chat_id, "active")


def wait_request_at_customer(customer) -> str:
    return until(customer, lambda d: css(d, '#ce-customer-requests li[data-test="request"][data-chat-id]')
                 .get_attribute("data-chat-id"), "the agent's request at the customer")


def customers_ticket(system: TicketSystem, agent, customer) -> tuple[str, str]:
    """A ticket of the customer user's (number, link), made once per server: a phone ticket of her chat."""
    from test_journeys import customer_chat
    if system.customer_ticket is None:
        chat_id = customer_chat(customer, agent, "Der Drucker im 2. Stock streikt")
        system.customer_ticket = phone_ticket(agent, chat_id)
        wait_widget(customer, chat_id, "closed")
        assert_one_more_ticket(system, system.customer_ticket[0], articles=2)
    return system.customer_ticket


# -- what the stand-in recorded ---------------------------------------------------------------------

def recorded_ticket(system: TicketSystem, number: str) -> dict:
    found = [t for t in system.tickets() if t["number"] == number]
    assert len(found) == 1, f"ticket {number} recorded {len(found)} times by the stand-in"
    return found[0]


def assert_one_more_ticket(system: TicketSystem, number: str, articles: int, customer: str | None = None) -> dict | None:
    """On the stand-in: the ticket is the newest one written, exactly once, with `articles` articles, for the
    customer user; the gate refused nothing. Nothing to check on the embedded store (its zoom shows it)."""
    if not system.on_stand_in:
        return None
    recorded = system.stand_in.recorded()
    assert not recorded["rejections"], f"never captured request shapes: {recorded['rejections']}"
    tickets = [t for t in recorded["tickets"] if t["number"] == number]
    assert len(tickets) == 1, f"ticket {number} written {len(tickets)} times: {[t['title'] for t in recorded['tickets']]}"
    ticket = tickets[0]
    assert recorded["tickets"][-1]["number"] == number, "another ticket was written after this flow's"
    assert len(ticket["articles"]) == articles, [(a["channel"], a["subject"]) for a in ticket["articles"]]
    if customer is not None:
        assert ticket["customerUser"] == customer, ticket["customerUser"]
    return ticket


def wait_recorded_articles(system: TicketSystem, number: str, count: int) -> dict | None:
    """On the stand-in: waits (≤ 60 s) until the ticket has `count` articles, then checks there are no more."""
    if not system.on_stand_in:
        return None
    deadline = time.monotonic() + 60
    while True:
        ticket = recorded_ticket(system, number)
        if len(ticket["articles"]) >= count or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert len(ticket["articles"]) == count, [(a["channel"], a["subject"]) for a in ticket["articles"]]
    system.assert_no_rejections()
    return ticket


def ticket_before_chat(system: TicketSystem, agent, customer) -> tuple[str, int, int]:
    """The customer user's ticket, opened in the agent's zoom: its number, its article count, the stand-in's
    ticket count (a chat about the ticket must write no ticket of its own)."""
    number, _ = customers_ticket(system, agent, customer)
    tickets_before = len(system.tickets())
    open_agent_zoom(agent, system, number)
    return number, len(zoom_articles(agent)), tickets_before


def talk_close_and_assert_appended(system: TicketSystem, agent, customer, chat_id, number: str, before: int,
                                   tickets_before: int, customer_text: str, agent_text: str) -> None:
    """Both write, the customer closes, and the chat's two articles (her view, the full log) reach the ticket
    by themselves through the outbox; no new ticket."""
    from test_journeys import exchange  # the journeys' own step (that module imports this harness)
    exchange(customer, agent, chat_id, customer_text, agent_text)
    customer_closes(customer, chat_id)
    wait_recorded_articles(system, number, before + 2)
    articles = wait_agent_articles(agent, system, number, before + 2)
    assert kinds(articles[-2:]) == [("Phone", "1"), ("Internal", "0")], kinds(articles)
    assert customer_text in articles[-2]["text"], articles[-2]["text"]
    if system.on_stand_in:
        assert len(system.tickets()) == tickets_before, "a chat about a ticket wrote a ticket of its own"
