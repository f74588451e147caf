#!/usr/bin/python3
"""Captures, from a live Znuny 7 (the fixtures' instance: ../shared/fixtures/otrs/znuny7-live/README.md), what
Znuny's GenericTicketConnectorREST does with a ticket's owner and an article's author when the service user
`chatbot` writes for an agent: TicketCreate with Ticket.Owner (an agent with rw, one without rights on the queue's
group, an invalid one, an unknown one, with Lock, with Responsible), Article.From on TicketCreate and TicketUpdate
(also a name without an address), then TicketGet and TicketHistoryGet to see what Znuny stored and shows.

Stdlib only. Run on the machine where the fixture's Znuny listens on 127.0.0.1:8089 after `rebuild.sh`:
    python3 Tests/GenericInterfaceStandIn/captures/znuny7-owner-author.py > Tests/GenericInterfaceStandIn/captures/znuny7-owner-author.json
The output has the fixture's gi-captures.json format: exact JSON bodies, status and response headers without
`Date`. Passwords are the fixture's invented test values (seed.json), kept as the fixture keeps them.
"""
import http.client, json, subprocess, sys, urllib.parse

HOST, PORT = "127.0.0.1", 8089
BASE = "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST"
CAPTURES = []


def call(name, method, route, body=None, query=None, note=None):
    path = BASE + route + ("?" + urllib.parse.urlencode(query) if query else "")
    headers = {"User-Agent": "chatengine-capture/1.0"}
    data = None
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers["Content-Type"] = "application/json; charset=utf-8"
    connection = http.client.HTTPConnection(HOST, PORT, timeout=120)
    connection.request(method, path, body=data, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8")
    connection.close()
    entry = {"name": name,
             "request": {"method": method, "path": path,
                         "headers": {k: v for k, v in headers.items() if k == "Content-Type"}},
             "response": {"status": response.status,
                          "headers": [[k, v] for k, v in response.getheaders() if k.lower() != "date"]}}
    if query:
        entry["request"]["query"] = query
    if body is not None:
        entry["request"]["body"] = body
    try:
        entry["response"]["body"] = json.loads(text)
    except ValueError:
        entry["response"]["body_text"] = text
    if note:
        entry["note"] = note
    CAPTURES.append(entry)
    print(f"{name}: {response.status} {text[:200]}", file=sys.stderr)
    return entry["response"].get("body") or {}


def article(channel, sender, visible, subject, body, history, comment, author=None, mime=False):
    fields = {"CommunicationChannel": channel, "SenderType": sender, "IsVisibleForCustomer": visible}
    if author is not None:
        fields["From"] = author
    fields["Subject"] = subject
    fields["Body"] = body
    if mime:
        fields["MimeType"], fields["Charset"] = "text/plain", "utf-8"
    else:
        fields["ContentType"] = "text/plain; charset=utf8"
    fields["HistoryType"], fields["HistoryComment"] = history, comment
    return fields


def ticket(title, state="open", customer_id=True, **extra):
    fields = {"Title": title, "Queue": "Chat", "State": state, "Priority": "3 normal", "CustomerUser": "jdoe"}
    if customer_id:
        fields["CustomerID"] = "ACME"
    fields.update(extra)
    return fields


def psql(sql):
    """What the database holds (read only), to say what Znuny's own screens show."""
    return subprocess.run(["psql", "-h", "/var/lib/znuny-pg", "-p", "5433", "-U", "postgres", "-d", "znuny", "-qAtc", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


RITA = "Rita Writer <rw@znuny-fixture.test>"
TRANSCRIPT_FILE = {"Content": "Q2hhdCAjNDIgdHJhbnNjcmlwdAo=", "ContentType": "text/plain; charset=utf-8",
                   "Filename": "Chat-42-transcript.txt"}


def main():
    session = call("SessionCreate agent (chatbot)", "POST", "/Session", {"UserLogin": "chatbot", "Password": "BotPw123"})["SessionID"]

    created = call("TicketCreate with Ticket.Owner (agent.rw, rw on support) and Article.From (the agent)", "POST", "/Ticket",
        {"SessionID": session,
         "Ticket": ticket("[Chat#42-ticket] Printer prints boxes", Owner="agent.rw"),
         "Article": article("Phone", "agent", 1, "[Chat#42-ticket] Printer prints boxes", "Customer: hello\nAgent: hi",
                            "PhoneCallCustomer", "ChatEngine, for agent agent.rw", author=RITA)},
        note="Znuny validates only that the owner is a valid agent, sets the owner after the article (TicketOwnerSet) and, "
             "without Lock in the request, locks the ticket (TicketCreate.pm)")
    first = created.get("TicketID")

    closed = call("TicketCreate closed successful, Ticket.Owner agent.rw, Internal article with From and a file (no CustomerID)",
        "POST", "/Ticket",
        {"SessionID": session,
         "Ticket": ticket("[Chat#43-ticket] Closed at once", state="closed successful", customer_id=False, Owner="agent.rw"),
         "Article": article("Internal", "agent", 0, "[Chat#43-ticket] Closed at once", "Full log", "AddNote",
                            "ChatEngine, for agent agent.rw", author=RITA),
         "Attachment": [TRANSCRIPT_FILE]},
        note="the owner set after creation locks even a closed ticket")

    closed_unlocked = call("TicketCreate closed successful with Ticket.Owner agent.rw and Ticket.Lock unlock (as Znuny's phone screen unlocks "
         "closed tickets)", "POST", "/Ticket",
        {"SessionID": session,
         "Ticket": ticket("[Chat#50-ticket] Closed, unlocked", state="closed successful", Owner="agent.rw", Lock="unlock"),
         "Article": article("Phone", "agent", 1, "[Chat#50-ticket] Closed, unlocked", "Body", "PhoneCallCustomer",
                            "ChatEngine, for agent agent.rw", author=RITA)})

    closed_file = call("TicketCreate closed successful, Owner, Lock unlock, no CustomerID, Internal article with From and a file", "POST", "/Ticket",
        {"SessionID": session,
         "Ticket": ticket("[Chat#51-ticket] Closed, unlocked, file", state="closed successful", customer_id=False, Owner="agent.rw",
                          Lock="unlock"),
         "Article": article("Internal", "agent", 0, "[Chat#51-ticket] Closed, unlocked, file", "Full log", "AddNote",
                            "ChatEngine, for agent agent.rw", author='"Writer, Rita" <rw@znuny-fixture.test>'),
         "Attachment": [TRANSCRIPT_FILE]},
        note="a display name with a comma goes quoted")

    without_from = call("TicketCreate with Ticket.Owner agent.rw, an agent's article without From", "POST", "/Ticket",
        {"SessionID": session,
         "Ticket": ticket("[Chat#52-ticket] Agent article without From", Owner="agent.rw"),
         "Article": article("Phone", "agent", 1, "[Chat#52-ticket] Agent article without From", "Body", "PhoneCallCustomer",
                            "ChatEngine, for agent agent.rw")},
        note="without From, TicketCreate writes the customer user's name and address as the article's From (TicketCreate.pm)")

    unlocked = call("TicketCreate with Ticket.Owner agent.rw and Ticket.Lock unlock", "POST", "/Ticket",
        {"SessionID": session,
         "Ticket": ticket("[Chat#44-ticket] Owner without lock", Owner="agent.rw", Lock="unlock"),
         "Article": article("Phone", "agent", 1, "[Chat#44-ticket] Owner without lock", "Body", "PhoneCallCustomer",
                            "ChatEngine, for agent agent.rw", author=RITA)})

    observer = call("TicketCreate with Ticket.Owner agent.observer (only chat_observer on support: no rw, no owner)", "POST", "/Ticket",
        {"SessionID": session,
         "Ticket": ticket("[Chat#45-ticket] Owner without rights", Owner="agent.observer"),
         "Article": article("Phone", "agent", 1, "[Chat#45-ticket] Owner without rights", "Body", "PhoneCallCustomer",
                            "ChatEngine, for agent agent.observer", author="Olga Observer <observer@znuny-fixture.test>")},
        note="Common.pm ValidateOwner asks only GetUserData(User, Valid => 1): Znuny accepts an owner without any right "
             "on the queue's group")

    call("TicketCreate with Ticket.Owner agent.invalid (valid_id 2)", "POST", "/Ticket",
        {"SessionID": session,
         "Ticket": ticket("[Chat#46-ticket] Invalid owner", Owner="agent.invalid"),
         "Article": article("Phone", "agent", 1, "[Chat#46-ticket] Invalid owner", "Body", "PhoneCallCustomer",
                            "ChatEngine, for agent agent.invalid", author="Ivan Invalid <invalid@znuny-fixture.test>")})

    call("TicketCreate with Ticket.Owner unknown login", "POST", "/Ticket",
        {"SessionID": session,
         "Ticket": ticket("[Chat#47-ticket] Unknown owner", Owner="nobody"),
         "Article": article("Phone", "agent", 1, "[Chat#47-ticket] Unknown owner", "Body", "PhoneCallCustomer",
                            "ChatEngine, for agent nobody", author=RITA)})

    call("TicketCreate with Article.From a name without an address", "POST", "/Ticket",
        {"SessionID": session,
         "Ticket": ticket("[Chat#48-ticket] From without address", Owner="agent.rw"),
         "Article": article("Phone", "agent", 1, "[Chat#48-ticket] From without address", "Body", "PhoneCallCustomer",
                            "ChatEngine, for agent agent.rw", author="Rita Writer")})

    responsible = call("TicketCreate with Ticket.Owner and Ticket.Responsible agent.rw", "POST", "/Ticket",
        {"SessionID": session,
         "Ticket": ticket("[Chat#49-ticket] Owner and responsible", Owner="agent.rw", Responsible="agent.rw"),
         "Article": article("Phone", "agent", 1, "[Chat#49-ticket] Owner and responsible", "Body", "PhoneCallCustomer",
                            "ChatEngine, for agent agent.rw", author=RITA)})

    pre = call("TicketCreate for a customer's pre-ticket chat: Owner root@localhost, customer Internal article with From",
        "POST", "/Ticket",
        {"SessionID": session,
         "Ticket": ticket("My printer prints boxes", Owner="root@localhost"),
         "Article": article("Internal", "customer", 1, "[Chat#pre-ticket-jdoe-1] My printer prints boxes", "My printer prints boxes",
                            "AddNote", "ChatEngine, for agent root@localhost", author='"John Doe" <jdoe@acme-corp.test>')})

    call("TicketUpdate adds an Internal article with Article.From (the agent)", "PATCH", f"/Ticket/{first}",
        {"SessionID": session,
         "Article": article("Internal", "agent", 0, "[Chat#42-ticket.2] Chat log", "Full log", "AddNote",
                            "ChatEngine, for agent agent.rw", author=RITA)})

    call("TicketUpdate adds a Phone article with Article.From and a file", "PATCH", f"/Ticket/{first}",
        {"SessionID": session,
         "Article": article("Phone", "agent", 1, "[Chat#42-append] Chat transcript", "Customer: more\nAgent: done", "AddNote",
                            "ChatEngine, for agent agent.rw", author=RITA),
         "Attachment": [TRANSCRIPT_FILE]})

    call("TicketUpdate adds an Internal article with Article.From, MimeType and Charset", "PATCH", f"/Ticket/{first}",
        {"SessionID": session,
         "Article": article("Internal", "agent", 0, "[Chat#42-ticket.3] MimeType form", "Body", "AddNote",
                            "ChatEngine, for agent agent.rw", author=RITA, mime=True)})

    call("TicketUpdate with Article.From a name without an address", "PATCH", f"/Ticket/{first}",
        {"SessionID": session,
         "Article": article("Internal", "agent", 0, "[Chat#42-ticket.4] From without address", "Body", "AddNote",
                            "ChatEngine, for agent agent.rw", author="Rita Writer")})

    for label, write in (("agent.rw owner", created), ("closed", closed), ("closed, Lock unlock", closed_unlocked),
                         ("closed, Lock unlock, file", closed_file), ("agent article without From", without_from), ("Lock unlock", unlocked),
                         ("agent.observer owner", observer), ("responsible", responsible), ("pre-ticket", pre)):
        if write.get("TicketID"):
            call(f"TicketGet AllArticles=1 ({label})", "GET", f"/Ticket/{write['TicketID']}",
                 query={"SessionID": session, "AllArticles": "1"})
    call("TicketHistoryGet (agent.rw owner, articles by From)", "GET", f"/TicketHistory/{first}", query={"SessionID": session})

    # what Znuny's own screens read: the article's and the history's create_by (the session user), the owner
    facts = {
        "ticket": psql(f"SELECT t.tn || ' owner=' || u.login || ' lock=' || l.name || ' responsible_user_id=' || t.responsible_user_id "
                       f"|| ' create_by=' || t.create_by FROM ticket t JOIN users u ON u.id = t.user_id "
                       f"JOIN ticket_lock_type l ON l.id = t.ticket_lock_id WHERE t.id = {int(first)}"),
        "articles": psql(f"SELECT a.id || ' create_by=' || u.login || ' from=' || m.a_from FROM article a "
                         f"JOIN users u ON u.id = a.create_by JOIN article_data_mime m ON m.article_id = a.id "
                         f"WHERE a.ticket_id = {int(first)} ORDER BY a.id").splitlines(),
        "history": psql(f"SELECT ht.name || ' by=' || u.login || ' name=' || h.name FROM ticket_history h "
                        f"JOIN ticket_history_type ht ON ht.id = h.history_type_id JOIN users u ON u.id = h.create_by "
                        f"WHERE h.ticket_id = {int(first)} ORDER BY h.id").splitlines(),
    }
    release = open("/opt/znuny/RELEASE").read().strip().replace("\n", "; ")
    print(json.dumps({
        "source": f"Live Znuny ({release}), github.com/znuny/znuny7-preview b8c91124129398708b3cac87c447959800ca693a, "
                  "the fixture instance of ../shared/fixtures/otrs/znuny7-live (PostgreSQL 15, plackup on 127.0.0.1:8089), "
                  "rebuilt with its rebuild.sh, then this script as the service user chatbot.",
        "notes": ["Request path is the real one including the ScriptAlias prefix /otrs/; the Date response header is dropped.",
                  "Passwords are the fixture's invented test values, kept as the fixture keeps them (seed.json).",
                  "database: what Znuny's tables hold for the first ticket afterwards (read with psql): who created the "
                  "articles and history entries (create_by) and what From says."],
        "database": facts,
        "captures": CAPTURES,
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
