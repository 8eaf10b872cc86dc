"""Demo network for `manage.py load_demo`: categories and groups in Swedish, Norwegian
and Danish, threads between the demo ambassadors of different municipalities, solved
questions, reactions and profiles for the directory, all read from
`demo_data/network.json` (edit them there).

Everyone is fictional (the accounts demo's people and a few more on `.example`).
Idempotent: places are found by slug, threads by title in their place, profiles are
brought up to date; nothing is created twice.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from taxonomy.models import Competence, Region, Sector

from . import limits, services
from .models import Category, Group, GroupMembership, Post, Reaction, Thread

User = get_user_model()

# Profiles, categories, groups and threads (each reply, the solution's index among
# the replies, reactions by reply index), one object each.
DATA = json.loads(
    (Path(__file__).resolve().parent / "demo_data" / "network.json").read_text("utf-8")
)


def _users():
    wanted = {p["email"].lower() for p in DATA["profiles"]} | set(DATA["also_members"])
    return {u.email.lower(): u for u in User.objects.filter(email__in=wanted)}


def _profile(user, data):
    profile = services.profile_of(user)
    profile.title = data.get("title", "")
    profile.sector = Sector.objects.filter(slug=data.get("sector")).first()
    profile.set_languages(data.get("languages", []))
    profile.bio = data.get("bio", "")
    profile.can_help_with = data.get("can_help_with", "")
    profile.visibility = data.get("visibility", "members")
    profile.save()
    profile.expertise.set(data.get("expertise", []))
    profile.competences.set(Competence.objects.filter(code__in=data["competences"]))


def _place(slug, is_group):
    return (Group if is_group else Category).objects.get(slug=slug)


def load(stdout, style):
    users = _users()
    if DATA["requires"] not in users:
        stdout.write("  network: the accounts demo has not run; skipped")
        return
    made = 0
    with transaction.atomic(), limits.suspended():
        for data in DATA["profiles"]:
            if data["email"] in users:
                _profile(users[data["email"]], data)
        for position, category in enumerate(DATA["categories"]):
            Category.objects.update_or_create(
                slug=category["slug"],
                defaults={
                    "name": category["name"],
                    "description": category["description"],
                    "visibility": category["visibility"],
                    "members_can_start_threads": category["members_can_start_threads"],
                    "position": position,
                },
            )
        for spec in DATA["groups"]:
            region = spec["region"]
            group, _created = Group.objects.update_or_create(
                slug=spec["slug"],
                defaults={
                    "name": spec["name"],
                    "description": spec["description"],
                    "visibility": spec["visibility"],
                    "region": Region.objects.filter(
                        country__code=region["country"], name=region["name"]
                    ).first()
                    if region
                    else None,
                },
            )
            if spec["admin"] in users:
                services._add_member(
                    group, users[spec["admin"]], GroupMembership.Role.ADMIN
                )
            for email in spec["members"]:
                if email in users:
                    services._add_member(group, users[email])
        for spec in DATA["threads"]:
            made += _thread(spec, users)
    stdout.write(
        f"  network: {Category.objects.count()} categories, "
        f"{Group.objects.count()} groups, {Thread.objects.count()} threads "
        f"({made} new)"
    )


def _thread(spec, users):
    title, author, body = spec["title"], spec["author"], spec["body"]
    is_group = spec["in_group"]
    place = _place(spec["place"], is_group)
    lookup = {"group": place} if is_group else {"category": place}
    if Thread.objects.filter(title=title, **lookup).exists():
        return 0
    if author not in users:
        return 0
    thread = services.start_thread(
        users[author], place, title, body, tags=spec["tags"], language=spec["language"]
    )
    posts = []
    for reply in spec["replies"]:
        if reply["author"] in users:
            post, _created = services.reply(
                users[reply["author"]], thread, reply["text"]
            )
            posts.append(post)
    # Spread the conversation over the last weeks, as a real one would be.
    start = timezone.now() - timedelta(days=3 + len(title) % 20, hours=len(body) % 9)
    every = Post.objects.filter(thread=thread).order_by("position")
    for index, post in enumerate(every):
        Post.objects.filter(pk=post.pk).update(
            created_on=start + timedelta(hours=5 * index)
        )
    last = start + timedelta(hours=5 * (len(posts)))
    Thread.objects.filter(pk=thread.pk).update(created_on=start, last_post_on=last)
    thread.refresh_from_db()
    solution = spec["solution"]
    if solution is not None and solution < len(posts):
        services.mark_solution(users[author], posts[solution])
    for reaction in spec["reactions"]:
        index, email, kind = reaction["reply"], reaction["user"], reaction["kind"]
        if email in users and index < len(posts):
            post = posts[index]
            if (
                post.author_id != users[email].pk
                and not Reaction.objects.filter(
                    post=post, user=users[email], kind=kind
                ).exists()
            ):
                services.toggle_reaction(users[email], post, kind)
    return 1
