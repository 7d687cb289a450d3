"""Pages of learning labs: design, joining, live boards, facilitator controls, harvest, vote."""

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from atelier.core.confirm import confirm_page
from atelier.core.forms import add_service_error
from atelier.core.languages import language_name
from atelier.core.permissions import object_permission, permission_required

from .. import queries, services
from ..access import guest_session_key
from ..forms import (
    GuestJoinForm,
    LabForm,
    NoteForm,
    ProposeActionForm,
    QuestionForm,
    QuestionTranslationForm,
    RoundForm,
    TableForm,
    ThemeForm,
)
from ..models import Lab, Note, Participant
from .loaders import board as _board
from .loaders import lab as _lab
from .loaders import lab_by_token as _lab_by_token
from .loaders import viewer_lab as _viewer_lab

PER_PAGE = 20


def _errors(error):
    return " ".join(error.messages)


# -- list and design ----------------------------------------------------------------------


@require_GET
@permission_required("labs.browse_labs")
def lab_list(request):
    """The labs a signed-in person runs or joined, optionally of one programme."""
    programme_slug = request.GET.get("programme", "")[:100]
    labs = queries.labs_of(request.user, programme=programme_slug)
    page = Paginator(labs, PER_PAGE).get_page(request.GET.get("page"))
    programme = queries.programme_named(programme_slug) if programme_slug else None
    return render(
        request,
        "labs/lab_list.html",
        {
            "page": page,
            "labs": page.object_list,
            "programme": programme,
            "query": f"programme={programme.slug}" if programme else "",
            "can_add": request.user.has_perm("labs.add_lab"),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("labs.add_lab")
def lab_create(request):
    form = LabForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            lab = services.create_lab(request.user, **form.lab_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The lab was created. Add its questions, rounds and tables.")
            )
            return redirect(lab.get_absolute_url())
    return render(request, "labs/form.html", {"form": form, "heading": _("New learning lab")})


@require_http_methods(["GET", "POST"])
@object_permission("labs.change_lab", _lab)
def lab_edit(request, lab):
    form = LabForm(request.POST or None, instance=lab, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            lab = services.update_lab(lab, request.user, **form.lab_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The lab was saved."))
            return redirect(lab.get_absolute_url())
    return render(
        request, "labs/form.html", {"form": form, "heading": _("Edit the lab"), "lab": lab}
    )


def _console_context(request, lab, **forms):
    join_url = qr = ""
    if lab.status in (Lab.Status.OPEN, Lab.Status.RUNNING):  # a draft's or closed lab's link 403s
        join_url = request.build_absolute_uri(reverse("labs:join", args=[lab.join_token]))
        qr = segno.make(join_url, error="m").svg_inline(scale=5, title=_("QR code to join the lab"))
    return {
        "lab": lab,
        "rounds": queries.rounds(lab),
        "questions": lab.questions.all(),
        "tables": queries.tables(lab),
        "participants": list(queries.participants(lab)),
        "closed": lab.status == Lab.Status.CLOSED,
        "can_publish": request.user.has_perm("labs.publish_report", lab),
        "join_url": join_url,
        "qr": qr,
        "question_form": forms.get("question_form") or QuestionForm(),
        "round_form": forms.get("round_form") or RoundForm(lab),
        "table_form": forms.get("table_form") or TableForm(),
    }


@require_GET
@object_permission("labs.run_lab", _lab)
def lab_detail(request, lab):
    return render(request, "labs/lab_detail.html", _console_context(request, lab))


@require_POST
@object_permission("labs.change_lab", _lab)
def question_add(request, lab):
    form = QuestionForm(request.POST)
    if form.is_valid():
        services.add_question(lab, form.cleaned_data["text"], form.cleaned_data["language"])
        messages.success(request, _("The question was added."))
        return redirect(lab.get_absolute_url())
    return render(
        request, "labs/lab_detail.html", _console_context(request, lab, question_form=form)
    )


@require_http_methods(["GET", "POST"])
@object_permission("labs.change_lab", _lab)
def question_translations(request, lab, pk):
    """A facilitator translates a question for the tables that speak other languages."""
    question = get_object_or_404(lab.questions, pk=pk)
    form = QuestionTranslationForm(question, request.POST or None)
    if request.method == "POST" and form.is_valid():
        language, text = form.cleaned_data["language"], form.cleaned_data["text"]
        try:
            services.translate_question(question, language, text, actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if text.strip():
                messages.success(request, _("The translation was saved."))
            else:
                messages.success(request, _("The translation was removed."))
            return redirect("labs:question", lab.slug, question.pk)
    translations = [
        (code, language_name(code), entry)
        for code, entry in sorted(question.text.translations.items())
    ]
    return render(
        request,
        "labs/question.html",
        {
            "lab": lab,
            "question": question,
            "original_language": language_name(question.text.language),
            "translations": translations,
            "form": form,
        },
    )


@require_POST
@object_permission("labs.change_lab", _lab)
def round_add(request, lab):
    form = RoundForm(lab, request.POST)
    if form.is_valid():
        services.add_round(
            lab, form.cleaned_data["question"], form.cleaned_data["duration_minutes"]
        )
        messages.success(request, _("The round was added."))
        return redirect(lab.get_absolute_url())
    return render(request, "labs/lab_detail.html", _console_context(request, lab, round_form=form))


@require_POST
@object_permission("labs.change_lab", _lab)
def table_add(request, lab):
    form = TableForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_table(
                lab, data["number"], data["language"] or "", data["host_email"], data["video_url"]
            )
        except ValidationError as error:
            form.add_error("number", error)
        else:
            messages.success(request, _("The table was added."))
            return redirect(lab.get_absolute_url())
    return render(request, "labs/lab_detail.html", _console_context(request, lab, table_form=form))


@require_POST
@object_permission("labs.run_lab", _lab)
def control(request, lab):
    """The facilitator's buttons: open, next round, pause, resume, extend, message. Closing
    the lab asks first (``lab_close``)."""
    action = request.POST.get("action")
    try:
        if action == "open":
            services.open_for_joining(lab, actor=request.user)
            messages.success(
                request, _("The lab is open: people can join with the link or QR code.")
            )
        elif action == "next":
            services.start_next_round(lab, actor=request.user)
            messages.success(request, _("The round started; everyone was seated."))
        elif action == "pause":
            services.pause(lab, actor=request.user)
        elif action == "resume":
            services.resume(lab, actor=request.user)
        elif action == "extend":
            try:
                minutes = int(request.POST.get("minutes", ""))
            except ValueError:
                raise ValidationError(_("Extend by between 1 and 60 minutes.")) from None
            services.extend(lab, minutes, actor=request.user)
        elif action == "broadcast":
            services.broadcast(lab, request.POST.get("message", ""), actor=request.user)
            messages.success(request, _("The message was sent to every table."))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        messages.error(request, _errors(error))
    return redirect(lab.get_absolute_url())


@require_http_methods(["GET", "POST"])
@object_permission("labs.run_lab", _lab)
def lab_close(request, lab):
    """Closing ends the lab for good: it asks first."""
    if lab.status == Lab.Status.CLOSED:
        messages.info(request, _("This lab is already closed."))
        return redirect(lab.get_absolute_url())
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Close the lab “%(lab)s”?") % {"lab": lab.title},
            message=_(
                "The round stops, the tables can no longer post notes, the join link stops "
                "working and the message to the tables is taken down. The notes, themes and "
                "votes stay for the harvest and the report. A closed lab cannot be reopened."
            ),
            button=_("Close the lab"),
            cancel_url=lab.get_absolute_url(),
        )
    try:
        services.close(lab, actor=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The lab is closed."))
    return redirect(lab.get_absolute_url())


@require_http_methods(["GET", "POST"])
@object_permission("labs.manage_participants", _lab)
def participant_remove(request, lab, pk):
    participant = get_object_or_404(Participant.objects.select_related("user"), lab=lab, pk=pk)
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Remove %(person)s from the lab?") % {"person": participant},
            message=_(
                "%(person)s loses their seat at the tables and their votes. The notes they "
                "wrote stay in the lab without their name. While the lab is open they can "
                "join again with the link."
            )
            % {"person": participant},
            button=_("Remove the participant"),
            cancel_url=f"{lab.get_absolute_url()}#participants-heading",
        )
    services.remove_participant(participant, actor=request.user)
    messages.success(request, _("%(person)s was removed from the lab.") % {"person": participant})
    return redirect(f"{lab.get_absolute_url()}#participants-heading")


# -- joining ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@object_permission("labs.join_lab", _lab_by_token)
def join(request, lab):
    form = GuestJoinForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                services.join(lab, user=request.user)
            elif form.is_valid():
                participant = services.join(lab, guest_name=form.cleaned_data["name"])
                request.session[guest_session_key(lab.pk)] = participant.guest_token
            else:
                raise ValidationError(_("Please give a name the others will see."))
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            return redirect("labs:my-table", lab.slug)
    return render(request, "labs/join.html", {"lab": lab, "form": form})


def _not_taking_part(request, lab):
    """The lab's page, for someone whose rights let them in but who has not joined: a platform
    admin passes every permission check, yet has no table and no votes."""
    messages.info(request, _("You do not take part in this lab, so you have no table or votes."))
    url = reverse("labs:detail", args=[lab.slug])
    if request.headers.get("HX-Request"):
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


@require_GET
@object_permission("labs.take_part", _viewer_lab)
def my_table(request, lab):
    """Sends a participant to their table in the current round, or tells them to wait."""
    participant = lab._viewer_participant
    if participant is None:
        return _not_taking_part(request, lab)
    seat = None
    if lab.current_round_id:
        seat = participant.seats.filter(round_id=lab.current_round_id).select_related("table")
        seat = seat.first()
    # The waiting page asks again every few seconds (HTMX): nothing changes until the
    # participant has a table, then the whole page goes there.
    asked_again = bool(request.headers.get("HX-Request"))
    if seat is None or lab.status != Lab.Status.RUNNING:
        if asked_again:
            return HttpResponse(status=204)
        return render(request, "labs/waiting.html", {"lab": lab, "participant": participant})
    board_url = reverse("labs:board", args=[lab.slug, seat.table.number])
    if asked_again:
        return HttpResponse(headers={"HX-Redirect": board_url})
    return redirect(board_url)


# -- boards -------------------------------------------------------------------------------


def _board_context(request, board, **extra):
    lab = board.lab
    can_moderate = request.user.has_perm("labs.moderate_notes", board)
    notes = list(queries.board_notes(board.table, lab.current_round_id))
    return {
        "lab": lab,
        "table": board.table,
        "board": board,
        "notes": notes,
        "can_moderate": can_moderate,
        "can_post": request.user.has_perm("labs.post_note", board)
        and lab.status == Lab.Status.RUNNING,
        **extra,
    }


@require_GET
@object_permission("labs.view_board", _board)
def board(request, board):
    lab = board.lab
    context = _board_context(request, board, form=NoteForm())
    context["people"] = queries.seated_people(board.table, lab.current_round_id)
    context["ws_path"] = f"/ws/labs/tables/{board.table.pk}/"
    if board.participant is not None and not request.user.has_perm("labs.run_lab", lab):
        context["after_round_url"] = reverse("labs:my-table", args=[lab.slug])
    else:
        context["after_round_url"] = request.path
    return render(request, "labs/board.html", context)


@require_GET
@object_permission("labs.view_board", _board)
def board_notes(request, board):
    return render(request, "labs/_notes.html", _board_context(request, board))


def _after_note_change(request, board, conflict=None, error=None):
    if request.headers.get("HX-Request"):
        return render(
            request,
            "labs/_notes.html",
            _board_context(request, board, conflict=conflict, error=error),
        )
    if conflict:
        messages.error(request, conflict)
    if error:
        messages.error(request, error)
    return redirect("labs:board", board.lab.slug, board.table.number)


@require_POST
@object_permission("labs.post_note", _board)
def note_post(request, board):
    form = NoteForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.post_note(board.table, board.participant, form.cleaned_data["text"])
        except ValidationError as exc:
            error = _errors(exc)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    return _after_note_change(request, board, error=error)


def _note(board, pk):
    return get_object_or_404(Note, pk=pk, table=board.table)


@require_POST
@object_permission("labs.moderate_notes", _board)
def note_change(request, board, pk):
    """A host's or facilitator's edit, star, removal or merge, checked against the version."""
    note = _note(board, pk)
    action = request.POST.get("action")
    version = request.POST.get("version", "")
    conflict = error = None
    try:
        if not version.isdigit():
            raise ValidationError(_("This form is out of date; reload the page."))
        if action == "edit":
            services.edit_note(note, request.POST.get("text", ""), version, actor=request.user)
        elif action in ("star", "unstar"):
            services.star_note(note, action == "star", version, actor=request.user)
        elif action == "merge":
            target_pk = request.POST.get("into", "")
            target_version = request.POST.get(f"into_version_{target_pk}", "")
            if not target_pk.isdigit() or not target_version.isdigit():
                raise ValidationError(_("Choose the note to merge into."))
            target = _note(board, int(target_pk))
            services.merge_notes(target, note, target_version, version, actor=request.user)
        else:
            raise ValidationError(_("Unknown action."))
    except services.VersionConflict as exc:
        conflict = str(exc)
    except ValidationError as exc:
        error = _errors(exc)
    return _after_note_change(request, board, conflict=conflict, error=error)


@require_http_methods(["GET", "POST"])
@object_permission("labs.moderate_notes", _board)
def note_remove(request, board, pk):
    """Removing a note asks first; the version it was shown at guards against a late change."""
    note = _note(board, pk)
    lab = board.lab
    board_url = reverse("labs:board", args=[lab.slug, board.table.number])
    version = request.POST.get("version") or request.GET.get("version") or ""
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Remove this note?"),
            message=_(
                "“%(note)s” disappears from the board of %(table)s, from the harvest and "
                "from the report, and leaves every theme it was in."
            )
            % {"note": note.summary, "table": board.table},
            button=_("Remove the note"),
            cancel_url=board_url,
            action=reverse("labs:note-remove", args=[lab.slug, board.table.number, note.pk]),
            fields={"version": version},
        )
    try:
        if not version.isdigit():
            raise ValidationError(_("This form is out of date; reload the page."))
        services.delete_note(note, version, actor=request.user)
    except services.VersionConflict as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("The note was removed."))
    return redirect(board_url)


# -- harvest, vote ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@object_permission("labs.harvest_lab", _lab)
def harvest(request, lab):
    notes = list(queries.harvest_notes(lab))
    form = ThemeForm(notes, request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "theme")
        try:
            if action == "theme":
                if not form.is_valid():
                    raise ValidationError(_("Please correct the errors below."))
                chosen = {int(pk) for pk in form.cleaned_data["notes"]}
                services.create_theme(
                    lab, form.cleaned_data["name"], [n for n in notes if n.pk in chosen]
                )
                messages.success(request, _("The theme was created."))
            elif action == "open-vote":
                services.open_voting(lab, request.POST.get("votes") or None, actor=request.user)
                messages.success(request, _("Voting is open."))
            elif action == "close-vote":
                services.close_voting(lab, actor=request.user)
                messages.success(request, _("Voting is closed."))
            else:
                raise ValidationError(_("Unknown action."))
        except (ValidationError, ValueError) as error:
            if isinstance(error, ValidationError):
                messages.error(request, _errors(error))
            else:
                messages.error(request, _("Give each participant between 1 and 20 votes."))
        else:
            return redirect("labs:harvest", lab.slug)
    return render(request, "labs/harvest.html", _harvest_context(request, lab, notes, form))


@require_http_methods(["GET", "POST"])
@object_permission("labs.harvest_lab", _lab)
def theme_edit(request, lab, pk):
    """A facilitator renames a theme and chooses again the notes it groups."""
    theme = get_object_or_404(lab.themes, pk=pk)
    notes = list(queries.harvest_notes(lab))
    grouped = [str(note_pk) for note_pk in theme.notes.values_list("pk", flat=True)]
    form = ThemeForm(notes, request.POST or None, initial={"name": theme.name, "notes": grouped})
    if request.method == "POST" and form.is_valid():
        chosen = {int(note_pk) for note_pk in form.cleaned_data["notes"]}
        try:
            services.update_theme(
                theme,
                form.cleaned_data["name"],
                [n for n in notes if n.pk in chosen],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("The theme was saved."))
            return redirect(f"{reverse('labs:harvest', args=[lab.slug])}#theme-{theme.pk}")
    return render(
        request,
        "labs/theme_form.html",
        {"lab": lab, "theme": theme, "form": form, "notes": notes, "chosen": _chosen(form)},
    )


@require_http_methods(["GET", "POST"])
@object_permission("labs.harvest_lab", _lab)
def theme_remove(request, lab, pk):
    theme = get_object_or_404(lab.themes, pk=pk)
    harvest_url = reverse("labs:harvest", args=[lab.slug])
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Remove the theme “%(theme)s”?") % {"theme": theme.name},
            message=_(
                "The theme and the votes given to it are deleted. Its notes stay in the "
                "harvest, ready to be grouped again."
            ),
            button=_("Remove the theme"),
            cancel_url=f"{harvest_url}#theme-{theme.pk}",
        )
    try:
        services.remove_theme(theme, actor=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The theme was removed."))
    return redirect(harvest_url)


def _chosen(form):
    """The notes ticked in a theme form: as sent, or the theme's own at first."""
    return {int(value) for value in form["notes"].value() or [] if str(value).isdigit()}


def _propose_form(request, lab, themes, data=None):
    goals = list(queries.goals_to_propose_into(request.user))
    if not goals:
        return None
    return ProposeActionForm(themes, goals, data, language=lab.title.language or "en")


def _harvest_context(request, lab, notes, form, propose_form=None):
    themes = services.with_action_links(queries.ranked_themes(lab), request.user)
    return {
        "lab": lab,
        "notes": notes,
        "form": form,
        "chosen": _chosen(form),
        "themes": themes,
        "propose_form": propose_form or _propose_form(request, lab, themes),
    }


@require_POST
@object_permission("labs.propose_action", _lab)
def propose(request, lab):
    """A facilitator turns a theme into a planned action of a plan they may edit."""
    themes = list(queries.ranked_themes(lab))
    form = _propose_form(request, lab, themes, request.POST)
    if form is None:
        raise PermissionDenied
    if form.is_valid():
        data = form.cleaned_data
        try:
            link = services.propose_action(
                request.user,
                data["theme"],
                data["goal"],
                title=data["title"],
                language=data["language"],
                description=data["description"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("“%(theme)s” is now a proposed action of the plan “%(plan)s”.")
                % {"theme": data["theme"].name, "plan": data["goal"].plan},
            )
            return redirect(f"{reverse('labs:harvest', args=[lab.slug])}#theme-{link.theme_id}")
    notes = list(queries.harvest_notes(lab))
    context = _harvest_context(request, lab, notes, ThemeForm(notes), propose_form=form)
    return render(request, "labs/harvest.html", context, status=400)


@require_http_methods(["GET", "POST"])
@object_permission("labs.vote", _viewer_lab)
def vote(request, lab):
    participant = lab._viewer_participant
    if participant is None:
        return _not_taking_part(request, lab)
    if request.method == "POST":
        theme = get_object_or_404(lab.themes, pk=request.POST.get("theme") or 0)
        try:
            if request.POST.get("action") == "remove":
                services.unvote(participant, theme)
            else:
                services.vote(participant, theme)
        except ValidationError as error:
            messages.error(request, _errors(error))
        return redirect("labs:vote", lab.slug)
    used = participant.votes.count()
    mine = {}
    for theme_id in participant.votes.values_list("theme_id", flat=True):
        mine[theme_id] = mine.get(theme_id, 0) + 1
    themes = list(lab.themes.order_by("name", "pk"))
    for theme in themes:
        theme.my_votes = mine.get(theme.pk, 0)
    return render(
        request,
        "labs/vote.html",
        {"lab": lab, "themes": themes, "left": lab.votes_per_participant - used},
    )
