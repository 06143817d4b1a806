"""A PDF -> its report text, one paragraph per line (pypdf).

Only PDFs need pypdf, so scrapers/document.py imports this module when the input is one.
"""
from __future__ import annotations

import io
import re

from targetwatch.scrapers.document import NotText
from targetwatch.scrapers.textlines import CJK, squash

_PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?[-—–－\s]*$")
_SENTENCE_END = tuple("。！？；：”」』）)!?;:")


def reflow_pdf_lines(lines: list[str]) -> list[str]:
    """Rejoin paragraphs that the PDF's layout broke into lines of the column width.

    A line that fills the column and does not end a sentence continues on the next line;
    short lines (headings, the last line of a paragraph) end their paragraph.
    """
    lines = [squash(x) for x in lines]
    lines = [x for x in lines if x and not _PAGE_NUMBER.match(x)]
    if not lines:
        return []
    widths = sorted(len(x) for x in lines)
    # The column width: the longest line, or the 90th percentile once there are enough
    # lines for one stray long line (a table row) not to set it.
    full = widths[int(len(widths) * 0.9) - 1] if len(widths) >= 10 else widths[-1]
    out: list[str] = []
    joining = False
    for line in lines:
        if joining and out:
            sep = "" if re.match(f"[{CJK}]", line) or re.search(f"[{CJK}]$", out[-1]) else " "
            out[-1] = out[-1] + sep + line
        else:
            out.append(line)
        joining = len(line) >= full * 0.85 and not line.endswith(_SENTENCE_END)
    return out


def pdf_to_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:  # noqa: BLE001 - pypdf raises assorted types here
                raise NotText(f"the PDF is encrypted: {exc}") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except NotText:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise NotText(f"the PDF could not be read: {exc}") from exc
    lines = reflow_pdf_lines("\n".join(pages).splitlines())
    text = "\n".join(lines)
    if not text.strip():
        raise NotText("the PDF has no text layer (a scanned document?)")
    return text + "\n"

