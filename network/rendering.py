"""Posts are written in Markdown and shown as sanitised HTML.

Markdown is rendered by markdown-it (CommonMark, raw HTML off: a `<script>` typed in a
post stays text), @mentions become links to the member's profile, and nh3 then keeps
only a small set of tags, drops images (no tracking pixels) and gives every link
`rel="nofollow ugc noopener"`. The result is stored on the post; pages never render
Markdown.
"""

import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

MENTION = re.compile(r"(?<![\w@/])@([a-z0-9][a-z0-9-]{1,39})\b", re.IGNORECASE)
# A quote of another post: a blockquote line holding a link to that post's permalink.
QUOTED_POST = re.compile(r"^\s*>.*?/network/p/(\d+)/", re.MULTILINE)
LINK = re.compile(r"https?://|\]\(|www\.", re.IGNORECASE)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class"}, "ol": {"start"}}
# Every link a post holds: no search-engine credit, no window.opener.
LINK_REL = "nofollow ugc noopener"


def _markdown():
    md = MarkdownIt("commonmark", {"html": False, "linkify": False})
    md.enable(["strikethrough", "table"])
    md.core.ruler.push("dela_mentions", _mentions_rule)
    return md


def _mentions_rule(state):
    """Turn @handle in plain text (not in code, not inside a link) into a link to a
    known member; unknown handles stay text."""
    known = state.env.get("mentions") or {}
    if not known:
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = []
        link_depth = 0
        for token in block.children:
            if token.type == "link_open":
                link_depth += 1
            elif token.type == "link_close":
                link_depth -= 1
            if token.type != "text" or link_depth or "@" not in token.content:
                children.append(token)
                continue
            children.extend(_split_mentions(token.content, known))
        block.children = children


def _split_mentions(text, known):
    tokens = []
    position = 0
    for match in MENTION.finditer(text):
        url = known.get(match.group(1).lower())
        if url is None:
            continue
        if match.start() > position:
            tokens.append(_text(text[position : match.start()]))
        link = Token("link_open", "a", 1)
        link.attrs = {"href": url, "class": "mention"}
        tokens += [link, _text(match.group(0)), Token("link_close", "a", -1)]
        position = match.end()
    if position < len(text):
        tokens.append(_text(text[position:]))
    return tokens


def _text(content):
    token = Token("text", "", 0)
    token.content = content
    return token


_MD = _markdown()


def mentioned_handles(source):
    """The distinct handles a text mentions, in order (lower case)."""
    seen = {}
    for match in MENTION.finditer(source or ""):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)


def quoted_post_ids(source):
    return sorted({int(pk) for pk in QUOTED_POST.findall(source or "")})


def links_count(source):
    return len(LINK.findall(source or ""))


def sanitise(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render(source, mentions=None):
    """Markdown source → safe HTML. `mentions` maps known handles to profile URLs."""
    # A lone surrogate (JSON can carry one) is no character: replaced, not a 500.
    source = (source or "").encode("utf-8", "replace").decode("utf-8")
    html = _MD.render(source, {"mentions": mentions or {}})
    return sanitise(html)
