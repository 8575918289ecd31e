"""Site-admin limits: a site admin adds staff (the password rules apply), sets passwords and gives roles
only for staff wholly at its site, never itself or a network admin, and makes tokens only for roles it
may; a token is shown once. Setting test.coach's password ends its session, so the coach's Browser is
signed in again at the end (ctx.browsers["coach"], ctx.tokens_csrf["coach"])."""

import re
import urllib.parse

from harness import OWN, PASSWORD, Browser

TITLE = "site-admin limits"


def run(ctx, check):
    """Staff management by a site admin and a network admin; tokens made in the console."""
    server, browsers, tokens_csrf = ctx.server, ctx.browsers, ctx.tokens_csrf
    admin = browsers["site_admin"]
    status, _, _ = admin.request("POST", "/staff/sites/%s/users" % OWN, urllib.parse.urlencode({
        "_csrf": tokens_csrf["site_admin"], "name": "test.added", "display_name": "Test Added",
        "role": "coach", "password": PASSWORD}))
    check(status == 303, "a site admin could not add a staff member: %d" % status)
    check(Browser(server).login("test.added")[0] == 303, "the added staff member cannot sign in")
    status, _, text = admin.request("POST", "/staff/sites/%s/users" % OWN, urllib.parse.urlencode({
        "_csrf": tokens_csrf["site_admin"], "name": "test.weak", "display_name": "Test Weak",
        "role": "coach", "password": "password1234"}))
    check(status == 422 and "common passwords" in text, "a common password was accepted: %d" % status)
    ids = dict(ctx.query("SELECT name, id FROM users"))
    for name, expect in (("test.twosites", 403), ("test.coach", 303)):
        status, _, _ = admin.request(
            "POST", "/staff/sites/%s/users/%s/password" % (OWN, ids[name]),
            urllib.parse.urlencode({"_csrf": tokens_csrf["site_admin"], "password": PASSWORD}))
        check(status == expect, "site admin sets %s's password: %d, expected %d" % (
            name, status, expect))
    status, _, _ = browsers["network_admin"].request(
        "POST", "/staff/sites/%s/users/%s/password" % (OWN, ids["test.twosites"]),
        urllib.parse.urlencode({"_csrf": tokens_csrf["network_admin"], "password": PASSWORD}))
    check(status == 303, "a network admin could not set a password: %d" % status)
    for label, path in (
            ("gives itself a role", "/staff/sites/%s/users/%s/roles" % (OWN, ids["test.site_admin"])),
            ("gives a role to someone also at another site",
             "/staff/sites/%s/users/%s/roles" % (OWN, ids["test.twosites"])),
            ("gives a role to a network admin",
             "/staff/sites/%s/users/%s/roles" % (OWN, ids["test.network_admin"]))):
        status, _, _ = admin.request("POST", path, urllib.parse.urlencode({
            "_csrf": tokens_csrf["site_admin"], "role": "directory_editor", "op": "add"}))
        check(status == 403, "a site admin %s: %d, not 403" % (label, status))
    status, _, text = admin.request("POST", "/staff/sites/%s/tokens" % OWN, urllib.parse.urlencode({
        "_csrf": tokens_csrf["site_admin"], "label": "test", "role": "directory_editor"}))
    check(status == 403, "a site admin made a token for a role it does not hold: %d" % status)
    status, _, text = admin.request("POST", "/staff/sites/%s/tokens" % OWN, urllib.parse.urlencode({
        "_csrf": tokens_csrf["site_admin"], "label": "Test ED referrals", "role": "referrer"}))
    check(status == 422 and "Choose the partner" in text,
          "a referrer token that acts for no partner was made: %d" % status)
    status, _, text = admin.request("POST", "/staff/sites/%s/tokens" % OWN, urllib.parse.urlencode({
        "_csrf": tokens_csrf["site_admin"], "label": "Test ED referrals", "role": "referrer",
        "partner": "test-partner"}))
    shown = re.search(r"<code>(rn_[A-Za-z0-9_-]+)</code>", text)
    check(status == 201 and shown, "a site admin could not make a referrer token: %d" % status)
    if shown:
        status, _, _ = server.request("GET", "/api/v1/me",
                                      {"Authorization": "Bearer " + shown.group(1)})
        check(status == 200, "the token shown once does not work: %d" % status)
        _, _, again = admin.request("GET", "/staff/sites/%s/tokens" % OWN)
        check(shown.group(1) not in again, "a token was shown a second time")
        # Unused, unrevoked tokens: each can be revoked, and no empty "last used" or "revoked".
        check(re.search(r"Test ED referrals</strong> · referrer for test-partner · made by", again)
              and "/revoke" in again and "last used  ·" not in again and "Revoked <" not in again,
              "the token list does not show the new token as active and revocable")
    # Setting test.coach's password ended its sessions: sign in again for later checks.
    browsers["coach"] = Browser(server)
    browsers["coach"].login("test.coach")
    tokens_csrf["coach"] = browsers["coach"].csrf()

