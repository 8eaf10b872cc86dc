"""Make the poster's library image of every video that has a poster but none yet
(videos processed before posters became library images). Idempotent."""

from django.core.management.base import BaseCommand

from media.models import Video
from media.services import make_poster_image


class Command(BaseCommand):
    help = (
        "Make the library image (with the cards' renditions) of each video's poster "
        "where it is missing, so its cards show it like every other picture."
    )

    def handle(self, *args, **options):
        missing = (
            Video.objects.filter(poster_image__isnull=True)
            .exclude(thumbnail="")
            .values_list("pk", flat=True)
        )
        made = sum(make_poster_image(pk) is not None for pk in list(missing))
        self.stdout.write(f"Poster images made: {made}")
