"""Threads: starting one, reading it, replying, images, the preview and @mention
suggestions; turning a solved thread into a story draft."""

import mimetypes
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from search.query import typed_text

from .. import limits, services, tracking
from ..forms import (
    ImagesForm,
    ReplyForm,
    ThreadForm,
)
from ..limits import RateLimited, client_ip
from ..models import (
    POSTS_PER_PAGE,
    Bookmark,
    Category,
    Group,
    Post,
    PostImage,
    Profile,
    Reaction,
)
from ..permissions import network_permissions as perms
from .base import (
    _addresses,
    _checked_file,
    _login,
    _LoginRequired,
    _message,
    _page,
    _post_url,
    _render,
    _signed_in,
    _thread_or_404,
    _watching,
    _with_login,
)

# --- New threads ---------------------------------------------------------------------


@never_cache
def _new_thread(request, place):
    user = request.user
    if not _signed_in(request):
        return _login(request)
    if not perms.can_start_thread_in(user, place):
        if not perms.can_read_place(user, place):
            raise Http404
        raise PermissionDenied(
            perms.write_refusal(user) or _("You cannot start a thread here.")
        )
    # "Ask the network" (search without results) arrives with the question as ?title=.
    initial = {
        "language": user.language,
        "title": typed_text(request.GET.get("title"), 200),
    }
    form = ThreadForm(request.POST or None, initial=initial)
    images_form = ImagesForm(request.POST or None, request.FILES or None)
    limited = False
    ready = False
    if request.method == "POST":
        # Images are decoded only once the text passed and the limits allow a post
        # (otherwise the form comes back without them: files must be chosen again).
        refusal = form.is_valid() and _limit_refusal(request, form.cleaned_data["body"])
        if refusal:
            form.add_error(None, refusal)
            limited = True
        if form.errors:
            images_form = ImagesForm()
        else:
            ready = images_form.is_valid()
    if ready:
        data = form.cleaned_data
        try:
            thread = services.start_thread(
                user,
                place,
                data["title"],
                data["body"],
                tags=data["tags"],
                language=data["language"],
                submission_key=data["submission_key"],
                ip=client_ip(request),
                images=images_form.prepared(),
            )
        except RateLimited as limit:
            form.add_error(None, limit.message)
            limited = True
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _message(error))
        else:
            return redirect(thread)
    errors = form.errors or images_form.errors
    status = 429 if limited else 400 if errors else 200
    return _render(
        request,
        "network/thread_form.html",
        {"form": form, "images_form": images_form, "place": place},
        status=status,
    )


@never_cache
@require_GET
@login_required
def new_thread(request):
    """Where to ask: the categories and groups the member may start a thread in, each
    carrying the question (?title=) on to its form."""
    user = request.user
    places = [
        place
        for place in [
            *Category.objects.visible_to(user),
            *Group.objects.visible_to(user),
        ]
        if perms.can_start_thread_in(user, place)
    ]
    title = typed_text(request.GET.get("title"), 200)
    return _render(
        request,
        "network/new_thread.html",
        {
            "places": places,
            "title_query": urlencode({"title": title}) if title else "",
            "refusal": None if places else perms.write_refusal(user),
        },
    )


def new_thread_category(request, slug):
    return _new_thread(request, get_object_or_404(Category, slug=slug))


def new_thread_group(request, slug):
    return _new_thread(request, get_object_or_404(Group, slug=slug))


# --- Threads -------------------------------------------------------------------------


@require_GET
@_with_login
def thread_short(request, pk):
    """The short link of a thread: a redirect (which names its title) only for those
    who may read it."""
    thread = _thread_or_404(request, pk)
    return redirect(thread.merged_into or thread)


@_with_login
def thread(request, pk, slug=None):
    """A thread's posts, 20 a page, with the solution shown first."""
    thread = _thread_or_404(request, pk)
    if thread.merged_into_id:
        return redirect(thread.merged_into)
    if request.method == "POST":
        return _reply(request, thread)
    return _thread_page(request, thread, ReplyForm())


def _has_profile(person):
    try:
        return person.network_profile is not None
    except Profile.DoesNotExist:
        return False


def _author_links(user, author):
    """The addresses of `author`'s profile and photo thumbnail for `user`, or "" where
    there is none or `user` may not see the profile."""
    if author is None or not _has_profile(author):
        return "", ""
    profile = author.network_profile
    if not perms.can_view_profile(user, profile):
        return "", ""
    return profile.get_absolute_url(), profile.photo_url("thumb")


# The addresses (URL names in `network:`) each post of a thread page links or posts to.
POST_ADDRESSES = (
    "post",
    "post_react",
    "post_bookmark",
    "post_solution",
    "post_edit",
    "post_delete",
    "post_history",
    "post_flag",
    "post_moderate",
)


def _thread_page(request, thread, form, status=200, images_form=None):
    user = request.user
    moderator = perms.can_moderate_network(user)
    posts = Post.objects.filter(thread=thread).for_thread_page()
    if not moderator:
        posts = posts.filter(hidden=False)
    page_obj = _page(request, posts, POSTS_PER_PAGE)
    page_posts = list(page_obj.object_list)
    ids = [post.pk for post in page_posts]
    mine = set()
    bookmarked = set()
    if _signed_in(request) and ids:
        mine = set(
            Reaction.objects.filter(user=user, post_id__in=ids).values_list(
                "post_id", "kind"
            )
        )
        bookmarked = set(
            Bookmark.objects.filter(user=user, post_id__in=ids).values_list(
                "post_id", flat=True
            )
        )
    if _signed_in(request):
        perms.know_directory(user, {post.author_id for post in page_posts} - {None})
    shown = {}  # author id -> (profile address, photo address): asked once an author
    address = _addresses(*POST_ADDRESSES, "suspend")
    for post in page_posts:
        post.thread = thread
        if post.author_id not in shown:
            shown[post.author_id] = _author_links(user, post.author)
        post.author_url, post.avatar_src = shown[post.author_id]
        post.urls = {name: address[name](post.pk) for name in POST_ADDRESSES}
        if post.author_id:
            post.urls["suspend"] = address["suspend"](post.author_id)
        post.my_reactions = {kind for post_id, kind in mine if post_id == post.pk}
        post.bookmarked = post.pk in bookmarked
        post.can_edit = perms.can_edit_post(user, post)
        post.can_delete = perms.can_delete_post(user, post)
        post.can_react = perms.can_react(user, post)
        post.can_flag = perms.can_flag(user, post)
    solution = None
    if thread.solution_id and page_obj.number == 1:
        solution = thread.solution
        if solution.hidden or solution.is_deleted:
            solution = None
        else:
            solution.author_name = (
                solution.author.public_name if solution.author_id else None
            )
    known = tracking.read_position(user, thread)
    last_on_page = page_posts[-1].position if page_posts else 0
    tracking.mark_read(user, thread, last_on_page, known)
    context = {
        "thread": thread,
        "place": thread.place,
        "page_obj": page_obj,
        "posts": page_posts,
        "solution": solution,
        "tags": list(thread.tags.all()),
        "form": form,
        "images_form": images_form or ImagesForm(),
        "reply_refusal": perms.reply_refusal(user, thread),
        "can_mark_solution": perms.can_mark_solution(user, thread),
        "can_moderate": moderator,
        "can_turn_into_story": perms.can_turn_into_story(user, thread),
        "watching": _watching(user, "thread", thread),
        "first_unread": (known or 0) + 1 if known is not None else None,
        # Said once a page, not once a post.
        "reactions": [(kind, str(label)) for kind, label in Reaction.Kind.choices],
        "here": request.get_full_path(),
    }
    response = _render(request, "network/thread.html", context, status=status)
    # A visitor's thread page is the same for every visitor (a thread they may not
    # read is a 404 or a sign-in): dela.page_cache may keep it.
    if _signed_in(request):
        add_never_cache_headers(response)
    return response


def _reply(request, thread):
    user = request.user
    if not _signed_in(request):
        return _login(request)
    form = ReplyForm(request.POST)
    images_form = ImagesForm(request.POST, request.FILES)

    def page(status):
        return _thread_page(request, thread, form, status, images_form=images_form)

    # Images are decoded only after the checks that need no decoding: is the text
    # right, may this member reply here, now (the limits)? The service asks again
    # when it saves. Otherwise the form comes back without them.
    if not form.is_valid():
        images_form = ImagesForm()
        return page(400)
    for refusal, status in (
        (perms.reply_refusal(user, thread), 403),
        (_limit_refusal(request, form.cleaned_data["body"]), 429),
    ):
        if refusal:
            form.add_error(None, refusal)
            images_form = ImagesForm()
            return page(status)
    if images_form.is_valid():
        try:
            post, created = services.reply(
                user,
                thread,
                form.cleaned_data["body"],
                submission_key=form.cleaned_data["submission_key"],
                ip=client_ip(request),
                images=images_form.prepared(),
            )
        except RateLimited as limit:
            form.add_error(None, limit.message)
            return page(429)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _message(error))
            return page(403 if isinstance(error, PermissionDenied) else 400)
        if not created:
            messages.info(request, _("Your reply was already posted."))
        return redirect(_post_url(post))
    return page(400)


def _limit_refusal(request, body):
    """The rate limit's message when this post would go over it, else None."""
    try:
        limits.check_post(request.user, client_ip(request), body)
    except RateLimited as limit:
        return limit.message
    return None


@_with_login
def reply(request, pk):
    thread = _thread_or_404(request, pk)
    if request.method != "POST":
        return redirect(thread)
    if thread.merged_into_id:
        return redirect(thread.merged_into)
    return _reply(request, thread)


@require_GET
def post_permalink(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    try:
        _thread_or_404(request, post.thread_id)
    except _LoginRequired:
        return _login(request)
    if post.hidden and not perms.can_moderate_network(request.user):
        raise Http404
    return redirect(_post_url(post))


@require_safe
def post_image(request, pk, image_pk):
    """An image of a post, for whoever may read the post (images of private groups'
    threads are not reachable any other way)."""
    attachment = get_object_or_404(
        PostImage.objects.select_related(
            "post__thread__category", "post__thread__group"
        ),
        pk=image_pk,
        post_id=pk,
    )
    if not perms.can_see_post_images(request.user, attachment.post):
        # As for the thread: logging in may help with a members-only place; of a
        # private group's image a visitor learns nothing, not even that it exists.
        if perms.login_may_help(request.user, attachment.post.thread):
            return _login(request)
        raise Http404
    return _checked_file(attachment.image, _image_type(attachment.image.name))


def _image_type(name):
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


@require_POST
def preview(request):
    """The post as it will look (htmx or fetch from network.js)."""
    if not _signed_in(request):
        return HttpResponse(status=403)
    body = request.POST.get("body", "")[: services.MAX_POST_LENGTH + 1]
    try:
        body = services.clean_body(body)
    except ValidationError as error:
        return HttpResponse(
            format_html(
                '<p class="message message--error">{}</p>', " ".join(error.messages)
            )
        )
    return HttpResponse(services.render_body(body))


@require_GET
def mention_suggestions(request):
    """@mention autocomplete: up to 8 people whose name or handle starts with q,
    among those whose profile the member may open."""
    if not _signed_in(request):
        return JsonResponse({"error": _("Log in first.")}, status=403)
    q = typed_text(request.GET.get("q"), 41).lstrip("@")[:40]
    if len(q) < 2:
        return JsonResponse({"results": []})
    profiles = (
        Profile.objects.filter(perms.viewable_profiles_q(request.user))
        .filter(
            Q(handle__istartswith=q)
            | get_user_model().name_q(q, lookup="istartswith", through="user__")
        )
        .select_related("user__municipality")
        .order_by("handle")[:8]
    )
    return JsonResponse(
        {
            "results": [
                {
                    "handle": p.handle,
                    "name": p.user.public_name,
                    "municipality": str(p.user.municipality or ""),
                }
                for p in profiles
            ]
        }
    )
