"""A lab's report: when and where it met, who facilitated, what it asked, what each table
wrote, the themes with their votes and the plans' actions they became.

The report page shows ``report_data``; the exports (Markdown, PDF, CSV) are built from the same
data, in the reader's language where a question or title has a translation. Notes, names and
themes are what participants and facilitators wrote: Markdown escapes them, CSV quotes a cell
a spreadsheet would run as a formula. An action is named only to a reader who may open it.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from atelier.core import markdown, pdf
from atelier.core.multilingual import MultilingualText

from .. import queries


@dataclass
class ActionLink:
    """A plan's action a theme became, as the report names it."""

    title: MultilingualText
    plan_title: MultilingualText
    url: str


def _action_links(theme, user, plans):
    links = []
    for link in theme.proposed_actions.all():
        action = link.action
        # One object per plan, so whether the reader may open it is looked up once.
        action.goal.plan = plans.setdefault(action.goal.plan_id, action.goal.plan)
        if user is None or not user.has_perm("plans.view_action", action):
            continue
        plan = action.goal.plan
        url = reverse("plans:action", args=[plan.slug, action.pk])
        links.append(ActionLink(action.title, plan.title, url))
    return links


def with_action_links(themes, user):
    """``themes`` (from ``queries.ranked_themes``) as a list, each with ``action_links``."""
    themes = list(themes)
    plans = {}
    for theme in themes:
        theme.action_links = _action_links(theme, user, plans)
    return themes


def report_data(lab, user=None):
    """The report's content for ``user``: when, where and by whom, questions, notes grouped by
    round then table, ranked themes each with the actions it became (``theme.action_links``,
    those ``user`` may open)."""
    rounds = list(queries.rounds(lab))
    notes = list(queries.harvest_notes(lab))
    by_round = []
    for round_ in rounds:
        tables = {}
        for note in notes:
            if note.round_id == round_.pk:
                tables.setdefault(note.table, []).append(note)
        by_round.append((round_, list(tables.items())))
    themes = with_action_links(queries.ranked_themes(lab), user)
    return {
        "lab": lab,
        "date": lab.held_on,
        "venue": lab.held_at,
        "facilitators": [row.user.display_name_or_fallback for row in queries.facilitators(lab)],
        "questions": lab.questions.all(),
        "participant_count": lab.participants.count(),
        "by_round": by_round,
        "notes": notes,
        "themes": themes,
    }


def _reader_text(value, language):
    return MultilingualText.from_json(value).for_reader(language)


def report_blocks(data, language, escape=str, absolute=str):
    """The report as (kind, text) blocks, shared by the Markdown and PDF exports; ``escape``
    is applied to every text participants and facilitators wrote, ``absolute`` makes a path a
    full address. Under each ``theme`` come its ``note`` and ``action`` blocks (an action's
    text is its title, its plan's title and its address)."""
    lab = data["lab"]
    blocks = [("h1", escape(_reader_text(lab.title, language)))]
    if data["date"]:
        blocks.append(("p", _("Date: %(date)s") % {"date": date_format(data["date"])}))
    if data["venue"]:
        blocks.append(("p", _("Venue: %(venue)s") % {"venue": escape(data["venue"])}))
    if data["facilitators"]:
        names = ", ".join(escape(name) for name in data["facilitators"])
        blocks.append(("p", _("Facilitated by: %(names)s") % {"names": names}))
    blocks.append(("p", _("Participants: %(n)s") % {"n": data["participant_count"]}))
    blocks.append(("h2", _("Questions")))
    for i, question in enumerate(data["questions"], 1):
        blocks.append(("p", f"{i}. {escape(_reader_text(question.text, language))}"))
    for round_, tables in data["by_round"]:
        question = escape(_reader_text(round_.question.text, language))
        blocks.append(("h2", f"{round_}: {question}"))
        for table, notes in tables:
            blocks.append(("h3", str(table)))
            blocks += [("li", f"{'★ ' if n.starred else ''}{escape(n.text)}") for n in notes]
    blocks.append(("h2", _("Themes")))
    for theme in data["themes"]:
        votes = ngettext("%(n)s vote", "%(n)s votes", theme.vote_count) % {"n": theme.vote_count}
        blocks.append(("theme", (escape(theme.name), votes)))
        blocks += [("note", escape(n.text)) for n in theme.notes.all()]
        blocks += [
            (
                "action",
                (
                    escape(_reader_text(link.title, language)),
                    escape(_reader_text(link.plan_title, language)),
                    absolute(link.url),
                ),
            )
            for link in theme.action_links
        ]
    return blocks


def report_markdown(lab, language, *, user=None, absolute=str):
    """The report as Markdown text, for ``user``; links are made full by ``absolute``."""
    lines = []
    data = report_data(lab, user)
    # What participants wrote is text, not Markdown: as written, a note could be raw HTML.
    for kind, text in report_blocks(data, language, escape=markdown.escape, absolute=absolute):
        if kind in ("h1", "h2", "h3"):
            lines += ["", "#" * int(kind[1]) + " " + text, ""]
        elif kind == "li":
            lines.append(f"- {text}")
        elif kind == "theme":
            name, votes = text
            lines.append(f"- **{name}** — {votes}")
        elif kind == "note":
            lines.append(f"  - {text}")
        elif kind == "action":
            title, plan, url = text
            became = _("Proposed as %(action)s in the plan %(plan)s") % {
                "action": f"[{title}](<{url}>)",
                "plan": plan,
            }
            lines.append(f"  - → {became}")
        else:
            lines.append(text)
    return "\n".join(lines).strip() + "\n"


def report_pdf_blocks(lab, language, *, user=None, absolute=str):
    """The blocks the PDF is written from: a theme is a first-level item, its notes and the
    actions it became are second-level items beneath it."""
    blocks = []
    data = report_data(lab, user)
    for kind, text in report_blocks(data, language, absolute=absolute):
        if kind == "theme":
            blocks.append(("li", " — ".join(text)))
        elif kind == "note":
            blocks.append(("li2", text))
        elif kind == "action":
            title, plan, url = text
            became = _("Proposed as %(action)s in the plan %(plan)s") % {
                "action": f"“{title}”",
                "plan": f"“{plan}”",
            }
            blocks.append(("li2", f"→ {became}: {url}"))
        else:
            blocks.append((kind, text))
    return blocks


def report_pdf(lab, language, *, user=None, absolute=str):
    """The report as PDF bytes."""
    blocks = report_pdf_blocks(lab, language, user=user, absolute=absolute)
    return pdf.render_blocks(blocks, blocks[0][1], language or "en")


def report_table(lab, language):
    """The report's notes as a header and rows: one row per note, with its round's question,
    its table and the themes it was grouped into."""
    data = report_data(lab, None)
    themes_of = {}
    for theme in data["themes"]:
        for note in theme.notes.all():
            themes_of.setdefault(note.pk, []).append(theme.name)
    header = [
        _("round"), _("question"), _("table"), _("note"), _("starred"), _("author"), _("themes")
    ]  # fmt: skip
    rows = [
        [
            note.round.position,
            str(_reader_text(note.round.question.text, language)),
            note.table.number,
            note.text,
            "yes" if note.starred else "",
            str(note.author) if note.author_id else "",
            "; ".join(themes_of.get(note.pk, [])),
        ]
        for note in data["notes"]
    ]
    return header, rows
