"""`manage.py import_catalogue FILE`: practice entries from a CSV or JSON file."""

from django.core.management.base import BaseCommand, CommandError

from catalogue.importer import ImportFileError, import_file

HELP = """\
Import practice entries into Dela's inspiration catalogue from FILE, a CSV file with a
header row or a JSON array of objects (told apart by the .csv/.json extension, else by
the content). UTF-8, with or without a byte order mark. CSV may be separated by commas
(as exported) or by semicolons or tabs as Nordic spreadsheets save it.

Fields (* required):
  external_id     your key for the entry; a row whose external_id is known updates
                  that entry, otherwise a new entry is created
  title*          at most 255 characters
  summary*        two or three sentences, at most 600 characters
  body            plain text, paragraphs separated by a blank line; markup shows as
                  text (becomes the entry's "How")
  language*       sv, nb, nn, da or en
  municipality    name, official code (1380) or slug (halmstad); several separated
                  by ";" (in JSON also a list)
  country         SE, NO, DK, FI or IS: picks the municipality when a name or code
                  exists in several countries, and is where --create-municipalities
                  creates unknown ones
  tags            separated by ";" (in JSON also a list)
  competences     DigComp codes that exist in Dela, e.g. 2.4;5.4
  year            1990-2100
Dela's extensions: sector (slug, e.g. elderly-care), target_groups (slugs, ";"),
who, results, effort (low, medium or high).
The columns type and url, which exports write, are read too: rows whose type is not
"entry" (case stories, videos) are skipped, since those are written on the site; a row
without external_id whose url is an entry's address on this site updates that entry.
So /catalogue/export.csv or .json imports again without changing anything.

Columns a file leaves out are left as they are on existing entries; an empty value
clears the field. An entry gets a new revision only when a value differs.

Each row is checked in full (the model's validation included) and written in its own
transaction: a rejected row is reported on stderr with its number (CSV: as in a
spreadsheet, the header being row 1; JSON: the object's position from 1) and the
reason, and leaves nothing behind; the good rows still import. The summary line gives
created, updated, unchanged, skipped and rejected rows; long files report progress on
stderr every 100 rows. Exit status 1 when any row was rejected or the file could not
be read. Entries are created under the catalogue index page, which must exist.

Examples:
  manage.py import_catalogue entries.csv --dry-run
  manage.py import_catalogue entries.json --publish --create-municipalities
"""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV or JSON file to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and report what would happen; write nothing.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help=(
                "Publish created and changed entries. Without it new entries are "
                "saved as unpublished drafts and changes to published entries as a "
                "draft revision for an editor to publish."
            ),
        )
        parser.add_argument(
            "--create-municipalities",
            action="store_true",
            help=(
                "Create municipality names Dela does not know in the row's country "
                "(without an official code: set it in the admin). "
                "Without it an unknown municipality rejects the row."
            ),
        )

    def handle(self, *args, **options):
        def progress(done, total):
            self.stderr.write(f"… {done} of {total} rows")

        try:
            report = import_file(
                options["file"],
                publish=options["publish"],
                dry_run=options["dry_run"],
                create_municipalities=options["create_municipalities"],
                progress=progress,
            )
        except ImportFileError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        for problem in report.rejected:
            self.stderr.write(f"Row {problem.row}: {problem.reason}")
        for note in report.notes:
            self.stdout.write(note)
        style = self.style.ERROR if report.rejected else self.style.SUCCESS
        self.stdout.write(style(report.summary()))
        if report.rejected:
            raise CommandError(
                f"{len(report.rejected)} row(s) rejected; the other rows were "
                + ("checked." if options["dry_run"] else "imported."),
                returncode=1,
            )
