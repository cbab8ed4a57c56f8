"""Draws the printouts of kiosk/printout.py on paper, in a PDF or in an image, with QPainter.

Sizes are in points on paper (never under 9 pt), whatever the device's resolution. The CLI's
``print-roster`` runs ``python -m ui.printing roster --pdf FILE`` with the document as JSON on
standard input, so that kiosk/ stays free of Qt.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from kiosk.printout import COLUMNS, WITHHELD, Receipt, RosterPrintout
from ui.theme import FONT_FAMILIES
from ui.widgets import QrCode

BODY_PT = 10.0
SMALL_PT = 9.0
TITLE_PT = 16.0
MARGIN_MM = 10.0
PDF_DPI = 300
WIDTHS = (4, 11, 12, 4, 4, 20, 12, 8, 9, 12)
"""Relative column widths, in the order of ``COLUMNS``."""

Painter = Callable[[QPainter, QRectF, float, int], None]
"""Draws page ``n`` in a rectangle of device pixels at a resolution (dots per inch)."""


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def paint_roster_page(
    doc: RosterPrintout, painter: QPainter, area: QRectF, dpi: float, index: int
) -> None:
    """Page ``index`` of the roster: heading, one row per person, page number."""
    pt = dpi / 72
    x, y, width = area.left(), area.top(), area.width()
    painter.setPen(QColor("black"))
    painter.setFont(_font(TITLE_PT, bold=True))
    title_h = TITLE_PT * 1.6 * pt
    painter.drawText(QRectF(x, y, width, title_h), Qt.AlignmentFlag.AlignLeft, doc.title)
    painter.setFont(_font(BODY_PT + 2, bold=True))
    painter.drawText(
        QRectF(x, y, width, title_h),
        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
        f"{doc.shelter_name}（{doc.shelter_id}）",
    )
    painter.setFont(_font(BODY_PT))
    painter.drawText(
        QRectF(x, y, width, title_h),
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
        f"印刷 {doc.printed_at}",
    )
    y += title_h
    summary = f"{doc.people}名・{doc.households}世帯"
    if doc.withheld:
        summary += f"　※【{WITHHELD}】の者を含む：所在・住所を外部に伝えないこと"
    line_h = BODY_PT * 1.8 * pt
    painter.drawText(QRectF(x, y, width, line_h), Qt.AlignmentFlag.AlignVCenter, summary)
    y += line_h
    footer_h = SMALL_PT * 2 * pt
    lines = doc.pages[index]
    row_h = (area.bottom() - footer_h - y - line_h) / max(len(lines), 1)
    row_h = min(row_h, BODY_PT * 2.8 * pt)
    edges = [x]
    for w in WIDTHS:
        edges.append(edges[-1] + width * w / sum(WIDTHS))
    thin, thick = QPen(QColor("black"), 0.5 * pt), QPen(QColor("black"), 1.5 * pt)
    painter.fillRect(QRectF(x, y, width, line_h), QColor("#e6e6e6"))
    painter.setFont(_font(BODY_PT, bold=True))
    for c, heading in enumerate(COLUMNS):
        cell = QRectF(edges[c], y, edges[c + 1] - edges[c], line_h)
        painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, heading)
    top = y
    y += line_h
    painter.setPen(thick)
    painter.drawLine(int(x), int(y), int(x + width), int(y))
    for line in lines:
        painter.setPen(thick if line.first_of_household else thin)
        painter.drawLine(int(x), int(y), int(x + width), int(y))
        if line.withheld:
            painter.fillRect(QRectF(x, y, width, row_h), QColor("#ffe0e0"))
        painter.setPen(QColor("black"))
        for c, text in enumerate(line.cells()):
            bold = c == 1 or (line.withheld and c == 9)
            painter.setFont(_font(BODY_PT, bold=bold))
            pad = 2 * pt
            cell = QRectF(edges[c] + pad, y, edges[c + 1] - edges[c] - 2 * pad, row_h)
            painter.drawText(cell, Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, text)
        y += row_h
    painter.setPen(thick)
    painter.drawRect(QRectF(x, top, width, y - top))
    painter.setPen(thin)
    for edge in edges[1:-1]:
        painter.drawLine(int(edge), int(top), int(edge), int(y))
    painter.setPen(QColor("black"))
    painter.setFont(_font(SMALL_PT))
    footer = QRectF(x, area.bottom() - footer_h, width, footer_h)
    painter.drawText(
        footer,
        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
        f"{index + 1}/{len(doc.pages)}",
    )
    painter.drawText(
        footer,
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
        f"{doc.title}　{doc.shelter_name}　{doc.printed_at}",
    )


def paint_receipt(receipt: Receipt, painter: QPainter, area: QRectF, dpi: float, _: int) -> None:
    """The walk-in receipt: heading, shelter, date, members, the pass code."""
    pt = dpi / 72
    x, y, width = area.left(), area.top(), area.width()
    painter.setPen(QColor("black"))
    painter.setFont(_font(TITLE_PT + 4, bold=True))
    h = (TITLE_PT + 4) * 1.8 * pt
    painter.drawText(QRectF(x, y, width, h), Qt.AlignmentFlag.AlignCenter, receipt.title)
    y += h
    painter.setFont(_font(BODY_PT + 2))
    line_h = (BODY_PT + 2) * 1.8 * pt
    for text in (
        f"避難所：{receipt.shelter_name}",
        f"受付日時：{receipt.printed_at}",
        f"世帯番号：{receipt.household_id}",
    ):
        painter.drawText(QRectF(x, y, width, line_h), Qt.AlignmentFlag.AlignVCenter, text)
        y += line_h
    y += line_h / 2
    painter.setFont(_font(BODY_PT + 2, bold=True))
    painter.drawText(QRectF(x, y, width, line_h), Qt.AlignmentFlag.AlignVCenter, "登録した方")
    y += line_h
    for member in receipt.members:
        painter.setFont(_font(BODY_PT + 4, bold=True))
        painter.drawText(
            QRectF(x, y, width * 0.45, line_h), Qt.AlignmentFlag.AlignVCenter, member.name
        )
        painter.setFont(_font(BODY_PT + 2))
        painter.drawText(
            QRectF(x + width * 0.45, y, width * 0.55, line_h),
            Qt.AlignmentFlag.AlignVCenter,
            "　".join(t for t in (member.furigana, member.age, member.care) if t),
        )
        y += line_h
    y += line_h
    side = min(width * 0.5, area.bottom() - y - 4 * line_h)
    QrCode(receipt.pass_text).draw(painter, x + (width - side) / 2, y, side)
    y += side
    painter.setFont(_font(BODY_PT + 2))
    painter.drawText(
        QRectF(x, y, width, 2 * line_h),
        Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
        "次回からは入口でこのコードを見せるか、カードをかざしてください。\n"
        "この票は大切に保管してください。",
    )


def _layout(landscape: bool) -> QPageLayout:
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), orientation, margins, QPageLayout.Unit.Millimeter
    )


def paint(device: QPagedPaintDevice, pages: int, draw: Painter) -> None:
    """Draw ``pages`` pages on a printer or PDF writer whose page layout is already set."""
    dpi = float(device.logicalDpiY())
    area = QRectF(device.pageLayout().paintRectPixels(device.logicalDpiX()))
    area.moveTo(0, 0)  # the painter's origin is the printable area's corner
    painter = QPainter(device)
    try:
        for index in range(pages):
            if index:
                device.newPage()
            draw(painter, area, dpi, index)
    finally:
        painter.end()


def roster_painter(doc: RosterPrintout) -> Painter:
    """The roster's pages as a ``Painter``."""
    return lambda painter, area, dpi, index: paint_roster_page(doc, painter, area, dpi, index)


def receipt_painter(receipt: Receipt) -> Painter:
    """The receipt's page as a ``Painter``."""
    return lambda painter, area, dpi, index: paint_receipt(receipt, painter, area, dpi, index)


def document_title(doc: RosterPrintout | Receipt) -> str:
    """The name a document goes by in a PDF reader's title bar and a print queue: its Japanese
    heading and the shelter, like the paper form."""
    return f"{doc.title} {doc.shelter_name}"


def write_pdf(path: Path, pages: int, draw: Painter, landscape: bool, title: str) -> None:
    """Write the pages to an A4 PDF file titled ``title``."""
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(_layout(landscape))
    writer.setTitle(title)
    writer.setCreator("Kazasu")
    paint(writer, pages, draw)


def write_roster_pdf(doc: RosterPrintout, path: Path) -> None:
    """The roster as an A4 landscape PDF."""
    write_pdf(path, len(doc.pages), roster_painter(doc), True, document_title(doc))


def write_receipt_pdf(receipt: Receipt, path: Path) -> None:
    """The receipt as an A4 portrait PDF."""
    write_pdf(path, 1, receipt_painter(receipt), False, document_title(receipt))


def printer(landscape: bool, title: str) -> QPrinter:
    """A printer set up for A4 at the given orientation, for the print dialog to adjust;
    ``title`` names the job in the print queue."""
    device = QPrinter(QPrinter.PrinterMode.HighResolution)
    device.setPageLayout(_layout(landscape))
    device.setDocName(title)
    return device


def print_with_dialog(parent: QWidget, device: QPrinter, pages: int, draw: Painter) -> QPrintDialog:
    """Open Qt's print dialog; when accepted, print the pages on the chosen printer."""
    dialog = QPrintDialog(device, parent)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
    dialog.accepted.connect(lambda: paint(device, pages, draw))
    # Window-modal without a nested event loop: the screens keep serving their timers.
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    return dialog


def page_image(draw: Painter, index: int, landscape: bool, dpi: int) -> QImage:
    """One page as an image, drawn by the same code as the paper (for screenshots)."""
    layout = _layout(landscape)
    full = layout.fullRectPixels(dpi)
    image = QImage(full.width(), full.height(), QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        draw(painter, QRectF(layout.paintRectPixels(dpi)), float(dpi), index)
    finally:
        painter.end()
    return image


def main(argv: list[str] | None = None) -> int:
    """``python -m ui.printing roster --pdf FILE``: render the roster JSON read on stdin."""
    parser = argparse.ArgumentParser(prog="python -m ui.printing")
    parser.add_argument("document", choices=["roster"])
    parser.add_argument("--pdf", type=Path, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.boot import application

    application()
    doc = RosterPrintout.from_json(sys.stdin.read())
    write_roster_pdf(doc, args.pdf)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
