"""The shelter status report (避難所状況報告) as municipalities send it up: one row per shelter
with its counts by category and a total row, as CSV for Excel and as a printable PDF.

The CSV is UTF-8 with a byte-order mark and CRLF line ends, which Excel opens in Japanese
without an import dialog. The PDF is A4 landscape and uses the Japanese fonts every PDF reader
carries (HeiseiKakuGo-W5, a CID font), so nothing is embedded and no font file is shipped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from linkage.hq import CARE_KINDS, JST, OUTSIDE, ShelterFigures, Totals, totals

FONT = "HeiseiKakuGo-W5"
KIND_NAMES = {
    "designated": "指定避難所",
    "welfare": "福祉避難所",
    "emergency": "指定緊急避難場所",
    "other": "その他",
}
CARE_NAMES = {
    "pregnant": "妊婦",
    "nursing": "授乳中",
    "care_required": "要介護",
    "disability:physical": "肢体不自由",
    "disability:visual": "視覚障害",
    "disability:hearing": "聴覚障害",
    "disability:mental": "精神障害",
    "disability:intellectual": "知的障害",
    "disability:developmental": "発達障害",
    "allergies": "アレルギー",
    "medication": "服薬",
}
OUTSIDE_NAMES = {"home": "在宅", "car": "車中泊", "tent": "テント", "other": "その他の場所"}
HEADER = (
    "避難所ID",
    "避難所名",
    "種別",
    "開設状況",
    "収容可能人数",
    "避難者数",
    "世帯数",
    "昼間人数",
    "夜間人数",
    "要配慮者数",
    *(f"要配慮:{CARE_NAMES[k]}" for k in CARE_KINDS),
    *(f"避難所外:{OUTSIDE_NAMES[k]}" for k in OUTSIDE),
)


def rows(figures: Sequence[ShelterFigures]) -> list[list[str]]:
    """The report's rows: the header, one row per shelter, and the total."""
    out = [list(HEADER)]
    for f in figures:
        out.append(
            [
                f.shelter_id,
                f.name,
                KIND_NAMES.get(f.kind, f.kind),
                "開設" if f.is_open else "閉鎖",
                "" if f.capacity is None else str(f.capacity),
                *_counts(f.present, f.households_present, f.day, f.night, f.needs_care_people),
                *(str(f.needs_care.get(k, 0)) for k in CARE_KINDS),
                *(str(f.staying_outside.get(k, 0)) for k in OUTSIDE),
            ]
        )
    t: Totals = totals(figures)
    out.append(
        [
            "",
            "合計",
            "",
            f"{sum(1 for f in figures if f.is_open)}か所開設",
            str(t.capacity),
            *_counts(t.present, t.households_present, t.day, t.night, t.needs_care_people),
            *(str(t.needs_care.get(k, 0)) for k in CARE_KINDS),
            *(str(t.staying_outside.get(k, 0)) for k in OUTSIDE),
        ]
    )
    return out


def _counts(*values: int) -> list[str]:
    return [str(v) for v in values]


def as_csv(figures: Sequence[ShelterFigures]) -> bytes:
    """The report as CSV that Excel opens as it is (UTF-8 with BOM, CRLF)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerows(rows(figures))
    return b"\xef\xbb\xbf" + text.getvalue().encode()


def as_pdf(municipality: str, figures: Sequence[ShelterFigures], at_ms: int) -> bytes:
    """The report as an A4 landscape PDF: title, time of the figures, the table."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=8 * mm,
        rightMargin=8 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title=f"避難所状況報告 {municipality}",
    )
    at = datetime.fromtimestamp(at_ms / 1000, JST).strftime("%Y年%m月%d日 %H時%M分")
    title = ParagraphStyle("title", fontName=FONT, fontSize=14, leading=18)
    note = ParagraphStyle("note", fontName=FONT, fontSize=9, leading=12)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=6.5, leading=8)
    data = [[Paragraph(v, cell) for v in row] for row in rows(figures)]
    # Id, name, kind and status get room for their words; the counts share what is left.
    fixed = [16 * mm, 34 * mm, 16 * mm, 11 * mm]
    rest = (doc.width - sum(fixed)) / (len(HEADER) - len(fixed))
    table = Table(data, colWidths=fixed + [rest] * (len(HEADER) - len(fixed)), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f2f2f2")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    doc.build(
        [
            Paragraph(f"避難所状況報告（{municipality}）", title),
            Paragraph(f"{at} 現在（日本時間）　昼間 12時・夜間 22時の人数", note),
            table,
        ]
    )
    return out.getvalue()
