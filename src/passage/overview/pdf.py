"""The overview as a printable A4 PDF with charts (reportlab; pure: overview dict in, bytes out)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import BaseDocTemplate

TITLE = "Global Mobility Restriction Overview"
BRAND = colors.HexColor("#1f4e79")
LEVEL_COLOURS = ["#cfe8cf", "#fde8a6", "#f7b267", "#e4572e", "#9b1d20", "#bbbbbb"]
POE_COLOURS = {
    "fully_operational": "#2e7d32",
    "partially_operational": "#f9a825",
    "closed": "#c62828",
    "no_data": "#bdbdbd",
}
MAX_STALE_ROWS = 30
WIDTH = A4[0] - 36 * mm
STYLES = getSampleStyleSheet()
SMALL = ParagraphStyle("small", parent=STYLES["BodyText"], fontSize=8, leading=10)


def _is_number(value: Any) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def _table(header: list[str], body: list[list[Any]], widths: list[float] | None = None) -> Table:
    """A table with a bold header row; columns holding only numbers are right-aligned."""
    data = [header] + [["" if cell is None else str(cell) for cell in row] for row in body]
    style = [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8d0da")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for column in range(len(header)):
        if body and all(_is_number(row[column]) for row in body):
            style.append(("ALIGN", (column, 0), (column, -1), "RIGHT"))
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


def _hbar(labels: list[str], values: list[int], colour: str = "#1f4e79") -> Drawing:
    """A horizontal bar chart, one bar per label."""
    height = 16 * len(labels) + 30
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 15, WIDTH - 190, height - 25
    chart.data = [values or [0]]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.reverseDirection = True
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 8
    chart.bars[0].fillColor = colors.HexColor(colour)
    chart.barLabelFormat = "%d"
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _level_chart(levels: list[dict[str, Any]]) -> Drawing:
    """Countries per level 0-4 and without data, each bar in its level colour."""
    drawing = Drawing(WIDTH, 150)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, WIDTH - 60, 105
    chart.data = [[row["countries"] for row in levels]]
    chart.categoryAxis.categoryNames = [
        "No data" if row["level"] is None else f"Level {row['level']}" for row in levels
    ]
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 8
    chart.barLabelFormat = "%d"
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    for index, colour in enumerate(LEVEL_COLOURS[: len(levels)]):
        chart.bars[(0, index)].fillColor = colors.HexColor(colour)
    drawing.add(chart)
    return drawing


def _poe_pie(by_status: list[dict[str, Any]]) -> Drawing:
    """POEs by status on the date as a pie with a legend (a note when nothing is known)."""
    drawing = Drawing(WIDTH, 130)
    shown = [row for row in by_status if row["count"]]
    if not shown:
        drawing.add(String(10, 60, "No points of entry recorded.", fontSize=9))
        return drawing
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 10, 5, 120, 120
    pie.data = [row["count"] for row in shown]
    pie.slices.strokeColor = colors.white
    legend = Legend()
    legend.x, legend.y, legend.alignment = 160, 110, "right"
    legend.fontName, legend.fontSize, legend.columnMaximum = "Helvetica", 9, 4
    legend.colorNamePairs = []
    for index, row in enumerate(shown):
        colour = colors.HexColor(POE_COLOURS.get(row["key"], "#607d8b"))
        pie.slices[index].fillColor = colour
        legend.colorNamePairs.append((colour, f"{row['label']}: {row['count']}"))
    drawing.add(pie)
    drawing.add(legend)
    return drawing


def _heading(text: str) -> Paragraph:
    return Paragraph(text, STYLES["Heading2"])


def _key_figures(overview: dict[str, Any]) -> list[Flowable]:
    totals, poes, freshness = overview["totals"], overview["poes"], overview["freshness"]
    share = "n/a" if poes["updated_share"] is None else f"{poes['updated_share']}%"
    rows = [
        ["Measures in force", totals["measures_in_force"]],
        ["Countries with data", f"{totals['countries_with_data']} of {totals['countries']}"],
        ["Countries without data (not 'no restriction')", totals["countries_without_data"]],
        ["Points of entry with a status report", f"{poes['reported']} of {poes['total']}"],
        [f"POEs updated in the {freshness['days']} days before the date", share],
        [
            "Measures not verified for over {} days".format(overview["stale_days"]),
            overview["stale"]["measures"],
        ],
    ]
    return [_heading("Key figures"), _table(["Figure", "Value"], rows, [120 * mm, 40 * mm])]


def _measures(overview: dict[str, Any]) -> list[Flowable]:
    classes = overview["by_class"]
    types = [row for row in overview["by_type"] if row["count"]] or overview["by_type"][:1]
    return [
        KeepTogether(
            [
                _heading("Measures in force by class"),
                _hbar([r["label"] for r in classes], [r["count"] for r in classes]),
            ]
        ),
        KeepTogether(
            [
                _heading("Measures in force by type"),
                _hbar([r["label"] for r in types], [r["count"] for r in types], "#4f81bd"),
            ]
        ),
    ]


def _regions(overview: dict[str, Any]) -> list[Flowable]:
    regions = overview["by_region"]
    body = [
        [
            r["region"],
            r["measures"],
            f"{r['countries_with_data']} / {r['countries']}",
            r["highest_level"],
        ]
        for r in regions
    ]
    return [
        KeepTogether(
            [
                _heading("By region of the imposing country (UN M49)"),
                _hbar([r["region"] for r in regions], [r["measures"] for r in regions], "#6a8caf"),
                _table(["Region", "Measures", "Countries with data", "Highest level"], body),
            ]
        )
    ]


def _levels_and_countries(overview: dict[str, Any]) -> list[Flowable]:
    body = [
        [r["rank"], f"{r['name']} ({r['country']})", r["region"], r["level"], r["measures"]]
        for r in overview["most_restrictive"]
    ]
    return [
        KeepTogether(
            [
                _heading("Countries by entry-restriction level (0-4, comparable with OxCGRT C8)"),
                _level_chart(overview["levels"]),
            ]
        ),
        _heading("Most restrictive countries"),
        _table(["#", "Country", "Region", "Level", "Measures"], body)
        if body
        else Paragraph("No measures in force on this date.", STYLES["BodyText"]),
    ]


def _changes(overview: dict[str, Any]) -> list[Flowable]:
    windows = overview["changes"].values()
    header = ["Since", "New", "Changed", "Lifted", "Ended otherwise"]
    body = [[w["since"], w["new"], w["changed"], w["lifted"], w["expired"]] for w in windows]
    return [KeepTogether([_heading("Measures new, changed and lifted"), _table(header, body)])]


def _poes(overview: dict[str, Any]) -> list[Flowable]:
    rows = overview["poes"]["by_status"]
    return [
        KeepTogether(
            [
                _heading("Points of entry by status"),
                _poe_pie(rows),
                _table(["Status", "POEs"], [[r["label"], r["count"]] for r in rows]),
            ]
        )
    ]


def _stale(overview: dict[str, Any]) -> list[Flowable]:
    stale = overview["stale"]
    rows = stale["countries"]
    intro = (
        f"In-force measures last verified before {stale['verified_before']} "
        f"(or never): {stale['measures']}."
    )
    flow: list[Flowable] = [
        _heading("Countries with stale data"),
        Paragraph(intro, STYLES["BodyText"]),
    ]
    if rows:
        body = [
            [
                f"{r['name']} ({r['country']})",
                r["stale"],
                r["measures"],
                r["last_verified_on"] or "never",
            ]
            for r in rows[:MAX_STALE_ROWS]
        ]
        flow.append(_table(["Country", "Stale", "In force", "Last verified"], body))
    if len(rows) > MAX_STALE_ROWS:
        flow.append(Paragraph(f"... and {len(rows) - MAX_STALE_ROWS} more countries.", SMALL))
    return flow


def _note(overview: dict[str, Any]) -> list[Flowable]:
    freshness = overview["freshness"]
    measures = freshness["measures_verified_share"]
    poes = freshness["poes_updated_share"]
    text = (
        f"Sources: {overview['sources']} Data freshness: "
        f"{'n/a' if measures is None else f'{measures}%'} of the measures in force were verified "
        f"and {'n/a' if poes is None else f'{poes}%'} of points of entry updated in the "
        f"{freshness['days']} days before {overview['date']}. Generated {overview['generated_at']}."
    )
    return [_heading("Sources and data freshness"), Paragraph(escape(text), STYLES["BodyText"])]


def _footer(canvas: Canvas, document: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.setFillColor(colors.grey)
    canvas.drawString(18 * mm, 10 * mm, f"{TITLE} · {document.title_date} · Passage")
    canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {canvas.getPageNumber()}")
    canvas.restoreState()


def render_pdf(overview: dict[str, Any]) -> bytes:
    """The overview as an A4 PDF: key figures, charts, tables, sources and freshness."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=f"{TITLE} {overview['date']}",
        author="Passage",
        invariant=True,
    )
    document.title_date = overview["date"]
    story: list[Flowable] = [
        Paragraph(TITLE, STYLES["Title"]),
        Paragraph(f"Situation on {overview['date']}", STYLES["Heading3"]),
        Spacer(1, 4 * mm),
    ]
    for section in (
        _key_figures,
        _measures,
        _regions,
        _levels_and_countries,
        _changes,
        _poes,
        _stale,
        _note,
    ):
        story.extend(section(overview))
    document.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()
