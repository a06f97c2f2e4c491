"""Palette PNG charts placed in the PDF as they are: the PNG's compressed rows become the image stream.

PDF's Flate filter with PNG predictors (``/Predictor 15``) reads PNG scanlines
directly, and an ``/Indexed`` colour space takes the PNG's palette, so a chart
needs neither decoding to RGB nor compressing again: faster, and the image
is as small in the PDF as the PNG file. Other PNGs (true colour,
transparency, interlacing) go through ReportLab's own image path.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFImageXObject, PDFName, PDFObject, PDFStream
from reportlab.platypus.flowables import Flowable

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class PalettePng:
    """The parts of a palette PNG a PDF image needs: size, bits per index, RGB palette, zlib data."""

    width: int
    height: int
    bits: int
    palette: bytes
    data: bytes


def parse_palette_png(png: bytes) -> PalettePng | None:
    """Return a non-interlaced, opaque palette PNG's parts, or None for any other image."""
    if not png.startswith(PNG_SIGNATURE):
        return None
    pos, header, palette, data = len(PNG_SIGNATURE), None, None, []
    while pos + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        body = png[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR" and length == 13:
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            data.append(body)
        elif kind == b"tRNS":
            return None
        elif kind == b"IEND":
            break
    if header is None or palette is None or not data or len(palette) % 3:
        return None
    width, height, bits, colour_type, compression, filtering, interlace = header
    if colour_type != 3 or compression or filtering or interlace:
        return None
    return PalettePng(width, height, bits, palette, b"".join(data))


class _HexString(PDFObject):
    """A PDF hex string (the palette of an indexed colour space)."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document) -> bytes:
        return b"<" + self.data.hex().upper().encode("ascii") + b">"


class PalettePngXObject(PDFImageXObject):
    """An image XObject whose stream is the PNG's own zlib data, decoded with the PNG predictors."""

    def __init__(self, name: str, png: PalettePng):
        self.name, self.png, self.mask = name, png, None
        self.width, self.height = png.width, png.height

    def format(self, document) -> bytes:
        png = self.png
        stream = PDFStream(content=png.data)
        d = stream.dictionary
        d["Type"], d["Subtype"] = PDFName("XObject"), PDFName("Image")
        d["Width"], d["Height"], d["BitsPerComponent"] = png.width, png.height, png.bits
        d["ColorSpace"] = PDFArray([PDFName("Indexed"), PDFName("DeviceRGB"), len(png.palette) // 3 - 1,
                                    _HexString(png.palette)])
        d["Filter"] = PDFName("FlateDecode")  # a single filter: its parameters are a dictionary, not an array
        d["DecodeParms"] = PDFDictionary({"Predictor": 15, "Colors": 1, "BitsPerComponent": png.bits,
                                          "Columns": png.width})
        d["Length"] = len(png.data)
        return stream.format(document)


class PalettePngImage(Flowable):
    """A palette PNG drawn at ``width`` x ``height`` points; one XObject per distinct image in a PDF."""

    def __init__(self, png: PalettePng, width: float, height: float):
        super().__init__()
        self.png, self.width, self.height = png, width, height
        self.name = hashlib.sha256(png.palette + png.data).hexdigest()[:32]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        # The steps of reportlab's Canvas.drawImage, with our XObject in place of its RGB one.
        canvas = self.canv
        doc = canvas._doc
        reg_name = doc.getXObjectName(self.name)
        if not doc.idToObject.get(reg_name):
            xobject = PalettePngXObject(self.name, self.png)
            canvas._setXObjects(xobject)
            doc.Reference(xobject, reg_name)
            doc.addForm(self.name, xobject)
        canvas._currentPageHasImages = 1
        canvas.saveState()
        canvas.scale(self.width, self.height)
        canvas._code.append(f"/{reg_name} Do")
        canvas.restoreState()
        canvas._formsinuse.append(self.name)


def chart_image(png: bytes, width: float, height: float) -> Flowable | None:
    """Return a flowable placing a palette PNG without re-encoding, or None when the PNG is of another kind."""
    parts = parse_palette_png(png)
    return None if parts is None else PalettePngImage(parts, width, height)
