#!/usr/bin/env python3
"""A real SMTP server for the mail tests (aiosmtpd, pinned in Tests/e2e/requirements.txt).

Listens on 127.0.0.1 on a free port and prints that port on stdout (one line) once it accepts connections.
Each message it accepts is written to DIR as NNNN.eml (the bytes received, dot-unstuffed, as DATA carried them)
beside NNNN.json (the envelope: mail_from, rcpt_tos, the AUTH login, whether TLS was on). Runs until SIGTERM, or
until stdin closes when it is a pipe.

  smtp_sink.py DIR [--mode plain|starttls|implicit|silent] [--cert PEM --key PEM] [--user U --password P]
                   [--data-reply "451 4.3.0 try later"] [--auth-exclude PLAIN] [--helo-only] [--inject-after-starttls]

  plain     no TLS, no AUTH
  starttls  STARTTLS required before MAIL; with --user, AUTH (PLAIN, LOGIN) required, offered only over TLS
  implicit  TLS from the first byte (SMTPS); with --user, AUTH required
  silent    accepts TCP connections and never says a word (for client timeouts)
"""
import argparse
import asyncio
import json
import os
import signal
import ssl
import stat
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Recorder:
    def __init__(self, directory, data_reply):
        self.directory = directory
        self.data_reply = data_reply
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        self.count += 1
        base = os.path.join(self.directory, f"{self.count:04d}")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "auth_login": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "helo": session.host_name,
        }
        # written under a temporary name and renamed: a reader never sees half a file; .eml last
        for suffix, data in ((".json", json.dumps(meta).encode()), (".eml", envelope.original_content)):
            with open(base + suffix + ".tmp", "wb") as f:
                f.write(data)
            os.rename(base + suffix + ".tmp", base + suffix)
        return f"250 2.0.0 Ok: queued as SINK{self.count:04d}"


class HeloOnly(SMTP):
    """An old server: EHLO is an unknown command, only HELO works."""

    async def smtp_EHLO(self, hostname):
        await self.push("502 5.5.2 Error: command not recognized")


class InjectingAfterSTARTTLS(SMTP):
    """A man in the middle's trick: a reply sent in clear after "220 Ready to start TLS", which a careless client
    would read as if it had come over TLS."""

    async def push(self, status):
        await super().push(status)
        if status.startswith("220 Ready to start TLS"):
            await super().push("250 2.0.0 injected before the handshake")


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)
    return check


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--mode", choices=["plain", "starttls", "implicit", "silent"], default="plain")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password", default="")
    parser.add_argument("--data-reply")
    parser.add_argument("--helo-only", action="store_true", help="refuse EHLO (502), as an old server does")
    parser.add_argument("--inject-after-starttls", action="store_true", help="a clear-text reply after STARTTLS's 220")
    parser.add_argument("--auth-exclude", action="append", default=[], help="a mechanism not to offer (PLAIN, LOGIN)")
    args = parser.parse_args()
    os.makedirs(args.directory, exist_ok=True)

    loop = asyncio.get_running_loop()
    tls = None
    if args.mode in ("starttls", "implicit"):
        if not (args.cert and args.key):
            sys.exit("smtp_sink: --mode %s needs --cert and --key" % args.mode)
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.cert, args.key)

    recorder = Recorder(args.directory, args.data_reply)
    options = dict(hostname="sink.test")
    if args.mode == "starttls":
        options.update(tls_context=tls, require_starttls=True)
    if args.mode == "implicit":
        options.update(auth_require_tls=False)  # the whole connection is TLS; aiosmtpd only knows STARTTLS
    if args.user:
        options.update(authenticator=authenticator(args.user, args.password), auth_required=True,
                       auth_exclude_mechanism=args.auth_exclude)

    kind = HeloOnly if args.helo_only else InjectingAfterSTARTTLS if args.inject_after_starttls else SMTP

    def factory():
        return asyncio.Protocol() if args.mode == "silent" else kind(recorder, **options)

    server = await loop.create_server(factory, "127.0.0.1", 0, ssl=tls if args.mode == "implicit" else None)
    print(server.sockets[0].getsockname()[1], flush=True)

    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    if stat.S_ISFIFO(os.fstat(sys.stdin.fileno()).st_mode):
        # the test holds the other end: when it goes (even killed), so do we
        def watch():
            while os.read(sys.stdin.fileno(), 4096):
                pass
            loop.call_soon_threadsafe(stop.set)
        threading.Thread(target=watch, daemon=True).start()
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
