"""Send the network's daily or weekly digest e-mails (run from cron or a timer)."""

from django.core.management.base import BaseCommand

from network.notifications import send_digests


class Command(BaseCommand):
    help = "Send the daily or weekly digest of network notifications."

    def add_arguments(self, parser):
        parser.add_argument("mode", choices=["daily", "weekly"])

    def handle(self, *args, mode, **options):
        sent = send_digests(mode)
        self.stdout.write(f"{sent} {mode} digests sent")
