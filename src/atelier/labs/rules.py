"""Who may do what in a learning lab.

Facilitators run a lab: people holding the facilitator or coordinator role platform-wide or in
the lab's programme, and the people named as the lab's facilitators. A table's host edits,
merges and stars the notes at that table; participants seated at a table in the current round
post there. Participants read the lab's notes and report afterwards; a published report is
everyone's. Board permissions take a ``Board`` (a table and the participant looking at it, who
may be a guest without an account) so guests are judged by the same rules.
"""

from dataclasses import dataclass

import rules

from atelier.accounts.roles import Role
from atelier.accounts.rules import (
    is_coordinator,
    is_facilitator,
    is_platform_admin,
    is_signed_in,
    role_keys,
)


@dataclass
class Board:
    table: object
    participant: object = None

    @property
    def lab(self):
        return self.table.lab


@rules.predicate
def is_lab_facilitator(user, lab):
    if lab is None or lab.pk is None or not user.is_authenticated or not user.is_active:
        return False
    cache = getattr(lab, "_facilitator_ids", None)
    if cache is None:
        cache = set(lab.facilitators.values_list("pk", flat=True))
        lab._facilitator_ids = cache
    return user.pk in cache


runs_lab = is_facilitator | is_coordinator | is_lab_facilitator

# Roles that run labs within their scope, as ``queries`` finds them too.
RUNNING_ROLES = (Role.FACILITATOR, Role.COORDINATOR)


@rules.predicate
def facilitates_anything(user):
    """Holds the facilitator or coordinator role somewhere: platform-wide or in a programme."""
    if not user.is_authenticated or not user.is_active:
        return False
    return any(role in RUNNING_ROLES for role, _type, _id in role_keys(user))


@rules.predicate
def runs_boards_lab(user, board):
    return board is not None and runs_lab.test(user, board.lab)


@rules.predicate
def hosts_board(user, board):
    return (
        board is not None
        and user.is_authenticated
        and user.is_active
        and board.table.host_id == user.pk
    )


@rules.predicate
def is_seated_at_board(user, board):
    """The participant sits at this table in the lab's current round."""
    if board is None or board.participant is None:
        return False
    lab = board.lab
    if lab.status != "running" or lab.current_round_id is None:
        return False
    return board.participant.seats.filter(table=board.table, round_id=lab.current_round_id).exists()


@rules.predicate
def takes_part(user, lab):
    """The viewer is a participant of the lab (set by the view on the lab object)."""
    return lab is not None and getattr(lab, "_viewer_participant", None) is not None


@rules.predicate
def report_is_public(user, lab):
    """The report is published, and the lab's programme (if any) is no longer a draft."""
    if lab is None or lab.report_published_at is None:
        return False
    return lab.programme is None or not lab.programme.is_draft


@rules.predicate
def voting_is_open(user, lab):
    return lab is not None and lab.voting_open


@rules.predicate
def joinable(user, lab):
    return lab is not None and lab.status in ("open", "running")


rules.add_perm("labs.browse_labs", is_signed_in)  # the labs one runs or joined
rules.add_perm("labs.add_lab", facilitates_anything | is_platform_admin)
rules.add_perm("labs.change_lab", runs_lab)
rules.add_perm("labs.run_lab", runs_lab)
rules.add_perm("labs.harvest_lab", runs_lab)
# Participants read their lab's notes and report again afterwards; a published one is public.
rules.add_perm("labs.view_report", runs_lab | takes_part | report_is_public)
# The notes as a spreadsheet carry their authors' names: for those who were there.
rules.add_perm("labs.download_notes", runs_lab | takes_part)
rules.add_perm("labs.publish_report", runs_lab)
rules.add_perm("labs.manage_participants", runs_lab)
# Turning a theme into an action also needs ``plans.change_plan`` on the chosen plan: the
# form offers only such plans and ``services.propose_action`` checks it again.
rules.add_perm("labs.propose_action", runs_lab)
rules.add_perm("labs.join_lab", joinable)
rules.add_perm("labs.take_part", takes_part)
rules.add_perm("labs.vote", takes_part & voting_is_open)
rules.add_perm("labs.view_board", runs_boards_lab | hosts_board | is_seated_at_board)
rules.add_perm("labs.post_note", runs_boards_lab | hosts_board | is_seated_at_board)
rules.add_perm("labs.moderate_notes", runs_boards_lab | hosts_board)
