"""Video processing speed: seconds of processing per minute of 720p video.

Makes two 720p clips with ffmpeg (default 30 s each; BENCH_MEDIA_SECONDS overrides):
an H.264 MP4 that browsers play as it is (probe and poster only) and an MPEG-4 Part 2
MOV that needs the H.264/AAC web rendition, runs the library's processing on each
as the worker does, and prints the time per minute of video.

    .venv/bin/python benchmarks/bench_media.py
"""

import os
import subprocess
import sys
import tempfile
import time

from common import setup_django


def make_clip(folder, name, seconds, codec_args):
    path = os.path.join(folder, name)
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-v", "error",
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", str(seconds), *codec_args, "-shortest", "-y", path,
        ],
        check=True,
    )  # fmt: skip
    return path


def main():
    setup_django()
    from django.core.files import File
    from wagtail.models import Collection

    from media.models import Video
    from media.services import process_video

    seconds = float(os.environ.get("BENCH_MEDIA_SECONDS", "30"))
    cases = [
        (
            "h264 mp4 (probe + poster)",
            "clip.mp4",
            ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
             "-c:a", "aac"],
        ),
        (
            "mpeg4 mov (probe + poster + H.264 rendition)",
            "clip.mov",
            ["-c:v", "mpeg4", "-q:v", "5", "-c:a", "pcm_s16le"],
        ),
    ]  # fmt: skip
    print(f"720p clips of {seconds:.0f} s, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="dela-bench-media-") as folder:
        for label, name, codec_args in cases:
            path = make_clip(folder, name, seconds, codec_args)
            with open(path, "rb") as handle:
                video = Video(
                    title=f"bench {name}",
                    type="video",
                    collection=Collection.get_first_root_node(),
                )
                video.file.save(name, File(handle), save=False)
                video._skip_processing_queue = True
                video.save()
            started = time.perf_counter()
            status = process_video(video.pk)
            elapsed = time.perf_counter() - started
            video.refresh_from_db()
            per_minute = elapsed / (seconds / 60)
            print(
                f"{label}: {elapsed:.2f} s for {seconds:.0f} s of video = "
                f"{per_minute:.2f} s per minute of 720p video ({status})"
            )
            for field in (video.file, video.thumbnail, video.rendition):
                if field:
                    field.delete(save=False)
            video.delete()
            if status != "ready":
                sys.exit(1)


if __name__ == "__main__":
    main()
