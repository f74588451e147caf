#!/usr/bin/env python3
"""Writes the seed corpora into fuzz/seeds/<target>/ (generated, not committed).

Perl: the OTRS/Znuny config files under the fixtures, the big ZZZAAuto.pm cut into files of whole
statements, and the cases of Tests/SysConfigTests/PerlReaderTests.swift. XML: every SysConfig definition
file, cut into files of whole <Setting>/<ConfigItem> elements, plus a few small broken ones and the head of
a schema file. WebSocket: hand-made frames, each behind the chunk-size byte the harness reads first."""
import hashlib, os, re, struct, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAIN = HERE.parent
FIXTURES = Path(os.environ.get("FIXTURES", "/work/shared/fixtures/otrs"))
PIECE = 16 * 1024  # well under the 64 KiB -max_len, and quick to run


def save(target, data):
    out = HERE / "seeds" / target
    out.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (out / hashlib.sha1(data).hexdigest()).write_bytes(data)


def pieces(items, limit=PIECE):
    """Groups consecutive strings into runs of at most `limit` characters (one item may be longer)."""
    run, size = [], 0
    for item in items:
        if run and size + len(item) > limit:
            yield run
            run, size = [], 0
        run.append(item)
        size += len(item)
    if run:
        yield run


def perl_seeds():
    for pm in sorted(FIXTURES.rglob("*.pm")):
        text = pm.read_text(encoding="utf-8")
        start = re.search(r"^sub Load \{\n.*\n", text, re.M)
        end = text.rfind("    return;\n}")
        if len(text) <= PIECE or not start or end < 0:
            save("perl", text[:64 * 1024])
            continue
        head, body, tail = text[:start.end()], text[start.end():end], text[end:]
        statements = re.split(r"\n(?=\$Self->)", body)
        for run in pieces(statements):
            save("perl", head + "\n".join(run) + "\n" + tail)
    # the cases of the Perl reader tests, in the same scaffolding the tests put around them
    tests = (MAIN / "Tests/SysConfigTests/PerlReaderTests.swift").read_text(encoding="utf-8")
    for body in re.findall(r'#"""\n(.*?)\n\s*"""#', tests, re.S):
        save("perl", "package Kernel::Config::Files::ZZZTest;\nuse strict;\nuse warnings;\nuse utf8;\n"
             "sub Load {\n    my ($File, $Self) = @_;\n" + body + "\n    return;\n}\n1;\n__END__\n$Self->{X} = 1;\n")


def xml_seeds():
    for xml in sorted(FIXTURES.rglob("*.xml")):
        text = xml.read_text(encoding="utf-8")
        root = re.search(r"<(otrs_config|otobo_config)[^>]*>\n?", text)
        if not root:
            save("xml", text[:8 * 1024])  # a schema file: not a definition, refused after parsing
            continue
        head, close = text[:root.end()], "</%s>\n" % root.group(1)
        # an OTRS 5 <ConfigItem> holds a <Setting>, so each element ends at its own closing tag
        elements = re.finditer(r"[ \t]*<(Setting|ConfigItem) .*?</\1>\n", text[root.end():], re.S)
        for run in pieces(element.group(0) for element in elements):
            save("xml", head + "".join(run) + close)
    for small in [
        '<?xml version="1.0"?>\n<otrs_config version="2.0" init="Application">\n<Setting Name="X">\n</otrs_config>\n',
        '<otrs_config version="3.0" init="Application"></otrs_config>',
        '<otrs_config version="2.0" init="Whenever"></otrs_config>',
        '<?xml version="1.0" encoding="utf-8"?>\n<otrs_config version="1.0" init="Config">\n'
        '    <ConfigItem Name="Order::Old" Required="0" Valid="1"><Setting><String>old</String></Setting></ConfigItem>\n'
        '</otrs_config>\n',
    ]:
        save("xml", small)


def frame(opcode, payload=b"", fin=True, mask=b"\x37\xfa\x21\x3d", rsv=0):
    """One WebSocket frame as a client sends it (masked unless mask is None)."""
    first = (0x80 if fin else 0) | (rsv << 4) | opcode
    n = len(payload)
    masked = 0x80 if mask is not None else 0
    if n < 126:
        header = bytes([first, masked | n])
    elif n < 1 << 16:
        header = bytes([first, masked | 126]) + struct.pack(">H", n)
    else:
        header = bytes([first, masked | 127]) + struct.pack(">Q", n)
    if mask is None:
        return header + payload
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def ws_seeds():
    text, binary, cont, close, ping, pong = 0x1, 0x2, 0x0, 0x8, 0x9, 0xA
    hello = '{"type":"message","text":"Grüße 😀"}'.encode()
    streams = [
        frame(text, hello),
        frame(text, hello, mask=None),  # unmasked from a client: a protocol error
        frame(binary, bytes(range(200))),
        frame(text, b"x" * 70000)[:4000],  # 64-bit length, cut short
        frame(ping, b"are you there") + frame(pong, b""),
        frame(text, b'{"type":', fin=False) + frame(ping, b"p") + frame(cont, b'"typing"', fin=False)
        + frame(cont, b"}"),
        frame(text, "é".encode()[:1], fin=False) + frame(cont, "é".encode()[1:]),  # UTF-8 split across fragments
        frame(cont, b"orphan"),
        frame(close, struct.pack(">H", 1000) + b"bye"),
        frame(close, b"\x03"),  # a one-byte close payload
        frame(text, b"compressed?", rsv=4),
        frame(0x3, b"reserved opcode"),
        frame(ping, b"y" * 126),  # control frame too long
        frame(text, b"a") * 5 + frame(close),
    ]
    for i, stream in enumerate(streams):
        save("ws", bytes([0]) + stream)  # one read
        save("ws", bytes([1 + i % 7]) + stream)  # reads of 1 to 7 bytes


if __name__ == "__main__":
    which = sys.argv[1:] or ["perl", "xml", "ws"]
    for name in which:
        {"perl": perl_seeds, "xml": xml_seeds, "ws": ws_seeds}[name]()
        out = HERE / "seeds" / name
        print(f"{name}: {len(list(out.iterdir()))} seeds in {out.relative_to(MAIN)}")
