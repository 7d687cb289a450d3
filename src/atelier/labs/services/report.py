"""A lab's report: what it asked, what each table wrote, the themes and their votes.

The report page shows ``report_data``; the exports (Markdown, PDF, CSV) are built from the same
data, in the reader's language where a question or title has a translation. Notes, names and
themes are what participants and facilitators wrote: Markdown escapes them, CSV quotes a cell
a spreadsheet would run as a formula.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from atelier.core import markdown, pdf
from atelier.core.multilingual import MultilingualText

from .. import queries


def report_data(lab):
    """The report's content: questions, notes grouped by round then table, ranked themes."""
    rounds = list(queries.rounds(lab))
    notes = list(queries.harvest_notes(lab))
    by_round = []
    for round_ in rounds:
        tables = {}
        for note in notes:
            if note.round_id == round_.pk:
                tables.setdefault(note.table, []).append(note)
        by_round.append((round_, list(tables.items())))
    return {
        "lab": lab,
        "questions": lab.questions.all(),
        "participant_count": lab.participants.count(),
        "by_round": by_round,
        "notes": notes,
        "themes": queries.ranked_themes(lab),
    }


def _reader_text(value, language):
    return MultilingualText.from_json(value).for_reader(language)


def report_blocks(data, language, escape=str):
    """The report as (kind, text) blocks, shared by the Markdown and PDF exports; ``escape``
    is applied to every text participants and facilitators wrote."""
    lab = data["lab"]
    blocks = [("h1", escape(_reader_text(lab.title, language)))]
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
    return blocks


def report_markdown(lab, language):
    """The report as Markdown text."""
    lines = []
    # What participants wrote is text, not Markdown: as written, a note could be raw HTML.
    for kind, text in report_blocks(report_data(lab), language, escape=markdown.escape):
        if kind in ("h1", "h2", "h3"):
            lines += ["", "#" * int(kind[1]) + " " + text, ""]
        elif kind == "li":
            lines.append(f"- {text}")
        elif kind == "theme":
            name, votes = text
            lines.append(f"- **{name}** — {votes}")
        elif kind == "note":
            lines.append(f"  - {text}")
        else:
            lines.append(text)
    return "\n".join(lines).strip() + "\n"


def report_pdf(lab, language):
    """The report as PDF bytes."""
    blocks = [
        ("li" if kind in ("theme", "note") else kind, " — ".join(text) if kind == "theme" else text)
        for kind, text in report_blocks(report_data(lab), language)
    ]
    return pdf.render_blocks(blocks, blocks[0][1], language or "en")


def report_table(lab, language):
    """The report's notes as a header and rows: one row per note, with its round's question,
    its table and the themes it was grouped into."""
    data = report_data(lab)
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
