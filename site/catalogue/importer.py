"""Importing practice entries from a CSV or JSON file (`manage.py import_catalogue`, the
demo content): read the file, check each row, create or update one entry per row.

Each row is checked completely (every value resolved, the model's own validation run)
before anything is written, and written in its own transaction: a bad row is reported
and leaves nothing behind, good rows still import. Rows are matched to entries by
`external_id`, else by the `url` an export wrote; an entry is given a new revision only
when a value differs, so importing the same file twice changes nothing.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _
from wagtail.models import Site

from dela.text import nordic_slug
from taxonomy.models import Competence, Country, Municipality, Sector, TargetGroup
from taxonomy.tags import clean_tag_names

from .interchange import (
    ENTRY_TYPE,
    EXPORT_ONLY_FIELDS,
    IMPORT_FIELDS,
    LIST_FIELDS,
    REQUIRED_FIELDS,
    normalise_text,
    split_list,
    stream_to_text,
    text_to_stream,
)
from .models import CatalogueEntryPage, CatalogueIndexPage

KNOWN_FIELDS = set(IMPORT_FIELDS) | set(EXPORT_ONLY_FIELDS)
MAX_TAG_LENGTH = 100
MAX_TAGS = 30
# Model fields a row sets, and the file field their errors are reported under.
MODEL_FIELDS = {
    "title": "title",
    "slug": "title",
    "summary": "summary",
    "how": "body",
    "language": "language",
    "year": "year",
    "sector": "sector",
    "who": "who",
    "results": "results",
    "effort": "effort",
    "external_id": "external_id",
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported: unreadable, not CSV or JSON, or of
    the wrong shape."""


class RowRejected(Exception):
    def __init__(self, messages):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class RowProblem:
    row: int
    reason: str


@dataclass
class ImportReport:
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rejected: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    pages: list = field(default_factory=list)

    def summary(self):
        text = _(
            "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(skipped)d skipped, %(rejected)d rejected."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "rejected": len(self.rejected),
        }
        if self.dry_run:
            # A sentence of its own after the counts, in every language.
            text = _("%(counts)s Dry run: nothing was written.") % {"counts": text}
        return text


# --- Reading files ------------------------------------------------------------------


def read_file(path):
    """[(row number, {field: value})] from a CSV file with a header row or a JSON
    array of objects. CSV rows are numbered as in a spreadsheet (the header is row 1),
    JSON objects from 1. Raises ImportFileError with a readable reason."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(
            _("Cannot read %(path)s: %(reason)s")
            % {"path": path, "reason": exc.strerror or exc}
        ) from exc
    return read_data(data, path)


def read_data(data, name):
    """[(row number, record)] from the bytes of a file called ``name`` (a path on
    disk, or an upload's name in the admin): UTF-8 text, read as JSON or CSV by the
    name's suffix, else by its first character."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("%(path)s is not UTF-8 text (byte %(position)d).")
            % {"path": name, "position": exc.start}
        ) from exc
    suffix = Path(str(name)).suffix.lower()
    if suffix == ".json" or (suffix != ".csv" and text.lstrip()[:1] in {"[", "{"}):
        return read_json(text, name)
    return read_csv(text, name)


def read_json(text, path="JSON"):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            _(
                "%(path)s is not valid JSON: %(reason)s "
                "(line %(line)d, column %(column)d)."
            )
            % {"path": path, "reason": exc.msg, "line": exc.lineno, "column": exc.colno}
        ) from exc
    if not isinstance(data, list):
        raise ImportFileError(
            _("%(path)s must hold a JSON array of objects, one per entry.")
            % {"path": path}
        )
    return list(enumerate(data, start=1))


def read_csv(text, path="CSV"):
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ImportFileError(
            _("%(path)s has no header row: the first line must name the columns.")
            % {"path": path}
        )
    delimiter = _delimiter(lines[0])
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(
            _("%(path)s is not valid CSV: %(reason)s") % {"path": path, "reason": exc}
        ) from exc
    header = [name.strip().lower() for name in records[0]]
    if any(not name for name in header):
        raise ImportFileError(_("The header row has an empty column name."))
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise ImportFileError(
            _("The header row names these columns twice: %(names)s.")
            % {"names": ", ".join(duplicates)}
        )
    unknown = [name for name in header if name not in KNOWN_FIELDS]
    if unknown:
        raise ImportFileError(
            _("Unknown columns: %(unknown)s. The columns are: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(IMPORT_FIELDS)}
        )
    missing = [name for name in REQUIRED_FIELDS if name not in header]
    if missing:
        raise ImportFileError(
            _("The file lacks the required columns: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # an empty line or a spreadsheet's empty row
        if len(record) > len(header):
            rows.append((number, _TooLong(len(record), len(header))))
            continue
        record = [_unquote(cell) for cell in record]
        record = record + [""] * (len(header) - len(record))
        rows.append((number, dict(zip(header, record, strict=True))))
    return rows


def _encodable(value):
    """Whether ``value`` (text, or a list of texts) can be stored as UTF-8."""
    texts = value if isinstance(value, list) else [value]
    try:
        for text in texts:
            if isinstance(text, str):
                text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unquote(cell):
    """Drop the quote an export puts before a cell a spreadsheet would take for a
    formula (`'=…`, `'+…`, `'-…`, `'@…`)."""
    if cell[:1] == "'" and cell[1:2] in {"=", "+", "-", "@", "\t", "\r"} and cell[1:2]:
        return cell[1:]
    return cell


class _TooLong:
    def __init__(self, found, expected):
        self.found, self.expected = found, expected


def _delimiter(header_line):
    """`,` as the contract says, or `;`/tab as spreadsheets in Nordic locales save:
    whichever splits the header into the most known column names."""
    best, best_known = ",", -1
    for delimiter in (",", ";", "\t"):
        names = next(csv.reader([header_line], delimiter=delimiter))
        known = sum(name.strip().lower() in KNOWN_FIELDS for name in names)
        if known > best_known:
            best, best_known = delimiter, known
    return best


# --- Importing rows -----------------------------------------------------------------


def import_file(path, **options):
    """Read and import a file; see import_rows for the options."""
    return import_rows(read_file(path), **options)


def import_rows(
    rows,
    *,
    publish=False,
    dry_run=False,
    create_municipalities=False,
    parent=None,
    progress=None,
):
    """Import [(row number, record)] as practice entries under the catalogue index.

    publish: publish created and changed entries (else they are saved as drafts: new
    entries unpublished, changes to published ones as a draft revision).
    dry_run: check and count everything, write nothing.
    create_municipalities: create unknown municipality names in the row's country.
    progress: called with (rows done, rows in all) every 100 rows.
    """
    if parent is None:
        parent = CatalogueIndexPage.objects.first()
        if parent is None:
            raise ImportFileError(
                _(
                    "There is no catalogue page to import into: create the catalogue "
                    "index page (Inspiration catalogue) in the admin first."
                )
            )
    importer = _Importer(parent, publish, dry_run, create_municipalities)
    total = len(rows)
    for done, (number, record) in enumerate(rows, start=1):
        importer.import_row(number, record)
        if progress and (done % 100 == 0 or done == total) and total >= 100:
            progress(done, total)
    return importer.report


class _Importer:
    def __init__(self, parent, publish, dry_run, create_municipalities):
        self.parent = parent
        self.publish = publish
        self.dry_run = dry_run
        self.create_municipalities = create_municipalities
        self.report = ImportReport(dry_run=dry_run)
        self.places = _Places()
        self.countries = set(Country.objects.values_list("code", flat=True))
        self.competences = {c.code: c for c in Competence.objects.all()}
        self.sectors = {s.slug: s for s in Sector.objects.all()}
        self.target_groups = {t.slug: t for t in TargetGroup.objects.all()}
        self.existing = dict(
            CatalogueEntryPage.objects.exclude(external_id=None).values_list(
                "external_id", "pk"
            )
        )
        self.site_roots = [
            (root.root_url, root.root_path) for root in Site.get_site_root_paths()
        ]
        self.seen_ids = {}  # external_id -> first row
        self.seen_pages = {}  # page pk -> first row
        self.reserved_slugs = set()
        self.pending_places = {}  # (country, lower name) -> municipality to create

    # One row ------------------------------------------------------------------------

    def import_row(self, number, record):
        self.row_places = []
        try:
            with transaction.atomic():
                outcome = self._import(number, record)
        except RowRejected as exc:
            self.report.rejected.append(RowProblem(number, "; ".join(exc.messages)))
            return
        except ValidationError as exc:
            self.report.rejected.append(RowProblem(number, _messages(exc)))
            return
        except DatabaseError as exc:
            self.report.rejected.append(RowProblem(number, str(exc)))
            return
        setattr(self.report, outcome, getattr(self.report, outcome) + 1)
        # Municipalities the row created exist only now that its transaction stands.
        for pending, created in self.row_places:
            pending.created = created
            self.places.add(created)
            self.report.notes.append(
                _(
                    "Created the municipality “%(name)s” (%(country)s) without an "
                    "official code: set it in the admin."
                )
                % {"name": created.name, "country": pending.country}
            )

    def _import(self, number, record):
        wanted = self._clean(record)
        if wanted is None:
            return "skipped"
        page = self._find(number, wanted)
        if page is None:
            return self._create(wanted)
        return self._update(page, wanted)

    def _find(self, number, wanted):
        external_id = wanted.get("external_id")
        pk = None
        if external_id:
            first = self.seen_ids.setdefault(external_id, number)
            if first != number:
                raise RowRejected(
                    [
                        _("external_id “%(id)s” already appears in row %(row)d.")
                        % {"id": _short(external_id), "row": first}
                    ]
                )
            pk = self.existing.get(external_id)
        elif wanted.get("url"):
            pk = self._entry_at(wanted["url"])
        if pk is None:
            return None
        first = self.seen_pages.setdefault(pk, number)
        if first != number:
            raise RowRejected(
                [_("Row %(row)d already updates the same entry.") % {"row": first}]
            )
        return CatalogueEntryPage.objects.get(pk=pk)

    def _entry_at(self, url):
        """The entry an exported row's url points to on this site, if any."""
        url = url.strip()
        path = urlsplit(url).path
        candidates = []
        for root_url, root_path in self.site_roots:
            if url.startswith(root_url + "/"):
                candidates.append(root_path + path.lstrip("/"))
        if not candidates:
            return None
        found = (
            CatalogueEntryPage.objects.filter(url_path__in=candidates, external_id=None)
            .values_list("pk", flat=True)
            .first()
        )
        return found

    def _create(self, wanted):
        page = CatalogueEntryPage(live=False)
        self._set_fields(page, wanted)
        page.slug = self._unique_slug(page.title)
        self._validate(page)
        if self.dry_run:
            self._remember(wanted)
            return "created"
        self._set_relations(page, wanted)
        self.parent.add_child(instance=page)
        revision = page.save_revision()
        if self.publish:
            revision.publish()
        self._remember(wanted, page)
        return "created"

    def _update(self, page, wanted):
        latest = page.get_latest_revision_as_object()
        current = _current_values(latest)
        differs = {
            name: value
            for name, value in _comparable(wanted).items()
            if current.get(name) != value
        }
        if not differs:
            needs_publishing = self.publish and (
                not page.live or page.has_unpublished_changes
            )
            if not needs_publishing:
                return "unchanged"
            if not self.dry_run:
                page.get_latest_revision().publish()
            return "updated"
        self._set_fields(latest, {k: v for k, v in wanted.items() if k in differs})
        self._validate(latest)
        if self.dry_run:
            return "updated"
        self._set_relations(latest, {k: v for k, v in wanted.items() if k in differs})
        revision = latest.save_revision()
        if self.publish:
            revision.publish()
        return "updated"

    def _remember(self, wanted, page=None):
        if wanted.get("external_id") and page is not None:
            self.existing[wanted["external_id"]] = page.pk
        if page is not None:
            self.report.pages.append(page)

    # Checking values ------------------------------------------------------------------

    def _clean(self, record):
        """The row's values resolved to model values, only for the fields the row
        has; None for rows of other types (stories, videos), which are skipped."""
        if isinstance(record, _TooLong):
            raise RowRejected(
                [
                    _(
                        "The row has %(found)d values but the header "
                        "%(expected)d columns."
                    )
                    % {"found": record.found, "expected": record.expected}
                ]
            )
        if not isinstance(record, dict):
            raise RowRejected([_("Expected an object with the entry's fields.")])
        record = {str(key).strip().lower(): value for key, value in record.items()}
        unknown = sorted(key for key in record if key not in KNOWN_FIELDS)
        if unknown:
            raise RowRejected(
                [_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)}]
            )
        row_type = _text(record.get("type")).lower()
        if row_type and row_type != ENTRY_TYPE:
            return None
        errors = []
        values = {}
        for name in IMPORT_FIELDS + ["url"]:
            if name not in record:
                continue
            raw = record[name]
            if isinstance(raw, dict) or (
                isinstance(raw, list) and name not in LIST_FIELDS
            ):
                errors.append(
                    _("%(field)s: must be text, not a list or object.")
                    % {"field": name}
                )
                continue
            if not _encodable(raw):
                # JSON can carry a lone surrogate ("\ud800"): no character at all.
                errors.append(
                    _("%(field)s: holds a character that is not text.")
                    % {"field": name}
                )
                continue
            values[name] = raw
        for name in REQUIRED_FIELDS:
            if not _text(values.get(name)):
                errors.append(_("%(field)s: this field is required.") % {"field": name})
        if errors:
            raise RowRejected(errors)

        wanted = {}
        for name in ("external_id", "title", "summary", "who", "results", "url"):
            if name in values:
                wanted[name] = _text(values[name])
        if "external_id" in wanted:
            wanted["external_id"] = wanted["external_id"] or None
        if "body" in values:
            wanted["body"] = normalise_text(_text(values["body"]))
        if "language" in values:
            wanted["language"] = _text(values["language"]).lower()
        if "effort" in values:
            wanted["effort"] = _text(values["effort"]).lower()
        if "year" in values:
            wanted["year"] = self._year(values["year"], errors)
        country = _text(values.get("country")).upper()
        if country and country not in self.countries:
            errors.append(
                _("country: unknown country “%(code)s”; use one of %(codes)s.")
                % {"code": _short(country), "codes": ", ".join(sorted(self.countries))}
            )
            country = None
        if "municipality" in values:
            wanted["municipalities"] = self._municipalities(
                split_list(values["municipality"]), country, errors
            )
        if "tags" in values:
            wanted["tags"] = self._tags(split_list(values["tags"]), errors)
        if "competences" in values:
            wanted["competences"] = self._lookup(
                split_list(values["competences"]),
                self.competences,
                "competences",
                _("unknown DigComp competence “%(value)s”"),
                errors,
            )
        if "target_groups" in values:
            wanted["target_groups"] = self._lookup(
                [v.lower() for v in split_list(values["target_groups"])],
                self.target_groups,
                "target_groups",
                _("unknown target group “%(value)s”"),
                errors,
            )
        if "sector" in values:
            slug = _text(values["sector"]).lower()
            found = self._lookup(
                [slug] if slug else [],
                self.sectors,
                "sector",
                _("unknown sector “%(value)s”"),
                errors,
            )
            wanted["sector"] = found[0] if found else None
        if errors:
            raise RowRejected(errors)
        return wanted

    def _year(self, raw, errors):
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, bool):
            raw = ""
        try:
            value = float(str(raw).strip())
            if value != int(value):
                raise ValueError
            return int(value)
        except (ValueError, OverflowError):
            errors.append(
                _("year: “%(value)s” is not a year such as 2021.")
                % {"value": _short(str(raw))}
            )
            return None

    def _tags(self, names, errors):
        try:
            return clean_tag_names(names, MAX_TAGS, MAX_TAG_LENGTH)
        except ValidationError as error:
            errors += [f"tags: {message}" for message in error.messages]
            return []

    def _lookup(self, keys, known, field_name, message, errors):
        found = []
        for key in keys:
            if key in known:
                found.append(known[key])
            else:
                errors.append(f"{field_name}: " + message % {"value": _short(key)})
        return found

    def _municipalities(self, values, country, errors):
        found = []
        for value in values:
            try:
                municipality = self.places.find(value, country)
            except _Ambiguous:
                errors.append(
                    _(
                        "municipality: “%(value)s” matches several municipalities; "
                        "give the country."
                    )
                    % {"value": _short(value)}
                )
                continue
            if municipality is None:
                municipality = self._new_place(value, country, errors)
            if municipality is not None and municipality not in found:
                found.append(municipality)
        return found

    def _new_place(self, value, country, errors):
        # Whole sentences, so that each translation can order its own words.
        params = {"value": _short(value)}
        if not self.create_municipalities:
            errors.append(
                _(
                    "municipality: unknown municipality “%(value)s”; use a name, "
                    "official code or slug known to Dela, or --create-municipalities "
                    "with a country."
                )
                % params
            )
            return None
        if not country:
            errors.append(
                _(
                    "municipality: unknown municipality “%(value)s”; give its country "
                    "to create it."
                )
                % params
            )
            return None
        if value.isdigit():
            errors.append(
                _(
                    "municipality: unknown municipality “%(value)s”; a municipality "
                    "is created from its name."
                )
                % params
            )
            return None
        key = (country, value.lower())
        if key not in self.pending_places:
            self.pending_places[key] = _PendingPlace(value, country)
        return self.pending_places[key]

    # Writing --------------------------------------------------------------------------

    def _set_fields(self, page, wanted):
        for name in ("title", "summary", "language", "year", "who", "results"):
            if name in wanted:
                setattr(page, name, wanted[name])
        if "effort" in wanted:
            page.effort = wanted["effort"]
        if "external_id" in wanted:
            page.external_id = wanted["external_id"]
        if "body" in wanted:
            page.how = text_to_stream(wanted["body"])
        if "sector" in wanted:
            page.sector = wanted["sector"]

    def _validate(self, page):
        """The model's own field validation (lengths, choices, year range) without
        saving; text fields' max_length too, which Django only checks in forms."""
        checked = set(MODEL_FIELDS)
        exclude = [f.name for f in page._meta.fields if f.name not in checked]
        errors = []
        try:
            page.clean_fields(exclude=exclude)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                label = MODEL_FIELDS.get(name, name)
                errors += [f"{label}: {message}" for message in messages]
        for model_field in page._meta.fields:
            if (
                isinstance(model_field, models.TextField)
                and model_field.max_length
                and model_field.name in checked
            ):
                value = getattr(page, model_field.name) or ""
                if len(value) > model_field.max_length:
                    errors.append(
                        _(
                            "%(field)s: ensure this value has at most %(max)d "
                            "characters (it has %(length)d)."
                        )
                        % {
                            "field": MODEL_FIELDS[model_field.name],
                            "max": model_field.max_length,
                            "length": len(value),
                        }
                    )
        if errors:
            raise RowRejected(errors)

    def _set_relations(self, page, wanted):
        if "municipalities" in wanted:
            page.municipalities = [
                self._create_place(m) for m in wanted["municipalities"]
            ]
        if "competences" in wanted:
            page.competences = wanted["competences"]
        if "target_groups" in wanted:
            page.target_groups = wanted["target_groups"]
        if "tags" in wanted:
            page.tags.set(wanted["tags"])

    def _create_place(self, municipality):
        if not isinstance(municipality, _PendingPlace):
            return municipality
        if municipality.created is not None:
            return municipality.created
        country = Country.objects.get(code=municipality.country)
        created = Municipality(name=municipality.name, country=country)
        created.full_clean()
        created.save()
        self.row_places.append((municipality, created))
        return created

    def _unique_slug(self, title):
        base = nordic_slug(title, fallback="entry")
        taken = set(
            self.parent.get_children()
            .filter(slug__startswith=base)
            .values_list("slug", flat=True)
        ) | {slug for slug in self.reserved_slugs if slug.startswith(base)}
        slug, counter = base, 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        self.reserved_slugs.add(slug)
        return slug


class _PendingPlace:
    """A municipality --create-municipalities will create when a row is written."""

    def __init__(self, name, country):
        self.name, self.country, self.created = name, country, None
        self.pk = None


class _Ambiguous(Exception):
    pass


class _Places:
    """Every municipality, findable by official code, slug or name (loaded once)."""

    def __init__(self):
        self.by_code, self.by_slug, self.by_name = {}, {}, {}
        for municipality in Municipality.objects.select_related("country"):
            self.add(municipality)

    def add(self, municipality):
        if municipality.official_code:
            self.by_code.setdefault(municipality.official_code, []).append(municipality)
        self.by_slug[municipality.slug] = municipality
        self.by_name.setdefault(municipality.name.lower(), []).append(municipality)

    def find(self, value, country=None):
        """The municipality `value` names, None if none, _Ambiguous if several.
        A value written exactly as a slug means that municipality: exports write the
        slug for names that several municipalities share."""
        key = value.strip()
        exact = self.by_slug.get(key)
        if exact is not None and (not country or exact.country.code == country):
            return exact
        candidates = {}
        for municipality in [
            *self.by_code.get(key, []),
            *self.by_name.get(key.lower(), []),
            *([self.by_slug[key.lower()]] if key.lower() in self.by_slug else []),
        ]:
            if country and municipality.country.code != country:
                continue
            candidates[municipality.pk] = municipality
        if len(candidates) > 1:
            raise _Ambiguous(value)
        return next(iter(candidates.values()), None)


# --- Comparing ----------------------------------------------------------------------


def _current_values(page):
    """A page's values in the shape _comparable gives a row's."""
    return {
        "external_id": page.external_id,
        "title": page.title,
        "summary": page.summary,
        "body": stream_to_text(page.how),
        "language": page.language,
        "year": page.year,
        "who": page.who,
        "results": page.results,
        "effort": page.effort,
        "sector": page.sector_id,
        "municipalities": sorted(m.pk for m in page.municipalities.all()),
        "tags": sorted(tag.name for tag in page.tags.all()),
        "competences": sorted(c.pk for c in page.competences.all()),
        "target_groups": sorted(t.pk for t in page.target_groups.all()),
    }


def _comparable(wanted):
    values = {}
    for name, value in wanted.items():
        if name == "url":
            continue
        if name == "sector":
            values[name] = value.pk if value else None
        elif name in {"municipalities", "competences", "target_groups"}:
            # A municipality still to be created has no pk: never equal.
            pks = [item.pk for item in value]
            values[name] = None if None in pks else sorted(pks)
        elif name == "tags":
            values[name] = sorted(value)
        else:
            values[name] = value
    return values


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value).strip()


def _short(value, length=60):
    value = str(value)
    return value if len(value) <= length else value[: length - 1] + "…"


def _messages(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{MODEL_FIELDS.get(name, name)}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        )
    return "; ".join(error.messages)
