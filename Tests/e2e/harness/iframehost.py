"""A customer's web site that embeds the public chat in an iframe, served on `localhost`.

The page is opened as http://localhost:<port>/ while the chat comes from http://127.0.0.1:<server port>,
so the chat runs in a cross-origin (and cross-site) iframe, as on a real customer's site.
"""

import html

from .staticsite import StaticSite

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Example Corp - Contact</title>
<style>body{{font-family:sans-serif;margin:20px}} iframe{{border:1px solid #888}}</style></head>
<body>
<h1 id="host-heading">Example Corp</h1>
<p>Questions? Chat with us:</p>
<iframe id="chat-frame" src="{src}" width="460" height="640" title="Chat"></iframe>
</body></html>
"""


class IframeHost:
    def __init__(self, chat_base_url: str):
        """`chat_base_url`: where the public chat lives, e.g. http://127.0.0.1:8080 (or a proxy)."""
        self.chat_src = f"{chat_base_url}/otrs/public.pl?Action=PublicChat;IsIframe=1"
        self._site = StaticSite({"/": PAGE.format(src=html.escape(self.chat_src, quote=True))}, name="iframe-host")
        self.port = self._site.port

    @property
    def url(self) -> str:
        # `localhost`, not 127.0.0.1: another origin (and site) than the chat's
        return self._site.url + "/"

    def close(self) -> None:
        self._site.close()
