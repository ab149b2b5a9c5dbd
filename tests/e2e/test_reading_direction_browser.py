"""In Chromium, a Persian page lays left-to-right runs out left to right: the postman's address
and masked phone, a citizen's phone and an English note on the ticket page."""

import pytest

from app.extensions import db
from app.services.grievance import tickets
from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot
from tests.grievance_helpers import new_ticket
from tests.postal_helpers import book

pytestmark = pytest.mark.browser

# Where the first `length` characters of `needle` (found at `offset` in it) start on screen.
LEFT_OF = """([selector, needle, offset, length]) => {
  const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
  let text = "", nodes = [];
  while (walker.nextNode()) {
    nodes.push([walker.currentNode, text.length]);
    text += walker.currentNode.data;
  }
  const at = text.indexOf(needle);
  if (at < 0) return null;
  const range = document.createRange();
  const place = (index) => { for (const [node, start] of nodes) {
      if (index <= start + node.data.length) return [node, index - start]; } };
  range.setStart(...place(at + offset));
  range.setEnd(...place(at + offset + length));
  return range.getBoundingClientRect().left;
}"""


@pytest.fixture()
def persian(browser):
    context = browser.new_context(viewport={"width": 400, "height": 800}, locale="fa")
    yield context
    context.close()


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/?lang=fa")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.locator("form [type=submit]").click()
    page.wait_for_url(f"{base}/")


def left(page, selector: str, needle: str, offset: int = 0, length: int | None = None) -> float:
    found = page.evaluate(LEFT_OF, [selector, needle, offset, length or len(needle) - offset])
    assert found is not None, (selector, needle)
    return found


def test_the_postmans_address_and_phone_read_left_to_right(app, persian, live_server):
    with app.app_context():
        article = book(ward=4, mobile="+919812340611", language="fa")
        article.address = "12 MG Road, Palasia"
        db.session.commit()
        card = f"#article-{article.id}"
    page = persian.new_page()
    log_in(page, live_server, "postman1")
    page.goto(f"{live_server}/postman/")
    address = "12 MG Road, Palasia"
    assert left(page, card, address, 0, 2) < left(page, card, address, 3, 2)  # "12" before "MG"
    assert left(page, card, address, 3, 2) < left(page, card, address, 12)  # "MG" … "Palasia"
    masked = "+91 •••••••611"
    assert left(page, card, masked, 0, 3) < left(page, card, masked, 11)  # "+91" … "611"
    screenshot(page, "postman-fa-bidi")


def test_a_phone_and_an_english_note_keep_their_order_on_the_ticket_page(
    app, persian, live_server, inline_jobs
):
    with app.app_context():
        ticket = new_ticket("DRAIN", ward=3, phone="+919812345601")
        tickets.transition(ticket, "acknowledged", note="Team sent.")
        pk = ticket.id
    page = persian.new_page()
    log_in(page, live_server, "clerk_water")
    page.goto(f"{live_server}/ticketview/show/{pk}")
    phone = "+919812345601"
    panel = ".janseva-ticket .col-md-5"
    assert left(page, panel, phone, 0, 1) < left(page, panel, phone, 10)  # "+" before "601"
    note = "Team sent."
    timeline = ".janseva-timeline"
    assert left(page, timeline, note, 0, 4) < left(page, timeline, note, 9, 1)  # "." at the end
    screenshot(page, "ticket-fa-bidi")
