"""A loopback SMTP server for the tests: every accepted message becomes one file in a folder.

Run with Debian's interpreter (its python3-aiosmtpd imports only there):

    /usr/bin/python3 tests/smtp_sink.py --host 127.0.0.1 --port 2525 --dir DIR

Messages land maildir-style: written under DIR/tmp, then renamed into DIR/new as
<sequence>-<random>.eml, so a test that lists DIR/new never sees half a message. The envelope is
prepended as X-Envelope-From and one X-Envelope-To per recipient, because tests check that each
recipient got their own envelope and the headers alone cannot show that.

Recipients whose local part starts with "smtp-451" or "smtp-550" are answered with that code at
RCPT, so delivery tests can exercise temporary and permanent refusals without a second server.
"""

import argparse
import itertools
import os
import secrets
import signal
import threading

from aiosmtpd.controller import Controller


class FolderHandler:
    def __init__(self, folder):
        self._tmp = os.path.join(folder, "tmp")
        self._new = os.path.join(folder, "new")
        os.makedirs(self._tmp, exist_ok=True)
        os.makedirs(self._new, exist_ok=True)
        self._sequence = itertools.count(1)
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("smtp-451"):
            return "451 4.3.0 Test sink: try again later"
        if local.startswith("smtp-550"):
            return "550 5.1.1 Test sink: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            number = next(self._sequence)
        name = f"{number:08d}-{secrets.token_hex(4)}.eml"
        head = [f"X-Envelope-From: {envelope.mail_from}"]
        head += [f"X-Envelope-To: {rcpt}" for rcpt in envelope.rcpt_tos]
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        temporary = os.path.join(self._tmp, name)
        with open(temporary, "wb") as f:
            f.write(("\r\n".join(head) + "\r\n").encode("ascii", "replace"))
            f.write(data)
        os.rename(temporary, os.path.join(self._new, name))
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()

    # SMTPUTF8 and 8BITMIME on, size generous: the notifier sends localised UTF-8 mail.
    controller = Controller(
        FolderHandler(args.dir),
        hostname=args.host,
        port=args.port,
        enable_SMTPUTF8=True,
        data_size_limit=50 * 1024 * 1024,
    )
    controller.start()
    print(f"smtp sink listening on {args.host}:{args.port}", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
