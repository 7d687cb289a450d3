"""Small real files for the library's tests, built at test time (audio samples are committed).

``hello.ogg`` and ``hello.mp3`` say "Hello from the Atelier library." (about 1.9 seconds);
they were made with ``espeak-ng -w hello.wav``, ``sox hello.wav -r 16000 -c 1 hello16.wav``,
``sox hello16.wav -C 0 hello.ogg`` and ``lame -b 16 -m m hello16.wav hello.mp3``.
"""

import io
import struct
import zipfile
import zlib
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

HERE = Path(__file__).parent


def upload(name, content, content_type="application/octet-stream"):
    """An uploaded file as a browser sends it; the content type it claims is never trusted."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def _pdf_escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(*pages):
    """A valid PDF with one page per argument, each line of text set in Helvetica."""
    pages = pages or ("A toolkit for audience development.",)
    count = len(pages)
    page_ids = [4 + 2 * index for index in range(count)]
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: f"<< /Type /Pages /Kids [{' '.join(f'{page} 0 R' for page in page_ids)}] "
        f"/Count {count} >>".encode(),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    for page_id, text in zip(page_ids, pages, strict=True):
        lines = " ".join(f"({_pdf_escape(line)}) Tj T*" for line in text.split("\n"))
        stream = f"BT /F1 12 Tf 72 720 Td 16 TL {lines} ET".encode("latin-1")
        objects[page_id] = (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_id + 1} 0 R >>"
        ).encode()
        objects[page_id + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def broken_pdf():
    """Starts like a PDF, then stops: no objects, no cross-reference table."""
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n" + b"\x00" * 64


def _zip(members, *, first_stored=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first_stored:
            name, content = first_stored
            archive.writestr(zipfile.ZipInfo(name), content, compress_type=zipfile.ZIP_STORED)
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/%s" ContentType="%s"/></Types>'
)


def docx(*paragraphs, extra=None):
    body = "".join(f"<w:p><w:r><w:t>{_escape(text)}</w:t></w:r></w:p>" for text in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    members = {
        "[Content_Types].xml": CONTENT_TYPES
        % (
            "word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        ),
        "word/document.xml": document,
    }
    members.update(extra or {})
    return _zip(members)


def pptx(*slides):
    members = {
        "[Content_Types].xml": CONTENT_TYPES
        % (
            "ppt/presentation.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        ),
        "ppt/presentation.xml": '<?xml version="1.0"?><p:presentation '
        'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
    }
    for number, text in enumerate(slides, start=1):
        members[f"ppt/slides/slide{number}.xml"] = (
            '<?xml version="1.0"?><p:sld '
            'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            f"<p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>{_escape(text)}</a:t></a:r></a:p>"
            "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
        )
    return _zip(members)


def xlsx(*strings):
    items = "".join(f"<si><t>{_escape(text)}</t></si>" for text in strings)
    namespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES
            % (
                "xl/workbook.xml",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            ),
            "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{namespace}"/>',
            "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst xmlns="{namespace}">{items}</sst>',
        }
    )


def _odf(mimetype, content):
    return _zip(
        {
            "content.xml": content,
            "META-INF/manifest.xml": '<?xml version="1.0"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        },
        first_stored=("mimetype", mimetype),
    )


def odt(*paragraphs):
    body = "".join(f"<text:p>{_escape(text)}</text:p>" for text in paragraphs)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    return _odf("application/vnd.oasis.opendocument.text", content)


def ods():
    return _odf("application/vnd.oasis.opendocument.spreadsheet", "<x/>")


def epub(*chapters):
    manifest = "".join(
        f'<item id="c{n}" href="c{n}.xhtml" media-type="application/xhtml+xml"/>'
        for n in range(len(chapters))
    )
    spine = "".join(f'<itemref idref="c{n}"/>' for n in range(len(chapters)))
    members = {
        "META-INF/container.xml": '<?xml version="1.0"?><container version="1.0" '
        'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
        '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>",
        "OEBPS/content.opf": '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
        f'version="3.0"><manifest>{manifest}</manifest><spine>{spine}</spine></package>',
    }
    for n, text in enumerate(chapters):
        members[f"OEBPS/c{n}.xhtml"] = (
            '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>'
            f"Chapter</title><style>p {{ color: red }}</style></head><body><p>{_escape(text)}"
            "</p><script>var hidden = 1;</script></body></html>"
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED
        )
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb_docx(megabytes=64):
    """A DOCX whose document.xml inflates from about 64 KB to ``megabytes`` of zeros."""
    return docx("Harmless-looking.", extra={"word/media/padding.bin": b"\0" * megabytes * 2**20})


def plain_zip():
    return _zip({"notes.txt": "Some notes.", "more.txt": "More notes."})


def image(kind="PNG", size=(800, 600), colour=(200, 30, 60)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=kind)
    return buffer.getvalue()


def gif():
    return image("GIF")


def webm(seconds=2.5):
    """A WebM header whose Segment Info says how long the video is (TimecodeScale 1 ms)."""

    def element(element_id, payload):
        size = len(payload)
        return (
            element_id + bytes([0x80 | size])
            if size < 127
            else element_id + (b"\x01" + size.to_bytes(7, "big"))
        )

    def el(element_id, payload):
        return element(element_id, payload) + payload

    header = el(b"\x1a\x45\xdf\xa3", el(b"\x42\x86", b"\x01") + el(b"\x42\x82", b"webm"))
    info = el(b"\x2a\xd7\xb1", (1_000_000).to_bytes(3, "big")) + el(
        b"\x44\x89", struct.pack(">d", seconds * 1000)
    )
    segment = (
        b"\x18\x53\x80\x67" + b"\x01\xff\xff\xff\xff\xff\xff\xff" + el(b"\x15\x49\xa9\x66", info)
    )
    return header + segment + b"\x1f\x43\xb6\x75" + b"\x01\xff\xff\xff\xff\xff\xff\xff"


def mkv():
    return b"\x1a\x45\xdf\xa3\x93\x42\x86\x81\x01\x42\x82\x88matroska" + b"\0" * 32


def mp4(brand=b"isom"):
    """The start of an MP4 file: its ``ftyp`` box, then an empty ``mdat``."""
    ftyp = brand + b"\x00\x00\x02\x00" + brand + b"iso2mp41"
    return struct.pack(">I", 8 + len(ftyp)) + b"ftyp" + ftyp + struct.pack(">I", 8) + b"mdat"


def windows_program():
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"PE\0\0"


def elf_program():
    return b"\x7fELF\x02\x01\x01" + b"\x00" * 57


def sample(name):
    return (HERE / name).read_bytes()


def vtt(*lines):
    cues = "".join(
        f"\n\n{n}\n00:00:0{n}.000 --> 00:00:0{n + 1}.000\n<v Host>{text}"
        for n, text in enumerate(lines)
    )
    return f"WEBVTT\n\nNOTE made for the tests{cues}\n".encode()


def deflate_size(data):
    return len(zlib.compress(data))
