"""Caption files: WebVTT parsing and validation, SRT conversion, transcripts.

Uploads are checked line by line and every problem is reported with its line number
("Line 7: ..."), so an ambassador can fix the file in a text editor. What is stored is
always UTF-8 WebVTT (browsers' <track> only plays WebVTT); the parsed cues are kept
for the transcript and search.
"""

import html
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_CAPTION_BYTES = 2 * 1024 * 1024
MAX_ERRORS = 10

_TIMESTAMP = r"(?:(\d{1,3}):)?(\d{2}):(\d{2})[.,](\d{3})"
_VTT_TIMING = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t]+(.*))?$")
_SRT_TIMING = re.compile(
    r"^\s*(\d{1,3}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})\s*-->\s*"
    r"(\d{1,3}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})(?:\s+.*)?$"
)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class ParsedCue:
    start: float
    end: float
    text: str  # plain text: tags removed, entities decoded
    payload: str  # the cue text as written (with <i>, <v Speaker> ...)

    def as_json(self):
        return {"start": self.start, "end": self.end, "text": self.text}


class CaptionError(ValidationError):
    """A caption file that cannot be used; its messages name the lines."""


def decode_caption_bytes(data):
    """The text of an uploaded caption file: UTF-8 (with or without a byte order
    mark) or UTF-16 with a byte order mark. Anything else is refused with a message
    saying how to fix it, rather than guessed at and shown garbled."""
    if not data:
        raise CaptionError(_("The caption file is empty."))
    if len(data) > MAX_CAPTION_BYTES:
        raise CaptionError(
            _("The caption file is larger than %(size)d MB.")
            % {"size": MAX_CAPTION_BYTES // (1024 * 1024)}
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CaptionError(
            _(
                "Line %(line)d: the caption file is not in UTF-8 (an unsupported "
                "encoding such as Latin-1 or Windows-1252). Save it as UTF-8 and "
                "upload it again."
            )
            % {"line": line}
        ) from exc
    if "\x00" in text:
        raise CaptionError(_("This is not a text file."))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _seconds(hours, minutes, seconds, millis):
    """Seconds from a timestamp's parts, to the millisecond (4.363, not
    4.3629999999999995: one division of whole milliseconds)."""
    whole = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return (whole * 1000 + int(millis)) / 1000


def plain_text(payload):
    """Cue text without markup, on one line."""
    return " ".join(html.unescape(_TAG.sub("", payload)).split())


def parse_webvtt(text):
    """Parse WebVTT text into ParsedCues; raises CaptionError listing each problem
    with its line number."""
    lines = text.split("\n")
    errors = []
    if not lines or not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise CaptionError(
            _(
                'Line 1: a WebVTT file must start with "WEBVTT". Is this an SRT '
                "file? Upload it with the .srt extension."
            )
        )
    cues = []
    number = 1
    total = len(lines)
    # Skip the header block (the WEBVTT line and any header lines after it).
    while number < total and lines[number].strip():
        number += 1
    while number < total:
        if not lines[number].strip():
            number += 1
            continue
        block_start = number
        block = []
        while number < total and lines[number].strip():
            block.append(lines[number])
            number += 1
        first = block[0]
        if first.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in first:
            continue
        timing_offset = 0
        if "-->" not in first:
            timing_offset = 1  # a cue identifier comes first
            if len(block) < 2 or "-->" not in block[1]:
                errors.append(
                    _(
                        'Line %(line)d: expected a cue timing such as "00:01.000 --> '
                        '00:04.000".'
                    )
                    % {"line": block_start + 1}
                )
                continue
        timing_line = block[timing_offset].strip()
        line_number = block_start + timing_offset + 1
        match = _VTT_TIMING.match(timing_line)
        if not match:
            errors.append(
                _(
                    'Line %(line)d: the timing "%(timing)s" is not valid; write it '
                    'as "00:01.000 --> 00:04.000" (minutes:seconds.milliseconds).'
                )
                % {"line": line_number, "timing": timing_line[:60]}
            )
            continue
        groups = match.groups()
        if any(int(groups[i]) > 59 for i in (1, 2, 5, 6)):
            errors.append(
                _("Line %(line)d: seconds and minutes go up to 59.")
                % {"line": line_number}
            )
            continue
        start = _seconds(*groups[0:4])
        end = _seconds(*groups[4:8])
        if end <= start:
            errors.append(
                _("Line %(line)d: the cue ends before it starts.")
                % {"line": line_number}
            )
            continue
        if cues and start < cues[-1].start:
            errors.append(
                _(
                    "Line %(line)d: the cues are not in time order (this one starts "
                    "before the one above it)."
                )
                % {"line": line_number}
            )
            continue
        payload_lines = block[timing_offset + 1 :]
        if any("-->" in line for line in payload_lines):
            errors.append(
                _(
                    "Line %(line)d: a cue timing follows another without a blank "
                    "line between the cues."
                )
                % {
                    "line": line_number
                    + 1
                    + next(i for i, line in enumerate(payload_lines) if "-->" in line)
                }
            )
            continue
        payload = "\n".join(payload_lines)
        cues.append(ParsedCue(start, end, plain_text(payload), payload))
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise CaptionError(errors[:MAX_ERRORS])
    if not cues:
        raise CaptionError(_("The caption file has no cues."))
    return cues


def parse_srt(text):
    """Parse SubRip (.srt) text into ParsedCues, with line-numbered errors."""
    lines = text.split("\n")
    errors, cues = [], []
    number, total = 0, len(lines)
    while number < total:
        if not lines[number].strip():
            number += 1
            continue
        block_start = number
        block = []
        while number < total and lines[number].strip():
            block.append(lines[number])
            number += 1
        offset = 1 if block[0].strip().isdigit() else 0
        if len(block) <= offset or "-->" not in block[offset]:
            errors.append(
                _(
                    'Line %(line)d: expected a cue timing such as "00:00:01,000 --> '
                    '00:00:04,000".'
                )
                % {"line": block_start + offset + 1}
            )
            continue
        match = _SRT_TIMING.match(block[offset])
        line_number = block_start + offset + 1
        if not match:
            errors.append(
                _(
                    'Line %(line)d: the timing "%(timing)s" is not valid; write it '
                    'as "00:00:01,000 --> 00:00:04,000".'
                )
                % {"line": line_number, "timing": block[offset].strip()[:60]}
            )
            continue
        groups = match.groups()
        start = _seconds(*groups[0:3], groups[3].ljust(3, "0"))
        end = _seconds(*groups[4:7], groups[7].ljust(3, "0"))
        if end <= start:
            errors.append(
                _("Line %(line)d: the cue ends before it starts.")
                % {"line": line_number}
            )
            continue
        payload = "\n".join(block[offset + 1 :])
        cues.append(ParsedCue(start, end, plain_text(payload), payload))
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise CaptionError(errors[:MAX_ERRORS])
    if not cues:
        raise CaptionError(_("The caption file has no cues."))
    return cues


def format_timestamp(seconds):
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def to_webvtt(cues):
    """WebVTT text of the cues (used for converted SRT files)."""
    parts = ["WEBVTT", ""]
    for cue in cues:
        # "-->" may not appear in a payload; a blank line would end the cue.
        payload = "\n".join(
            line for line in cue.payload.replace("-->", "→").split("\n") if line.strip()
        )
        parts += [
            f"{format_timestamp(cue.start)} --> {format_timestamp(cue.end)}",
            payload,
            "",
        ]
    return "\n".join(parts)


@dataclass(frozen=True)
class CaptionFile:
    """A validated caption upload: the WebVTT text to store and its cues."""

    webvtt: str
    cues: list


def read_caption_upload(name, data):
    """Validate an uploaded caption file (WebVTT or SRT, by content) and return the
    WebVTT to store with its cues. Raises CaptionError."""
    text = decode_caption_bytes(data)
    stripped = text.lstrip()
    if stripped.startswith("WEBVTT"):
        cues = parse_webvtt(stripped)
        webvtt = stripped if stripped.endswith("\n") else stripped + "\n"
    elif name.lower().endswith(".vtt"):
        cues = parse_webvtt(text)  # raises the "must start with WEBVTT" error
        webvtt = text
    else:
        cues = parse_srt(text)
        webvtt = to_webvtt(cues)
    return CaptionFile(webvtt=webvtt, cues=[cue.as_json() for cue in cues])


def cue_paragraphs(cues):
    """The cues with text, grouped in paragraphs: a new one after a pause of two
    seconds or more."""
    paragraphs, current, last_end = [], [], None
    for cue in cues:
        if last_end is not None and cue["start"] - last_end >= 2 and current:
            paragraphs.append(current)
            current = []
        if cue["text"]:
            current.append(cue)
        last_end = cue["end"]
    if current:
        paragraphs.append(current)
    return paragraphs


def transcript_from_cues(cues):
    """Running text from cues: consecutive cues joined, a paragraph per pause."""
    return "\n\n".join(
        " ".join(cue["text"] for cue in paragraph) for paragraph in cue_paragraphs(cues)
    )
