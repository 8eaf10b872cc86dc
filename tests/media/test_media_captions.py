"""Caption files: WebVTT validation with line numbers, SRT conversion, encodings,
and transcripts made from the cues."""

import pytest

from media.captions import (
    CaptionError,
    parse_webvtt,
    read_caption_upload,
    transcript_from_cues,
)
from media.models import CaptionTrack
from media.services import add_caption_track
from tests.media.media_helpers import text_upload

VTT = """WEBVTT - Digga Halland

NOTE written by hand

intro
00:00:01.000 --> 00:00:03.500 align:start
<v Anna>Hej och välkommen!</v>

00:03.600 --> 00:05.000
Vi visar &amp; berättar.

00:09.000 --> 00:10.000
Efter pausen.
"""

SRT = """1
00:00:01,000 --> 00:00:02,500
Hej och välkommen!

2
00:00:03,000 --> 00:00:04,000
<i>Andra raden</i>
"""


def test_webvtt_cues_are_parsed_with_plain_text():
    cues = parse_webvtt(VTT)
    assert [(cue.start, cue.end) for cue in cues] == [
        (1.0, 3.5),
        (3.6, 5.0),
        (9.0, 10.0),
    ]
    assert cues[0].text == "Hej och välkommen!"
    assert cues[1].text == "Vi visar & berättar."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("00:01.000 --> 00:02.000\nHej\n", "Line 1: a WebVTT file must start"),
        (
            "WEBVTT\n\n00:01.000 --> 00:02.000\nHej\n\n00:03,5 --> 00:04.000\nDå\n",
            'Line 6: the timing "00:03,5 --> 00:04.000" is not valid',
        ),
        ("WEBVTT\n\n00:05.000 --> 00:02.000\nBaklänges\n", "Line 3: the cue ends"),
        ("WEBVTT\n\n00:01.000 --> 00:72.000\nHej\n", "Line 3: seconds and minutes"),
        ("WEBVTT\n\nbara text\nutan tider\n", "Line 3: expected a cue timing"),
        ("WEBVTT\n\n", "no cues"),
        (
            "WEBVTT\n\n00:03.000 --> 00:04.000\nB\n\n00:01.000 --> 00:02.000\nA\n",
            "Line 6: the cues are not in time order",
        ),
    ],
)
def test_broken_webvtt_is_refused_with_the_line(text, message):
    with pytest.raises(CaptionError) as caught:
        parse_webvtt(text)
    assert any(message in error for error in caught.value.messages)


def test_several_problems_are_all_reported():
    text = "WEBVTT\n\n00:01 --> 00:02\nA\n\n00:05.000 --> 00:04.000\nB\n"
    with pytest.raises(CaptionError) as caught:
        parse_webvtt(text)
    assert [message[:7] for message in caught.value.messages] == ["Line 3:", "Line 6:"]


def test_srt_is_converted_to_webvtt():
    caption = read_caption_upload("undertext.srt", SRT.encode("utf-8"))
    assert caption.webvtt.startswith("WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n")
    assert "<i>Andra raden</i>" in caption.webvtt
    assert caption.cues[1] == {"start": 3.0, "end": 4.0, "text": "Andra raden"}
    assert parse_webvtt(caption.webvtt)  # the conversion is valid WebVTT


def test_broken_srt_names_the_line():
    with pytest.raises(CaptionError) as caught:
        read_caption_upload("x.srt", b"1\n00:00:01,000 -> 00:00:02,000\nHej\n")
    assert caught.value.messages[0].startswith("Line 2:")


@pytest.mark.parametrize(
    "data",
    [
        VTT.encode("utf-8"),
        b"\xef\xbb\xbf" + VTT.encode("utf-8"),  # UTF-8 with a byte order mark
        VTT.encode("utf-16"),  # with its byte order mark
        VTT.replace("\n", "\r\n").encode("utf-8"),  # Windows line ends
    ],
)
def test_supported_encodings_are_read(data):
    caption = read_caption_upload("captions.vtt", data)
    assert caption.cues[0]["text"] == "Hej och välkommen!"


def test_an_unsupported_encoding_is_a_clear_error():
    data = VTT.encode("cp1252")
    with pytest.raises(CaptionError) as caught:
        read_caption_upload("captions.vtt", data)
    assert "Line 7: the caption file is not in UTF-8" in caught.value.messages[0]


def test_binary_and_empty_files_are_refused():
    with pytest.raises(CaptionError, match="empty"):
        read_caption_upload("a.vtt", b"")
    with pytest.raises(CaptionError, match="not a text file"):
        read_caption_upload("a.vtt", b"WEBVTT\x00\x00")


def test_transcript_joins_cues_and_breaks_after_pauses():
    cues = [cue.as_json() for cue in parse_webvtt(VTT)]
    assert transcript_from_cues(cues) == (
        "Hej och välkommen! Vi visar & berättar.\n\nEfter pausen."
    )


def test_a_track_replaces_the_previous_one_and_a_bad_file_leaves_nothing(
    ready_video, settings, django_capture_on_commit_callbacks
):
    first = ready_video.track_for("sv")
    with django_capture_on_commit_callbacks(execute=True):
        track = add_caption_track(ready_video, "sv", "captions", text_upload(VTT))
    assert CaptionTrack.objects.filter(video=ready_video).count() == 1
    assert track.cues[0]["start"] == 1.0
    assert not first.file.storage.exists(first.file.name)
    before = sorted(p.name for p in (settings.MEDIA_ROOT / "captions").rglob("*"))
    with pytest.raises(CaptionError):
        add_caption_track(ready_video, "da", "captions", text_upload("not captions"))
    after = sorted(p.name for p in (settings.MEDIA_ROOT / "captions").rglob("*"))
    assert before == after
    assert not CaptionTrack.objects.filter(language="da").exists()
