"""The write path of support requests and their missions.

A city team or organisation files a request; coordinators propose experts (a mission each);
the expert accepts or declines, starts, delivers; the requester evaluates; a coordinator or the
expert publishes what the mission produced to the library. Every step runs in one transaction,
is written to the audit log and tells the people concerned in their own language.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from atelier.accounts.rules import is_coordinator
from atelier.core.audit import log_action
from atelier.core.multilingual import MultilingualText
from atelier.notifications.services import notify

from ..areas import AREA_SLUGS, clean_areas
from ..models import ExpertProfile, Mission, MissionOutput, SupportRequest
from .profiles import normalise_languages

REQUEST_FIELDS = (
    "organisation_name", "programme", "areas", "title", "description", "languages", "format",
    "place", "country", "needs_ecoc_experience", "starts_on", "ends_on", "budget", "currency",
)  # fmt: skip

# Missions that still count for a request: neither declined nor withdrawn.
LIVE_STATUSES = (
    Mission.Status.PROPOSED,
    Mission.Status.ACCEPTED,
    Mission.Status.IN_PROGRESS,
    Mission.Status.DELIVERED,
    Mission.Status.EVALUATED,
)


def _as_text(value, language):
    if isinstance(value, MultilingualText):
        return value
    return MultilingualText(str(value or "").strip(), language)


def _apply_request(support_request, fields, language):
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise ValueError(f"Unknown support request fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name in ("title", "description"):
            value = _as_text(value, language)
        setattr(support_request, name, value)
    areas = list(support_request.areas or ())
    unknown_areas = [slug for slug in areas if slug not in AREA_SLUGS]
    if unknown_areas:
        raise ValidationError(
            {"areas": _("“%(area)s” is not an area of expertise.") % {"area": unknown_areas[0]}}
        )
    support_request.areas = clean_areas(areas)
    support_request.languages = [
        entry["code"] for entry in normalise_languages(support_request.languages or ())
    ]
    support_request.organisation_name = (support_request.organisation_name or "").strip()
    if not str(support_request.title).strip():
        raise ValidationError({"title": _("Give your request a title.")})
    if not support_request.organisation_name:
        raise ValidationError({"organisation_name": _("Name your organisation or city team.")})
    if (
        support_request.starts_on
        and support_request.ends_on
        and support_request.ends_on < support_request.starts_on
    ):
        raise ValidationError({"ends_on": _("The end date comes before the start date.")})
    if support_request.budget is not None and support_request.budget < 0:
        raise ValidationError({"budget": _("A budget cannot be negative.")})
    support_request.full_clean(exclude=["requester"])


def _request_url(support_request):
    return reverse("experts:support-detail", args=[support_request.pk])


def _mission_url(mission):
    return reverse("experts:mission-detail", args=[mission.pk])


def _coordinators(programme):
    from atelier.accounts.models import User
    from atelier.accounts.roles import Role

    people = User.objects.filter(is_active=True, erased_at__isnull=True)
    people = people.filter(role_assignments__role=Role.COORDINATOR).distinct()
    return [person for person in people if is_coordinator.test(person, programme)]


def create_request(requester, *, fields):
    """File a support request; coordinators of its programme (or the platform) are told."""
    if not requester.has_perm("experts.file_support_request"):
        raise PermissionDenied
    with transaction.atomic():
        support_request = SupportRequest(requester=requester)
        _apply_request(support_request, fields, requester.preferred_language or "en")
        support_request.save()
        log_action("experts.support_request.create", actor=requester, target=support_request)
        url = _request_url(support_request)
        for coordinator in _coordinators(support_request.programme):
            if coordinator.pk == requester.pk:
                continue
            transaction.on_commit(
                lambda person=coordinator, sr=support_request: notify(
                    person,
                    "experts.support_request.created",
                    title=lambda: (
                        gettext("New support request: %(title)s") % {"title": sr.title.for_reader()}
                    ),
                    body=lambda: (
                        gettext("%(organisation)s asks for an expert's help.")
                        % {"organisation": sr.organisation_name}
                    ),
                    url=url,
                )
            )
    return support_request


def update_request(actor, support_request, *, fields):
    if not actor.has_perm("experts.change_support_request", support_request):
        raise PermissionDenied
    with transaction.atomic():
        support_request = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
        if not actor.has_perm("experts.change_support_request", support_request):
            raise PermissionDenied
        language = actor.preferred_language or "en"
        if "title" in fields and not isinstance(fields["title"], MultilingualText):
            fields = {**fields, "title": _edited(support_request.title, fields["title"], language)}
        if "description" in fields and not isinstance(fields["description"], MultilingualText):
            fields = {
                **fields,
                "description": _edited(
                    support_request.description, fields["description"], language
                ),
            }
        _apply_request(support_request, fields, language)
        support_request.save()
        log_action("experts.support_request.update", actor=actor, target=support_request)
    return support_request


def _edited(current, text, language):
    """The text in ``language`` replaced; when it is the original, other versions are kept."""
    current = (
        MultilingualText.from_json(current)
        if not isinstance(current, MultilingualText)
        else current
    )
    text = str(text or "").strip()
    if current.language in ("", language):
        return MultilingualText(text, language, dict(current.translations))
    value = MultilingualText(current.text, current.language, dict(current.translations))
    value.translate(language, text)
    return value


def close_request(actor, support_request):
    if not actor.has_perm("experts.change_support_request", support_request):
        raise PermissionDenied
    with transaction.atomic():
        support_request = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
        if support_request.status == SupportRequest.Status.CLOSED:
            raise ValidationError(_("This request is already closed."))
        support_request.status = SupportRequest.Status.CLOSED
        support_request.save(update_fields=["status", "updated_at"])
        log_action("experts.support_request.close", actor=actor, target=support_request)
    return support_request


# Missions ------------------------------------------------------------------------------------


def assign_experts(actor, support_request, experts):
    """Propose each expert for the request (a mission each); the experts are told.

    Refused as a whole (nothing written) if the request is closed, if an expert is the
    requester, or already has a mission on it.
    """
    if not actor.has_perm("experts.assign_experts", support_request):
        raise PermissionDenied
    experts = list(experts)
    if not experts:
        raise ValidationError(_("Choose at least one expert."))
    with transaction.atomic():
        support_request = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
        if support_request.status == SupportRequest.Status.CLOSED:
            raise ValidationError(_("This request is closed: no more experts can be proposed."))
        taken = set(
            Mission.objects.filter(support_request=support_request).values_list(
                "expert_id", flat=True
            )
        )
        missions = []
        for expert in experts:
            if not isinstance(expert, ExpertProfile):
                expert = ExpertProfile.objects.select_related("user").get(pk=expert)
            if expert.user_id == support_request.requester_id:
                raise ValidationError(
                    _("%(name)s asked for this support and cannot be their own expert.")
                    % {"name": expert.user.display_name_or_fallback}
                )
            if not expert.user.is_active or expert.user.erased_at is not None:
                raise ValidationError(
                    _("%(name)s can no longer take missions.")
                    % {"name": expert.user.display_name_or_fallback}
                )
            if expert.pk in taken:
                raise ValidationError(
                    _("%(name)s is already proposed for this request.")
                    % {"name": expert.user.display_name_or_fallback}
                )
            taken.add(expert.pk)
            try:
                with transaction.atomic():
                    mission = Mission.objects.create(
                        support_request=support_request, expert=expert, proposed_by=actor
                    )
            except IntegrityError as error:
                raise ValidationError(
                    _("%(name)s is already proposed for this request.")
                    % {"name": expert.user.display_name_or_fallback}
                ) from error
            log_action("experts.mission.propose", actor=actor, target=mission)
            missions.append(mission)
            transaction.on_commit(
                lambda m=mission, person=expert.user, sr=support_request: notify(
                    person,
                    "experts.mission.proposed",
                    title=lambda: (
                        gettext("You are proposed for a mission: %(title)s")
                        % {"title": sr.title.for_reader()}
                    ),
                    body=lambda: (
                        gettext("%(organisation)s needs an expert. Accept or decline the mission.")
                        % {"organisation": sr.organisation_name}
                    ),
                    url=_mission_url(m),
                )
            )
    return missions


def _locked_mission(mission):
    return (
        Mission.objects.select_for_update(of=("self",))
        .select_related("support_request__requester", "expert__user", "proposed_by")
        .get(pk=mission.pk)
    )


def _check_status(mission, *allowed):
    if mission.status not in allowed:
        raise ValidationError(
            _("This mission is %(status)s: that step is not possible now.")
            % {"status": mission.get_status_display().lower()}
        )


def _tell(person, verb, mission, title, body=""):
    if person is None:
        return
    transaction.on_commit(
        lambda: notify(person, verb, title=title, body=body, url=_mission_url(mission))
    )


def _mission_title(mission):
    return mission.support_request.title.for_reader()


def answer_mission(actor, mission, *, accept, message=""):
    """The proposed expert accepts or declines; the requester and who proposed are told."""
    if not actor.has_perm("experts.answer_mission", mission):
        raise PermissionDenied
    with transaction.atomic():
        mission = _locked_mission(mission)
        _check_status(mission, Mission.Status.PROPOSED)
        mission.status = Mission.Status.ACCEPTED if accept else Mission.Status.DECLINED
        mission.answered_at = timezone.now()
        mission.save(update_fields=["status", "answered_at", "updated_at"])
        support_request = mission.support_request
        if accept and support_request.status == SupportRequest.Status.OPEN:
            support_request.status = SupportRequest.Status.MATCHED
            support_request.save(update_fields=["status", "updated_at"])
        log_action(
            "experts.mission.accept" if accept else "experts.mission.decline",
            actor=actor,
            target=mission,
            message=message[:1000],
        )
        name = mission.expert.user.display_name_or_fallback
        people = {support_request.requester}
        if mission.proposed_by is not None:
            people.add(mission.proposed_by)
        accepted = gettext_noop("%(name)s accepted the mission: %(title)s")
        declined = gettext_noop("%(name)s declined the mission: %(title)s")
        template = accepted if accept else declined

        def title():
            return gettext(template) % {"name": name, "title": _mission_title(mission)}

        for person in people:
            _tell(person, "experts.mission.answered", mission, title, message)
    return mission


def start_mission(actor, mission):
    if not actor.has_perm("experts.work_on_mission", mission):
        raise PermissionDenied
    with transaction.atomic():
        mission = _locked_mission(mission)
        _check_status(mission, Mission.Status.ACCEPTED)
        mission.status = Mission.Status.IN_PROGRESS
        mission.started_at = timezone.now()
        mission.save(update_fields=["status", "started_at", "updated_at"])
        log_action("experts.mission.start", actor=actor, target=mission)
        _tell(
            mission.support_request.requester,
            "experts.mission.started",
            mission,
            lambda: (
                gettext("The mission has started: %(title)s") % {"title": _mission_title(mission)}
            ),
        )
    return mission


def deliver_mission(actor, mission, *, deliverables):
    """The expert says what was delivered; the requester is asked to evaluate it."""
    if not actor.has_perm("experts.work_on_mission", mission):
        raise PermissionDenied
    deliverables = (deliverables or "").strip()
    if not deliverables:
        raise ValidationError({"deliverables": _("Describe what you delivered.")})
    if len(deliverables) > 10000:
        raise ValidationError({"deliverables": _("Keep the deliverables under 10,000 characters.")})
    with transaction.atomic():
        mission = _locked_mission(mission)
        _check_status(mission, Mission.Status.ACCEPTED, Mission.Status.IN_PROGRESS)
        now = timezone.now()
        mission.status = Mission.Status.DELIVERED
        mission.deliverables = deliverables
        mission.started_at = mission.started_at or now
        mission.delivered_at = now
        mission.save(
            update_fields=["status", "deliverables", "started_at", "delivered_at", "updated_at"]
        )
        log_action("experts.mission.deliver", actor=actor, target=mission)
        _tell(
            mission.support_request.requester,
            "experts.mission.delivered",
            mission,
            lambda: (
                gettext("The mission is delivered: %(title)s") % {"title": _mission_title(mission)}
            ),
            lambda: gettext("Tell the expert and the coordinators how it went."),
        )
    return mission


def evaluate_mission(actor, mission, *, feedback, rating):
    """The requester rates the delivered mission (1 to 5) with feedback; the expert is told.

    The request closes once every mission still running on it is evaluated.
    """
    if not actor.has_perm("experts.evaluate_mission", mission):
        raise PermissionDenied
    feedback = (feedback or "").strip()
    errors = {}
    if not feedback:
        errors["feedback"] = [_("Tell how the mission went.")]
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = None
    if rating is None or not 1 <= rating <= 5:
        errors["rating"] = [_("Give a rating from 1 to 5.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        mission = _locked_mission(mission)
        _check_status(mission, Mission.Status.DELIVERED)
        mission.status = Mission.Status.EVALUATED
        mission.feedback = feedback[:10000]
        mission.rating = rating
        mission.evaluated_at = timezone.now()
        mission.save(update_fields=["status", "feedback", "rating", "evaluated_at", "updated_at"])
        support_request = SupportRequest.objects.select_for_update().get(
            pk=mission.support_request_id
        )
        running = support_request.missions.filter(
            status__in=(
                Mission.Status.PROPOSED,
                Mission.Status.ACCEPTED,
                Mission.Status.IN_PROGRESS,
                Mission.Status.DELIVERED,
            )
        )
        if not running.exists():
            support_request.status = SupportRequest.Status.CLOSED
            support_request.save(update_fields=["status", "updated_at"])
        log_action("experts.mission.evaluate", actor=actor, target=mission, rating=rating)
        _tell(
            mission.expert.user,
            "experts.mission.evaluated",
            mission,
            lambda: (
                gettext("Your mission was evaluated: %(title)s")
                % {"title": _mission_title(mission)}
            ),
        )
    return mission


CANCELLABLE = (Mission.Status.PROPOSED, Mission.Status.ACCEPTED, Mission.Status.IN_PROGRESS)
# Missions that still give a request its expert: once none is left, the request is open again.
MATCHING_STATUSES = (
    Mission.Status.ACCEPTED,
    Mission.Status.IN_PROGRESS,
    Mission.Status.DELIVERED,
    Mission.Status.EVALUATED,
)


def cancel_mission(actor, mission, *, reason=""):
    """A coordinator calls off a mission not yet delivered; the expert and the requester are
    told. A matched request with no expert left on it is open again, for another expert."""
    if not actor.has_perm("experts.cancel_mission", mission):
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Keep the reason under 2,000 characters.")})
    with transaction.atomic():
        mission = _locked_mission(mission)
        _check_status(mission, *CANCELLABLE)
        mission.status = Mission.Status.CANCELLED
        mission.cancelled_at = timezone.now()
        mission.save(update_fields=["status", "cancelled_at", "updated_at"])
        support_request = SupportRequest.objects.select_for_update().get(
            pk=mission.support_request_id
        )
        if (
            support_request.status == SupportRequest.Status.MATCHED
            and not support_request.missions.filter(status__in=MATCHING_STATUSES).exists()
        ):
            support_request.status = SupportRequest.Status.OPEN
            support_request.save(update_fields=["status", "updated_at"])
        log_action("experts.mission.cancel", actor=actor, target=mission, reason=reason[:1000])
        for person in {mission.expert.user, support_request.requester} - {actor}:
            _tell(
                person,
                "experts.mission.cancelled",
                mission,
                lambda: (
                    gettext("The mission is cancelled: %(title)s")
                    % {"title": _mission_title(mission)}
                ),
                reason,
            )
    return mission


OUTPUT_FIELDS = ("kind", "title", "abstract", "licence", "languages", "published_on")


def publish_output(actor, mission, *, fields, uploads=(), themes=(), sectors=()):
    """Publish what a mission produced as a library resource and link it to the mission.

    Goes through ``library.services.submit_resource``: files are checked by the library, and
    coordinators publish at once while an expert's contribution waits for the moderators.
    """
    from atelier.library import services as library

    if not actor.has_perm("experts.publish_mission_output", mission):
        raise PermissionDenied
    unknown = set(fields) - set(OUTPUT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown output fields: {sorted(unknown)}")
    with transaction.atomic():
        mission = _locked_mission(mission)
        _check_status(mission, Mission.Status.DELIVERED, Mission.Status.EVALUATED)
        language = actor.preferred_language or "en"
        values = dict(fields)
        for name in ("title", "abstract"):
            if name in values:
                values[name] = _as_text(values[name], language)
        if not str(values.get("title", "")).strip():
            raise ValidationError({"title": _("Give the output a title.")})
        values.setdefault("programme", mission.support_request.programme)
        values.setdefault("languages", [language])
        authors = [{"person": mission.expert.user}]
        resource = library.submit_resource(
            actor,
            fields=values,
            themes=themes,
            sectors=sectors,
            authors=authors,
            uploads=list(uploads),
        )
        MissionOutput.objects.create(mission=mission, resource=resource)
        log_action(
            "experts.mission.publish_output",
            actor=actor,
            target=mission,
            resource=resource.pk,
            status=resource.status,
        )
        people = {mission.support_request.requester, mission.expert.user} - {actor}
        for person in people:
            _tell(
                person,
                "experts.mission.output",
                mission,
                lambda: (
                    gettext("A mission's output is in the library: %(title)s")
                    % {"title": resource.title.for_reader()}
                ),
            )
    return resource


# Personal data -------------------------------------------------------------------------------


def export_support(user):
    """The person's support requests and missions (as requester and as expert), for export."""
    requests = SupportRequest.objects.filter(requester=user).prefetch_related("missions")
    missions = Mission.objects.filter(expert__user=user).select_related("support_request")
    return {
        "requests": [
            {
                "title": item.title.to_json(),
                "description": item.description.to_json() if item.description else {},
                "organisation": item.organisation_name,
                "status": item.status,
                "created": item.created_at.isoformat(),
                "url": _request_url(item),
                "missions": [
                    {"status": m.status, "rating": m.rating, "feedback": m.feedback}
                    for m in item.missions.all()
                ],
            }
            for item in requests
        ],
        "missions_as_expert": [
            {
                "request": str(mission.support_request.title),
                "status": mission.status,
                "deliverables": mission.deliverables,
                "rating": mission.rating,
                "feedback": mission.feedback,
                "url": _mission_url(mission),
            }
            for mission in missions
        ],
    }
