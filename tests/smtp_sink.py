"""An SMTP server for the tests (aiosmtpd, from PyPI): each message it receives is written
to the folder given as one JSON file — envelope recipients, To, Cc, Subject and the
decoded text body — so a Rust test can read what Linkway sent.

It refuses (550, for good) any recipient whose address starts with "refused", and with a
third argument waits that many seconds before accepting each message (a slow server).

Usage: python3 smtp_sink.py PORT FOLDER [DELAY]   (prints "ready" once it listens; runs
until killed)
"""

import asyncio
import email
import email.policy
import json
import os
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder, delay):
        self.folder = folder
        self.delay = delay
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("refused"):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        record = {
            "envelope_to": list(envelope.rcpt_tos),
            "from": str(message.get("From", "")),
            "to": str(message.get("To", "")),
            "cc": str(message.get("Cc", "")),
            "subject": str(message.get("Subject", "")),
            "body": body.get_content() if body is not None else "",
        }
        with self.lock:
            self.count += 1
            name = os.path.join(self.folder, "%d-%06d.json" % (time.time_ns(), self.count))
        with open(name + ".part", "w", encoding="utf-8") as part:
            json.dump(record, part)
        os.rename(name + ".part", name)
        return "250 Message accepted"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    controller = Controller(Sink(folder, delay), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        threading.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
