#!/usr/bin/python3
"""A loopback SMTP server for the browser tests: keeps every message it is
given, parsed, as one JSON file in a directory. Not a test itself.

  /usr/bin/python3 tests/browser/smtp_sink.py DIR

Listens on an ephemeral 127.0.0.1 port and prints "listening on
127.0.0.1:PORT" on stdout once it accepts connections. Each message becomes
DIR/NNNNNN.json, written whole under another name and then renamed, so a
reader never sees half a file:

  {"mail_from": envelope sender, "rcpt_tos": [envelope recipients],
   "from": header, "to": header, "subject": header (decoded),
   "content_type": top-level type,
   "text": the text/plain body, decoded ("" if none),
   "html": the text/html body, decoded ("" if none)}

Bodies are decoded by Python's email package (multipart, quoted-printable,
base64, charsets), so the tests see what a mail client would show. A message
the package cannot parse is refused with 554 rather than kept half-read.
Stops on SIGTERM or SIGINT. Needs Debian's python3-aiosmtpd.
"""

import asyncio
import email
import email.policy
import json
import os
import signal
import sys

from aiosmtpd.smtp import SMTP


class JsonDirHandler:
    """An aiosmtpd handler writing each message as DIR/NNNNNN.json."""

    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        try:
            msg = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
            record = {
                'mail_from': envelope.mail_from,
                'rcpt_tos': list(envelope.rcpt_tos),
                'from': str(msg.get('From', '')),
                'to': str(msg.get('To', '')),
                'subject': str(msg.get('Subject', '')),
                'content_type': msg.get_content_type(),
                'text': body(msg, 'plain'),
                'html': body(msg, 'html'),
            }
        except Exception as err:  # anything the email package raises
            print(f'smtp_sink: refused a message: {err!r}', file=sys.stderr, flush=True)
            return '554 Transaction failed: message could not be parsed'
        self.count += 1
        name = os.path.join(self.directory, f'{self.count:06d}.json')
        with open(name + '.tmp', 'w', encoding='utf-8') as f:
            json.dump(record, f, ensure_ascii=False, indent=1)
        os.rename(name + '.tmp', name)
        return '250 Message accepted for delivery'


def body(msg, subtype):
    """The decoded text/SUBTYPE body of `msg`, or "" when it has none."""
    part = msg.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return ''
    return part.get_content()


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: smtp_sink.py DIR')
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    handler = JsonDirHandler(directory)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    # A fixed hostname: the default looks up the FQDN, which may wait on DNS.
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, hostname='localhost'), '127.0.0.1', 0))
    host, port = server.sockets[0].getsockname()[:2]
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    print(f'listening on {host}:{port}', flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()


if __name__ == '__main__':
    main()
