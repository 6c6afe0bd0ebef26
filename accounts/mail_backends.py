"""The development mail backend: messages printed on the console as readable UTF-8 text.

Django's console backend prints the message as it would go over the wire, where a body with long lines or non-ASCII
text is quoted-printable: a link is cut at 76 characters with "=" and every "=" in it becomes "=3D", so a copied link
is broken. This one prints the same message with an 8-bit body and lines up to SMTP's 998-character limit: each
link stays on one line, exactly as the recipient's mail program would show it.
"""

import email.policy

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend

READABLE = email.policy.default.clone(cte_type="8bit", max_line_length=998, utf8=True)


class ReadableConsoleBackend(DjangoConsoleBackend):
    def write_message(self, message):
        text = message.message(policy=READABLE).as_bytes().decode("utf-8")
        self.stream.write(f"{text}\n{'-' * 79}\n")
