from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Rebuild the search index of everything searchable on Dela."

    def handle(self, *args, **options):
        call_command("update_index", verbosity=options["verbosity"], stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))
