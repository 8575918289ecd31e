"""CSRF and Origin: a console form without the session's token, with a wrong one or another session's,
or from a foreign Origin is refused (403) and changes nothing; the right token and Origin pass; the
sign-in form needs its double-submit cookie."""

import urllib.parse

from harness import OWN, PASSWORD, Browser

TITLE = "CSRF and Origin"


def run(ctx, check):
    """Closing a listing with and without the right token and Origin; sign-in without its cookie."""
    server, browsers, tokens_csrf = ctx.server, ctx.browsers, ctx.tokens_csrf
    listing = ctx.values["listing"]
    editor = browsers["directory_editor"]
    target = "/staff/sites/%s/listings/%s/close" % (OWN, listing)
    before = server.request("GET", "/api/v1/meetings/" + listing)[2]
    for label, body, headers in [
            ("no token", "", {}),
            ("a wrong token", "_csrf=not-the-token", {}),
            ("another session's token", "_csrf=" + tokens_csrf["coach"], {}),
            ("a foreign Origin", "_csrf=" + tokens_csrf["directory_editor"],
             {"Origin": "https://evil.example"})]:
        status, _, text = editor.request("POST", target, body, headers)
        check(status == 403 and "expired or came from another site" in text,
              "close with %s: %d, not 403" % (label, status))
    check(server.request("GET", "/api/v1/meetings/" + listing)[2] == before,
          "a rejected form changed the listing")
    status, _, _ = editor.request("POST", target, "_csrf=" + tokens_csrf["directory_editor"],
                                  {"Origin": "http://127.0.0.1:%d" % server.port})
    check(status == 303, "close with the right token and Origin: %d" % status)
    editor.request("POST", target.replace("/close", "/reopen"),
                   "_csrf=" + tokens_csrf["directory_editor"])
    stranger = Browser(server)
    status, _, _ = stranger.request(
        "POST", "/staff/login",
        urllib.parse.urlencode({"_csrf": "x", "name": "test.coach", "password": PASSWORD}))
    check(status == 403 and "rn_session" not in stranger.cookies,
          "sign-in without its form cookie: %d" % status)

