"""The video library's part of a person's data export (accounts/personal_data.py)."""

from accounts.personal_data import iso, section


@section("videos_uploaded", ["dela_media.Video.uploaded_by_user"])
def videos(user):
    from .models import Video

    return [
        {
            "title": video.title,
            "file": video.file.name,
            "created_at": iso(video.created_at),
            "status": video.status,
        }
        for video in Video.objects.filter(uploaded_by_user=user).order_by("pk")
    ]
