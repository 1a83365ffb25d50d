"""Exact text in WeasyPrint's PDFs: every line of text drawn goes in an ActualText span.

Why: a PDF's text layer maps glyphs back to characters, and WeasyPrint 70 builds that map
itself, one entry per glyph, from the first text it drew the glyph for. Thai breaks it: HarfBuzz
draws ำ (U+0E33) as the glyphs ํ + า, so the shared sara-aa glyph reads as า or ำ everywhere,
whichever came first in the document ("ความสาเร็จ", "มำตรกำร"), and a tone mark shaped
together with the nikhahit reads as nothing. No CSS, font or WeasyPrint option avoids it.

How: PDF marked content can say what a run of glyphs stands for, whatever the glyph map says,

    /Span <</ActualText <FEFF…UTF-16BE…>>> BDC  …glyphs…  EMC

which is what Chrome, LibreOffice and Typst write for Thai. Readers that follow it (checked:
poppler's pdftotext, and PDFium through pypdfium2) then read each line exactly as
written; the page looks the same, since a span draws nothing (the rendered pages are
pixel-identical). pdfminer/pdfplumber ignore ActualText and still read the glyph map.

Where: WeasyPrint has no hook for this, so `actual_text_spans()` wraps one internal function,
`weasyprint.draw.text.draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)`,
which draws one line of one text box between BT and ET and which draw_text (and SVG text) look
up in their module at each call. The wrapper lets WeasyPrint draw the line, then puts the span's
BDC in the content stream's operator list (`stream.stream`) in front of what was drawn and EMC
after it, with the line's own text, read from its Pango layout afterwards since drawing may
change it (block ellipsis). Only the text layer changes, and only for renders inside the block:
the wrapper is installed while any such block is open, on any thread, and a ContextVar makes it
do nothing for a render outside one (a PDF another thread writes meanwhile stays WeasyPrint's
own). Those internals are WeasyPrint 70.0's; opening the block with another version raises
instead of silently writing wrong text again: check the wrapper still fits, then update
SUPPORTED_WEASYPRINT.

One span per line rather than per Thai cluster: it needs nothing of the glyph loop, and copying
and searching are exact; a viewer may select a line's text as one piece.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

SUPPORTED_WEASYPRINT = "70.0"

_active: ContextVar[bool] = ContextVar("ita_pdf_actual_text", default=False)
_lock = threading.Lock()
_installed = 0  # open blocks, over all threads; the wrapper is in place while > 0
_original: Any = None


@contextmanager
def actual_text_spans() -> Iterator[None]:
    """Within the block, PDFs WeasyPrint writes in this context carry each line's text as ActualText."""
    global _installed, _original
    module = _draw_text_module()
    with _lock:
        if _installed == 0:
            _original = module.draw_first_line
            module.draw_first_line = _draw_first_line
        _installed += 1
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)
        with _lock:
            _installed -= 1
            if _installed == 0:
                module.draw_first_line = _original  # _original stays: a render may still be in the wrapper


def _draw_text_module() -> Any:
    """weasyprint.draw.text, once checked to be the version whose internals this module knows."""
    import weasyprint
    from weasyprint.draw import text

    if weasyprint.__version__ != SUPPORTED_WEASYPRINT or not callable(getattr(text, "draw_first_line", None)):
        raise RuntimeError(
            f"ita.present.pdf_text wraps weasyprint.draw.text.draw_first_line of WeasyPrint {SUPPORTED_WEASYPRINT}, "
            f"found WeasyPrint {weasyprint.__version__}: check that the wrapper still fits (see the module "
            "docstring) and update SUPPORTED_WEASYPRINT, or Thai copied out of the PDF will be wrong again"
        )
    return text


def _draw_first_line(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any, matrix: Any) -> Any:
    """WeasyPrint's draw_first_line (same arguments and result), its output in an ActualText span.

    Not for a line cut short by `text-overflow: ellipsis`: Pango then shows less than the line's text."""
    start = len(stream.stream)
    result = _original(stream, textbox, text_overflow, block_ellipsis, matrix)
    if _active.get() and text_overflow != "ellipsis" and len(stream.stream) > start:  # blank lines draw nothing
        text = line_text(textbox.pango_layout)
        if text:
            import pydyf

            span = pydyf.Dictionary({"ActualText": pydyf.String(text)})
            stream.stream[start:start] = [b"/Span", span, b"BDC"]
            stream.end_marked_content()
    return result


def line_text(layout: Any) -> str:
    """The text of the first line of a WeasyPrint layout (the line draw_first_line draws), in logical order."""
    from weasyprint.text.ffi import pango

    line = pango.pango_layout_get_line_readonly(layout.layout, 0)
    return layout.text.encode()[line.start_index:line.start_index + line.length].decode()
