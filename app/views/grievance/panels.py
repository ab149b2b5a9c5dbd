"""The panels other modules add to a ticket's pages: at `grievance.ticket_panel` the staff's
ticket page (the channels module's conversation, the payments module's requests), at
`grievance.track_panel` the public tracking page (what is owed, the rating form). A panel
shows what its reader may see; a disabled module adds none."""

from collections.abc import Callable
from dataclasses import dataclass

from app import modules


@dataclass(frozen=True)
class TicketPanel:
    """`template` is included in the ticket page with `panel` = what `context(ticket)` gave;
    None from `context` shows nothing. `column`: "main" (under the timeline) or "side"."""

    template: str
    context: Callable
    column: str = "main"


def for_ticket(ticket, point: str = "grievance.ticket_panel") -> dict[str, list[dict]]:
    """The panels added at `point` (the staff's ticket page, or "grievance.track_panel": the
    public tracking page) that have something to show, by column."""
    shown: dict[str, list[dict]] = {"main": [], "side": []}
    for panel in modules.additions(point).values():
        data = panel.context(ticket)
        if data is not None:
            shown[panel.column].append({"template": panel.template, "data": data})
    return shown
