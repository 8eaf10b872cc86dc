"""Dela's e-mails to one person: one owner for how they are sent.

A subject is one line whatever went into it: a template's line breaks, or a thread
title or a display name someone typed with a line break (which Django would refuse as
header injection, losing the e-mail). The sender is DEFAULT_FROM_EMAIL."""

from django.conf import settings
from django.core.mail import send_mail


def one_line(text):
    return " ".join(str(text).split())


def send_to(address, subject, body):
    """Send a plain-text e-mail to ``address``; raises on failure (the task retries
    or reports it)."""
    send_mail(
        one_line(subject),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [address],
        fail_silently=False,
    )
