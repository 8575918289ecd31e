"""What the security tests share (tests/security/run.py runs the topics): the `recoverynet serve`
process, a browser-like client with cookies, and the Context the setup builds (database, users, API
tokens, the feed server, the main server, the signed-in browsers) that every topic module reads.
The database is a SQLite file, or with `--postgres DIR` a fresh schema on the scripts/pg-scratch server
in DIR (tests/cli/pgdb.py): Context.db is then its URI, Context.env carries RECOVERYNET_NOTES_KEY to
every command and server, and Context.query/dump read it with psql/pg_dump. Standard library only."""

import http.client
import http.server
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.append(os.path.join(HERE, "..", "cli"))
from checks import Checks, clean_env  # noqa: E402,F401
from pgdb import PostgresDatabase  # noqa: E402,F401

PASSWORD = "security test passphrase 42"
SITE_ROLES = ["coach", "supervisor", "site_admin", "referrer", "directory_editor", "resource_partner"]
NETWORK_ROLES = ["network_admin", "network_analyst"]
OWN, OTHER = "north", "south"


class Server:
    """A `recoverynet serve` process on a free port, logging at `log_level` to a file; `env` is added
    to its environment (clean_env()): RECOVERYNET_NOTES_KEY on PostgreSQL."""

    def __init__(self, binary, db, workdir, *extra, log_level="warn", env=None):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log_path = os.path.join(workdir, "server-%d.log" % self.port)
        self.log = open(self.log_path, "w+")
        self.process = subprocess.Popen(
            [binary, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", log_level, *extra],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=workdir, env={**clean_env(), **(env or {})})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited with status %d before /readyz: %s"
                                   % (self.process.returncode, self.log_text()[-2000:]))
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

    def log_text(self):
        """What the server has logged so far."""
        self.log.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

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

    def login_form(self, headers=None):
        """The sign-in form's CSRF value (its cookie is now in the jar)."""
        _, _, page = self.request("GET", "/staff/login", headers=headers)
        token = re.search(r'name="_csrf" value="([^"]*)"', page)
        return token.group(1) if token else ""

    def login(self, name, password=PASSWORD, headers=None):
        """Fetches the sign-in form and posts it, both with `headers`."""
        body = urllib.parse.urlencode({"_csrf": self.login_form(headers), "name": name,
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



class Context:
    """Everything the topics share. `setup` fills it: the database (two sites, one user per role, a
    scoped editor, people for the session tests, one API token per site role at OWN), the nwta feed,
    the feed server, the main server (behind a "proxy" at 127.0.0.1) and a public correction.
    The matrix topic adds `browsers` (one signed-in Browser per role) and `tokens_csrf`; the listings
    topic adds `scoped` (the scoped editor's Browser)."""

    def __init__(self, binary, fixtures, workdir, matrix, postgres=None):
        self.binary = binary
        self.fixtures = fixtures
        self.workdir = workdir
        self.matrix = matrix
        # `postgres`: a PostgresDatabase (tests/cli/pgdb.py), or None for a SQLite file.
        self.postgres = postgres
        self.db = postgres.uri if postgres else os.path.join(workdir, "security.db")
        self.env = postgres.env if postgres else {}
        self.tokens = {}
        self.browsers = {}
        self.tokens_csrf = {}
        self.values = {}
        self.server = None
        self.feed_server = None
        self.feeds = os.path.join(workdir, "feeds")
        self.scoped = None

    def cli(self, *argv, stdin=None):
        return subprocess.run([self.binary, "--db", self.db, "--log-level", "warn", *argv],
                              input=stdin, capture_output=True, text=True,
                              env={**clean_env(), **self.env})

    def server_process(self, *extra, log_level="warn"):
        """A new `recoverynet serve` on this database."""
        return Server(self.binary, self.db, self.workdir, *extra, log_level=log_level, env=self.env)

    def query(self, sql):
        """The rows of `sql` on the database, read beside the server (sqlite3, or psql: every value
        a string there)."""
        if self.postgres:
            return self.postgres.query(sql)
        connection = sqlite3.connect(self.db)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()

    def execute(self, sql):
        """Runs `sql` on the database (committed), beside the server."""
        if self.postgres:
            return self.postgres.execute(sql)
        with sqlite3.connect(self.db) as connection:
            connection.execute(sql)
        connection.close()

    def dump(self):
        """Every row the database holds, as text (SQLite's iterdump, or pg_dump --data-only)."""
        if self.postgres:
            return self.postgres.dump()
        connection = sqlite3.connect(self.db)
        try:
            return "\n".join(connection.iterdump())
        finally:
            connection.close()

    def fill(self, path, site):
        """A matrix path with {site}, {listing} and {correction} filled in (other segments are
        written out in matrix.json: ids that do not exist, where the route answers 404)."""
        return path.replace("{site}", site).replace("{listing}", self.values["listing"]).replace(
            "{correction}", str(self.values["correction"]))

    def allowed(self, role, permission, site):
        """What matrix.json says: the role has the permission, at its own site or as a network role."""
        if role not in self.matrix["permissions"][permission]:
            return False
        return role in self.matrix["network_roles"] or site == OWN

    def setup(self, check):
        """Sites, one user per role, tokens, a feed, the feed server, the server, a correction."""
        cli = self.cli
        for site in (OWN, OTHER):
            cli("site", "add", site, "--name", "Test %s site" % site.title())
        # The referrer acts for a partner (which need not exist to read and list: it has none yet),
        # so the casework routes answer it as they would a real one.
        partner = {"referrer": ["--scope", "test-partner"],
                   "resource_partner": ["--scope", "test-organization"]}
        for role in SITE_ROLES:
            cli("user", "add", "test." + role, "--display-name", "Test " + role, "--role", role,
                "--site", OWN, *partner.get(role, []), stdin=PASSWORD + "\n")
        for role in NETWORK_ROLES:
            cli("user", "add", "test." + role, "--display-name", "Test " + role, "--role", role,
                stdin=PASSWORD + "\n")
        cli("user", "add", "test.scoped", "--display-name", "Test scoped editor", "--role",
            "directory_editor", "--site", OWN, "--scope", "another-source", stdin=PASSWORD + "\n")
        for name in ("test.throttled", "test.fixation", "test.everywhere", "test.disabled",
                     "test.twosites"):
            cli("user", "add", name, "--display-name", "Test person", "--role", "coach", "--site",
                OWN, stdin=PASSWORD + "\n")
        cli("user", "set-role", "test.twosites", "--role", "coach", "--site", OTHER)
        for role in SITE_ROLES:
            if role == "resource_partner":  # it has no tokens (identity/session.h)
                continue
            made = cli("token", "create", "--site", OWN, "--role", role, "--label", "test " + role,
                       *(["--partner", "test-partner"] if role == "referrer" else []))
            check(made.returncode == 0 and made.stdout.startswith("rn_"),
                  "token create %s: %s" % (role, made.stderr.strip()))
            self.tokens[role] = made.stdout.strip()
        imported = cli("import", "meeting-guide",
                       os.path.join(self.fixtures, "meeting-feeds", "nwta.test.json"),
                       "--source", "nwta", "--timezone", "America/Chicago")
        check(imported.returncode == 0, "import: " + imported.stderr.strip())

        # The feed server for the console's "fetch from the feed's address" (on this machine, hence
        # --allow-private-feed-urls).
        os.makedirs(self.feeds)
        feeds = self.feeds

        class FeedHandler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a, **k):
                super().__init__(*a, directory=feeds, **k)

            def log_message(self, *a):
                pass

        self.feed_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
        threading.Thread(target=self.feed_server.serve_forever, daemon=True).start()

        # 127.0.0.1 stands for the reverse proxy: its X-Forwarded-Proto is believed.
        self.server = self.server_process("--allow-private-feed-urls", "--trusted-proxy", "127.0.0.1")
        _, _, text = self.server.request("GET", "/api/v1/meetings?limit=1")
        listing = json.loads(text)["items"][0]["id"]
        status, _, _ = self.server.request(
            "POST", "/meetings/%s/corrections" % listing,
            {"Content-Type": "application/x-www-form-urlencoded"},
            "field=time&details=It+starts+at+seven+now")
        check(status == 303, "the public correction was not accepted (%d)" % status)
        correction = json.loads(cli("corrections", "list", "--json").stdout)[0]["id"]
        self.values = {"listing": listing, "correction": correction}

    def stop_server(self):
        if self.server:
            self.server.stop()
            self.server = None

    def close(self):
        self.stop_server()
        if self.feed_server:
            self.feed_server.shutdown()
            self.feed_server = None
