"""The write path of learning labs: design, joining, seating, the round clock, notes, votes.

Every change to a table's notes is sent to that table's channel group after the transaction
commits, so connected boards update at once; boards that cannot hold a websocket poll.
"""

import logging
import secrets
from datetime import timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from atelier.core.audit import log_action
from atelier.core.languages import CONTENT_LANGUAGES
from atelier.core.multilingual import HUMAN, MultilingualText
from atelier.plans import services as plan_services

from .. import queries, seating, slugs
from ..models import (
    NOTE_MAX_LENGTH,
    Lab,
    Note,
    Participant,
    ProposedAction,
    Question,
    Round,
    Seat,
    Table,
    Theme,
    Vote,
)

logger = logging.getLogger(__name__)


class VersionConflict(Exception):
    """The note changed since the editor loaded it; nothing was written."""

    def __init__(self, note):
        self.note = note
        super().__init__(
            _(
                "Someone changed this note while you were editing it. Its current text is shown; "
                "apply your change again if it is still needed."
            )
        )


# -- broadcasting ------------------------------------------------------------------------


def table_group(table_id):
    return f"labs.table.{table_id}"


def lab_group(lab_id):
    return f"labs.lab.{lab_id}"


def note_payload(note):
    return {
        "id": note.pk,
        "text": note.text,
        "starred": note.starred,
        "version": note.version,
        "deleted": note.deleted,
        "merged_into": note.merged_into_id,
        "round": note.round_id,
        "author": str(note.author) if note.author_id else "",
    }


def _send(group, message):
    layer = get_channel_layer()
    if layer is None:
        return

    def send():
        # The change is committed; a board that misses this push catches up when it reloads
        # its notes, so a failing push is logged rather than turned into an error page.
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception:
            logger.exception("Could not push a lab change to %s", group)

    transaction.on_commit(send)


def _broadcast_note(note):
    _send(table_group(note.table_id), {"type": "note.changed", "note": note_payload(note)})


def _broadcast_lab(lab):
    _send(
        lab_group(lab.pk),
        {
            "type": "lab.changed",
            "lab": {
                "status": lab.status,
                "round": lab.current_round_id,
                "remaining": lab.remaining_seconds(),
                "paused": lab.round_paused_at is not None,
                "message": lab.broadcast_message,
            },
        },
    )


# -- design ------------------------------------------------------------------------------


def _taken(slug):
    return Lab.objects.filter(slug=slug).exists()


@transaction.atomic
def create_lab(user, **fields):
    """A new lab its creator facilitates; its address comes from its title unless given."""
    lab = Lab(created_by=user, **fields)
    generated = not lab.slug
    if generated:
        lab.slug = slugs.unique_slug(lab.title.text if lab.title else "", _taken)
    lab.full_clean()
    for attempt in range(5):
        try:
            with transaction.atomic():
                lab.save()
            break
        except IntegrityError:
            # Someone took the same address in the meantime: the next free one.
            if not generated or attempt == 4:
                raise ValidationError(
                    _("Another lab took this address just now; please save again.")
                ) from None
            lab.slug = slugs.unique_slug(lab.title.text, _taken)
    lab.facilitators.add(user)
    log_action("labs.create", actor=user, target=lab)
    return lab


@transaction.atomic
def update_lab(lab, actor, **fields):
    """Change a lab's design: title, description, programme, event, format, guests, status.

    Its address stays what it was, so the links already shared keep working."""
    fields.pop("slug", None)
    for name, value in fields.items():
        setattr(lab, name, value)
    lab.full_clean()
    lab.save()
    log_action("labs.update", actor=actor, target=lab)
    return lab


@transaction.atomic
def add_question(lab, text, language):
    """Add a question after the lab's others."""
    return Question.objects.create(
        lab=lab, text=MultilingualText(text, language), position=lab.questions.count() + 1
    )


@transaction.atomic
def add_round(lab, question, duration_minutes):
    if question.lab_id != lab.pk:
        raise ValidationError(_("That question belongs to another lab."))
    position = (lab.rounds.aggregate(m=Max("position"))["m"] or 0) + 1
    round_ = Round(lab=lab, question=question, position=position, duration_minutes=duration_minutes)
    round_.full_clean()
    round_.save()
    return round_


QUESTION_MAX_LENGTH = 500


@transaction.atomic
def translate_question(question, language, text, actor=None):
    """Gives ``question`` a person's translation into ``language``; an empty text removes it.

    A person's translation replaces a machine's into the same language.
    """
    question = Question.objects.select_for_update().get(pk=question.pk)
    if language not in CONTENT_LANGUAGES:
        raise ValidationError(_("Choose a language from the list."))
    if language == question.text.language:
        raise ValidationError(_("A translation must be in another language than the original."))
    text = (text or "").strip()
    if len(text) > QUESTION_MAX_LENGTH:
        raise ValidationError(
            _("A question can be at most %(n)s characters long.") % {"n": QUESTION_MAX_LENGTH}
        )
    value = MultilingualText(
        question.text.text, question.text.language, dict(question.text.translations)
    )
    if text:
        value.translate(language, text, by=HUMAN)
    else:
        value.translations.pop(language, None)
    question.text = value
    question.full_clean()
    question.save(update_fields=["text"])
    log_action(
        "labs.question.translated",
        actor=actor,
        target=question,
        language=language,
        removed=not text,
    )
    return question


@transaction.atomic
def add_table(lab, number, language="", host=None, video_url=""):
    if lab.tables.filter(number=number).exists():
        raise ValidationError(_("There is already a table %(n)s in this lab.") % {"n": number})
    table = Table(lab=lab, number=number, language=language, host=host, video_url=video_url)
    table.full_clean()
    table.save()
    return table


# -- joining -----------------------------------------------------------------------------


@transaction.atomic
def join(lab, *, user=None, guest_name="", languages=None):
    """Adds a member (again: returns the existing participation) or a named guest."""
    lab = Lab.objects.select_for_update().get(pk=lab.pk)
    if lab.status not in (Lab.Status.OPEN, Lab.Status.RUNNING):
        raise ValidationError(_("This lab is not open for joining."))
    if user is not None and user.is_authenticated:
        participant, created = Participant.objects.get_or_create(
            lab=lab,
            user=user,
            defaults={"languages": languages or list(getattr(user, "languages", None) or [])},
        )
    else:
        if not lab.allow_guests:
            raise ValidationError(_("This lab is for signed-in members only."))
        guest_name = (guest_name or "").strip()
        if not guest_name:
            raise ValidationError(_("Please give a name the others will see."))
        participant = Participant.objects.create(
            lab=lab,
            guest_name=guest_name[:120],
            guest_token=secrets.token_urlsafe(24),
            languages=languages or [],
        )
        created = True
    if created and lab.current_round_id:
        _seat_latecomer(lab, participant)
    return participant


def _seat_latecomer(lab, participant):
    """Someone joining mid-round sits at the emptiest table (the lowest number on a tie)."""
    busy = Count("seats", filter=Q(seats__round_id=lab.current_round_id))
    table = lab.tables.annotate(n=busy).order_by("n", "number").first()
    if table is not None:
        Seat.objects.create(participant=participant, table=table, round_id=lab.current_round_id)


# -- seating and the round clock ---------------------------------------------------------


def seat_round(lab, round_):
    """Seats every participant for ``round_``, minimising people meeting again."""
    tables = list(lab.tables.order_by("number"))
    participants = list(lab.participants.all())
    host_of = {}
    by_user = {p.user_id: p.pk for p in participants if p.user_id}
    for table in tables:
        if table.host_id and table.host_id in by_user:
            host_of[table.pk] = by_user[table.host_id]
    met = set()
    earlier = Seat.objects.filter(round__lab=lab, round__position__lt=round_.position)
    groups = {}
    for table_id, round_id, participant_id in earlier.values_list(
        "table_id", "round_id", "participant_id"
    ):
        groups.setdefault((round_id, table_id), []).append(participant_id)
    met = seating.pairs_of(groups)
    groups = seating.assign(
        [p.pk for p in participants],
        [t.pk for t in tables],
        hosts=host_of,
        met=met,
        languages={p.pk: p.languages for p in participants},
        table_languages={t.pk: t.language for t in tables},
    )
    Seat.objects.filter(round=round_).delete()
    Seat.objects.bulk_create(
        Seat(participant_id=pid, table_id=tid, round=round_)
        for tid, pids in groups.items()
        for pid in pids
    )
    return groups


def _locked(lab):
    return (
        Lab.objects.select_for_update(of=("self",)).select_related("current_round").get(pk=lab.pk)
    )


def _check_running(lab):
    if lab.status == Lab.Status.CLOSED:
        raise ValidationError(_("This lab is closed: its rounds are over."))


@transaction.atomic
def start_next_round(lab, actor=None):
    """Moves to the next round (the first one when none has run), seats people, starts the clock."""
    lab = _locked(lab)
    _check_running(lab)
    position = lab.current_round.position if lab.current_round else 0
    next_round = lab.rounds.filter(position__gt=position).order_by("position").first()
    if next_round is None:
        raise ValidationError(_("There is no further round; the lab can move to its harvest."))
    seat_round(lab, next_round)
    lab.current_round = next_round
    lab.status = Lab.Status.RUNNING
    lab.round_started_at = timezone.now()
    lab.round_paused_at = None
    lab.extra_seconds = 0
    lab.broadcast_message = ""  # a message was for the round it was sent in
    lab.save()
    log_action("labs.round", actor=actor, target=lab, round=next_round.position)
    _broadcast_lab(lab)
    return lab


@transaction.atomic
def pause(lab, actor=None):
    lab = _locked(lab)
    _check_running(lab)
    if lab.round_started_at is None or lab.round_paused_at is not None:
        raise ValidationError(_("The clock is not running."))
    lab.round_paused_at = timezone.now()
    lab.save()
    _broadcast_lab(lab)
    return lab


@transaction.atomic
def resume(lab, actor=None):
    lab = _locked(lab)
    _check_running(lab)
    if lab.round_paused_at is None:
        raise ValidationError(_("The clock is not paused."))
    lab.round_started_at += timezone.now() - lab.round_paused_at
    lab.round_paused_at = None
    lab.save()
    _broadcast_lab(lab)
    return lab


@transaction.atomic
def extend(lab, minutes, actor=None):
    lab = _locked(lab)
    _check_running(lab)
    if lab.round_started_at is None:
        raise ValidationError(_("No round is running."))
    if not 1 <= minutes <= 60:
        raise ValidationError(_("Extend by between 1 and 60 minutes."))
    lab.extra_seconds += int(timedelta(minutes=minutes).total_seconds())
    lab.save()
    _broadcast_lab(lab)
    return lab


@transaction.atomic
def broadcast(lab, message, actor=None):
    lab = _locked(lab)
    _check_running(lab)
    lab.broadcast_message = (message or "").strip()[:300]
    lab.save(update_fields=["broadcast_message", "updated"])
    _broadcast_lab(lab)
    return lab


@transaction.atomic
def open_for_joining(lab, actor=None):
    """A draft lab starts taking participants: its join link and QR code work from now on."""
    lab = _locked(lab)
    if lab.status != Lab.Status.DRAFT:
        raise ValidationError(_("Only a draft lab can be opened for joining."))
    lab.status = Lab.Status.OPEN
    lab.save(update_fields=["status", "updated"])
    log_action("labs.open", actor=actor, target=lab)
    _broadcast_lab(lab)
    return lab


@transaction.atomic
def close(lab, actor=None):
    """Ends the lab: no more rounds, notes or joining; the last message to the tables goes."""
    lab = _locked(lab)
    if lab.status == Lab.Status.CLOSED:
        raise ValidationError(_("This lab is already closed."))
    lab.status = Lab.Status.CLOSED
    lab.round_paused_at = lab.round_paused_at or timezone.now()
    lab.broadcast_message = ""
    lab.voting_open = False
    lab.save()
    log_action("labs.close", actor=actor, target=lab)
    _broadcast_lab(lab)
    return lab


@transaction.atomic
def remove_participant(participant, actor=None):
    """Takes a person out of a lab: their seats and votes go, their notes stay unsigned."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    lab = participant.lab
    Note.objects.filter(author=participant).update(author=None)
    log_action("labs.participant.removed", actor=actor, target=lab, name=str(participant))
    participant.delete()


@transaction.atomic
def publish_report(lab, actor=None):
    """Anyone may read the lab's report from now on, linked from its programme's labs."""
    lab = _locked(lab)
    if lab.report_published_at is not None:
        raise ValidationError(_("The report is already published."))
    lab.report_published_at = timezone.now()
    lab.save(update_fields=["report_published_at", "updated"])
    log_action("labs.report.published", actor=actor, target=lab)
    return lab


@transaction.atomic
def unpublish_report(lab, actor=None):
    """Only the lab's facilitators and participants read the report again."""
    lab = _locked(lab)
    if lab.report_published_at is None:
        raise ValidationError(_("The report is not published."))
    lab.report_published_at = None
    lab.save(update_fields=["report_published_at", "updated"])
    log_action("labs.report.unpublished", actor=actor, target=lab)
    return lab


# -- notes -------------------------------------------------------------------------------


def _clean_text(text):
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("A note cannot be empty."))
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("A note can be at most %(n)s characters long.") % {"n": NOTE_MAX_LENGTH}
        )
    return text


@transaction.atomic
def post_note(table, participant, text):
    # The lab as it is now: the caller's copy may predate the current round.
    lab = Lab.objects.get(pk=table.lab_id)
    if lab.status != Lab.Status.RUNNING or lab.current_round_id is None:
        raise ValidationError(_("Notes can be posted while a round is running."))
    note = Note.objects.create(
        table=table, round_id=lab.current_round_id, author=participant, text=_clean_text(text)
    )
    _broadcast_note(note)
    return note


def _locked_note(note, version):
    note = Note.objects.select_for_update().get(pk=note.pk)
    if int(version) != note.version:
        raise VersionConflict(note)
    return note


@transaction.atomic
def edit_note(note, text, version, actor=None):
    note = _locked_note(note, version)
    note.text = _clean_text(text)
    note.version += 1
    note.save()
    _broadcast_note(note)
    return note


@transaction.atomic
def star_note(note, starred, version, actor=None):
    note = _locked_note(note, version)
    note.starred = bool(starred)
    note.version += 1
    note.save()
    _broadcast_note(note)
    return note


@transaction.atomic
def delete_note(note, version, actor=None):
    note = _locked_note(note, version)
    note.deleted = True
    note.version += 1
    note.save()
    _broadcast_note(note)
    return note


@transaction.atomic
def merge_notes(target, source, target_version, source_version, actor=None):
    """Folds ``source`` into ``target``: its text is appended and it is hidden."""
    if target.pk == source.pk:
        raise ValidationError(_("A note cannot be merged into itself."))
    if target.table_id != source.table_id:
        raise ValidationError(_("Only notes at the same table can be merged."))
    first, second = sorted(
        [(target, target_version), (source, source_version)], key=lambda pair: pair[0].pk
    )
    locked = {n.pk: _locked_note(n, v) for n, v in (first, second)}
    target, source = locked[target.pk], locked[source.pk]
    if source.deleted or source.merged_into_id or target.deleted or target.merged_into_id:
        raise ValidationError(_("One of these notes was already merged or removed."))
    combined = f"{target.text} / {source.text}"
    target.text = combined[:NOTE_MAX_LENGTH]
    target.starred = target.starred or source.starred
    target.version += 1
    target.save()
    source.merged_into = target
    source.version += 1
    source.save()
    _broadcast_note(target)
    _broadcast_note(source)
    return target


# -- harvest -----------------------------------------------------------------------------


@transaction.atomic
def create_theme(lab, name, notes=(), actor=None):
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("A theme needs a name."))
    theme = Theme.objects.create(lab=lab, name=name[:200])
    notes = [n for n in notes if n.table.lab_id == lab.pk]
    theme.notes.set(notes)
    return theme


@transaction.atomic
def remove_theme(theme, actor=None):
    """Deletes a theme with its votes; its notes stay, ungrouped. A theme already proposed as
    an action stays: the action's origin points to it."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if theme.proposed_actions.exists():
        raise ValidationError(
            _("This theme became an action of a plan; it stays so the action keeps its origin.")
        )
    log_action("labs.theme.removed", actor=actor, target=theme.lab, name=theme.name)
    theme.delete()


@transaction.atomic
def set_theme_notes(theme, notes):
    theme.notes.set([n for n in notes if n.table.lab_id == theme.lab_id])
    return theme


@transaction.atomic
def update_theme(theme, name, notes=(), actor=None):
    """Renames ``theme`` and sets the notes it groups (notes of other labs are left out)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("A theme needs a name."))
    theme.name = name[:200]
    theme.save(update_fields=["name"])
    set_theme_notes(theme, notes)
    log_action("labs.theme.changed", actor=actor, target=theme, name=theme.name)
    return theme


def _link(actor, theme, action):
    link = ProposedAction.objects.create(theme=theme, action=action, proposed_by=actor)
    link.notes.set(theme.notes.filter(deleted=False))
    log_action("labs.theme.proposed", actor=actor, target=theme, plan_action=action.pk)
    return link


@transaction.atomic
def propose_action(actor, theme, goal, *, title="", language="", description=""):
    """Turns ``theme`` into a planned action under ``goal``, linked to the theme and its notes.

    The actor must be allowed to edit the goal's plan; running the lab is checked by the page.
    """
    if not actor.has_perm("plans.change_plan", goal.plan):
        raise PermissionDenied(_("You may not add actions to this plan."))
    if theme.proposed_actions.filter(action__goal__plan=goal.plan_id).exists():
        raise ValidationError(_("This theme is already an action of that plan."))
    lab = theme.lab
    language = language or lab.title.language or "en"
    description = (description or "").strip()
    action = plan_services.propose_action(
        actor,
        goal,
        title=MultilingualText((title or "").strip() or theme.name, language),
        description=MultilingualText(description, language if description else ""),
        source_label=f"{lab.title.text} · {theme.name}",
        source_url=queries.report_url(theme),
    )
    return _link(actor, theme, action)


@transaction.atomic
def link_action(actor, theme, action):
    """Records that an existing ``action`` came from ``theme`` (e.g. a plan written from the
    lab's report before the link existed); an action comes from one theme at most."""
    if not actor.has_perm("plans.change_plan", action.goal.plan):
        raise PermissionDenied(_("You may not change the actions of this plan."))
    existing = ProposedAction.objects.filter(action=action).first()
    if existing is not None:
        if existing.theme_id != theme.pk:
            raise ValidationError(_("This action already comes from another theme."))
        return existing
    return _link(actor, theme, action)


@transaction.atomic
def open_voting(lab, votes_per_participant=None, actor=None):
    lab = _locked(lab)
    if not lab.themes.exists():
        raise ValidationError(_("Group the notes into themes before opening the vote."))
    if votes_per_participant is not None:
        if not 1 <= int(votes_per_participant) <= 20:
            raise ValidationError(_("Give each participant between 1 and 20 votes."))
        lab.votes_per_participant = int(votes_per_participant)
    lab.voting_open = True
    lab.save()
    return lab


@transaction.atomic
def close_voting(lab, actor=None):
    lab = _locked(lab)
    lab.voting_open = False
    lab.save()
    return lab


@transaction.atomic
def vote(participant, theme):
    """One dot on ``theme``; at most ``votes_per_participant`` dots each, under a lock."""
    lab = Lab.objects.select_for_update().get(pk=participant.lab_id)
    Participant.objects.select_for_update().get(pk=participant.pk)
    if theme.lab_id != lab.pk:
        raise ValidationError(_("That theme belongs to another lab."))
    if not lab.voting_open:
        raise ValidationError(_("Voting is not open."))
    used = Vote.objects.filter(participant=participant).count()
    if used >= lab.votes_per_participant:
        raise ValidationError(
            _("You have used all your %(n)s votes.") % {"n": lab.votes_per_participant}
        )
    return Vote.objects.create(participant=participant, theme=theme)


@transaction.atomic
def unvote(participant, theme):
    vote_ = Vote.objects.filter(participant=participant, theme=theme).order_by("-pk").first()
    if vote_ is None:
        raise ValidationError(_("You have no vote on that theme."))
    vote_.delete()


# -- personal data -----------------------------------------------------------------------


def export_participations(user):
    """The labs a person joined, with the notes they wrote and the themes they voted for."""
    rows = []
    participations = (
        Participant.objects.filter(user=user)
        .select_related("lab")
        .prefetch_related("notes__round", "votes__theme")
        .order_by("joined_at")
    )
    for participant in participations:
        rows.append(
            {
                "lab": participant.lab.title.text,
                "joined": participant.joined_at,
                "languages": participant.languages,
                "notes": [
                    {"round": n.round.position, "text": n.text, "written": n.created}
                    for n in participant.notes.all()
                ],
                "votes": [v.theme.name for v in participant.votes.all()],
            }
        )
    return rows


def erase_participations(user):
    """On erasure: notes stay in the labs' harvest, no longer linked to the person."""
    Note.objects.filter(author__user=user).update(author=None)
