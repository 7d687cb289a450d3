"""The write path of calls, a module per sub-domain: `calls` (build and publish a call),
`applications`, `review`, `decisions`, and `exports` (the scores as CSV and XLSX).

Every verb runs in one transaction and writes the audit log; whoever is concerned is told in
their own language (``notify``). The verbs are re-exported here, so
`from atelier.calls import services` and `services.save_application` keep working.
"""

from . import exports
from .applications import (
    ANSWER_FILE_FAMILIES,
    erase_applications,
    export_applications,
    save_application,
    withdraw_application,
)
from .calls import (
    add_criterion,
    add_question,
    create_call,
    deadline_text,
    expertise_areas,
    move_question,
    publish_call,
    remove_criterion,
    remove_question,
    unpublish_call,
    update_call,
    update_criterion,
    update_question,
)
from .decisions import (
    DECIDABLE_FROM,
    DECIDED_STATUSES,
    DECISIONS,
    DEFAULT_MESSAGES,
    MAX_MESSAGE_LENGTH,
    decide,
    decision_message,
    set_decision_messages,
    share_feedback,
)
from .review import (
    AutoAssignment,
    assign_reviewer,
    auto_assign,
    declare_conflict,
    declare_standing_conflict,
    eligible_reviewers,
    reviewer_choices,
    score_application,
    unassign_reviewer,
    withdraw_conflict,
)

__all__ = [
    "ANSWER_FILE_FAMILIES",
    "AutoAssignment",
    "DECIDABLE_FROM",
    "DECIDED_STATUSES",
    "DECISIONS",
    "DEFAULT_MESSAGES",
    "MAX_MESSAGE_LENGTH",
    "add_criterion",
    "add_question",
    "assign_reviewer",
    "auto_assign",
    "create_call",
    "deadline_text",
    "decide",
    "decision_message",
    "declare_conflict",
    "declare_standing_conflict",
    "eligible_reviewers",
    "erase_applications",
    "expertise_areas",
    "export_applications",
    "exports",
    "move_question",
    "publish_call",
    "remove_criterion",
    "remove_question",
    "save_application",
    "reviewer_choices",
    "score_application",
    "set_decision_messages",
    "share_feedback",
    "unassign_reviewer",
    "unpublish_call",
    "update_call",
    "update_criterion",
    "update_question",
    "withdraw_application",
    "withdraw_conflict",
]
