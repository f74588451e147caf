#!/usr/bin/env python3
"""Reads one raw mail (a file, or stdin) with Python's email package and prints what a mail reader would show,
as JSON: From and To (display names decoded, addresses), Subject, Date, Message-ID, the text body, each
attachment (file name, content type, sha256, size, the bytes in base64), the lines longer than 998 octets (their numbers), and the
defects the parser noted.

  parse_mail.py FILE
"""
import base64
import email
import email.policy
import email.utils
import hashlib
import json
import sys


def addresses(message, name):
    header = message[name]
    if header is None:
        return []
    return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses]


def main():
    raw = open(sys.argv[1], "rb").read() if len(sys.argv) > 1 else sys.stdin.buffer.read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    lines = raw.split(b"\r\n")
    text = message.get_body(preferencelist=("plain",))
    attachments = []
    for part in message.iter_attachments():
        data = part.get_payload(decode=True) or b""
        attachments.append({
            "filename": part.get_filename(),
            "content_type": part.get_content_type(),
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "data_base64": base64.b64encode(data).decode(),
        })
    defects = [str(d) for d in message.defects]
    for part in message.walk():
        defects += [str(d) for d in part.defects if part is not message]
    result = {
        "from": addresses(message, "From"),
        "to": addresses(message, "To"),
        "subject": str(message["Subject"]) if message["Subject"] is not None else None,
        "date": str(message["Date"]) if message["Date"] is not None else None,
        "date_iso": email.utils.parsedate_to_datetime(message["Date"]).isoformat() if message["Date"] else None,
        "message_id": str(message["Message-ID"]) if message["Message-ID"] is not None else None,
        "mime_version": message["MIME-Version"],
        "content_type": message.get_content_type(),
        # line ends as LF, whatever the wire had
        "body": text.get_content().replace("\r\n", "\n") if text is not None else None,
        "attachments": attachments,
        "long_lines": [i + 1 for i, line in enumerate(lines) if len(line) > 998],
        "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
        "defects": defects,
        "headers": [[k, str(v)] for k, v in message.items()],
    }
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
