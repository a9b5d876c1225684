"""A PDF's pages as glyphs and images, from one of two engines that give the same records.

A page's glyphs come as columns, in content order with the file's own spaces:
each glyph's text, its box (x0, x1, top, bottom in top-down page coordinates)
and its style (size, font name, whether upright), as pdfplumber gives them;
layout reads a space only as a word break, so PDFium's spaces carry no box.
``PageGlyphs.glyphs`` gives them as pdfplumber's records. Images are (x0, top,
x1, bottom).

- ``pdfium`` (default): PDFium's text page through pypdfium2, which pdfplumber
  already installs. Each glyph is boxed as pdfminer boxes it: from its origin,
  one advance of its font wide, from the font's descent below the baseline to
  one em above that; font, size and orientation are read once per text object
  and advances once per font and character, and a space's box is not read (an
  eighth of a page's glyphs). Several times faster than pdfminer's parser.
- ``pdfplumber``: pdfminer's parse, the reference the tests compare against.
"""

from __future__ import annotations

import ctypes
import io
import math
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from exoextract.errors import EncryptedPdf, TooLarge, UnreadablePdf

ENGINES = ("pdfium", "pdfplumber")
DEFAULT_ENGINE = "pdfium"


GLYPH_KEYS = ("text", "x0", "x1", "top", "bottom", "size", "fontname", "upright")  # a glyph record's keys
NO_BOX = (math.nan,) * 4  # a space's box, which is not read


@dataclass(frozen=True)
class GlyphStyle:
    """What the glyphs of a text object share."""

    size: float  # em in page space
    fontname: str
    upright: bool


@dataclass
class PageGlyphs:
    """One page: its size, its glyphs as columns (a list per field, not a record per glyph: thousands of glyphs
    a page) and its images."""

    number: int
    width: float
    height: float
    texts: list[str]
    boxes: list[float]  # x0, x1, top, bottom of each glyph one after another; NaN for a space whose box is not read
    style_numbers: list[int]  # each glyph's style, by its place in ``styles``
    styles: list[GlyphStyle]
    images: list[tuple[float, float, float, float]]

    @property
    def glyphs(self) -> list[dict]:
        """The glyphs as pdfplumber's records (a space without a box has its text alone)."""
        records = []
        for number, text in enumerate(self.texts):
            x0, x1, top, bottom = self.boxes[4 * number : 4 * number + 4]
            if math.isnan(x0) and text.isspace():
                records.append({"text": text})
                continue
            style = self.styles[self.style_numbers[number]]
            records.append({"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": style.size,
                            "fontname": style.fontname, "upright": style.upright})
        return records


class _PageColumns:
    """A page's glyph columns as an engine fills them."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.boxes: list[float] = []
        self.style_numbers: list[int] = []
        self.styles: dict[GlyphStyle, int] = {}

    def style_number(self, style: GlyphStyle) -> int:
        return self.styles.setdefault(style, len(self.styles))

    def page(self, number: int, width: float, height: float, images: list) -> PageGlyphs:
        return PageGlyphs(number, width, height, self.texts, self.boxes, self.style_numbers, list(self.styles), images)


class PdfPages:
    """An open PDF: its page count, and its pages read one at a time. Use it as a context manager: PDFium
    reads one document at a time per process, and ``close`` lets the next one in."""

    def __init__(self, data: bytes, password: str | None, engine: str = DEFAULT_ENGINE):
        if engine not in ENGINES:
            raise ValueError(f"unknown PDF engine {engine!r}; choose one of {', '.join(ENGINES)}")
        self.engine = engine
        self._reader = _PdfiumReader(data, password) if engine == "pdfium" else _PlumberReader(data, password)

    def __len__(self) -> int:
        return self._reader.count

    def __iter__(self) -> Iterator[PageGlyphs]:
        return self._reader.pages()

    def close(self) -> None:
        self._reader.close()

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _password_hint(password: str | None) -> str:
    hint = "the password is wrong" if password else "give its password with --password"
    return f"the PDF is encrypted; {hint} (or decrypt it first, e.g. qpdf --decrypt)"


# --- pdfplumber ------------------------------------------------------------------------

class _PlumberReader:
    def __init__(self, data: bytes, password: str | None):
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect

        try:
            self.pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
            self.count = len(self.pdf.pages)  # parses the page tree: broken files fail here
        except Exception as error:  # pdfminer raises many unrelated types for damaged files
            causes = [error, error.__cause__, error.__context__, *error.args]
            if any(isinstance(c, PDFPasswordIncorrect) for c in causes):
                raise EncryptedPdf(_password_hint(password)) from error
            raise UnreadablePdf(f"cannot parse PDF: {error.__class__.__name__}: {error}".rstrip(": ")) from error

    def pages(self) -> Iterator[PageGlyphs]:
        for page in self.pdf.pages:
            try:
                columns = _PageColumns()
                for char in page.chars:
                    columns.texts.append(char["text"])
                    columns.boxes.extend((char["x0"], char["x1"], char["top"], char["bottom"]))
                    columns.style_numbers.append(columns.style_number(
                        GlyphStyle(char["size"], char.get("fontname", ""), char.get("upright", True))))
                images = [(im["x0"], im["top"], im["x1"], im["bottom"]) for im in page.images]
            except MemoryError as error:
                raise TooLarge(f"ran out of memory at page {page.page_number} (raise --paper-memory, or split "
                               "the file)") from error
            except Exception as error:  # pdfminer raises many unrelated types for damaged content
                raise UnreadablePdf(f"cannot read page {page.page_number}: {error.__class__.__name__}: {error}"
                                    ) from error
            page.flush_cache()
            yield columns.page(page.page_number, float(page.width), float(page.height), images)

    def close(self) -> None:
        self.pdf.close()


# --- PDFium ----------------------------------------------------------------------------


def _joined(text: str) -> str:
    """Characters PDFium gives one UTF-16 unit at a time, surrogate pairs joined into one character."""
    if any("\ud800" <= c <= "\udfff" for c in text):
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


class _Pdfium:
    """The PDFium calls made once per glyph or text object, bound with plain pointer arguments (pypdfium2's
    typed wrappers convert their arguments on every call).

    The calls made for every glyph or text object (``unicode`` to ``unicode_map_error``) declare no argument
    types at all: ctypes then passes a Python int as a C int and a ctypes object (the text page's ``c_void_p``,
    a ``pointer``) as itself, which costs about half of converting each argument through declared types. Their
    callers pass exactly those: an ``int`` index, never a bare address."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        def bind(function, restype, *argtypes):
            address = ctypes.cast(function, ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        def bind_unconverted(function, restype):
            call = bind(function, restype)
            call.argtypes = None  # no conversion (see above)
            return call

        pointer, index = ctypes.c_void_p, ctypes.c_int
        self.raw = raw
        self.unicode = bind_unconverted(raw.FPDFText_GetUnicode, ctypes.c_uint)  # (text page, index)
        self.origin = bind_unconverted(raw.FPDFText_GetCharOrigin, ctypes.c_int)  # (text page, index, *x, *y)
        self.text_object = bind_unconverted(raw.FPDFText_GetTextObject, pointer)  # (text page, index)
        self.is_generated = bind_unconverted(raw.FPDFText_IsGenerated, ctypes.c_int)  # (text page, index)
        self.loose_box = bind_unconverted(raw.FPDFText_GetLooseCharBox, ctypes.c_int)  # (text page, index, *rect)
        self.matrix = bind_unconverted(raw.FPDFText_GetMatrix, ctypes.c_int)  # (text page, index, *matrix)
        self.font_size = bind_unconverted(raw.FPDFText_GetFontSize, ctypes.c_double)  # (text page, index)
        self.unicode_map_error = bind_unconverted(raw.FPDFText_HasUnicodeMapError, ctypes.c_int)  # (page, index)
        self.object_font = bind(raw.FPDFTextObj_GetFont, pointer, pointer)  # (text object) -> font or None
        self.ink_box = bind(raw.FPDFText_GetCharBox, ctypes.c_int, pointer, index, pointer, pointer, pointer, pointer)
        self.glyph_width = bind(raw.FPDFFont_GetGlyphWidth, ctypes.c_int, pointer, ctypes.c_uint, ctypes.c_float,
                                pointer)


_BINDINGS: _Pdfium | None = None


class _Style(NamedTuple):
    """What the glyphs of one text object share."""

    font: int  # the font handle (0: none)
    fontname: str
    size: float  # em in page space
    descent: float  # below the baseline, in page space (negative)
    upright: bool
    unmapped: bool  # the font has no text encoding


_PDFIUM_LOCK = threading.Lock()  # PDFium is not thread-safe: one document at a time per process (Dask threads)


class _PdfiumReader:
    def __init__(self, data: bytes, password: str | None):
        import pypdfium2 as pdfium

        global _BINDINGS
        _PDFIUM_LOCK.acquire()  # held until close()
        try:
            if _BINDINGS is None:
                _BINDINGS = _Pdfium()
            self.api = _BINDINGS
            self.widths: dict[int, dict[str, float]] = {}  # font -> character -> advance per em
            self.pdf = pdfium.PdfDocument(data, password=password or None)
            self.count = len(self.pdf)
        except pdfium.PdfiumError as error:
            _PDFIUM_LOCK.release()
            if getattr(error, "err_code", None) == self.api.raw.FPDF_ERR_PASSWORD:
                raise EncryptedPdf(_password_hint(password)) from error
            raise UnreadablePdf(f"cannot parse PDF: {error}") from error
        except BaseException:
            _PDFIUM_LOCK.release()
            raise

    def pages(self) -> Iterator[PageGlyphs]:
        for index in range(self.count):
            try:
                page = self.pdf[index]
            except Exception as error:
                raise UnreadablePdf(f"cannot read page {index + 1}: {error}") from error
            try:
                yield self._page(page, index + 1)
            finally:
                page.close()

    def _page(self, page, number: int) -> PageGlyphs:
        """Glyphs as pdfminer boxes them: from the origin, one advance wide, from the font's descent
        below the baseline to one em above that."""
        raw, api = self.api.raw, self.api
        left, bottom, right, top = page.get_bbox()  # the media box cut by the crop box, as pdfplumber's page
        textpage = page.get_textpage()
        try:
            address = ctypes.cast(textpage.raw, ctypes.c_void_p).value
            handle = ctypes.c_void_p(address)  # passed as itself to the unconverted calls
            count = raw.FPDFText_CountChars(textpage.raw)
            columns = _PageColumns()
            texts, boxes, style_numbers = columns.texts, columns.boxes, columns.style_numbers
            styles: dict[int, tuple[_Style, int]] = {}  # text object -> its style and the style's number
            fonts: dict[tuple[int, float], tuple[str, float]] = {}  # (font, size) -> name and descent, this page
            x, y = ctypes.c_double(), ctypes.c_double()
            x_pointer, y_pointer = ctypes.pointer(x), ctypes.pointer(y)
            unicode, origin, text_object, is_generated = api.unicode, api.origin, api.text_object, api.is_generated
            previous_object, previous_x, previous_y = -1, 0.0, 0.0
            loose = raw.FS_RECTF()
            loose_pointer, loose_box = ctypes.pointer(loose), api.loose_box
            units = self._units(textpage.raw, count)
            current, style = None, None  # the text object read last, and its style (read once per object)
            size = descent = slack = 0.0
            font, unmapped, style_number = 0, False, 0
            widths: dict[str, float] = {}  # advances per em of the current text object's font
            for i, char in enumerate(units if units is not None else ["\ufffe"] * count):
                if char == "\ufffe":  # the one-call text writes PDFium's line-end hyphen mark so (and every
                    char = chr(unicode(handle, i))  # character, when that call failed): read it alone
                if char in " \r\n\t\u00a0" and is_generated(handle, i):
                    continue  # PDFium's own word and line breaks
                obj = text_object(handle, i) or 0
                if obj != current:
                    known = styles.get(obj)
                    if known is None:
                        style = self._style(handle, i, obj, fonts)
                        known = styles[obj] = (style, columns.style_number(GlyphStyle(style.size, style.fontname,
                                                                                      style.upright)))
                    style, style_number = known
                    current = obj
                    size, descent, font, unmapped = style.size, style.descent, style.font, style.unmapped
                    slack = 0.01 * size
                    widths = self._font_widths(font)
                if char.isspace() and not unmapped:  # the file's own space: a word break, its box is not read
                    texts.append(char)
                    boxes.extend(NO_BOX)
                    style_numbers.append(style_number)
                    previous_object = -1  # nothing joins a space
                    continue
                origin(handle, i, x_pointer, y_pointer)
                if char == "\x02":
                    char = "-"  # PDFium's mark for a hyphen that ends a line
                origin_x, origin_y = x.value, y.value
                if obj == previous_object and origin_x == previous_x and origin_y == previous_y and texts \
                        and not unmapped:
                    # one glyph, several characters (a ligature, a UTF-16 surrogate pair): one glyph, as wide
                    # as its letters (PDFium gives no width for a ligature's code)
                    texts[-1] = _joined(texts[-1] + char)
                    if len(char) == 1 and not "\ud800" <= char <= "\udfff":
                        boxes[-3] += self._advance(style, char) * size  # its x1
                    continue
                previous_object, previous_x, previous_y = obj, origin_x, origin_y
                x0 = origin_x - left
                # the advance ends where PDFium's font box ends (it counts letter spacing), unless the glyph's
                # ink reaches past the font's width of the character (an overhanging f)
                loose_box(handle, i, loose_pointer)
                width = widths.get(char)
                advance = origin_x + (width if width is not None else self._advance(style, char)) * size
                box_right = loose.right
                if box_right > advance + slack and self._overhangs(address, i, box_right, style):
                    x1 = advance - left
                else:
                    x1 = box_right - left
                glyph_bottom = top - (origin_y + descent)
                texts.append(f"(cid:{ord(char)})" if unmapped else char)
                boxes.extend((x0, x1, glyph_bottom - size, glyph_bottom))
                style_numbers.append(style_number)
            images = self._images(page, left, top)
        except MemoryError as error:
            raise TooLarge(f"ran out of memory at page {number} (raise --paper-memory, or split the file)"
                           ) from error
        finally:
            textpage.close()
        return columns.page(number, float(right - left), float(top - bottom), images)

    def _units(self, textpage, count: int) -> list[str] | None:
        """The page's characters in one call, one UTF-16 unit per character index (None when the text does
        not line up with the indices: then they are read one by one). ``FPDFText_GetText`` writes the mark of a
        hyphen that ends a line (``\\x02`` from ``FPDFText_GetUnicode``) as U+FFFE."""
        raw = self.api.raw
        buffer = (ctypes.c_ushort * (count + 1))()
        written = raw.FPDFText_GetText(textpage, 0, count, buffer)
        if written != count + 1:  # the units and the terminating zero
            return None
        return list(map(chr, buffer[:count]))  # surrogates stay apart, as GetUnicode gives them

    def _overhangs(self, handle: int, index: int, right: float, style: _Style) -> bool:
        """Whether the glyph's ink reaches the right edge of its font box."""
        ink = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top
        self.api.ink_box(handle, index, *(ctypes.addressof(value) for value in ink))
        return ink[1].value >= right - 0.01 * style.size

    def _font_widths(self, font: int) -> dict[str, float]:
        """The advances per em remembered for a font (0: no font), by character."""
        return self.widths.setdefault(font, {})

    def _advance(self, style: _Style, char: str) -> float:
        """The character's advance width per em in its font (remembered per font)."""
        widths = self._font_widths(style.font)
        width = widths.get(char)
        if width is None:
            value = ctypes.c_float()
            found = style.font and len(char) == 1 and self.api.glyph_width(
                style.font, ord(char), 1.0, ctypes.addressof(value))
            width = widths[char] = float(value.value) if found else 0.5
        return width

    def _style(self, handle: ctypes.c_void_p, index: int, obj: int,
               fonts: dict[tuple[int, float], tuple[str, float]]) -> _Style:
        """The style of the text object of character ``index``; a font's name and descent at a size are read
        once a page (``fonts``: a page's text objects share a few fonts; their handles live as long as it does)."""
        api, raw = self.api, self.api.raw
        matrix = raw.FS_MATRIX()
        api.matrix(handle, index, ctypes.byref(matrix))
        size = float(api.font_size(handle, index) * (math.hypot(matrix.c, matrix.d) or 1.0))
        upright = matrix.a * matrix.d > 0 and matrix.b * matrix.c <= 0 and abs(matrix.b) < 1e-6
        unmapped = api.unicode_map_error(handle, index) == 1
        address = (api.object_font(obj) or 0) if obj else 0
        if not address:
            return _Style(0, "", size, -0.2 * size, upright, unmapped)
        known = fonts.get((address, size))
        if known is None:
            font = ctypes.cast(address, raw.FPDF_FONT)
            length = raw.FPDFFont_GetBaseFontName(font, None, 0)
            buffer = ctypes.create_string_buffer(max(length, 1))
            raw.FPDFFont_GetBaseFontName(font, buffer, length)
            descent = ctypes.c_float()
            if not raw.FPDFFont_GetDescent(font, ctypes.c_float(size), descent):
                descent.value = -0.2 * size
            known = fonts[(address, size)] = (buffer.value.decode("utf-8", "replace"), float(descent.value))
        return _Style(address, known[0], size, known[1], upright, unmapped)

    def _images(self, page, left: float, top: float) -> list[tuple[float, float, float, float]]:
        """The boxes of the page's images, those inside form XObjects too (15 levels deep, as pypdfium2's
        ``get_objects``, which wraps every object of the page in Python on the way)."""
        import pypdfium2 as pdfium

        raw = self.api.raw
        images: list[tuple[float, float, float, float]] = []
        x0, y0, x1, y1 = (ctypes.c_float() for _ in range(4))

        def visit(count, get, parent, level: int) -> None:
            objects = count(parent)
            if objects < 0:
                raise pdfium.PdfiumError("Failed to get number of pageobjects.")
            for number in range(objects):
                obj = get(parent, number)
                if not obj:
                    raise pdfium.PdfiumError("Failed to get pageobject.")
                kind = raw.FPDFPageObj_GetType(obj)
                if kind == raw.FPDF_PAGEOBJ_IMAGE:
                    if not raw.FPDFPageObj_GetBounds(obj, x0, y0, x1, y1):
                        raise pdfium.PdfiumError("Failed to locate pageobject.")
                    images.append((x0.value - left, top - y1.value, x1.value - left, top - y0.value))
                elif kind == raw.FPDF_PAGEOBJ_FORM and level < 14:
                    visit(raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, obj, level + 1)

        visit(raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, page.raw, 0)
        return images

    def close(self) -> None:
        try:
            self.pdf.close()
        finally:
            _PDFIUM_LOCK.release()
