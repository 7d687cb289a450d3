"""The write path of a programme's partners: added (an organisation of the directory, or one
made on the spot), corrected, reordered and removed; each change in the programme's history."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from atelier.core.audit import log_action
from atelier.network import services as network_services

from ..models import Partner, Programme


def _figure(value):
    return None if value is None else str(value)


def _lock(programme):
    """The programme's row locked: partners of one programme change one request at a time."""
    return Programme.objects.select_for_update().get(pk=programme.pk)


def add_partner(programme, organisation, *, role=Partner.Role.PARTNER, budget=None, actor=None):
    """Add ``organisation`` as the last partner; refused when it is a partner already."""
    try:
        with transaction.atomic():
            _lock(programme)
            last = programme.partners.aggregate(last=Max("order"))["last"]
            partner = Partner.objects.create(
                programme=programme,
                organisation=organisation,
                role=role,
                budget=budget,
                order=0 if last is None else last + 1,
            )
            log_action(
                "programmes.partner.add",
                actor=actor,
                target=programme,
                organisation=organisation.pk,
                name=str(organisation.name.text),
                role=role,
                budget=_figure(budget),
            )
    except IntegrityError as error:
        raise ValidationError(
            _("%(name)s is already a partner of this programme.") % {"name": organisation},
            code="partner",
        ) from error
    return partner


def add_new_organisation_as_partner(
    programme,
    *,
    name,
    country,
    city="",
    language="en",
    role=Partner.Role.PARTNER,
    budget=None,
    actor=None,
):
    """Add an organisation typed on the spot: the directory's one of that name in that country
    when there is one, else a new one with its city."""
    with transaction.atomic():
        organisation, _created = network_services.get_or_create_organisation(
            name, country, language=language, defaults={"city": city.strip()}, actor=actor
        )
        return add_partner(programme, organisation, role=role, budget=budget, actor=actor)


@transaction.atomic
def update_partner(partner, *, role, budget, actor=None):
    """Correct a partner's role or budget (an imported figure, say); the history keeps both."""
    changes = {}
    if partner.role != role:
        changes["role"] = [partner.role, role]
    if partner.budget != budget:
        changes["budget"] = [_figure(partner.budget), _figure(budget)]
    if not changes:
        return partner
    partner.role, partner.budget = role, budget
    partner.save(update_fields=["role", "budget"])
    log_action(
        "programmes.partner.update",
        actor=actor,
        target=partner.programme,
        organisation=partner.organisation_id,
        name=str(partner.organisation.name.text),
        changes=changes,
    )
    return partner


@transaction.atomic
def remove_partner(partner, *, actor=None):
    Partner.objects.filter(pk=partner.pk).delete()
    log_action(
        "programmes.partner.remove",
        actor=actor,
        target=partner.programme,
        organisation=partner.organisation_id,
        name=str(partner.organisation.name.text),
        role=partner.role,
        budget=_figure(partner.budget),
    )


@transaction.atomic
def move_partner(partner, offset, *, actor=None):
    """Move a partner ``offset`` places up (negative) or down the list; the list is numbered
    again from 0, so orders imported or typed with gaps or repeats come out straight."""
    programme = _lock(partner.programme)
    partners = list(programme.partners.order_by("order", "pk"))
    index = next(i for i, p in enumerate(partners) if p.pk == partner.pk)
    target = max(0, min(len(partners) - 1, index + offset))
    if target == index:
        return False
    partners.insert(target, partners.pop(index))
    for order, each in enumerate(partners):
        if each.order != order:
            each.order = order
            each.save(update_fields=["order"])
    log_action(
        "programmes.partner.move",
        actor=actor,
        target=programme,
        organisation=partner.organisation_id,
        name=str(partner.organisation.name.text),
        position=target + 1,
    )
    return True
