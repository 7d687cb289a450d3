"""The write path of action plans: plans, goals, actions, indicators, progress and CSV."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atelier.accounts.models import User
from atelier.core import exports
from atelier.core.audit import log_action
from atelier.core.imports import ImportOutcomes, progress_recorder
from atelier.core.multilingual import MultilingualText
from atelier.core.writers import WriterPause
from atelier.network.models import normalise_name
from atelier.network.queries import organisations

from .models import (
    Action,
    ActionStatus,
    Goal,
    ImportRun,
    Indicator,
    IndicatorMeasurement,
    Plan,
    ProgressUpdate,
)

CSV_COLUMNS = [
    "goal",
    "action title",
    "description",
    "owners",
    "partners",
    "start",
    "due",
    "status",
    "progress",
    "budget",
    "funding source",
    # Filled in by the export, so that importing the file again updates these actions; a file
    # may leave the column out (files made before it, or by hand).
    "id",
]
CSV_MAX_BYTES = 2 * 1024 * 1024
CSV_MAX_ROWS = 2000
LIST_SEPARATOR = ";"

PLAN_FIELDS = (
    "slug", "title", "description", "programme", "organisation", "place", "visibility",
    "status", "starts_on", "ends_on",
)  # fmt: skip
ACTION_FIELDS = (
    "position", "title", "description", "owner_text", "partner_text", "starts_on", "due_on",
    "status", "progress", "budget", "funding_source", "source_label", "source_url",
)  # fmt: skip
INDICATOR_FIELDS = ("goal", "position", "name", "unit", "baseline", "target")


def _apply(instance, fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()


@transaction.atomic
def create_plan(actor, *, managers=(), **fields):
    plan = Plan()
    _apply(plan, fields, PLAN_FIELDS)
    plan.save()
    plan.managers.set(managers)
    log_action("plans.plan.created", actor=actor, target=plan)
    return plan


@transaction.atomic
def update_plan(actor, plan, *, managers=None, **fields):
    _apply(plan, fields, PLAN_FIELDS)
    plan.save()
    if managers is not None:
        plan.managers.set(managers)
    log_action("plans.plan.changed", actor=actor, target=plan, fields=sorted(fields))
    return plan


def _next_position(queryset):
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


@transaction.atomic
def add_goal(actor, plan, *, title, description=None, position=None):
    goal = Goal(
        plan=plan,
        title=title,
        description=description or MultilingualText(),
        position=_next_position(plan.goals.all()) if position is None else position,
    )
    goal.full_clean()
    goal.save()
    log_action("plans.goal.created", actor=actor, target=goal, plan=plan.pk)
    return goal


@transaction.atomic
def update_goal(actor, goal, *, title, description=None, position=None):
    goal.title = title
    goal.description = description or MultilingualText()
    if position is not None:
        goal.position = position
    goal.full_clean()
    goal.save()
    log_action("plans.goal.changed", actor=actor, target=goal)
    return goal


@transaction.atomic
def add_action(actor, goal, *, owners=(), partners=(), **fields):
    fields.setdefault("position", _next_position(goal.actions.all()))
    action = Action(goal=goal)
    _apply(action, fields, ACTION_FIELDS)
    action.save()
    action.owners.set(owners)
    action.partners.set(partners)
    log_action("plans.action.created", actor=actor, target=action, plan=goal.plan_id)
    return action


def propose_action(actor, goal, *, title, description=None, source_label, source_url=""):
    """A planned action proposed from elsewhere (e.g. a learning lab's theme), keeping a link
    back to where it came from so readers can follow it to the notes behind it."""
    return add_action(
        actor,
        goal,
        title=title,
        description=description or MultilingualText(),
        status=ActionStatus.PLANNED,
        progress=0,
        source_label=source_label[:300],
        source_url=source_url,
    )


@transaction.atomic
def update_action(actor, action, *, goal=None, owners=None, partners=None, **fields):
    if goal is not None:
        if goal.plan_id != action.goal.plan_id:
            raise ValidationError(_("An action can only move to a goal of the same plan."))
        action.goal = goal
    _apply(action, fields, ACTION_FIELDS)
    action.save()
    if owners is not None:
        action.owners.set(owners)
    if partners is not None:
        action.partners.set(partners)
    log_action("plans.action.changed", actor=actor, target=action, fields=sorted(fields))
    return action


@transaction.atomic
def post_progress_update(actor, action, *, progress, status, comment="", on=None):
    """Record an update and make the action show the newest one (by date, then by posting).

    An update dated before an existing one goes into the timeline without changing what the
    action shows now, so a late entry of past progress never overwrites fresher news.
    """
    action = Action.objects.select_for_update().get(pk=action.pk)
    update = ProgressUpdate(
        action=action,
        date=on or date.today(),
        progress=progress,
        status=status,
        comment=comment,
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )
    update.full_clean()
    update.save()
    newest = action.updates.order_by("-date", "-pk").first()
    action.progress = newest.progress
    action.status = newest.status
    action.save(update_fields=["progress", "status", "updated_at"])
    log_action(
        "plans.progress.posted",
        actor=actor,
        target=action,
        update=update.pk,
        progress=update.progress,
        status=update.status,
    )
    return update


@transaction.atomic
def add_indicator(actor, plan, **fields):
    fields.setdefault("position", _next_position(plan.indicators.all()))
    indicator = Indicator(plan=plan)
    _apply(indicator, fields, INDICATOR_FIELDS)
    if indicator.goal_id and indicator.goal.plan_id != plan.pk:
        raise ValidationError(_("The goal must belong to the same plan."))
    indicator.save()
    log_action("plans.indicator.created", actor=actor, target=indicator, plan=plan.pk)
    return indicator


@transaction.atomic
def update_indicator(actor, indicator, **fields):
    _apply(indicator, fields, INDICATOR_FIELDS)
    if indicator.goal_id and indicator.goal.plan_id != indicator.plan_id:
        raise ValidationError(_("The goal must belong to the same plan."))
    indicator.save()
    log_action("plans.indicator.changed", actor=actor, target=indicator, fields=sorted(fields))
    return indicator


@transaction.atomic
def record_measurement(actor, indicator, *, value, measured_on, note=""):
    """Keep the measurement in the history; the indicator shows the newest one by date."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    measurement = IndicatorMeasurement(
        indicator=indicator,
        value=value,
        measured_on=measured_on,
        note=note,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    measurement.full_clean()
    measurement.save()
    newest = indicator.measurements.order_by("-measured_on", "-pk").first()
    indicator.current_value = newest.value
    indicator.measured_on = newest.measured_on
    indicator.save(update_fields=["current_value", "measured_on"])
    log_action(
        "plans.measurement.recorded",
        actor=actor,
        target=indicator,
        value=str(measurement.value),
        measured_on=measurement.measured_on.isoformat(),
    )
    return measurement


# CSV ---------------------------------------------------------------------------------------


def _join(items):
    return f"{LIST_SEPARATOR} ".join(item for item in items if item)


def _split(cell):
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


def export_rows(plan):
    """The plan's actions as rows of ``CSV_COLUMNS`` (a goal without actions gets one row)."""
    goals = plan.goals.prefetch_related("actions__owners", "actions__partners").order_by(
        "position", "pk"
    )
    for goal in goals:
        actions = sorted(goal.actions.all(), key=lambda a: (a.position, a.pk))
        if not actions:
            yield [goal.title.text] + [""] * (len(CSV_COLUMNS) - 1)
        for action in actions:
            owners = [user.email for user in sorted(action.owners.all(), key=lambda u: u.email)]
            partners = [org.name.text for org in action.partners.all()]
            yield [
                goal.title.text,
                action.title.text,
                action.description.text,
                _join([*owners, *_split(action.owner_text)]),
                _join([*sorted(partners), *_split(action.partner_text)]),
                action.starts_on.isoformat() if action.starts_on else "",
                action.due_on.isoformat() if action.due_on else "",
                action.status,
                str(action.progress),
                "" if action.budget is None else f"{action.budget:.2f}",
                action.funding_source,
                str(action.pk),
            ]


def export_csv(plan):
    """The plan as CSV, formula cells quoted (``core.exports``); the import reads it back."""
    return exports.csv_text(CSV_COLUMNS, export_rows(plan), bom=False)


class CsvImportError(ValidationError):
    """The rows that cannot be imported, each with its row number (the header is row 1)."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__([_("Row %(row)s: %(message)s") % p if p["row"] else p["message"]
                          for p in problems])  # fmt: skip


def _status(cell):
    value = cell.strip().lower()
    if not value:
        return ActionStatus.PLANNED
    for choice in ActionStatus:
        if value in (choice.value, str(choice.label).lower(), choice.name.lower()):
            return choice.value
    return None


def _date(cell):
    cell = cell.strip()
    if not cell:
        return None, True
    try:
        return date.fromisoformat(cell), True
    except ValueError:
        return None, False


def _parse_row(number, row, language):
    """One row as the fields of an action, or a list of problems with this row."""
    problems = []

    def problem(message):
        problems.append({"row": number, "message": message})

    cells = {
        name: exports.unsafe_cell((row[i] if i < len(row) else "").strip())
        for i, name in enumerate(CSV_COLUMNS)
    }
    if len(row) > len(CSV_COLUMNS):
        problem(_("it has more cells than the %(count)s columns.") % {"count": len(CSV_COLUMNS)})
    if not cells["goal"]:
        problem(_("the goal is empty."))
    elif len(cells["goal"]) > 2000:
        problem(_("the goal is too long."))
    if not cells["action title"]:
        if any(cells[name] for name in CSV_COLUMNS[2:]):
            problem(_("the action has no title."))
        return None, problems
    action_id = None
    if cells["id"]:
        if cells["id"].isdigit() and len(cells["id"]) <= 18:
            action_id = int(cells["id"])
        else:
            problem(
                _("the id “%(value)s” is not a number; leave it empty for a new action.")
                % {"value": cells["id"]}
            )
    starts_on, ok = _date(cells["start"])
    if not ok:
        problem(
            _("the start “%(value)s” is not a date like 2025-03-31.") % {"value": cells["start"]}
        )
    due_on, ok = _date(cells["due"])
    if not ok:
        problem(
            _("the due date “%(value)s” is not a date like 2025-03-31.") % {"value": cells["due"]}
        )
    if starts_on and due_on and due_on < starts_on:
        problem(_("the due date is before the start."))
    status = _status(cells["status"])
    if status is None:
        problem(
            _("the status “%(value)s” is not one of: %(choices)s.")
            % {"value": cells["status"], "choices": ", ".join(ActionStatus.values)}
        )
    progress = 0
    if cells["progress"]:
        try:
            progress = int(cells["progress"].rstrip("%").strip())
        except ValueError:
            progress = None
        if progress is None or not 0 <= progress <= 100:
            problem(
                _("the progress “%(value)s” is not a whole number from 0 to 100.")
                % {"value": cells["progress"]}
            )
    budget = None
    if cells["budget"]:
        try:
            budget = Decimal(cells["budget"])
        except InvalidOperation:
            budget = None
            problem(
                _("the budget “%(value)s” is not an amount like 12500.00.")
                % {"value": cells["budget"]}
            )
        else:
            if not budget.is_finite() or budget < 0 or budget >= Decimal("1e12"):
                problem(_("the budget must be an amount of 0 or more."))
            elif budget.as_tuple().exponent < -2:
                problem(_("the budget has more than two decimals."))
    owners, owner_text = [], []
    for item in _split(cells["owners"]):
        if "@" in item and " " not in item:
            user = User.objects.filter(email__iexact=item, is_active=True).first()
            if user is None:
                problem(
                    _("no one on Atelier has the e-mail address “%(value)s”.") % {"value": item}
                )
            else:
                owners.append(user)
        else:
            owner_text.append(item)
    partners, partner_text = [], []
    for item in _split(cells["partners"]):
        organisation = organisations().filter(normalised_name=normalise_name(item)).first()
        if organisation is None:
            partner_text.append(item)
        else:
            partners.append(organisation)
    limits = [
        ("action title", 1000, _("the action title is too long.")),
        ("description", 20000, _("the description is too long.")),
        ("funding source", 300, _("the funding source is too long.")),
    ]
    for name, limit, message in limits:
        if len(cells[name]) > limit:
            problem(message)
    if len(_join(owner_text)) > 500:
        problem(_("the owners are too long."))
    if len(_join(partner_text)) > 500:
        problem(_("the partners are too long."))
    fields = {
        "title": MultilingualText(cells["action title"], language),
        "description": MultilingualText(
            cells["description"], language if cells["description"] else ""
        ),
        "owner_text": _join(owner_text),
        "partner_text": _join(partner_text),
        "starts_on": starts_on,
        "due_on": due_on,
        "status": status,
        "progress": progress,
        "budget": budget,
        "funding_source": cells["funding source"],
    }
    return {
        "id": action_id,
        "goal": cells["goal"],
        "fields": fields,
        "owners": owners,
        "partners": partners,
    }, problems


def read_csv(content):
    """Bytes or text of a CSV file as a list of rows; a ``CsvImportError`` if unreadable."""
    if isinstance(content, bytes):
        if len(content) > CSV_MAX_BYTES:
            raise CsvImportError([{"row": 0, "message": _("The file is larger than 2 MB.")}])
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CsvImportError(
                [{"row": 0, "message": _("The file is not UTF-8 text. Save it as “CSV UTF-8”.")}]
            ) from None
    try:
        rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))
    except csv.Error:
        raise CsvImportError(
            [{"row": 0, "message": _("The file is not a readable CSV file.")}]
        ) from None
    if not rows:
        raise CsvImportError([{"row": 0, "message": _("The file is empty.")}])
    # A NUL byte is refused as every form refuses it (PostgreSQL cannot store it in text).
    with_nul = [n for n, row in enumerate(rows, 1) if any("\x00" in cell for cell in row)]
    if with_nul:
        message = str(ProhibitNullCharactersValidator.message)
        raise CsvImportError([{"row": n, "message": message} for n in with_nul])
    header = [cell.strip().lower() for cell in rows[0]]
    if header not in (CSV_COLUMNS, CSV_COLUMNS[:-1]):
        raise CsvImportError(
            [
                {
                    "row": 1,
                    "message": _(
                        "the columns must be, in this order: %(columns)s (the last one, "
                        "%(optional)s, may be left out)."
                    )
                    % {"columns": ", ".join(CSV_COLUMNS), "optional": CSV_COLUMNS[-1]},
                }
            ]
        )
    if len(rows) - 1 > CSV_MAX_ROWS:
        raise CsvImportError(
            [
                {
                    "row": 0,
                    "message": _("The file has more than %(count)s rows.")
                    % {"count": CSV_MAX_ROWS},
                }
            ]
        )
    return rows


@dataclass(frozen=True)
class CsvImport:
    """What an import did: actions added, actions changed, actions already as in the file;
    ``outcomes`` keeps the actions added and changed themselves."""

    created: int
    updated: int
    unchanged: int
    outcomes: ImportOutcomes = field(default_factory=ImportOutcomes, compare=False)


def _key(text):
    return text.strip().lower()


def _match_actions(plan, parsed):
    """The existing action each row updates, by row number, and the rows' problems.

    A row names its action by the id the export wrote (when it is an action of this plan), or
    else by its goal and title; an action is updated by one row at most. Any other row adds an
    action, so the export of another plan, ids and all, can seed a new one.
    """
    actions = list(
        Action.objects.filter(goal__plan=plan)
        .select_related("goal")
        .prefetch_related("owners", "partners")
        .order_by("position", "pk")
    )
    by_id = {action.pk: action for action in actions}
    by_title = {}
    for action in actions:
        key = (_key(action.goal.title.text), _key(action.title.text))
        by_title.setdefault(key, []).append(action)
    taken, matched, problems = set(), {}, []
    for number, item, _goal_title in parsed:
        action = by_id.get(item["id"]) if item and item["id"] else None
        if action is None:
            continue
        if action.pk in taken:
            problems.append(
                {
                    "row": number,
                    "message": _("the action with the id %(value)s is on an earlier row too.")
                    % {"value": action.pk},
                }
            )
        taken.add(action.pk)
        matched[number] = action
    for number, item, goal_title in parsed:
        if item is None or number in matched or item["id"] in by_id:
            continue
        key = (_key(goal_title), _key(item["fields"]["title"].text))
        candidates = [a for a in by_title.get(key, []) if a.pk not in taken]
        if candidates:
            taken.add(candidates[0].pk)
            matched[number] = candidates[0]
    return matched, problems


def _keep_unchanged_text(old, new):
    """The same words as before keep their language and translations."""
    return old if old.text == new.text else new


def _row_fields(action, item):
    """The row's fields for ``action``; the same words as before keep their translations."""
    fields = dict(item["fields"])
    for name in ("title", "description"):
        fields[name] = _keep_unchanged_text(getattr(action, name), fields[name])
    return fields


def _row_changes(action, goal, item):
    """Whether the row would change ``action`` (reading only what is already fetched)."""
    fields = _row_fields(action, item)
    return (
        any(getattr(action, name) != value for name, value in fields.items())
        or goal.pk != action.goal_id
        or {user.pk for user in item["owners"]} != {user.pk for user in action.owners.all()}
        or {o.pk for o in item["partners"]} != {o.pk for o in action.partners.all()}
    )


def _update_from_row(actor, action, goal, item):
    """Applies a row to ``action``; returns whether anything changed."""
    if not _row_changes(action, goal, item):
        return False
    fields = _row_fields(action, item)
    if goal.pk != action.goal_id:
        fields["position"] = _next_position(goal.actions.all())
    update_action(
        actor, action, goal=goal, owners=item["owners"], partners=item["partners"], **fields
    )
    return True


def _checked_rows(plan, content, language):
    """The file's rows parsed and matched to the plan's actions, reading only; a
    ``CsvImportError`` listing every wrong row."""
    rows = read_csv(content)
    parsed, problems = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        item, row_problems = _parse_row(number, row, language)
        problems.extend(row_problems)
        if item is not None or not row_problems:
            parsed.append((number, item, exports.unsafe_cell(row[0].strip())))
    if problems:
        raise CsvImportError(problems)
    if not parsed:
        raise CsvImportError([{"row": 0, "message": _("The file has no rows to import.")}])
    matched, problems = _match_actions(plan, parsed)
    if problems:
        raise CsvImportError(problems)
    return parsed, matched


def _write_row(actor, goal, item, action):
    """Adds the row's action to ``goal``, or applies it to ``action``; says which it did, and
    returns the action."""
    if action is None:
        action = add_action(
            actor, goal, owners=item["owners"], partners=item["partners"], **item["fields"]
        )
        return "created", action
    return ("updated" if _update_from_row(actor, action, goal, item) else "unchanged"), action


def import_csv(actor, plan, content, *, language=None, progress=None):
    """Add the CSV's goals and actions to ``plan``, or update the actions it already has (see
    ``_match_actions``): every row is checked first, and nothing is written unless all of them
    are right. Goals are matched by title, else created in the order they first appear.

    Each row is then written in a transaction of its own, so that a file of thousands of
    actions never keeps everyone else waiting for the database; a run stopped half-way keeps
    the rows before, and importing the same file again completes it (the rows written are
    matched by id or by goal and title). ``progress(done, total)`` is called after each row.
    Returns a ``CsvImport``."""
    language = language or plan.title.language or "en"
    parsed, matched = _checked_rows(plan, content, language)
    goals = {_key(goal.title.text): goal for goal in plan.goals.all()}
    outcomes = ImportOutcomes()
    pause = WriterPause()
    for done, (number, item, goal_title) in enumerate(parsed, start=1):
        key = _key(goal_title)
        action = matched.get(number)
        writes = key not in goals or (
            item is not None and (action is None or _row_changes(action, goals[key], item))
        )
        if writes:
            with transaction.atomic():
                if key not in goals:
                    goals[key] = add_goal(actor, plan, title=MultilingualText(goal_title, language))
                if item is not None:
                    outcome, action = _write_row(actor, goals[key], item, action)
                    outcomes.add(outcome, "action", action.pk)
            pause()
        elif item is not None:
            # Nothing to write, so no transaction: on SQLite it would take the write lock.
            outcomes.add("unchanged", "action", action.pk)
        if progress:
            progress(done, len(parsed))
    created, updated, unchanged = (outcomes.counts[k] for k in ("created", "updated", "unchanged"))
    log_action("plans.csv.imported", actor=actor, target=plan, actions=created, updated=updated)
    return CsvImport(created, updated, unchanged, outcomes)


_UNFINISHED = (ImportRun.State.QUEUED, ImportRun.State.RUNNING)


def start_csv_import(actor, plan, content):
    """Check every row of the file now, reading only, and leave the writing to the task worker.

    Returns the ``ImportRun``; a ``CsvImportError`` lists the wrong rows (nothing is queued),
    or says that another import into the plan is still under way.
    """
    from .tasks import run_csv_import

    parsed, _matched = _checked_rows(plan, content, plan.title.language or "en")
    if isinstance(content, bytes):
        content = content.decode("utf-8-sig")
    with transaction.atomic():
        # One import into a plan at a time: two would both add the rows that are new.
        Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.import_runs.filter(state__in=_UNFINISHED).exists():
            raise CsvImportError(
                [
                    {
                        "row": 0,
                        "message": _(
                            "Another import into this plan is under way: import this file "
                            "once it is done."
                        ),
                    }
                ]
            )
        run = ImportRun.objects.create(
            plan=plan, created_by=actor, content=content, total_rows=len(parsed)
        )
        log_action("plans.csv.queued", actor=actor, target=plan, run=run.pk, rows=len(parsed))
        transaction.on_commit(lambda: run_csv_import.enqueue(run.pk))
    return run


def execute_csv_import(run_id):
    """The background task's work: write the checked file, recording progress as it goes."""
    run = ImportRun.objects.select_related("plan", "created_by").get(pk=run_id)
    if run.state != ImportRun.State.QUEUED:
        return run
    runs = ImportRun.objects.filter(pk=run.pk)
    runs.update(state=ImportRun.State.RUNNING)

    try:
        result = import_csv(run.created_by, run.plan, run.content, progress=progress_recorder(runs))
    except CsvImportError as error:
        # The plan changed since the upload (an action named twice, say): nothing is written.
        runs.update(state=ImportRun.State.FAILED, problems=error.problems, finished=timezone.now())
    except Exception as error:
        run.refresh_from_db(fields=["done_rows", "total_rows"])
        runs.update(
            state=ImportRun.State.FAILED,
            error=_(
                "The import stopped after %(done)s of %(total)s rows (%(error)s). Those rows "
                "are saved; importing the same file again completes the import."
            )
            % {"done": run.done_rows, "total": run.total_rows, "error": error},
            finished=timezone.now(),
        )
        raise
    else:
        runs.update(
            state=ImportRun.State.DONE,
            done_rows=run.total_rows,
            **result.outcomes.run_fields(),
            finished=timezone.now(),
        )
    run.refresh_from_db()
    return run
