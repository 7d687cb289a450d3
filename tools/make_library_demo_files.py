"""Make the library's demo files: PDFs printed by Chromium from short HTML texts, spoken MP3s
made with espeak-ng and lame, and their WebVTT captions.

    python tools/make_library_demo_files.py

Needs Debian's chromium, espeak-ng, sox and lame. The files are committed under
src/atelier/library/demo_files/, so loading the demo needs none of these tools.
"""

import html
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from atelier.library.demo_texts import AUDIO, DOCUMENTS  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "atelier" / "library" / "demo_files"
CHROMIUM = ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]

PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:"DejaVu Sans",sans-serif;margin:2.5cm;line-height:1.45;color:#222}}
h1{{font-size:22pt;color:#5b2a86}}h2{{font-size:14pt;margin-top:1.4em}}
.meta{{color:#555;font-size:10pt}}</style></head><body>
<h1>{title}</h1><p class="meta">{meta}</p>{body}</body></html>"""


def make_pdf(document):
    body = "".join(
        f"<h2>{html.escape(heading)}</h2>"
        + "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
        for heading, paragraphs in document["sections"]
    )
    page = PAGE.format(
        lang=document["language"],
        title=html.escape(document["title"]),
        meta=html.escape(document["meta"]),
        body=body,
    )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "page.html"
        source.write_text(page, encoding="utf-8")
        target = OUT / document["file"]
        subprocess.run(
            [*CHROMIUM, "--no-pdf-header-footer", f"--print-to-pdf={target}", source.as_uri()],
            check=True,
            capture_output=True,
        )


def _timestamp(seconds):
    minutes, seconds = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{seconds:06.3f}"


def make_audio(recording):
    with tempfile.TemporaryDirectory() as tmp:
        cues, start, wavs = [], 0.0, []
        for index, sentence in enumerate(recording["sentences"]):
            wav = Path(tmp) / f"{index:03d}.wav"
            subprocess.run(
                ["espeak-ng", "-v", recording["voice"], "-s", "150", "-w", str(wav), sentence],
                check=True,
            )
            length = float(
                subprocess.run(
                    ["soxi", "-D", str(wav)], check=True, capture_output=True, text=True
                ).stdout
            )
            cues.append((start, start + length, sentence))
            start += length
            wavs.append(str(wav))
        joined = Path(tmp) / "all.wav"
        subprocess.run(["sox", *wavs, "-r", "22050", "-c", "1", str(joined)], check=True)
        subprocess.run(
            ["lame", "--quiet", "-V", "7", "--tt", recording["title"], str(joined),
             str(OUT / recording["file"])],
            check=True,
        )  # fmt: skip
    lines = ["WEBVTT", ""]
    for number, (begin, end, text) in enumerate(cues, start=1):
        lines += [str(number), f"{_timestamp(begin)} --> {_timestamp(end)}", text, ""]
    (OUT / recording["captions"]).write_text("\n".join(lines), encoding="utf-8")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for document in DOCUMENTS:
        make_pdf(document)
        print("made", document["file"])
    for recording in AUDIO:
        make_audio(recording)
        print("made", recording["file"], recording["captions"])


if __name__ == "__main__":
    main()
