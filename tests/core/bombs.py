"""Small files that unpack to a great deal: for the tests and for bench/upload_memory.py.

Each is a real, well-formed file of its type. The deflate streams are assembled from one
compressed megabyte repeated (after a full flush a block does not refer back, so copies of it
decode in sequence) with the Adler-32 computed by formula: a gigabyte of zeros costs no more
to make than a megabyte.
"""

import struct
import zlib

MEGABYTE = 1 << 20


def _adler32_of_repeated(byte, count):
    modulus = 65521
    a = (1 + count * byte) % modulus
    b = (count + byte * count * (count + 1) // 2) % modulus
    return (b << 16) | a


def deflated(size, byte=0):
    """A zlib stream of ``size`` bytes all equal to ``byte``, about a thousandth as large."""
    unit = bytes([byte]) * MEGABYTE
    megabytes, rest = divmod(size, MEGABYTE)
    if not megabytes:
        return zlib.compress(bytes([byte]) * rest, 9)
    compressor = zlib.compressobj(9)
    head = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
    parts = [head, block * (megabytes - 1)]
    parts.append(compressor.compress(bytes([byte]) * rest) + compressor.flush(zlib.Z_FINISH)[:-4])
    checksum = _adler32_of_repeated(byte, size)
    return b"".join(parts) + checksum.to_bytes(4, "big")


def _png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png(width, height):
    """A black RGB PNG of ``width`` × ``height`` pixels: 9400 × 9400 is about 260 KB."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    # Every row is its filter byte (0, none) and black pixels: zeros throughout.
    pixels = deflated(height * (1 + 3 * width), 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


def pdf_with_content_bomb(size):
    """A one-page PDF whose content stream inflates to ``size`` bytes of spaces: all of it
    unpacked by a renderer before it can paint the page."""
    stream = deflated(size, ord(" "))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _raw_deflate(data):
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _crc32_of_zeros(size):
    crc = 0
    unit = bytes(MEGABYTE)
    megabytes, rest = divmod(size, MEGABYTE)
    for _number in range(megabytes):
        crc = zlib.crc32(unit, crc)
    return zlib.crc32(bytes(rest), crc) & 0xFFFFFFFF


def _zip(members):
    """A zip archive written by hand, so a member can carry a ready deflate stream.

    ``members`` maps names to bytes or str (deflated here, "mimetype" stored) or to an int:
    that many zero bytes, deflated a thousandfold."""
    out, directory = bytearray(), bytearray()
    for name, content in members.items():
        encoded = name.encode()
        if isinstance(content, int):
            size, crc = content, _crc32_of_zeros(content)
            data, method = deflated(content, 0)[2:-4], 8  # raw deflate: no header, no checksum
        else:
            raw = content.encode() if isinstance(content, str) else content
            size, crc = len(raw), zlib.crc32(raw) & 0xFFFFFFFF
            data, method = (raw, 0) if name == "mimetype" else (_raw_deflate(raw), 8)
        fields = struct.pack("<HHHHHIIIHH", 20, 0, method, 0, 0x5821, crc, len(data), size,
                             len(encoded), 0)  # fmt: skip
        directory += (
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fields
            + struct.pack("<HHHII", 0, 0, 0, 0, len(out))
            + encoded
        )
        out += b"PK\x03\x04" + fields + encoded + data
    start = len(out)
    out += directory
    out += b"PK\x05\x06" + struct.pack(
        "<HHHHIIH", 0, 0, len(members), len(members), len(directory), start, 0
    )
    return bytes(out)


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def docx_bomb(size):
    """A DOCX whose document part inflates to ``size`` zero bytes."""
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "word/document.xml": size,
        }
    )


def epub_bomb(size):
    """An EPUB whose one chapter inflates to ``size`` zero bytes."""
    return _zip(
        {
            "mimetype": "application/epub+zip",
            "META-INF/container.xml": (
                '<?xml version="1.0"?><container version="1.0" '
                'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                '<rootfile full-path="book.opf" media-type="application/oebps-package+xml"/>'
                "</rootfiles></container>"
            ),
            "book.opf": (
                '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
                'version="3.0"><manifest><item id="c1" href="chapter.xhtml" '
                'media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/>'
                "</spine></package>"
            ),
            "chapter.xhtml": size,
        }
    )


XLSX_HEADER = (
    "Programme funding",
    "Start date",
    "End date",
    "Project Identifier",
    "Project Title",
)
_SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELATIONSHIPS}">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_SPREADSHEET}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Projects" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELATIONSHIPS}">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _column(index):
    return chr(ord("A") + index)


def xlsx_rows(path, rows, header=XLSX_HEADER):
    """Write to ``path`` an XLSX whose sheet has ``header`` then ``rows`` rows of one number
    each, the sheet streamed into the archive row by row: 1.5 million rows make about 11 MB."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _XLSX_PARTS.items():
            archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_SPREADSHEET}">'
                "<sheetData>".encode()
            )
            cells = "".join(
                f'<c r="{_column(index)}1" t="inlineStr"><is><t>{title}</t></is></c>'
                for index, title in enumerate(header)
            )
            sheet.write(f'<row r="1">{cells}</row>'.encode())
            batch = []
            for number in range(2, rows + 2):
                batch.append(f'<row r="{number}"><c r="A{number}"><v>{number}</v></c></row>')
                if len(batch) == 10_000:
                    sheet.write("".join(batch).encode())
                    batch = []
            sheet.write(("".join(batch) + "</sheetData></worksheet>").encode())
    return path
