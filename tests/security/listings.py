"""Listings and scope: the listings page pages through every editable listing, an imported listing's
edit page warns that the next import replaces edits, and a scoped editor (ctx.scoped) sees and opens
only the listings of its sources."""

import re

from harness import OWN, Browser

TITLE = "listings and scope"


def run(ctx, check):
    """Paging the listings page, the imported-listing note, the scoped editor."""
    server, browsers, listing = ctx.server, ctx.browsers, ctx.values["listing"]
    # ---- The listings page pages through every editable listing ----
    status, _, page_one = browsers["directory_editor"].request(
        "GET", "/staff/sites/%s/listings" % OWN)
    check(status == 200 and "Showing 1–50 of 613" in page_one and 'id="next-page"' in page_one,
          "the first listings page: %s" % re.search(r'listing-count">([^<]*)', page_one))
    status, _, page_two = browsers["directory_editor"].request(
        "GET", "/staff/sites/%s/listings?q=&page=2" % OWN)
    first_ids = set(re.findall(r"/listings/([0-9a-f]{16})", page_one))
    second_ids = set(re.findall(r"/listings/([0-9a-f]{16})", page_two))
    check("Showing 51–100 of 613" in page_two and len(second_ids) == 50 and
          not first_ids & second_ids, "the second listings page repeats or misses listings")

    _, _, edit_page = browsers["directory_editor"].request(
        "GET", "/staff/sites/%s/listings/%s" % (OWN, listing))
    check('id="imported-note"' in edit_page and "the nwta feed" in edit_page,
          "an imported listing's edit page does not say the next import replaces edits")

    # ---- A scoped editor edits only its sources ----
    scoped = ctx.scoped = Browser(server)
    scoped.login("test.scoped")
    status, _, text = scoped.request("GET", "/staff/sites/%s/listings/%s" % (OWN, listing))
    check(status == 403 and "which you do not edit" in text,
          "a scoped editor opened a listing of another source: %d" % status)
    status, _, text = scoped.request("GET", "/staff/sites/%s/listings" % OWN)
    check(status == 200 and "No listings match" in text,
          "a scoped editor sees listings of other sources")

