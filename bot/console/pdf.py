"""PDFs for printing: run sheets and pick-up lists (the same text ``kiepe`` prints), settlements.

ReportLab with its built-in fonts (no system libraries, no font files): Courier for the sheets,
whose 80-column text is laid out already, Helvetica for the settlement table. The built-in fonts
speak Windows-1252 (umlauts, ß, €, en dash); anything beyond is replaced.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from ordering.payments import settlement

_REPLACE = {"─": "-", "═": "=", "…": "...", "✓": "x"}


def _printable(text: str) -> str:
    for old, new in _REPLACE.items():
        text = text.replace(old, new)
    return text.encode("cp1252", "replace").decode("cp1252")


def text_pdf(text: str, *, title: str) -> bytes:
    """A monospaced text (a run sheet, a pick-up list) on as many A4 pages as it needs."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    pdf.setTitle(_printable(title))
    pdf.setAuthor("Kiepe")
    width, height = A4
    size, leading, margin = 9, 11.5, 15 * mm
    lines = _printable(text).splitlines()
    per_page = int((height - 2 * margin) // leading)
    for start in range(0, max(len(lines), 1), per_page):
        body = pdf.beginText(margin, height - margin - size)
        body.setFont("Courier", size, leading)
        for line in lines[start:start + per_page]:
            body.textLine(line)
        pdf.drawText(body)
        pdf.setFont("Helvetica", 8)
        pdf.drawRightString(width - margin, margin / 2, f"Seite {start // per_page + 1}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def settlement_pdf(rows: list[settlement.SettlementRow], *, shop_name: str, date_from: date, date_to: date) -> bytes:
    """The settlement's rows and sum, as the CSV has them, on landscape A4."""
    out = io.BytesIO()
    title = f"Abrechnung {shop_name}, {date_from:%d.%m.%Y} bis {date_to:%d.%m.%Y}"
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=_printable(title), author="Kiepe")
    csv_text = io.StringIO()
    settlement.write_csv(rows, csv_text)  # the same cells as the CSV download, sum row included
    table_rows = [[_printable(cell) for cell in row] for row in csv.reader(io.StringIO(csv_text.getvalue()), delimiter=";")]
    columns = [row[:11] + row[12:] for row in table_rows]
    table = Table(columns, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", 7.5),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7.5),
        ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 7.5),
        ("ALIGN", (4, 1), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
        ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#eef3ef")]),
    ]))
    styles = getSampleStyleSheet()
    doc.build([Paragraph(_printable(title), styles["Heading2"]), table])
    return out.getvalue()
