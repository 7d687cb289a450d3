"""Reads the Commission's "Projects Overview" export (.xls, .xlsx or .csv) into programmes.

The same layout serves the Culture 2007-2013, Creative Europe and Erasmus+ project exports:
one row per project, coordinator then "Partner N name/address/country/website" columns.
Each row is imported in its own transaction: a bad row is reported and skipped, never half
written. Organisations are recognised by normalised name and country.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries

from atelier.core import spreadsheets
from atelier.core.audit import log_action
from atelier.core.imports import ImportOutcomes
from atelier.core.multilingual import MultilingualText
from atelier.core.writers import WriterPause
from atelier.network.models import Organisation, normalise_name

from .models import FundingProgramme, Partner, Programme
from .money import parse_money

SUPPORTED_EXTENSIONS = (".xls", ".xlsx", ".csv")
# The export writes the EU's own country codes; ISO 3166 says GB and GR.
EU_CODES = {"UK": "GB", "EL": "GR"}
_COUNTRY_CODES = {code for code, _name in countries}
_PARTNER_COLUMN = re.compile(r"^partner (\d+) (name|address|country|website)$")
_AMOUNT = Programme._meta.get_field("eu_contribution")
_LARGEST_AMOUNT = Decimal(10) ** (_AMOUNT.max_digits - _AMOUNT.decimal_places)


class ImportFileError(Exception):
    """The file cannot be read as a projects export at all."""


class RowError(Exception):
    """One row cannot be imported; the message says why."""


@dataclass
class OrganisationRecord:
    name: str
    country: str
    address: str = ""
    website: str = ""


@dataclass
class ProjectRecord:
    row: int
    identifier: str
    title: str
    summary: str
    summary_language: str
    funding_programme: str
    strand: str
    action_type: str
    start_date: date
    end_date: date
    eu_contribution: object
    website: str
    coordinator: OrganisationRecord | None
    partners: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


@dataclass
class Summary:
    rows: int = 0
    created: list = field(default_factory=list)  # row numbers
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (row, reason)
    warnings: list = field(default_factory=list)  # (row, message)
    organisations_created: int = 0
    organisations_merged: int = 0
    dry_run: bool = False
    # The programmes a real run created, updated or left as they were, for the run's page.
    outcomes: ImportOutcomes = field(default_factory=ImportOutcomes)

    def as_dict(self):
        return {
            "rows": self.rows,
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "skipped": [{"row": row, "reason": reason} for row, reason in self.skipped],
            "warnings": [{"row": row, "message": message} for row, message in self.warnings],
            "organisations_created": self.organisations_created,
            "organisations_merged": self.organisations_merged,
            "dry_run": self.dry_run,
        }


# Reading ---------------------------------------------------------------------------------


def max_rows():
    """Rows an import may have below its header."""
    return settings.ATELIER_IMPORT_MAX_ROWS


def read_table(source, name=None):
    """The sheet as a list of rows (lists of cells), header first.

    ``source`` is a path or a binary file object; ``name`` gives the extension when it is not
    a path. Rows are read one by one and never past ``max_rows()``: a file of a few megabytes
    can hold a million of them. Workbooks are parsed in a sandboxed child process.
    """
    name = str(name or source)
    extension = Path(name).suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        raise ImportFileError(
            _("Atelier reads .xls, .xlsx and .csv files, not “%(name)s”.") % {"name": name}
        )
    try:
        return spreadsheets.read_rows(source, Path(name).name, max_rows=max_rows())
    except ValidationError as error:
        raise ImportFileError(" ".join(error.messages)) from error


def _key(header):
    return " ".join(str(header).strip().lower().replace("’", "'").split())


REQUIRED = {
    "programme funding": "funding",
    "start date": "start",
    "end date": "end",
    "project identifier": "identifier",
    "project title": "title",
}
OPTIONAL = {
    "project summary": "summary",
    "project website": "website",
    "participating countries": "countries",
    "coordinator's name": "coordinator_name",
    "coordinator's address": "coordinator_address",
    "coordinator's country": "coordinator_country",
    "coordinator's website": "coordinator_website",
}


def column_map(header):
    """Which column holds what; raises ImportFileError when a required one is missing."""
    columns = {}
    partners = {}
    for index, raw in enumerate(header):
        key = _key(raw)
        if key in REQUIRED:
            columns[REQUIRED[key]] = index
        elif key in OPTIONAL:
            columns[OPTIONAL[key]] = index
        elif key.startswith("eu grant award"):
            columns["grant"] = index
        elif match := _PARTNER_COLUMN.match(key):
            partners.setdefault(int(match.group(1)), {})[match.group(2)] = index
    missing = [name for name, slot in REQUIRED.items() if slot not in columns]
    if missing:
        raise ImportFileError(
            _("This is not a projects export: the columns %(columns)s are missing.")
            % {"columns": ", ".join(f"“{name}”" for name in missing)}
        )
    columns["partners"] = [partners[n] for n in sorted(partners) if "name" in partners[n]]
    return columns


def count_rows(table):
    """How many projects a sheet holds (blank rows left out); ImportFileError when it is empty
    or lacks the export's columns."""
    if not table:
        raise ImportFileError(_("The file is empty."))
    column_map(table[0])
    return sum(1 for cells in table[1:] if any(_text(c) for c in cells))


# Parsing one row -------------------------------------------------------------------------


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _date(value, label):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        raise RowError(_("The %(label)s is missing.") % {"label": label})
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise RowError(
        _("The %(label)s “%(value)s” is not a date (dd/mm/yyyy).") % {"label": label, "value": text}
    )


def country_code(value):
    """An ISO code from the export's country cell; "" for empty; RowError when unknown."""
    code = _text(value).upper()
    if not code:
        return ""
    code = EU_CODES.get(code, code)
    if code not in _COUNTRY_CODES:
        raise RowError(_("“%(code)s” is not a known country code.") % {"code": _text(value)})
    return code


def website(value):
    text = _text(value)
    if not text or " " in text:
        return ""
    if not re.match(r"^https?://", text, re.I):
        text = f"http://{text}"
    return text[:300]


def funding(value):
    """(funding programme, strand, action type) from "Culture\\Culture (2007-2013)\\Festivals"."""
    parts = [p.strip() for p in re.split(r"[\\/>]", _text(value)) if p.strip()]
    head = " ".join(parts[:2]).lower()
    if "culture (2007" in head or head.startswith("culture"):
        programme = FundingProgramme.CULTURE_2007_2013
    elif "creative europe" in head:
        programme = FundingProgramme.CREATIVE_EUROPE
    elif "erasmus" in head:
        programme = FundingProgramme.ERASMUS_PLUS
    elif "horizon" in head:
        programme = FundingProgramme.HORIZON_EUROPE
    elif "interreg" in head:
        programme = FundingProgramme.INTERREG
    else:
        programme = FundingProgramme.OTHER
    strand = parts[1] if len(parts) > 2 else ""
    action = parts[-1] if len(parts) > 1 else ""
    return programme, strand[:200], action[:200]


_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "for", "with", "is", "a"},
    "fr": {"le", "la", "les", "et", "des", "du", "pour", "une", "est"},
    "de": {"der", "die", "und", "das", "mit", "für", "von", "ist", "ein"},
    "it": {"il", "di", "e", "della", "per", "con", "che", "una", "gli"},
    "es": {"el", "los", "y", "las", "del", "para", "con", "una", "que"},
}


def guess_language(text):
    """The export's summaries are mostly English, some French and German: tell them apart."""
    words = re.findall(r"\w+", text.lower())[:200]
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] else "en"


def parse_row(row_number, cells, columns):
    def cell(slot):
        index = columns.get(slot)
        return cells[index] if index is not None and index < len(cells) else ""

    title = _text(cell("title"))
    if not title:
        raise RowError(_("The project has no title."))
    identifier = _text(cell("identifier"))
    if not identifier:
        raise RowError(_("The project has no identifier."))
    start = _date(cell("start"), _("start date"))
    end = _date(cell("end"), _("end date"))
    if end < start:
        raise RowError(
            _("The project ends (%(end)s) before it starts (%(start)s).")
            % {"end": end.isoformat(), "start": start.isoformat()}
        )
    warnings = []
    for code in _text(cell("countries")).split(","):
        try:
            country_code(code)
        except RowError as error:
            # The list repeats the partners' country cells, shifted ones included.
            warnings.append(_("Participating countries: %(error)s") % {"error": error})
    try:
        grant = parse_money(_text(cell("grant")))
    except ValidationError as error:
        raise RowError(error.messages[0]) from error
    if grant is not None and abs(grant) >= _LARGEST_AMOUNT:
        # Caught here, or the database refuses the row (and a dry run would not know).
        raise RowError(
            _("The EU grant “%(value)s” is too large to be an amount in euros.")
            % {"value": _text(cell("grant"))}
        )
    programme, strand, action = funding(cell("funding"))
    summary = str(cell("summary") or "").strip()
    record = ProjectRecord(
        row=row_number,
        identifier=identifier[:60],
        title=title,
        summary=summary,
        summary_language=guess_language(summary) if summary else "en",
        funding_programme=programme,
        strand=strand,
        action_type=action,
        start_date=start,
        end_date=end,
        eu_contribution=grant,
        website=website(cell("website")),
        coordinator=None,
        warnings=warnings,
    )
    coordinator = _text(cell("coordinator_name"))
    if coordinator:
        record.coordinator = OrganisationRecord(
            coordinator[:300],
            country_code(cell("coordinator_country")),
            _text(cell("coordinator_address"))[:300],
            website(cell("coordinator_website")),
        )
    for number, slots in enumerate(columns["partners"], start=1):
        name = _text(cells[slots["name"]]) if slots["name"] < len(cells) else ""
        if not name:
            continue

        def value(key, slots=slots):
            index = slots.get(key)
            return cells[index] if index is not None and index < len(cells) else ""

        try:
            code = country_code(value("country"))
        except RowError as error:
            # Partner cells are often shifted ("Box" from a P.O. box): keep the partner,
            # without a country, and say so.
            code = ""
            record.warnings.append(
                _("Partner %(number)d (%(name)s): %(error)s The partner is kept without a country.")
                % {"number": number, "name": name, "error": error}
            )
        record.partners.append(
            OrganisationRecord(
                name[:300], code, _text(value("address"))[:300], website(value("website"))
            )
        )
    return record


# Writing ---------------------------------------------------------------------------------

_KIND_WORDS = [
    (Organisation.Kind.UNIVERSITY, ("universit", "academy", "akademi", "school", "college",
                                    "hochschule", "institute of technology", "politecnic")),
    (Organisation.Kind.MUNICIPALITY, ("municipal", "city of", "city council", "comune",
                                      "gemeente", "občina", "obcina", "gmina", "region",
                                      "county", "stadt ", "ville de", "ayuntamiento")),
    (Organisation.Kind.FOUNDATION, ("foundation", "fundacja", "stiftung", "fondazione",
                                    "fondation", "fundación", "fundacion", "stichting")),
    (Organisation.Kind.NETWORK, ("network", "netzwerk", "réseau", "reseau", "federation")),
    (Organisation.Kind.CULTURAL_INSTITUTION, ("museum", "muzeum", "muzej", "musée", "theatre",
                                              "theater", "teatr", "teatro", "gallery",
                                              "library", "opera", "orchestra", "philharmon",
                                              "centre", "center", "kunsthalle")),
    (Organisation.Kind.NGO, ("association", "asociatia", "asociación", "associazione",
                             "verein", " e.v", "stowarzyszenie", "udruga", "zavod", " ry",
                             "vzw", "asbl", "ngo")),
    (Organisation.Kind.COMPANY, (" ltd", " gmbh", " s.r.l", " srl", " sa", " s.a.", " bv",
                                 " oy", " ab", " d.o.o", " sp. z o.o", " limited")),
    (Organisation.Kind.PUBLIC_BODY, ("ministry", "ministerstvo", "ministero", "ministère",
                                     "ministerio", "agency", "government")),
]  # fmt: skip


def guess_kind(name):
    lowered = f" {name.lower()} "
    for kind, words in _KIND_WORDS:
        if any(word in lowered for word in words):
            return kind
    return Organisation.Kind.OTHER


class Importer:
    """Imports rows; keeps the organisations it has seen so a run asks the database once.

    A real run commits every row on its own, so that another writer (a log-in, the task
    worker) waits at most for one row, never for the whole file. A dry run writes nothing and
    opens no transaction: it works out what each row would do from the database and from the
    rows before it, so it holds no lock however long the file.
    """

    def __init__(self, *, actor=None, dry_run=False, progress=None):
        self.actor = actor
        self.dry_run = dry_run
        self.progress = progress
        self.summary = Summary(dry_run=dry_run)
        self._organisations = {
            (normalised, country): pk
            for pk, normalised, country in Organisation.objects.values_list(
                "pk", "normalised_name", "country"
            )
        }
        # Dry run: each programme as the rows so far would leave it, with its partners.
        self._planned = {}
        self._planned_slugs = set()

    def organisation(self, record):
        key = (normalise_name(record.name), record.country)
        pk = self._organisations.get(key)
        if pk is not None:
            self.summary.organisations_merged += 1
            return pk
        if self.dry_run:
            pk = -(len(self._organisations) + 1)  # stands for the one a real run would create
        else:
            organisation = Organisation(
                name=MultilingualText(record.name, "en"),
                country=record.country,
                address=record.address,
                website=record.website,
                kind=guess_kind(record.name),
            )
            organisation.save()
            pk = organisation.pk
        self._organisations[key] = pk
        self.summary.organisations_created += 1
        return pk

    def _current(self, identifier):
        """The programme with this identifier and its partners by organisation, or (None, {})."""
        if identifier in self._planned:
            return self._planned[identifier]
        programme = Programme.objects.filter(identifier=identifier).first()
        if programme is None:
            return None, {}
        return programme, {p.organisation_id: p for p in programme.partners.all()}

    def _slug_taken(self, slug):
        return slug in self._planned_slugs or Programme.objects.filter(slug=slug).exists()

    def write(self, record):
        """Create or update one programme and its partners. Returns "created", "updated" or
        "unchanged", and the programme (unsaved in a dry run)."""
        programme, partners = self._current(record.identifier)
        values = {
            "funding_programme": record.funding_programme,
            "funding_strand": record.strand,
            "action_type": record.action_type,
            "start_date": record.start_date,
            "end_date": record.end_date,
            "eu_contribution": record.eu_contribution,
            "website": record.website,
        }
        title = MultilingualText(record.title, record.summary_language)
        description = (
            MultilingualText(record.summary, record.summary_language)
            if record.summary
            else MultilingualText()
        )
        if programme is None:
            slug = _slug(record.identifier)
            if self._slug_taken(slug):
                raise RowError(
                    _("Another programme already has the web address “%(slug)s”.") % {"slug": slug}
                )
            outcome = "created"
            programme = Programme(
                identifier=record.identifier,
                slug=slug,
                source=Programme.Source.IMPORT,
                title=title,
                description=description,
                **values,
            )
            if not self.dry_run:
                programme.save()
        else:
            changed = programme.title.text != record.title or (
                programme.description.text != record.summary
            )
            if changed:
                # A translation made on Atelier survives a re-import of the same original.
                programme.title = title
                programme.description = description
            for name, value in values.items():
                if getattr(programme, name) != value:
                    setattr(programme, name, value)
                    changed = True
            if changed and not self.dry_run:
                programme.save()
            outcome = "updated" if changed else "unchanged"
        wanted = []
        if record.coordinator:
            wanted.append((self.organisation(record.coordinator), Partner.Role.LEAD))
        for partner in record.partners:
            wanted.append((self.organisation(partner), Partner.Role.PARTNER))
        partners, changed = self._sync_partners(programme, partners, wanted)
        if changed and outcome == "unchanged":
            outcome = "updated"
        if self.dry_run:
            self._planned[record.identifier] = (programme, partners)
            self._planned_slugs.add(programme.slug)
        elif outcome != "unchanged":
            log_action(
                f"programmes.import.{outcome}",
                actor=self.actor,
                target=programme,
                row=record.row,
            )
        return outcome, programme

    def _sync_partners(self, programme, existing, wanted):
        """The partners as ``wanted`` leaves them, by organisation, and whether they changed."""
        changed = False
        kept = {}
        new = []
        for order, (organisation_id, role) in enumerate(wanted):
            if organisation_id in kept:
                continue  # the export sometimes names one organisation twice
            partner = existing.get(organisation_id)
            if partner is None:
                partner = Partner(
                    programme=programme, organisation_id=organisation_id, role=role, order=order
                )
                new.append(partner)
            elif partner.role != role or partner.order != order:
                partner.role, partner.order = role, order
                if not self.dry_run:
                    partner.save(update_fields=["role", "order"])
                changed = True
            kept[organisation_id] = partner
        if new:
            if not self.dry_run:
                Partner.objects.bulk_create(new)
            changed = True
        gone = [partner.pk for org, partner in existing.items() if org not in kept]
        if gone:
            if not self.dry_run:
                Partner.objects.filter(pk__in=gone).delete()
            changed = True
        return kept, changed

    def run(self, table):
        if not table:
            raise ImportFileError(_("The file is empty."))
        columns = column_map(table[0])
        rows = table[1:]
        self.summary.rows = len(rows)
        pause = WriterPause(active=not self.dry_run)
        for offset, cells in enumerate(rows):
            row_number = offset + 2  # the header is row 1, as a spreadsheet shows it
            if not any(_text(c) for c in cells):
                self.summary.rows -= 1
                continue
            self._import_row(row_number, cells, columns)
            pause()
            if self.progress:
                self.progress(offset + 1, len(rows))
        return self.summary

    def _import_row(self, row_number, cells, columns):
        organisations_before = dict(self._organisations)
        counts_before = (self.summary.organisations_created, self.summary.organisations_merged)
        try:
            record = parse_row(row_number, cells, columns)
            if self.dry_run:
                # No transaction at all: on SQLite even a reading one takes the write lock
                # (IMMEDIATE), and this one would last the whole file.
                outcome, programme = self.write(record)
            else:
                with transaction.atomic():
                    outcome, programme = self.write(record)
        except RowError as error:
            self.summary.skipped.append((row_number, str(error)))
            return
        except (IntegrityError, ValidationError) as error:
            self._organisations = organisations_before
            self.summary.organisations_created, self.summary.organisations_merged = counts_before
            self.summary.skipped.append(
                (row_number, _("The row could not be saved: %(error)s") % {"error": error})
            )
            return
        getattr(self.summary, outcome).append(row_number)
        self.summary.outcomes.add(outcome, "programme", programme.pk)
        self.summary.warnings.extend((row_number, w) for w in record.warnings)


def _slug(identifier):
    return slugify(identifier)[:80] or "programme"


def import_projects(source, *, name=None, actor=None, dry_run=False, progress=None):
    """Import a projects export; returns a Summary. Raises ImportFileError for a bad file."""
    table = read_table(source, name)
    importer = Importer(actor=actor, dry_run=dry_run, progress=progress)
    summary = importer.run(table)
    if not dry_run:
        log_action(
            "programmes.import.run",
            actor=actor,
            file=str(name or source),
            **{k: v for k, v in summary.as_dict().items() if k not in ("skipped", "warnings")},
        )
    return summary
