#!/usr/bin/env python3
"""Security tests for staff accounts and the staff console, against a real server process (issue 5).

Sets up a database with the CLI (two sites, one user per role, API tokens, the nwta feed, a
correction from the public), starts `recoverynet serve`, and checks:
  - that every route `recoverynet routes` lists is in matrix.json with the access it declares;
  - the permission matrix: every protected route x every role (by session, and by API token where
    the route is an API route) x own site / other site -> allowed or denied as matrix.json says;
  - requests without credentials, tokens on pages, session fixation, cookie flags, CSRF and Origin
    rejection, logout and logout everywhere, a disabled user, idle and absolute expiry (a second
    server with short limits), revoked tokens, sign-in throttling, oversize requests, security
    headers, re-running an import (fetched from a feed server on this machine, and uploaded: the
    diff first, applied only when asked, once), and the audit trail (denials and sign-ins
    recorded, chain intact, no password in it).
Prints one line per failure and a summary. Standard library only.

  python3 tests/security/run.py --binary build/recoverynet --fixtures testdata [--keep]
"""

import argparse
import http.client
import http.server
import threading
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cli"))
from checks import Checks, clean_env  # noqa: E402

PASSWORD = "security test passphrase 42"
SITE_ROLES = ["coach", "supervisor", "site_admin", "referrer", "directory_editor"]
NETWORK_ROLES = ["network_admin", "network_analyst"]
OWN, OTHER = "north", "south"


class Server:
    """A `recoverynet serve` process on a free port."""

    def __init__(self, binary, db, workdir, *extra):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log = open(os.path.join(workdir, "server-%d.log" % self.port), "w+")
        self.process = subprocess.Popen(
            [binary, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "warn", *extra],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=workdir, env=clean_env())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/readyz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server not ready")

    def request(self, method, target, headers=None, body=None):
        """Status, lower-cased headers (Set-Cookie kept as a list) and the body as text."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, target, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read().decode("utf-8", "replace")
            headers = {}
            for key, value in response.getheaders():
                key = key.lower()
                if key == "set-cookie":
                    headers.setdefault(key, []).append(value)
                else:
                    headers[key] = value
            return response.status, headers, data
        finally:
            connection.close()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def cookie_from(headers, name):
    """The value a response sets for cookie `name`, or None."""
    for line in headers.get("set-cookie", []):
        key, _, rest = line.partition("=")
        if key == name:
            return rest.split(";", 1)[0]
    return None


class Browser:
    """One person's cookies against a server."""

    def __init__(self, server):
        self.server = server
        self.cookies = {}

    def request(self, method, target, body=None, headers=None):
        all_headers = dict(headers or {})
        if self.cookies:
            all_headers["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if body is not None:
            all_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        status, response_headers, text = self.server.request(method, target, all_headers, body)
        for line in response_headers.get("set-cookie", []):
            key, _, rest = line.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in line:
                self.cookies.pop(key, None)
            else:
                self.cookies[key] = value
        return status, response_headers, text

    def login(self, name, password=PASSWORD, headers=None):
        """Fetches the sign-in form and posts it, both with `headers`."""
        status, _, page = self.request("GET", "/staff/login", headers=headers)
        token = re.search(r'name="_csrf" value="([^"]*)"', page)
        body = urllib.parse.urlencode({"_csrf": token.group(1) if token else "", "name": name,
                                       "password": password, "next": "/staff"})
        return self.request("POST", "/staff/login", body, headers)

    def csrf(self):
        """The session's CSRF token, read from the sign-out form every staff page has."""
        _, _, page = self.request("GET", "/staff/sites/%s" % OWN)
        found = re.search(r'name="_csrf" value="([^"]*)"', page)
        if not found:
            _, _, page = self.request("GET", "/staff")
            found = re.search(r'name="_csrf" value="([^"]*)"', page)
        return found.group(1) if found else ""


def listing_id_of(source, slug):
    """The documented stable id (listing.h MakeListingId): FNV-1a 64 of source + NUL + slug."""
    value = 0xCBF29CE484222325
    for byte in (source + "\0" + str(slug)).encode():
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % value


def session_cookie(headers):
    """The Set-Cookie line a response sends for rn_session, or ''."""
    return next((l for l in headers.get("set-cookie", []) if l.startswith("rn_session=")), "")


def signed_out(status, headers):
    return status == 303 and headers.get("location", "").startswith("/staff/login")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    matrix = json.load(open(os.path.join(HERE, "matrix.json")))
    check = Checks("security_tests")
    workdir = tempfile.mkdtemp(prefix="rn-security-")
    db = os.path.join(workdir, "security.db")

    def cli(*argv, stdin=None):
        return subprocess.run([binary, "--db", db, "--log-level", "warn", *argv], input=stdin,
                              capture_output=True, text=True, env=clean_env())

    # ---- Setup: sites, one user per role, tokens, a feed, a correction ----
    for site in (OWN, OTHER):
        cli("site", "add", site, "--name", "Test %s site" % site.title())
    for role in SITE_ROLES:
        cli("user", "add", "test." + role, "--display-name", "Test " + role, "--role", role,
            "--site", OWN, stdin=PASSWORD + "\n")
    for role in NETWORK_ROLES:
        cli("user", "add", "test." + role, "--display-name", "Test " + role, "--role", role,
            stdin=PASSWORD + "\n")
    cli("user", "add", "test.scoped", "--display-name", "Test scoped editor", "--role",
        "directory_editor", "--site", OWN, "--scope", "another-source", stdin=PASSWORD + "\n")
    for name in ("test.throttled", "test.fixation", "test.everywhere", "test.disabled",
                 "test.twosites"):
        cli("user", "add", name, "--display-name", "Test person", "--role", "coach", "--site", OWN,
            stdin=PASSWORD + "\n")
    cli("user", "set-role", "test.twosites", "--role", "coach", "--site", OTHER)
    tokens = {}
    for role in SITE_ROLES:
        made = cli("token", "create", "--site", OWN, "--role", role, "--label", "test " + role)
        check(made.returncode == 0 and made.stdout.startswith("rn_"),
              "token create %s: %s" % (role, made.stderr.strip()))
        tokens[role] = made.stdout.strip()
    imported = cli("import", "meeting-guide",
                   os.path.join(args.fixtures, "meeting-feeds", "nwta.test.json"),
                   "--source", "nwta", "--timezone", "America/Chicago")
    check(imported.returncode == 0, "import: " + imported.stderr.strip())

    # The feed server for the console's "fetch from the feed's address" (on this machine, hence
    # --allow-private-feed-urls).
    feeds = os.path.join(workdir, "feeds")
    os.makedirs(feeds)
    class FeedHandler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=feeds, **k)

        def log_message(self, *a):
            pass

    feed_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    threading.Thread(target=feed_server.serve_forever, daemon=True).start()

    # 127.0.0.1 stands for the reverse proxy: its X-Forwarded-Proto is believed.
    server = Server(binary, db, workdir, "--allow-private-feed-urls", "--trusted-proxy", "127.0.0.1")
    try:
        _, _, text = server.request("GET", "/api/v1/meetings?limit=1")
        listing = json.loads(text)["items"][0]["id"]
        status, _, _ = server.request(
            "POST", "/meetings/%s/corrections" % listing,
            {"Content-Type": "application/x-www-form-urlencoded"},
            "field=time&details=It+starts+at+seven+now")
        check(status == 303, "the public correction was not accepted (%d)" % status)
        correction = json.loads(cli("corrections", "list", "--json").stdout)[0]["id"]
        values = {"listing": listing, "correction": correction}

        def fill(path, site):
            return path.replace("{site}", site).replace("{listing}", values["listing"]).replace(
                "{correction}", str(values["correction"]))

        # ---- Every route is declared, and declared as the matrix says ----
        listed = cli("routes").stdout.split("\n")
        declared = {}
        for line in filter(None, listed):
            method, pattern, access = line.split(" ")
            declared["%s %s" % (method, pattern)] = access
        expected = {key: "public" for key in matrix["public"]}
        expected.update({"%s %s" % (r["method"], r["pattern"]): "signed-in"
                         for r in matrix["signed_in"]})
        expected.update({"%s %s" % (r["method"], r["pattern"]): r["access"]
                         for r in matrix["routes"]})
        for key, access in declared.items():
            check(expected.get(key) == access,
                  "route %s declares %s; matrix.json says %s" % (key, access, expected.get(key)))
        for key in expected:
            check(key in declared, "matrix.json lists %s, which the server does not have" % key)

        # ---- Without credentials: pages go to sign-in, the API answers 401 ----
        for route in matrix["routes"] + [r for r in matrix["signed_in"] if r["path"]]:
            path = fill(route["path"], OWN)
            status, headers, body = server.request(route["method"], path,
                                                   {"Content-Type":
                                                    "application/x-www-form-urlencoded"},
                                                   route.get("body", ""))
            where = "%s %s without credentials" % (route["method"], path)
            if path.startswith("/api/"):
                check(status == 401, "%s: %d, not 401" % (where, status))
                check(headers.get("www-authenticate", "").startswith("Bearer"),
                      where + ": no WWW-Authenticate")
                check(headers.get("content-type") == "application/problem+json",
                      where + ": not problem+json")
            else:
                check(signed_out(status, headers), "%s: %d, not a redirect to sign-in" % (
                    where, status))
                if route["method"] == "GET":
                    check(urllib.parse.quote(path, safe="") in headers.get("location", "") or
                          urllib.parse.quote_plus(path, safe="") in headers.get("location", ""),
                          where + ": the sign-in link does not come back here")

        # ---- The matrix, by session ----
        browsers = {}
        for role in SITE_ROLES + NETWORK_ROLES:
            browser = Browser(server)
            status, headers, _ = browser.login("test." + role)
            check(status == 303 and "rn_session" in browser.cookies,
                  "test.%s could not sign in (%d)" % (role, status))
            browsers[role] = browser
        tokens_csrf = {role: browsers[role].csrf() for role in browsers}

        def allowed(role, permission, site):
            if role not in matrix["permissions"][permission]:
                return False
            return role in matrix["network_roles"] or site == OWN

        for route in matrix["routes"]:
            permission = route["access"].split(":", 1)[1]
            for role in SITE_ROLES + NETWORK_ROLES:
                for site in (OWN, OTHER):
                    browser = browsers[role]
                    path = fill(route["path"], site)
                    body = None
                    if route["method"] == "POST":
                        body = "_csrf=%s&%s" % (tokens_csrf[role], route.get("body", ""))
                    status, headers, text = browser.request(route["method"], path, body)
                    where = "%s %s as %s (session)" % (route["method"], path, role)
                    if allowed(role, permission, site):
                        check(status in route["allowed"],
                              "%s: %d, expected %s" % (where, status, route["allowed"]))
                    else:
                        check(status == 403, "%s: %d, expected 403" % (where, status))
                        if path.startswith("/api/"):
                            check(headers.get("content-type") == "application/problem+json",
                                  where + ": the denial is not problem+json")
                        else:
                            check("Not allowed" in text, where + ": not the plain refusal page")
        for route in matrix["signed_in"]:
            if not route["path"]:
                continue
            for role in SITE_ROLES + NETWORK_ROLES:
                status, _, _ = browsers[role].request(route["method"], route["path"])
                check(status in route["allowed"],
                      "%s %s as %s: %d" % (route["method"], route["path"], role, status))

        # ---- The matrix, by API token: API routes only; pages do not take tokens ----
        for route in matrix["routes"]:
            permission = route["access"].split(":", 1)[1]
            for role, token in tokens.items():
                for site in (OWN, OTHER):
                    path = fill(route["path"], site)
                    status, headers, _ = server.request(
                        route["method"], path,
                        {"Authorization": "Bearer " + token,
                         "Content-Type": "application/x-www-form-urlencoded"},
                        route.get("body", "") if route["method"] == "POST" else None)
                    where = "%s %s as a %s token" % (route["method"], path, role)
                    if not path.startswith("/api/"):
                        check(signed_out(status, headers), "%s: %d, a token opened a page" % (
                            where, status))
                    elif allowed(role, permission, site):
                        check(status in route["allowed"], "%s: %d" % (where, status))
                    else:
                        check(status == 403, "%s: %d, expected 403" % (where, status))
        status, _, text = server.request("GET", "/api/v1/me",
                                         {"Authorization": "Bearer " + tokens["referrer"]})
        check(status == 200 and json.loads(text).get("via") == "token" and
              json.loads(text)["roles"] == [{"role": "referrer", "site": OWN}],
              "GET /api/v1/me with the referrer token: %d %s" % (status, text[:200]))
        status, _, _ = server.request("GET", "/api/v1/me",
                                      {"Authorization": "Bearer rn_not-a-real-token"})
        check(status == 401, "an unknown token: %d, not 401" % status)

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
        scoped = Browser(server)
        scoped.login("test.scoped")
        status, _, text = scoped.request("GET", "/staff/sites/%s/listings/%s" % (OWN, listing))
        check(status == 403 and "which you do not edit" in text,
              "a scoped editor opened a listing of another source: %d" % status)
        status, _, text = scoped.request("GET", "/staff/sites/%s/listings" % OWN)
        check(status == 200 and "No listings match" in text,
              "a scoped editor sees listings of other sources")

        # ---- Staff management: a site admin manages only staff wholly at its site ----
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
        ids = dict(sqlite3.connect(db).execute("SELECT name, id FROM users").fetchall())
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
        shown = re.search(r"<code>(rn_[A-Za-z0-9_-]+)</code>", text)
        check(status == 201 and shown, "a site admin could not make a referrer token: %d" % status)
        if shown:
            status, _, _ = server.request("GET", "/api/v1/me",
                                          {"Authorization": "Bearer " + shown.group(1)})
            check(status == 200, "the token shown once does not work: %d" % status)
            _, _, again = admin.request("GET", "/staff/sites/%s/tokens" % OWN)
            check(shown.group(1) not in again, "a token was shown a second time")
        # Setting test.coach's password ended its sessions: sign in again for later checks.
        browsers["coach"] = Browser(server)
        browsers["coach"].login("test.coach")
        tokens_csrf["coach"] = browsers["coach"].csrf()

        # ---- Re-running an import: a diff first, applied only when asked ----
        original = json.load(open(os.path.join(args.fixtures, "meeting-feeds", "nwta.test.json")))
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

        # ---- Session cookies: flags and fixation ----
        victim = Browser(server)
        victim.cookies["rn_session"] = "attacker-chosen-value"
        status, headers, _ = victim.login("test.fixation")
        issued = cookie_from(headers, "rn_session")
        check(issued and issued != "attacker-chosen-value",
              "sign-in kept a session id the client chose")
        line = session_cookie(headers)
        check("HttpOnly" in line and "SameSite=Lax" in line and "Path=/" in line,
              "session cookie flags: " + line)
        check("Secure" not in line, "Secure set on a plain-HTTP sign-in")
        # A browser that already holds a valid session (say one an attacker planted) signs in:
        # the session is replaced, and the old one ends.
        old = victim.cookies["rn_session"]
        form = Browser(server)
        _, _, page = form.request("GET", "/staff/login")
        victim.cookies["rn_login"] = form.cookies["rn_login"]
        status, _, _ = victim.request("POST", "/staff/login", urllib.parse.urlencode({
            "_csrf": re.search(r'name="_csrf" value="([^"]*)"', page).group(1),
            "name": "test.fixation", "password": PASSWORD}))
        check(status == 303 and victim.cookies["rn_session"] != old,
              "a sign-in over a valid session did not rotate it (%d)" % status)
        status, headers, _ = server.request("GET", "/staff", {"Cookie": "rn_session=" + old})
        check(signed_out(status, headers), "the session replaced at sign-in still works")
        _, headers, _ = Browser(server).login("test.coach", headers={"X-Forwarded-Proto": "https"})
        line = session_cookie(headers)
        check("; Secure" in line, "no Secure flag behind TLS: " + line)

        # ---- CSRF and Origin ----
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

        # ---- Logout, logout everywhere, a disabled user ----
        first, second = Browser(server), Browser(server)
        first.login("test.everywhere")
        second.login("test.everywhere")
        kept = dict(first.cookies)
        status, headers, _ = first.request("POST", "/staff/logout", "_csrf=" + first.csrf())
        check(signed_out(status, headers), "sign-out: %d" % status)
        status, headers, _ = server.request("GET", "/staff",
                                            {"Cookie": "rn_session=" + kept["rn_session"]})
        check(signed_out(status, headers), "a signed-out session still works")
        check(second.request("GET", "/staff")[0] == 303 and
              second.request("GET", "/staff/sites/" + OWN)[0] == 200,
              "signing out one browser ended another")
        third = Browser(server)
        third.login("test.everywhere")
        second.request("POST", "/staff/logout-everywhere", "_csrf=" + second.csrf())
        for name, browser in (("the browser that asked", second), ("another browser", third)):
            status, headers, _ = browser.request("GET", "/staff/sites/" + OWN)
            check(signed_out(status, headers), "logout everywhere left %s signed in" % name)
        disabled = Browser(server)
        disabled.login("test.disabled")
        cli("user", "disable", "test.disabled")
        status, headers, _ = disabled.request("GET", "/staff/sites/" + OWN)
        check(signed_out(status, headers), "a disabled user's session still works")
        status, _, _ = Browser(server).login("test.disabled")
        check(status == 401, "a disabled user signed in: %d" % status)
        cli("user", "enable", "test.disabled")
        status, _, _ = Browser(server).login("test.disabled")
        check(status == 303, "a re-enabled user cannot sign in: %d" % status)

        # ---- Revoked tokens ----
        token_id = cli("token", "list", "--site", OWN).stdout.split("\n")
        referrer_id = next(l.split("\t")[0] for l in token_id if l.endswith("\ttest referrer"))
        cli("token", "revoke", referrer_id)
        status, _, _ = server.request("GET", "/api/v1/me",
                                      {"Authorization": "Bearer " + tokens["referrer"]})
        check(status == 401, "a revoked token still works: %d" % status)
        expiring = cli("token", "create", "--site", OWN, "--role", "coach", "--label",
                       "test expiring", "--expires-days", "1").stdout.strip()
        status, _, _ = server.request("GET", "/api/v1/me", {"Authorization": "Bearer " + expiring})
        check(status == 200, "a token within its expiry refused: %d" % status)
        listed = [l.split("\t") for l in cli("token", "list").stdout.split("\n") if l]
        check(any(l[6] == "test expiring" and l[5].endswith("Z") for l in listed),
              "token list does not show the expiry")
        # Its expiry passes (set back in the database: the server's clock cannot be moved).
        with sqlite3.connect(db) as connection:
            connection.execute("UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00Z' "
                               "WHERE label = 'test expiring'")
        status, _, text = server.request("GET", "/api/v1/me", {"Authorization": "Bearer " + expiring})
        check(status == 401 and "expired" in text, "an expired token still works: %d" % status)

        # ---- Sign-in throttling ----
        for attempt in range(5):
            status, _, text = Browser(server).login("test.throttled", "wrong password %d" % attempt)
            check(status == 401 and "user name or password is wrong" in text,
                  "wrong password %d: %d" % (attempt, status))
        status, _, text = Browser(server).login("test.throttled")
        check(status == 429 and "Too many failed sign-ins: try again in 15 minutes" in text,
              "the sixth attempt (right password) was not throttled: %d" % status)
        status, _, _ = Browser(server).login("test.coach")
        check(status == 303, "throttling one account blocked another: %d" % status)

        # ---- Oversize requests ----
        status, _, _ = server.request("POST", "/staff/login",
                                      {"Content-Type": "application/x-www-form-urlencoded"},
                                      "x=" + "a" * (1 << 20))
        check(status == 413, "a 1 MiB sign-in body: %d, not 413" % status)
        status, _, _ = server.request("GET", "/staff/login", {"X-Big": "b" * 20000})
        check(status == 431, "a 20 KB header: %d, not 431" % status)
        status, _, _ = server.request("GET", "/staff/login?" + "q" * 20000)
        check(status in (414, 431), "a 20 KB URL: %d" % status)

        # ---- Headers on staff pages ----
        status, headers, _ = editor.request("GET", "/staff/sites/%s/listings" % OWN)
        csp = headers.get("content-security-policy", "")
        check("frame-ancestors 'none'" in csp and "default-src 'none'" in csp and
              "script-src" not in csp, "staff CSP: " + csp)
        check(headers.get("x-content-type-options") == "nosniff", "no nosniff")
        # same-origin, not no-referrer: under no-referrer browsers post forms with "Origin: null",
        # which the CSRF check refuses.
        check(headers.get("referrer-policy") == "same-origin", "staff Referrer-Policy: %s" %
              headers.get("referrer-policy"))
        check(headers.get("cache-control") == "no-store", "staff page cacheable")

        # ---- The audit trail ----
        events = sqlite3.connect(db).execute(
            "SELECT actor, action, target, site, remote_address, details FROM audit_events").fetchall()
        actions = [e[1] for e in events]
        check(actions.count("auth.login") >= 10, "sign-ins not audited")
        check(actions.count("auth.login.failure") >= 6, "failed sign-ins not audited")
        check(any(e[1] == "access.denied" and e[0] == "test.coach" and
                  e[2] == "route:GET /staff/sites/{site}/audit" and e[3] == OWN for e in events),
              "a denial is not audited with who, what and where")
        check(any(e[1] == "access.denied" and '"reason":"csrf"' in e[5] for e in events),
              "a CSRF rejection is not audited")
        check(any(e[1] == "audit.view" for e in events), "reading the audit trail is not audited")
        check(any(e[1] == "directory.listing.close" and e[4] == "127.0.0.1" for e in events),
              "a listing edit is not audited with its address")
        dump = "\n".join(sqlite3.connect(db).iterdump())
        check(PASSWORD not in dump and "wrong password" not in dump, "a password reached the database")
        check(not any(t in dump for t in tokens.values()), "an API token reached the database")
        verified = cli("audit", "verify")
        check(verified.returncode == 0, "audit verify: " + verified.stdout + verified.stderr)
    finally:
        server.stop()

    # ---- Idle and absolute expiry, on a server with short limits ----
    short = Server(binary, db, workdir, "--session-idle-seconds", "2",
                   "--session-absolute-seconds", "5")
    try:
        # Without --trusted-proxy, a client's own X-Forwarded-Proto is ignored: no Secure cookie
        # over plain HTTP.
        _, headers, _ = Browser(short).login("test.coach", headers={"X-Forwarded-Proto": "https"})
        line = session_cookie(headers)
        check(line and "Secure" not in line,
              "X-Forwarded-Proto from a client that is not a trusted proxy was believed: " + line)

        idle = Browser(short)
        idle.login("test.coach")
        check(idle.request("GET", "/staff/sites/" + OWN)[0] == 200, "fresh session refused")
        time.sleep(3)
        status, headers, _ = idle.request("GET", "/staff/sites/" + OWN)
        check(signed_out(status, headers) and "ended=1" in headers.get("location", ""),
              "an idle session still works: %d" % status)
        busy = Browser(short)
        busy.login("test.coach")
        start = time.monotonic()
        while time.monotonic() - start < 4:
            status, headers, _ = busy.request("GET", "/staff/sites/" + OWN)
            check(status == 200, "a busy session ended early, at %.1f s" % (time.monotonic() - start))
            time.sleep(1)
        time.sleep(max(0, 5.5 - (time.monotonic() - start)))
        status, headers, _ = busy.request("GET", "/staff/sites/" + OWN)
        check(signed_out(status, headers), "a session outlived its absolute limit: %d" % status)
    finally:
        short.stop()

    feed_server.shutdown()
    if args.keep:
        print("kept", workdir)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return check.report()


if __name__ == "__main__":
    sys.exit(main())
