"""Who may do what with support requests, missions, consultation offers and requests."""

import rules

from atelier.accounts.rules import is_coordinator, is_signed_in


@rules.predicate
def is_requester(user, obj):
    # A support request, or a mission through its request.
    if obj is None or not user.is_authenticated:
        return False
    support_request = getattr(obj, "support_request", obj)
    return support_request.requester_id == user.pk


@rules.predicate
def is_mission_expert(user, mission):
    return mission is not None and user.is_authenticated and mission.expert.user_id == user.pk


@rules.predicate
def has_mission_on_request(user, support_request):
    return (
        support_request is not None
        and user.is_authenticated
        and support_request.missions.filter(expert__user=user).exists()
    )


@rules.predicate
def request_is_open(user, support_request):
    return support_request is not None and support_request.status != "closed"


@rules.predicate
def is_offerer(user, obj):
    # A consultation offer, or a consultation request through its offer.
    if obj is None or not user.is_authenticated:
        return False
    offer = getattr(obj, "offer", obj)
    return offer.offered_by_id == user.pk


@rules.predicate
def is_consultation_requester(user, consultation):
    return (
        consultation is not None and user.is_authenticated and consultation.requester_id == user.pk
    )


@rules.predicate
def offer_is_active(user, offer):
    return offer is not None and offer.is_active


# Support requests: any member files one; the requester and coordinators see and edit it, an
# expert proposed for it sees it; only coordinators pick experts.
rules.add_perm("experts.file_support_request", is_signed_in)
rules.add_perm("experts.list_support_requests", is_signed_in)
rules.add_perm(
    "experts.view_support_request", is_requester | is_coordinator | has_mission_on_request
)
rules.add_perm("experts.change_support_request", (is_requester & request_is_open) | is_coordinator)
rules.add_perm("experts.assign_experts", is_coordinator)

# Missions: the requester, the expert and coordinators see one; the expert answers and works;
# the requester evaluates; the expert or a coordinator publishes the output.
rules.add_perm("experts.list_missions", is_signed_in)
rules.add_perm("experts.view_mission", is_requester | is_mission_expert | is_coordinator)
rules.add_perm("experts.answer_mission", is_mission_expert)
rules.add_perm("experts.work_on_mission", is_mission_expert)
rules.add_perm("experts.evaluate_mission", is_requester)
rules.add_perm("experts.publish_mission_output", is_mission_expert | is_coordinator)
# Coordinators of the mission's programme (or of the platform) steer it: they may call it off
# while it is proposed, accepted or under way.
rules.add_perm("experts.cancel_mission", is_coordinator)

# Consultation offers: anyone browses active offers; a member publishes one for an
# organisation of the network directory; the offerer and coordinators edit it.
rules.add_perm("experts.browse_offers", rules.always_allow)
rules.add_perm("experts.view_offer", offer_is_active | is_offerer | is_coordinator)
rules.add_perm("experts.add_offer", is_signed_in)
rules.add_perm("experts.change_offer", is_offerer | is_coordinator)
rules.add_perm("experts.request_consultation", is_signed_in & offer_is_active & ~is_offerer)
rules.add_perm("experts.list_consultations", is_signed_in)
rules.add_perm("experts.view_consultation", is_consultation_requester | is_offerer | is_coordinator)
rules.add_perm("experts.answer_consultation", is_offerer | is_coordinator)
rules.add_perm("experts.close_consultation", is_consultation_requester)
