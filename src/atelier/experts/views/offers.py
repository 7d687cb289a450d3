"""Pages of consultation offers and the consultations people ask for."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from atelier.core.confirm import confirm_page
from atelier.core.forms import add_service_error
from atelier.core.permissions import object_permission, permission_required

from ..forms_support import (
    ConsultationRequestForm,
    EvaluateForm,
    OffererStepForm,
    OfferFilterForm,
    OfferForm,
)
from ..models import ConsultationOffer, ConsultationRequest
from ..services import offers
from .support import PER_PAGE


def _offer(request, pk):
    return get_object_or_404(
        ConsultationOffer.objects.select_related("organisation", "offered_by", "programme"),
        pk=pk,
    )


def _consultation(request, pk):
    return get_object_or_404(
        ConsultationRequest.objects.select_related(
            "offer__organisation", "offer__offered_by", "offer__programme", "requester"
        ),
        pk=pk,
    )


def _query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
@permission_required("experts.browse_offers")
def offer_list(request):
    # Public: active offers with filters.
    form = OfferFilterForm(request.GET or None)
    page = Paginator(offers.active_offers(**form.filters()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "experts/offer_list.html",
        {
            "form": form,
            "page": page,
            "offers": page.object_list,
            "query": _query_without_page(request),
            "can_add": request.user.has_perm("experts.add_offer"),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("experts.add_offer")
def offer_new(request):
    form = OfferForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            offer = offers.create_offer(request.user, fields=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your consultation offer is published."))
            return redirect("experts:offer-detail", offer.pk)
    return render(request, "experts/offer_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@object_permission("experts.change_offer", _offer)
def offer_edit(request, offer):
    form = OfferForm(request.POST or None, instance=offer, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            offers.update_offer(request.user, offer, fields=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The consultation offer has been saved."))
            return redirect("experts:offer-detail", offer.pk)
    return render(request, "experts/offer_form.html", {"form": form, "offer": offer})


@require_http_methods(["GET", "POST"])
@object_permission("experts.view_offer", _offer)
def offer_detail(request, offer):
    may_request = request.user.has_perm("experts.request_consultation", offer)
    form = ConsultationRequestForm(request.POST or None) if may_request else None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.path}")
        if form is None:
            return render(request, "403.html", status=403)
        if form.is_valid():
            try:
                consultation = offers.request_consultation(
                    request.user, offer, message=form.cleaned_data["message"]
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your request has been sent to the organisation."))
                return redirect("experts:consultation-detail", consultation.pk)
    received = None
    if request.user.has_perm("experts.change_offer", offer):
        received = list(offer.requests.select_related("requester").order_by("-created_at")[:50])
    return render(
        request,
        "experts/offer_detail.html",
        {
            "offer": offer,
            "topic_labels": [
                label for value, label in ConsultationOffer.Topic.choices if value in offer.topics
            ],
            "form": form,
            "received": received,
            "can_edit": request.user.has_perm("experts.change_offer", offer),
        },
    )


def _login_url():
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


@require_GET
@permission_required("experts.list_consultations")
def consultation_list(request):
    page = Paginator(offers.consultations_of(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "experts/consultation_list.html",
        {"page": page, "consultations": page.object_list},
    )


@require_http_methods(["GET", "POST"])
@object_permission("experts.view_consultation", _consultation)
def consultation_detail(request, consultation):
    user = request.user
    step_form = OffererStepForm(prefix="step")
    close_form = EvaluateForm(prefix="close")
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "step":
                if not user.has_perm("experts.answer_consultation", consultation):
                    return render(request, "403.html", status=403)
                step_form = OffererStepForm(request.POST, prefix="step")
                if step_form.is_valid():
                    offers.offerer_step(
                        user,
                        consultation,
                        step_form.cleaned_data["step"],
                        answer=step_form.cleaned_data["answer"],
                    )
                    messages.success(request, _("The request has been updated."))
                    return redirect("experts:consultation-detail", consultation.pk)
            elif action == "close":
                if not user.has_perm("experts.close_consultation", consultation):
                    return render(request, "403.html", status=403)
                close_form = EvaluateForm(request.POST, prefix="close")
                if close_form.is_valid():
                    offers.close_consultation(
                        user,
                        consultation,
                        feedback=close_form.cleaned_data["feedback"],
                        rating=close_form.cleaned_data["rating"],
                    )
                    messages.success(request, _("Thank you: the consultation is closed."))
                    return redirect("experts:consultation-detail", consultation.pk)
            else:
                messages.error(request, _("That step is not known."))
                return redirect("experts:consultation-detail", consultation.pk)
        except ValidationError as error:
            target = step_form if action == "step" else close_form
            add_service_error(target, error)
    status = ConsultationRequest.Status
    is_offerer = user.has_perm("experts.answer_consultation", consultation)
    is_requester = user.has_perm("experts.close_consultation", consultation)
    steps = []
    if is_offerer:
        for step, (allowed, _target) in offers.OFFERER_STEPS.items():
            if consultation.status in allowed:
                steps.append((step, STEP_LABELS[step]))
    return render(
        request,
        "experts/consultation_detail.html",
        {
            "consultation": consultation,
            "offer": consultation.offer,
            "step_form": step_form,
            "close_form": close_form,
            "steps": steps,
            "step_labels": STEP_LABELS,
            "may_close": is_requester and consultation.status == status.DELIVERED,
            "may_withdraw": is_requester
            and consultation.status in (status.SENT, status.ANSWERED, status.ACCEPTED),
        },
    )


@require_http_methods(["GET", "POST"])
@object_permission("experts.close_consultation", _consultation)
def consultation_withdraw(request, consultation):
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Withdraw your consultation request?"),
            message=_(
                "%(organisation)s is no longer asked for this consultation, and the request "
                "is closed. You may ask again later."
            )
            % {"organisation": consultation.offer.organisation.name},
            button=_("Withdraw the request"),
            cancel_url=reverse("experts:consultation-detail", args=[consultation.pk]),
        )
    try:
        offers.withdraw_consultation(request.user, consultation)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Your request has been withdrawn."))
    return redirect("experts:consultation-detail", consultation.pk)


STEP_LABELS = {
    "answer": gettext_lazy("Send the answer"),
    "accept": gettext_lazy("Accept"),
    "decline": gettext_lazy("Decline"),
    "start": gettext_lazy("Start the consultation"),
    "deliver": gettext_lazy("Mark as delivered"),
}
