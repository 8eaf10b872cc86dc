"""Background work of the video library (django_tasks: the database queue's worker
in production and `make run`, immediate in tests)."""

from django_tasks import task

from . import services


@task()
def process_video(video_id):
    """Probe, poster and web rendition; ends in ready or failed, never raises."""
    status = services.process_video(video_id)
    return str(status) if status else None


@task()
def refresh_poster(video_id):
    """Take the poster again at the frame an editor chose."""
    return services.refresh_poster(video_id)


@task()
def make_poster_image(video_id):
    """The poster as a library image for the cards (an uploaded poster)."""
    image = services.make_poster_image(video_id)
    return image.pk if image else None
