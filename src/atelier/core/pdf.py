"""PDF documents in the DejaVu Sans font shipped in ``fonts/`` (Latin with all the diacritics,
Cyrillic, Greek), so a text in any of the platform's languages prints."""

from pathlib import Path

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"


def document(title, language, *, margin):
    """An A4 portrait document with one empty page, both weights of the font added."""
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(title)
    pdf.set_lang(language or "en")
    pdf.set_creator("Atelier")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(True, margin=margin)
    pdf.add_page()
    return pdf


def render_blocks(blocks, title, language):
    """``blocks``: (kind, text) pairs, kind one of h1, h2, h3, p, li and li2 (an item under
    the li before it, indented). Returns PDF bytes."""
    pdf = document(title, language, margin=18)
    styles = {"h1": ("B", 18, 4), "h2": ("B", 14, 3), "h3": ("B", 12, 2), "p": ("", 11, 2)}
    indent = 8
    for kind, text in blocks:
        style, size, space = styles.get(kind, ("", 10, 1))
        pdf.set_font(FONT, style, size)
        width = pdf.epw
        if kind == "li":
            text = f"• {text}"
        elif kind == "li2":
            text = f"◦ {text}"
            pdf.set_x(pdf.l_margin + indent)
            width -= indent
        pdf.multi_cell(width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(space)
    return bytes(pdf.output())
