#!/usr/bin/env python3
"""PDF downloads beside the chat load: how much chat delivery suffers while transcripts render.

  pdfload.py setup --url U --bin B --home H [--messages 1000]      a closed chat to download (prints its ChatID)
  pdfload.py load --url U --chat ID [--concurrency 20] [--json F]  keeps CONCURRENCY downloads in flight until
                                                                  SIGTERM/SIGINT, then reports them

`setup` makes the agent `pdf-bench` (rw on users: the default channel) with the command line, a visitor's chat
with it in the default channel and MESSAGES messages over HTTP, every script of issue 17 mixed in, then closes
it. `load` logs the agent in and runs CONCURRENCY threads that each download the chat's PDF
(`AgentChatDownload`) again and again: CONCURRENCY PDFs asked for at once, all the time. It counts the answers
(200, 503 busy, other) and the download times.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from client import agent_login, http_request, json_call  # noqa: E402
from provision import Cli  # noqa: E402

AGENT, PASSWORD = "pdf-bench", "pdf-bench-password"

# every script of the issue, one line each, cycled through the chat
LINES = [
    "Grüße aus Köln: Die Straße ist naß, Größe ß/ẞ.",
    "Ça coûte très cher, n'est-ce pas ? Zażółć gęślą jaźń.",
    "Привет! Как дела? Ελληνικά: Καλημέρα κόσμε.",
    "打印机坏了，请帮忙。日本語のテキストです。한국어 텍스트입니다.",
    "مرحبا بكم في الدعم رقم 4711 مع كلمة Latin في الوسط",
    "שלום, ההזמנה 12345 נשלחה ב-Express אתמול",
    "สวัสดีครับ ภาษาไทย and हिन्दी देवनागरी लिपि",
    "Emoji: 👋🏽 👨‍👩‍👧‍👦 🧑🏿‍💻 ❤️ and e\u0301 a\u0308 combining marks",
    "https://example.com/" + "very-long-path-segment-" * 12 + "end",
]


def setup(args) -> None:
    cli = Cli(args.bin, args.home)
    cli("user", "add", AGENT, "--first-name", "PDF", "--last-name", "Bench", "--email", "pdf-bench@example.com",
        "--password", PASSWORD, ok_if="exist")
    cli("group", "link", AGENT, "users", "--permission", "rw", ok_if="already")
    cookie, token = agent_login(args.url, AGENT, PASSWORD)
    json_call(args.url, "/otrs/index.pl?Action=AgentChat",
              {"Action": "AgentChat", "Subaction": "SetAvailability", "Availability": "external", "ChallengeToken": token},
              cookie)
    created = json_call(args.url, "/otrs/public.pl?Action=PublicChat",
                        {"Action": "PublicChat", "Subaction": "CreateChatRequest", "Name": "Vera Besucherin",
                         "Message": LINES[0]})
    chat, visitor = str(created["ChatID"]), created["VisitorToken"]
    json_call(args.url, "/otrs/index.pl?Action=AgentChat",
              {"Action": "AgentChat", "Subaction": "ChatRequestAccept", "ChatID": chat, "ChallengeToken": token}, cookie)
    for k in range(1, args.messages):
        text = f"{k}: {LINES[k % len(LINES)]}"
        if k % 2:
            json_call(args.url, "/otrs/public.pl?Action=PublicChat",
                      {"Action": "PublicChat", "Subaction": "ChatMessageAdd", "ChatID": chat, "Message": text,
                       "VisitorToken": visitor})
        else:
            json_call(args.url, "/otrs/index.pl?Action=AgentChat",
                      {"Action": "AgentChat", "Subaction": "ChatMessageAdd", "ChatID": chat, "Message": text,
                       "ChallengeToken": token, "Internal": "1" if k % 50 == 0 else "0"}, cookie)
    json_call(args.url, "/otrs/public.pl?Action=PublicChat",
              {"Action": "PublicChat", "Subaction": "ChatLeave", "ChatID": chat, "VisitorToken": visitor})
    started = time.monotonic()
    status, headers, body = http_request(args.url, "GET", f"/otrs/index.pl?Action=AgentChatDownload;ChatID={chat}",
                                         cookie=cookie, timeout=120)
    if status != 200 or not body.startswith(b"%PDF-"):
        sys.exit(f"pdfload: the download answered {status}: {body[:200]!r}")
    print(f"pdfload: chat {chat} with {args.messages} messages; one download: {len(body) // 1024} KB in "
          f"{(time.monotonic() - started) * 1000:.0f} ms ({headers.get('Content-Disposition')})", file=sys.stderr)
    print(chat)


def load(args) -> None:
    cookie, _ = agent_login(args.url, AGENT, PASSWORD)
    stop = threading.Event()
    lock = threading.Lock()
    times: list[float] = []
    counts: dict[str, int] = {}
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    def downloader() -> None:
        while not stop.is_set():
            started = time.monotonic()
            try:
                status, _, body = http_request(args.url, "GET", f"/otrs/index.pl?Action=AgentChatDownload;ChatID={args.chat}",
                                               cookie=cookie, timeout=300)
                kind = "ok" if status == 200 and body.startswith(b"%PDF-") else f"http_{status}"
            except OSError as error:
                kind = f"error_{type(error).__name__}"
            elapsed = time.monotonic() - started
            with lock:
                counts[kind] = counts.get(kind, 0) + 1
                if kind == "ok":
                    times.append(elapsed)
            if kind != "ok":
                stop.wait(0.5)  # busy (503): ask again soon, as a browser's retry would

    started = time.monotonic()
    threads = [threading.Thread(target=downloader, daemon=True) for _ in range(args.concurrency)]
    for thread in threads:
        thread.start()
    while not stop.is_set():
        stop.wait(0.5)
    # downloads still under way are not waited for (daemon threads): the report counts finished ones
    seconds = time.monotonic() - started
    with lock:
        times = sorted(times)
        counts = dict(counts)
    pick = lambda q: round(times[min(len(times) - 1, int(q * len(times)))] * 1000) if times else None  # noqa: E731
    report = {"label": args.label, "concurrency": args.concurrency, "seconds": round(seconds, 1), "answers": counts,
              "pdfs_per_s": round(len(times) / seconds, 2) if seconds else None, "download_p50_ms": pick(0.5),
              "download_p99_ms": pick(0.99), "download_max_ms": round(times[-1] * 1000) if times else None}
    print(json.dumps(report), flush=True)
    if args.json:
        with open(args.json, "a") as out:
            out.write(json.dumps(report) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("setup")
    s.add_argument("--url", required=True)
    s.add_argument("--bin", required=True)
    s.add_argument("--home", required=True)
    s.add_argument("--messages", type=int, default=1000)
    load_parser = commands.add_parser("load")
    load_parser.add_argument("--url", required=True)
    load_parser.add_argument("--chat", required=True)
    load_parser.add_argument("--concurrency", type=int, default=20)
    load_parser.add_argument("--label", default="pdf")
    load_parser.add_argument("--json")
    args = parser.parse_args()
    setup(args) if args.command == "setup" else load(args)


if __name__ == "__main__":
    main()
