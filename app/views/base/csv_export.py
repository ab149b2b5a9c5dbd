"""One way to answer with CSV: rows streamed from a generator a few hundred at a time, so a
million rows never sit in memory, as an attachment that no cache keeps. Every cell goes through
defusedcsv, so a citizen's name like `=HYPERLINK(...)` opens as text, never as a formula."""

from defusedcsv import csv
from flask import Response, stream_with_context

BATCH = 500
# defusedcsv quotes = + - @ | %; spreadsheets also start a formula after a leading tab or CR.
_CONTROL_STARTS = ("\t", "\r")


class _Lines:
    """csv.writer writes into this; `take` hands back what was written since the last call."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> str:
        text, self.parts = "".join(self.parts), []
        return text


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_CONTROL_STARTS):
        return "'" + value
    return value


def csv_response(filename: str, header: list[str], rows, byte_order_mark: bool = False):
    """`rows` yields lists of values (None is written empty). The byte-order mark makes
    spreadsheets read the UTF-8 of Hindi, Bengali and Persian names."""

    def lines():
        out = _Lines()
        writer = csv.writer(out)
        if byte_order_mark:
            out.write("\ufeff")
        writer.writerow([_cell(title) for title in header])
        for n, row in enumerate(rows, 1):
            writer.writerow([_cell(value) for value in row])
            if n % BATCH == 0:
                yield out.take()
        yield out.take()

    answer = Response(stream_with_context(lines()), mimetype="text/csv")
    answer.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    answer.headers["Cache-Control"] = "no-store"
    return answer
