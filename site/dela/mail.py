"""Dela's e-mails to one person: one owner for how they are sent.

A subject is one line whatever went into it: a template's line breaks, or a thread
title or a display name someone typed with a line break (which Django would refuse as
header injection, losing the e-mail). The sender is DEFAULT_FROM_EMAIL. A member reads
every e-mail in the language they chose (their account's "language"), else the site's.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


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


def language_of(user):
    """The language ``user`` reads Dela's e-mails in: their choice, else the site's."""
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user):
    with translation.override(language_of(user)):
        yield


def send_to_member(user, template, context):
    """E-mail ``user`` the message ``template`` (``<template>_subject.txt`` and
    ``<template>_message.txt``), rendered in their language. ``context`` may be a
    callable, then computed in that language (dates, labels). Returns whether an
    e-mail went out (not without an address)."""
    if not user.email:
        return False
    with in_language_of(user):
        if callable(context):
            context = context()
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_message.txt", context)
    send_to(user.email, subject, body)
    return True
