"""Pages of calls: the open calls, applying, the coordinators' pages, reviewing, deciding."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from atelier.core import search_registry
from atelier.core.confirm import confirm_page
from atelier.core.exports import table_response
from atelier.core.forms import add_service_error
from atelier.core.languages import language_choices, language_name
from atelier.core.multilingual import MultilingualText
from atelier.core.permissions import object_permission, permission_required
from atelier.core.storage import private_storage

from . import queries, services
from .forms import (
    ApplicationForm,
    AssignForm,
    AutoAssignForm,
    CallForm,
    ConflictForm,
    CriterionForm,
    DecisionMessagesForm,
    FeedbackForm,
    QuestionForm,
    ScoreForm,
    StandingConflictForm,
)
from .models import (
    Application,
    ApplicationFile,
    ConflictOfInterest,
    Criterion,
    Question,
    ReviewAssignment,
)
from .services import exports

PER_PAGE = 20
RANKING_PER_PAGE = 50


def _call(request, slug):
    return get_object_or_404(queries.call_detail(), slug=slug)


def _application(request, pk):
    # Only what the person may see exists for them: others' drafts, applications a reviewer
    # was not assigned, calls of other programmes all answer 404.
    if not request.user.is_authenticated:
        return None  # Visitors are asked to log in first.
    return get_object_or_404(queries.visible_applications(request.user), pk=pk)


def _assignment(request, pk):
    if not request.user.is_authenticated:
        return None  # Visitors are asked to log in first.
    return get_object_or_404(queries.assignment_for(request.user), pk=pk)


def _error_text(error):
    return " ".join(error.messages)


# Open calls and applying --------------------------------------------------------------------


@require_GET
@permission_required("calls.browse_calls")
def call_list(request):
    # Public: anyone may see the calls that are open or about to open.
    programme = request.GET.get("programme", "")[:100]
    q = request.GET.get("q", "").strip()[:100]
    # A query finds by meaning and words through the search, best first.
    calls = queries.open_calls(programme=programme)
    page = search_registry.list_page(calls, "call", q, request.GET.get("page"), PER_PAGE)
    return render(
        request,
        "calls/call_list.html",
        {
            "page": page,
            "calls": page.object_list,
            "now": timezone.now(),
            "can_add": request.user.has_perm("calls.add_call"),
            "q": q,
            "programme": programme,
            "query": urlencode({k: v for k, v in (("programme", programme), ("q", q)) if v}),
        },
    )


@require_GET
@object_permission("calls.view_call", _call)
def call_detail(request, call):
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "is_open": call.is_open(),
            "application": queries.application_of(request.user, call),
            "can_change": request.user.has_perm("calls.change_call", call),
            "questions": call.questions.all(),
            # Applicants know beforehand what they are scored on, and how much each counts.
            "criteria": call.criteria.all(),
        },
    )


@require_http_methods(["GET", "POST"])
@object_permission("calls.apply", _call)
def apply(request, call):
    application = queries.application_of(request.user, call)
    if application is not None and application.status not in (
        Application.Status.DRAFT,
        Application.Status.SUBMITTED,
    ):
        messages.info(request, _("This application can no longer be changed."))
        return redirect(application.get_absolute_url())
    form = ApplicationForm(
        request.POST or None, request.FILES or None, call=call, application=application
    )
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            application = services.save_application(
                call,
                request.user,
                answers=form.answers(),
                uploads=form.uploads(),
                submit=submit,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if submit:
                messages.success(
                    request,
                    _("Your application is submitted. You can change it until the call closes."),
                )
            elif application.status == Application.Status.SUBMITTED:
                messages.success(request, _("Your changes are saved."))
            else:
                messages.success(request, _("Your draft is saved. Only you can see it."))
            return redirect(application.get_absolute_url())
    return render(
        request,
        "calls/apply.html",
        {"call": call, "form": form, "application": application, "is_open": call.is_open()},
    )


@require_GET
@object_permission("calls.view_application", _application)
def application_detail(request, application):
    call = application.call
    rows = []
    files = {f.question_id: f for f in application.files.all()}
    for question in call.questions.all():
        rows.append((question, application.answers.get(question.key), files.get(question.pk)))
    is_own = application.applicant_id == request.user.pk
    can_manage = request.user.has_perm("calls.manage_applications", call)
    reviews = queries.reviews_of(application) if can_manage and not is_own else []
    return render(
        request,
        "calls/application_detail.html",
        {
            "application": application,
            "call": call,
            "rows": rows,
            "is_own": is_own,
            "can_edit": is_own
            and application.status in (Application.Status.DRAFT, Application.Status.SUBMITTED)
            and call.is_open(),
            "can_withdraw": is_own
            and application.status in (Application.Status.DRAFT, Application.Status.SUBMITTED),
            "can_manage": can_manage,
            # The call's coordinators see every review; applicants only what the coordinators
            # chose to share, once the application is decided.
            "reviews": reviews,
            "feedback_form": FeedbackForm(reviews=reviews) if reviews else None,
            "feedback": queries.shared_feedback(application) if is_own else [],
            "closed": call.is_closed(),
        },
    )


@require_GET
@object_permission("calls.view_application", _application)
def application_file(request, application, file_pk):
    attached = get_object_or_404(ApplicationFile, application=application, pk=file_pk)
    response = FileResponse(
        private_storage().open(attached.name, "rb"),
        as_attachment=True,
        filename=attached.display_name,
        content_type=attached.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _call_of(application):
    return application.call if application is not None else None


@require_POST
@object_permission("calls.manage_applications", _application, of=_call_of)
def share_feedback(request, application):
    form = FeedbackForm(request.POST, reviews=queries.reviews_of(application))
    if form.is_valid():
        try:
            services.share_feedback(application, form.shared(), actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("Saved: the applicant sees what you chose once the application is decided."),
            )
    return redirect(f"{application.get_absolute_url()}#feedback")


@require_http_methods(["GET", "POST"])
@object_permission("calls.change_application", _application)
def withdraw(request, application):
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Withdraw your application?"),
            message=_(
                "Your application leaves the call: the coordinators and reviewers no longer "
                "consider it, and you cannot submit it again to this call."
            ),
            button=_("Withdraw the application"),
            cancel_url=application.get_absolute_url(),
        )
    try:
        services.withdraw_application(application, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect(application.get_absolute_url())


@require_GET
@permission_required("calls.view_own_applications")
def my_applications(request):
    page = Paginator(queries.applications_of(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "calls/my_applications.html",
        {"page": page, "applications": page.object_list, "query": ""},
    )


# Running a call -----------------------------------------------------------------------------


@require_GET
@permission_required("calls.add_call")
def manage_list(request):
    page = Paginator(queries.calls_run_by(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "calls/manage_list.html", {"page": page, "calls": page.object_list, "query": ""}
    )


@require_http_methods(["GET", "POST"])
@permission_required("calls.add_call")
def call_create(request):
    form = CallForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        call = form.save()
        if not request.user.has_perm("calls.change_call", call):
            form.add_error("programme", _("Choose a programme you coordinate."))
        else:
            try:
                services.create_call(call, actor=request.user)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The call is saved as a draft. Build its form next."))
                return redirect("calls:questions", call.slug)
    return render(request, "calls/call_form.html", {"form": form, "call": None})


@require_http_methods(["GET", "POST"])
@object_permission("calls.change_call", _call)
def call_edit(request, call):
    form = CallForm(request.POST or None, instance=call, user=request.user)
    if request.method == "POST" and form.is_valid():
        call = form.save()
        try:
            services.update_call(call, actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The call is saved."))
            return redirect("calls:edit", call.slug)
    return render(request, "calls/call_form.html", {"form": form, "call": call})


@require_POST
@object_permission("calls.change_call", _call)
def publish(request, call):
    try:
        if request.POST.get("action") == "unpublish":
            services.unpublish_call(call, actor=request.user)
            messages.success(request, _("The call is a draft again."))
        else:
            services.publish_call(call, actor=request.user)
            messages.success(request, _("The call is published."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("calls:questions", call.slug)


@require_http_methods(["GET", "POST"])
@object_permission("calls.change_call", _call)
def questions(request, call):
    form = QuestionForm(request.POST or None, prefix="question")
    if request.method == "POST" and form.is_valid():
        question = form.save()
        question.call = call
        try:
            services.add_question(question, actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The question is added."))
            return redirect("calls:questions", call.slug)
    criteria = list(call.criteria.all())
    return render(
        request,
        "calls/questions.html",
        {
            "call": call,
            "form": form,
            "questions": call.questions.all(),
            "criteria": criteria,
            "weight_total": sum(c.weight for c in criteria),
            "criterion_form": CriterionForm(prefix="criterion"),
        },
    )


def _question(call, pk):
    return get_object_or_404(Question, call=call, pk=pk)


@require_http_methods(["GET", "POST"])
@object_permission("calls.change_call", _call)
def question_edit(request, call, pk):
    question = _question(call, pk)
    form = QuestionForm(request.POST or None, instance=question, prefix="question")
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(form.save(), actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("calls:questions", call.slug)
    return render(
        request, "calls/question_form.html", {"call": call, "form": form, "question": question}
    )


@require_http_methods(["GET", "POST"])
@object_permission("calls.change_call", _call)
def question_delete(request, call, pk):
    question = _question(call, pk)
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Remove the question “%(label)s”?") % {"label": question.label},
            message=_(
                "The question leaves the application form, with the answers drafts hold to it."
            ),
            button=_("Remove the question"),
            cancel_url=reverse("calls:questions", args=[call.slug]),
        )
    try:
        services.remove_question(question, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The question is removed."))
    return redirect("calls:questions", call.slug)


@require_POST
@object_permission("calls.change_call", _call)
def question_move(request, call, pk, direction):
    if direction not in ("up", "down"):
        raise Http404
    services.move_question(_question(call, pk), direction, actor=request.user)
    return redirect(f"{reverse('calls:questions', args=[call.slug])}#question-{pk}")


@require_POST
@object_permission("calls.change_call", _call)
def criterion_add(request, call):
    form = CriterionForm(request.POST, prefix="criterion")
    if form.is_valid():
        criterion = form.save()
        criterion.call = call
        try:
            services.add_criterion(criterion, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The criterion is added."))
    else:
        messages.error(
            request,
            " ".join(f"{form[name].label}: {' '.join(e)}" for name, e in form.errors.items()),
        )
    return redirect(f"{reverse('calls:questions', args=[call.slug])}#criteria")


@require_http_methods(["GET", "POST"])
@object_permission("calls.change_call", _call)
def criterion_edit(request, call, pk):
    criterion = get_object_or_404(Criterion, call=call, pk=pk)
    form = CriterionForm(request.POST or None, instance=criterion, prefix="criterion")
    if request.method == "POST" and form.is_valid():
        try:
            services.update_criterion(form.save(), actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The criterion is saved."))
            return redirect(f"{reverse('calls:questions', args=[call.slug])}#criteria")
    return render(
        request,
        "calls/criterion_form.html",
        {"call": call, "form": form, "criterion": criterion},
    )


@require_http_methods(["GET", "POST"])
@object_permission("calls.change_call", _call)
def criterion_delete(request, call, pk):
    criterion = get_object_or_404(Criterion, call=call, pk=pk)
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Remove the criterion “%(label)s”?") % {"label": criterion.label},
            message=_(
                "Reviewers will no longer score on it; the weights of the others must add "
                "up to 100 % again before the call is published."
            ),
            button=_("Remove the criterion"),
            cancel_url=f"{reverse('calls:questions', args=[call.slug])}#criteria",
        )
    try:
        services.remove_criterion(criterion, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The criterion is removed."))
    return redirect(f"{reverse('calls:questions', args=[call.slug])}#criteria")


@require_GET
@object_permission("calls.manage_applications", _call)
def applications(request, call):
    page = Paginator(queries.call_applications(call), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "calls/applications.html",
        {
            "call": call,
            "page": page,
            "applications": page.object_list,
            "query": "",
            "closed": call.is_closed(),
            "accepted": call.applications.filter(status=Application.Status.ACCEPTED).count(),
        },
    )


@require_http_methods(["GET", "POST"])
@object_permission("calls.manage_applications", _call)
def reviewers(request, call):
    auto_form = AutoAssignForm(
        request.POST if request.POST.get("action") == "auto" else None,
        initial={"per_application": call.reviews_per_application},
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "auto" and auto_form.is_valid():
                result = services.auto_assign(
                    call,
                    actor=request.user,
                    per_application=auto_form.cleaned_data["per_application"],
                )
                messages.success(
                    request, _("%(count)d review(s) assigned.") % {"count": len(result.created)}
                )
                if result.short:
                    messages.warning(request, _shortfall_text(result))
            elif action == "assign":
                application = get_object_or_404(
                    queries.call_applications(call), pk=request.POST.get("application")
                )
                form = AssignForm(request.POST, reviewers=services.eligible_reviewers(call))
                if form.is_valid():
                    services.assign_reviewer(
                        application, form.cleaned_data["reviewer"], actor=request.user
                    )
                    messages.success(request, _("The reviewer is assigned."))
                else:
                    messages.error(request, _("Choose a reviewer."))
        except ValidationError as error:
            messages.error(request, _error_text(error))
        if action != "auto" or auto_form.is_valid():
            return redirect("calls:reviewers", call.slug)
    page = Paginator(
        queries.call_applications(call).prefetch_related("assignments__reviewer"), PER_PAGE
    ).get_page(request.GET.get("page"))
    # Each application is offered only the reviewers who may take it: no conflicted one.
    choices = services.reviewer_choices(call, page.object_list)
    for application in page.object_list:
        application.reviewer_choices = choices[application.pk]
    return render(
        request,
        "calls/reviewers.html",
        {
            "call": call,
            "page": page,
            "applications": page.object_list,
            "auto_form": auto_form,
            "query": "",
        },
    )


SHORTFALL_NAMES = 10


def _shortfall_text(result):
    """Which applications got fewer reviewers than asked, plainly, the first few by name."""
    names = [
        _("%(name)s (%(count)d)")
        % {"name": application.applicant.display_name_or_fallback, "count": count}
        for application, count in result.short[:SHORTFALL_NAMES]
    ]
    more = len(result.short) - len(names)
    text = ngettext(
        "%(count)d application got fewer than the %(wanted)d reviewers asked: not enough "
        "reviewers can take it (nobody reviews their own application or one they declared a "
        "conflict with): %(names)s.",
        "%(count)d applications got fewer than the %(wanted)d reviewers asked: not enough "
        "reviewers can take it (nobody reviews their own application or one they declared a "
        "conflict with): %(names)s.",
        len(result.short),
    ) % {"count": len(result.short), "wanted": result.wanted, "names": ", ".join(names)}
    if more:
        text += " " + ngettext("And %(count)d more.", "And %(count)d more.", more) % {"count": more}
    return text + " " + _("Add reviewers to the programme, or assign by hand below.")


@require_http_methods(["GET", "POST"])
@object_permission("calls.manage_applications", _call)
def reviewer_remove(request, call, pk):
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("reviewer", "application__applicant"),
        application__call=call,
        pk=pk,
    )
    names = {
        "reviewer": assignment.reviewer.display_name_or_fallback,
        "applicant": assignment.application.applicant.display_name_or_fallback,
    }
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Take %(reviewer)s off the application of %(applicant)s?") % names,
            message=_(
                "%(reviewer)s no longer reviews this application, and the scores they saved "
                "on it are deleted. A submitted review stays."
            )
            % names,
            button=_("Take the reviewer off"),
            cancel_url=reverse("calls:reviewers", args=[call.slug]),
        )
    try:
        services.unassign_reviewer(assignment, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The reviewer is taken off."))
    return redirect("calls:reviewers", call.slug)


def _message_language(request, call):
    codes = {code for code, _label in language_choices()}
    language = request.POST.get("language") or request.GET.get("language") or ""
    if language in codes:
        return language
    if call.title.language in codes:
        return call.title.language
    return translation.get_language().split("-")[0]


@require_http_methods(["GET", "POST"])
@object_permission("calls.change_call", _call)
def decision_messages(request, call):
    language = _message_language(request, call)
    with translation.override(language):
        defaults = {name: str(text) for name, text in services.DEFAULT_MESSAGES.items()}
    form = DecisionMessagesForm(
        request.POST if request.method == "POST" else None,
        call=call,
        language=language,
        defaults=defaults,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_decision_messages(call, language, form.texts(), actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The decision messages in %(language)s are saved.")
                % {"language": language_name(language)},
            )
            return redirect(f"{reverse('calls:messages', args=[call.slug])}?language={language}")
    written = sorted(
        {
            code
            for name in services.DEFAULT_MESSAGES
            for code, text in _texts_by_language(getattr(call, name))
            if text
        }
    )
    return render(
        request,
        "calls/decision_messages.html",
        {
            "call": call,
            "form": form,
            "language": language,
            "language_label": language_name(language),
            "language_options": language_choices(),
            "written": [language_name(code) for code in written],
        },
    )


def _texts_by_language(value):
    text = MultilingualText.from_json(value)
    yield text.language, text.text
    for code, entry in text.translations.items():
        yield code, entry.get("text", "")


@require_GET
@object_permission("calls.manage_applications", _call)
def ranking(request, call):
    criteria = list(call.criteria.all())
    # The whole call is ranked (the order needs every score); a page of it is shown.
    page = Paginator(queries.ranking(call), RANKING_PER_PAGE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.means = [row.criterion_means.get(c.pk) for c in criteria]
    return render(
        request,
        "calls/ranking.html",
        {
            "call": call,
            "page": page,
            "rows": page.object_list,
            "first_rank": page.start_index(),
            "query": "",
            "criteria": criteria,
            "threshold": round(queries.SPREAD_THRESHOLD * 100),
            "closed": call.is_closed(),
        },
    )


@require_GET
@object_permission("calls.manage_applications", _call)
def export_scores(request, call, fmt):
    return table_response(
        fmt,
        exports.export_columns(),
        exports.export_rows(call),
        filename=f"{call.slug}-scores",
        sheet=_("Scores"),
    )


@require_POST
@object_permission("calls.manage_applications", _call)
def decide(request, call, pk, decision):
    application = get_object_or_404(queries.call_applications(call), pk=pk)
    if decision not in services.DECISIONS:
        raise Http404
    try:
        services.decide(application, decision, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The decision is recorded and the applicant is told."))
    return redirect("calls:ranking", call.slug)


# Reviewing ----------------------------------------------------------------------------------


@require_GET
@permission_required("calls.view_own_reviews")
def my_reviews(request):
    page = Paginator(queries.assignments_of(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "calls/my_reviews.html",
        {"page": page, "assignments": page.object_list, "query": ""},
    )


@require_http_methods(["GET", "POST"])
@object_permission("calls.review", _assignment)
def review(request, assignment):
    application = assignment.application
    form = ScoreForm(
        request.POST if request.POST.get("action") in ("save", "submit") else None,
        assignment=assignment,
    )
    conflict_form = ConflictForm(request.POST if request.POST.get("action") == "conflict" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "conflict" and conflict_form.is_valid():
                services.declare_conflict(
                    assignment, reason=conflict_form.cleaned_data["reason"], actor=request.user
                )
                messages.success(request, _("Your conflict of interest is recorded."))
                return redirect("calls:reviews")
            if action in ("save", "submit") and form.is_valid():
                services.score_application(
                    assignment,
                    form.scores(),
                    comment=form.cleaned_data["comment"],
                    actor=request.user,
                    submit=action == "submit",
                )
                messages.success(
                    request,
                    _("Your review is submitted.")
                    if action == "submit"
                    else _("Your scores are saved."),
                )
                return redirect("calls:review", assignment.pk)
        except ValidationError as error:
            add_service_error(form, error)
        assignment.refresh_from_db()
    files = {f.question_id: f for f in application.files.all()}
    rows = [
        (question, application.answers.get(question.key), files.get(question.pk))
        for question in application.call.questions.all()
    ]
    return render(
        request,
        "calls/review.html",
        {
            "assignment": assignment,
            "application": application,
            "call": application.call,
            "rows": rows,
            "form": form,
            "conflict_form": conflict_form,
            "others": queries.other_reviews(assignment),
            "scores": list(assignment.scores.select_related("criterion")),
            "can_score": assignment.submitted_at is None
            and not assignment.conflict_declared
            and application.is_submitted,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("calls.declare_conflicts")
def conflict_remove(request, pk):
    conflict = get_object_or_404(ConflictOfInterest, reviewer=request.user, pk=pk)
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Remove this conflict of interest?"),
            message=_(
                "From now on you may be asked to review applications it covers. Reviews "
                "already assigned stay as they are."
            ),
            button=_("Remove the conflict"),
            cancel_url=reverse("calls:conflicts"),
        )
    services.withdraw_conflict(conflict, actor=request.user)
    messages.success(request, _("The conflict of interest is removed."))
    return redirect("calls:conflicts")


@require_http_methods(["GET", "POST"])
@permission_required("calls.declare_conflicts")
def conflicts(request):
    form = StandingConflictForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.declare_standing_conflict(
                    request.user,
                    applicant=form.cleaned_data["applicant"],
                    organisation=form.cleaned_data["organisation"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your conflict of interest is recorded."))
                return redirect("calls:conflicts")
    declared = queries.conflicts_of(request.user)
    return render(request, "calls/conflicts.html", {"form": form, "conflicts": declared})
