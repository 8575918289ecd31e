"""Re-running an import from the console: the feed fetched from its saved address (the feed server on
this machine), the diff first, applied only when asked and only once; an uploaded feed; a scoped
editor is neither offered nor allowed another source."""

import json
import os
import re
import urllib.parse

from harness import OWN, listing_id_of

TITLE = "imports"


def run(ctx, check):
    """Fetch, preview, apply, apply twice, upload; the scoped editor."""
    server, browsers, tokens_csrf, scoped = ctx.server, ctx.browsers, ctx.tokens_csrf, ctx.scoped
    feeds, feed_server = ctx.feeds, ctx.feed_server
    original = json.load(open(os.path.join(ctx.fixtures, "meeting-feeds", "nwta.test.json")))
    changed = json.loads(json.dumps(original))
    renamed_slug, removed = changed[0]["slug"], changed.pop(1)
    changed[0]["name"] = "Test Renamed Group"
    added = dict(changed[2], slug="test-new", name="Test New Group")
    changed.append(added)
    json.dump(changed, open(os.path.join(feeds, "feed.json"), "w"))
    editor = browsers["directory_editor"]
    csrf = tokens_csrf["directory_editor"]
    imports = "/staff/sites/%s/imports" % OWN
    status, _, _ = editor.request("POST", imports + "/nwta/url", urllib.parse.urlencode({
        "_csrf": csrf, "url": "http://127.0.0.1:%d/feed.json" % feed_server.server_port}))
    check(status == 303, "saving the feed address: %d" % status)
    status, _, page = editor.request("POST", imports + "/nwta/preview", "_csrf=" + csrf)
    check(status == 200 and "Test New Group" in page and "Test Renamed Group" in page and
          removed["name"] in page and 'id="apply-import"' in page,
          "the fetched feed's preview: %d %s" % (status, re.sub(r"<[^>]+>", " ", page)[:300]))
    renamed_id = listing_id_of("nwta", renamed_slug)
    check(json.loads(server.request("GET", "/api/v1/meetings/" + renamed_id)[2])["name"] !=
          "Test Renamed Group", "the preview changed the directory")
    pending = re.search(r'name="pending" value="([0-9a-f]+)"', page)
    status, _, _ = editor.request("POST", imports + "/nwta/apply", urllib.parse.urlencode({
        "_csrf": csrf, "pending": pending.group(1) if pending else ""}))
    check(status == 303, "applying the import: %d" % status)
    check(json.loads(server.request("GET", "/api/v1/meetings/" + renamed_id)[2])["name"] ==
          "Test Renamed Group", "the applied import is not in the finder")
    check(server.request("GET", "/api/v1/meetings/" +
                         listing_id_of("nwta", str(removed["slug"])))[0] == 404,
          "the row gone from the feed is still listed")
    status, _, _ = editor.request("POST", imports + "/nwta/apply", urllib.parse.urlencode({
        "_csrf": csrf, "pending": pending.group(1) if pending else ""}))
    check(status == 409, "a preview was applied twice: %d" % status)
    # The original feed uploaded as a file puts everything back.
    boundary = "----TestBoundary7"
    body = ("--%s\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n%s\r\n"
            "--%s\r\nContent-Disposition: form-data; name=\"feed\"; filename=\"nwta.json\"\r\n"
            "Content-Type: application/json\r\n\r\n%s\r\n--%s--\r\n") % (
                boundary, csrf, boundary, json.dumps(original), boundary)
    status, _, page = editor.request("POST", imports + "/nwta/preview", body.encode(), {
        "Content-Type": "multipart/form-data; boundary=" + boundary})
    pending = re.search(r'name="pending" value="([0-9a-f]+)"', page)
    check(status == 200 and pending and "Test New Group" in page,
          "the uploaded feed's preview: %d" % status)
    status, _, _ = editor.request("POST", imports + "/nwta/apply", urllib.parse.urlencode({
        "_csrf": csrf, "pending": pending.group(1) if pending else ""}))
    check(status == 303 and json.loads(server.request(
        "GET", "/api/v1/meetings/" + renamed_id)[2])["name"] == original[0]["name"],
          "the uploaded feed was not applied: %d" % status)
    status, _, page = scoped.request("GET", imports)
    check(status == 200 and 'id="source-nwta"' not in page,
          "a scoped editor is offered a source outside its scope")
    status, _, _ = scoped.request("POST", imports + "/nwta/preview", "_csrf=" + scoped.csrf())
    check(status == 403, "a scoped editor previewed another source: %d" % status)

