"""Consultation offers and the requests people send them: the write and read paths.

Rule: any signed-in member may publish an offer for an organisation they pick from the
network directory, and becomes its offerer; the offerer and coordinators edit it. Requests are
tracked like missions: sent → accepted or declined → in progress → delivered → closed with
the requester's feedback. Each step is one transaction, logged and told to the other party in
their language.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from atelier.core.audit import log_action
from atelier.core.multilingual import MultilingualText
from atelier.notifications.services import notify

from ..areas import AREA_SLUGS, clean_areas
from ..models import ConsultationOffer, ConsultationRequest
from .profiles import normalise_languages
from .support import _edited

OFFER_FIELDS = (
    "organisation", "title", "description", "topics", "areas", "format", "conditions",
    "languages", "programme", "is_active",
)  # fmt: skip
TOPICS = frozenset(ConsultationOffer.Topic.values)
Status = ConsultationRequest.Status


def _apply_offer(offer, fields, language):
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise ValueError(f"Unknown offer fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name in ("title", "description") and not isinstance(value, MultilingualText):
            value = _edited(getattr(offer, name) or MultilingualText(), value, language)
        setattr(offer, name, value)
    if not offer.organisation_id:
        raise ValidationError({"organisation": _("Choose the organisation that offers this.")})
    if not str(offer.title).strip():
        raise ValidationError({"title": _("Give the offer a title.")})
    bad_topics = [topic for topic in offer.topics or () if topic not in TOPICS]
    if bad_topics:
        raise ValidationError(
            {"topics": _("“%(topic)s” is not a topic we know.") % {"topic": bad_topics[0]}}
        )
    offer.topics = [topic for topic in ConsultationOffer.Topic.values if topic in offer.topics]
    bad_areas = [slug for slug in offer.areas or () if slug not in AREA_SLUGS]
    if bad_areas:
        raise ValidationError(
            {"areas": _("“%(area)s” is not an area of expertise.") % {"area": bad_areas[0]}}
        )
    offer.areas = clean_areas(offer.areas)
    offer.languages = [entry["code"] for entry in normalise_languages(offer.languages or ())]
    offer.full_clean(exclude=["offered_by"])


def create_offer(actor, *, fields):
    if not actor.has_perm("experts.add_offer"):
        raise PermissionDenied
    with transaction.atomic():
        offer = ConsultationOffer(offered_by=actor)
        _apply_offer(offer, fields, actor.preferred_language or "en")
        offer.save()
        log_action("experts.offer.create", actor=actor, target=offer)
    return offer


def update_offer(actor, offer, *, fields):
    if not actor.has_perm("experts.change_offer", offer):
        raise PermissionDenied
    with transaction.atomic():
        offer = ConsultationOffer.objects.select_for_update().get(pk=offer.pk)
        _apply_offer(offer, fields, actor.preferred_language or "en")
        offer.save()
        log_action("experts.offer.update", actor=actor, target=offer)
    return offer


# Reading -------------------------------------------------------------------------------------


def active_offers(*, q="", topic="", area="", language="", format="", programme=""):
    offers = ConsultationOffer.objects.filter(is_active=True).select_related(
        "organisation", "offered_by"
    )
    if q:
        offers = offers.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(organisation__name__icontains=q)
        )
    if topic:
        offers = offers.filter(topics__icontains=f'"{topic}"')
    if area:
        offers = offers.filter(areas__icontains=f'"{area}"')
    if language:
        offers = offers.filter(languages__icontains=f'"{language}"')
    if format:
        offers = offers.filter(format=format)
    if programme:
        offers = offers.filter(programme__slug=programme)
    return offers.order_by("-created_at", "-pk")


def consultations_of(user):
    """Requests the person sent or received (as offerer), newest first."""
    return (
        ConsultationRequest.objects.filter(Q(requester=user) | Q(offer__offered_by=user))
        .select_related("offer__organisation", "requester", "offer__offered_by")
        .order_by("-created_at", "-pk")
    )


# Requests ------------------------------------------------------------------------------------


def _url(consultation):
    return reverse("experts:consultation-detail", args=[consultation.pk])


def _tell(person, verb, consultation, title, body=""):
    transaction.on_commit(
        lambda: notify(person, verb, title=title, body=body, url=_url(consultation))
    )


def _offer_title(consultation):
    return consultation.offer.title.for_reader()


def request_consultation(actor, offer, *, message):
    if not actor.has_perm("experts.request_consultation", offer):
        raise PermissionDenied
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Say what you would like advice on.")})
    if len(message) > 10000:
        raise ValidationError({"message": _("Keep your message under 10,000 characters.")})
    with transaction.atomic():
        offer = ConsultationOffer.objects.select_for_update().get(pk=offer.pk)
        if not offer.is_active:
            raise ValidationError(_("This offer is no longer active."))
        if ConsultationRequest.objects.filter(
            offer=offer, requester=actor, status__in=ConsultationRequest.OPEN_STATUSES
        ).exists():
            raise ValidationError(
                _("You already have an open request for this offer. Follow it up there.")
            )
        try:
            with transaction.atomic():
                consultation = ConsultationRequest.objects.create(
                    offer=offer, requester=actor, message=message
                )
        except IntegrityError as error:
            raise ValidationError(
                _("You already have an open request for this offer. Follow it up there.")
            ) from error
        log_action("experts.consultation.request", actor=actor, target=consultation)
        name = actor.display_name_or_fallback
        _tell(
            offer.offered_by,
            "experts.consultation.requested",
            consultation,
            lambda: (
                gettext("%(name)s asks for your consultation: %(title)s")
                % {"name": name, "title": offer.title.for_reader()}
            ),
            message,
        )
    return consultation


def _locked(consultation):
    return (
        ConsultationRequest.objects.select_for_update()
        .select_related("offer__offered_by", "requester")
        .get(pk=consultation.pk)
    )


def _check(consultation, *allowed):
    if consultation.status not in allowed:
        raise ValidationError(
            _("This request is %(status)s: that step is not possible now.")
            % {"status": consultation.get_status_display().lower()}
        )


# What the offerer may do from each status, and where it leads.
OFFERER_STEPS = {
    "answer": ((Status.SENT,), Status.ANSWERED),
    "accept": ((Status.SENT, Status.ANSWERED), Status.ACCEPTED),
    "decline": ((Status.SENT, Status.ANSWERED), Status.DECLINED),
    "start": ((Status.ACCEPTED,), Status.IN_PROGRESS),
    "deliver": ((Status.ACCEPTED, Status.IN_PROGRESS), Status.DELIVERED),
}
STEP_TITLES = {
    "answer": _("%(organisation)s answered your request: %(title)s"),
    "accept": _("%(organisation)s accepted your request: %(title)s"),
    "decline": _("%(organisation)s declined your request: %(title)s"),
    "start": _("Your consultation has started: %(title)s"),
    "deliver": _("Your consultation is delivered: %(title)s"),
}


def offerer_step(actor, consultation, step, *, answer=""):
    """The offerer answers, accepts, declines, starts or delivers; the requester is told."""
    if step not in OFFERER_STEPS:
        raise ValueError(f"Unknown step: {step}")
    if not actor.has_perm("experts.answer_consultation", consultation):
        raise PermissionDenied
    answer = (answer or "").strip()
    if step == "answer" and not answer:
        raise ValidationError({"answer": _("Write your answer.")})
    if len(answer) > 10000:
        raise ValidationError({"answer": _("Keep your answer under 10,000 characters.")})
    allowed, target = OFFERER_STEPS[step]
    with transaction.atomic():
        consultation = _locked(consultation)
        _check(consultation, *allowed)
        now = timezone.now()
        consultation.status = target
        if answer:
            consultation.answer = answer
        if step in ("answer", "accept", "decline"):
            consultation.answered_at = consultation.answered_at or now
        if step == "start":
            consultation.started_at = now
        if step == "deliver":
            consultation.started_at = consultation.started_at or now
            consultation.delivered_at = now
        if step == "decline":
            consultation.closed_at = now
        consultation.save()
        log_action(f"experts.consultation.{step}", actor=actor, target=consultation)
        organisation = consultation.offer.organisation.name
        _tell(
            consultation.requester,
            f"experts.consultation.{step}",
            consultation,
            lambda: (
                STEP_TITLES[step]
                % {"organisation": organisation, "title": _offer_title(consultation)}
            ),
            answer,
        )
    return consultation


def close_consultation(actor, consultation, *, feedback, rating):
    """The requester closes a delivered consultation with feedback and a rating (1 to 5)."""
    if not actor.has_perm("experts.close_consultation", consultation):
        raise PermissionDenied
    feedback = (feedback or "").strip()
    errors = {}
    if not feedback:
        errors["feedback"] = [_("Tell how the consultation went.")]
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = None
    if rating is None or not 1 <= rating <= 5:
        errors["rating"] = [_("Give a rating from 1 to 5.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consultation = _locked(consultation)
        _check(consultation, Status.DELIVERED)
        consultation.status = Status.CLOSED
        consultation.feedback = feedback[:10000]
        consultation.rating = rating
        consultation.closed_at = timezone.now()
        consultation.save()
        log_action("experts.consultation.close", actor=actor, target=consultation, rating=rating)
        name = consultation.requester.display_name_or_fallback
        _tell(
            consultation.offer.offered_by,
            "experts.consultation.closed",
            consultation,
            lambda: (
                gettext("%(name)s closed the consultation with feedback: %(title)s")
                % {"name": name, "title": _offer_title(consultation)}
            ),
        )
    return consultation


def withdraw_consultation(actor, consultation):
    """The requester withdraws a request not yet started."""
    if not actor.has_perm("experts.close_consultation", consultation):
        raise PermissionDenied
    with transaction.atomic():
        consultation = _locked(consultation)
        _check(consultation, Status.SENT, Status.ANSWERED, Status.ACCEPTED)
        consultation.status = Status.CLOSED
        consultation.closed_at = timezone.now()
        consultation.save()
        log_action("experts.consultation.withdraw", actor=actor, target=consultation)
    return consultation


# Personal data -------------------------------------------------------------------------------


def export_consultations(user):
    """The offers the person published and the consultations they asked for, for export."""
    return {
        "offers": [
            {
                "title": offer.title.to_json(),
                "organisation": str(offer.organisation.name),
                "active": offer.is_active,
                "created": offer.created_at.isoformat(),
            }
            for offer in ConsultationOffer.objects.filter(offered_by=user).select_related(
                "organisation"
            )
        ],
        "requests": [
            {
                "offer": str(item.offer.title),
                "message": item.message,
                "status": item.status,
                "answer": item.answer,
                "feedback": item.feedback,
                "rating": item.rating,
                "created": item.created_at.isoformat(),
            }
            for item in ConsultationRequest.objects.filter(requester=user).select_related("offer")
        ],
    }
