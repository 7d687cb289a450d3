"""The lab report as PDF, with the DejaVu Sans font the events app ships (any script)."""

from pathlib import Path

import atelier.events

FONTS = Path(atelier.events.__file__).resolve().parent / "fonts"


def render(blocks, title, language):
    """``blocks``: (kind, text) pairs, kind one of h1, h2, h3, p, li. Returns PDF bytes."""
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(title)
    pdf.set_lang(language or "en")
    pdf.set_creator("Atelier")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    styles = {"h1": ("B", 18, 4), "h2": ("B", 14, 3), "h3": ("B", 12, 2), "p": ("", 11, 2)}
    for kind, text in blocks:
        style, size, space = styles.get(kind, ("", 10, 1))
        pdf.set_font("DejaVu", style, size)
        if kind == "li":
            text = f"• {text}"
        pdf.multi_cell(pdf.epw, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(space)
    return bytes(pdf.output())
