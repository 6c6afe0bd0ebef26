"""A real SMTP server on loopback (aiosmtpd) for tests whose flow depends on mail, and how to point MAILERS at it."""

import asyncio
import email
import email.policy
import re
import socket
import threading
from contextlib import contextmanager

from aiosmtpd.controller import Controller

from tests.servers import free_port, wait_for

LINK = re.compile(r"https?://\S+")


class Inbox:
    """What the server received, as parsed messages; thread-safe because aiosmtpd runs on its own thread."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 OK"

    def wait_for(self, count=1, timeout=20.0):
        """The first `count` messages, waiting for background delivery when needed."""
        wait_for(lambda: len(self.messages) >= count, timeout=timeout, what=f"{count} mail message(s)")
        return self.messages[:count]

    def last_to(self, address):
        with self._lock:
            matching = [message for message in self.messages if address in message["To"]]
        assert matching, f"no mail to {address}"
        return matching[-1]


@contextmanager
def smtp_server(inbox=None):
    """Yields (inbox, port) of an SMTP server on 127.0.0.1 that accepts every message (or does what `inbox` does)."""
    inbox = inbox or Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def smtp_mailers(port):
    """A MAILERS setting that delivers over SMTP to the loopback server on `port`."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }


def body_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(text, path_part):
    """The one link in a mail body whose path contains `path_part`."""
    links = [link for link in LINK.findall(text) if path_part in link]
    assert len(links) == 1, f"expected one link with {path_part!r}, found {links}"
    return links[0]


class StallingInbox(Inbox):
    """An inbox that, while `stalling` is set, holds each message without answering (a send caught in the middle)
    and finally refuses it with a temporary error; `arrived` is set when a stalled message came in."""

    def __init__(self):
        super().__init__()
        self.stalling = threading.Event()
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if not self.stalling.is_set():
            return await super().handle_DATA(server, session, envelope)
        self.arrived.set()
        while self.stalling.is_set():
            await asyncio.sleep(0.05)
        return "451 4.3.0 Try again later"


class SmtpSink:
    """An SMTP server on a fixed loopback port that a test may stop, start, or make hang (the mail server down)."""

    def __init__(self, inbox=None):
        self.inbox = inbox or Inbox()
        self.port = free_port()
        self._controller = None
        self._black_hole = None

    def start(self):
        self._close_black_hole()
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def hang(self):
        """Stopped, and worse: connections are accepted by the kernel but nothing ever answers (a send waits for its
        timeout, as with a mail server that is overloaded or behind a dropping firewall)."""
        self.stop()
        self._black_hole = socket.socket()
        self._black_hole.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._black_hole.bind(("127.0.0.1", self.port))
        self._black_hole.listen(16)

    def _close_black_hole(self):
        if self._black_hole is not None:
            self._black_hole.close()
            self._black_hole = None

    def close(self):
        self.stop()
        self._close_black_hole()


@contextmanager
def smtp_sink(inbox=None, started=True):
    sink = SmtpSink(inbox)
    if started:
        sink.start()
    try:
        yield sink
    finally:
        sink.close()
class _SlowInbox(Inbox):
    """Accepts every message, but only after `delay` seconds: a mail server under load."""

    def __init__(self, delay):
        super().__init__()
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


@contextmanager
def slow_smtp_server(delay):
    """Yields (inbox, port) of an SMTP server on 127.0.0.1 that takes `delay` seconds to accept each message."""
    with smtp_server(_SlowInbox(delay)) as served:
        yield served


@contextmanager
def silent_smtp_server():
    """Yields the port of a "mail server" that accepts TCP connections and never says a word (a hung server): a
    client waits for the greeting until its own timeout."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(512)  # connections complete in the kernel's backlog; nothing ever accepts or answers them
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()
