#!/usr/bin/env python3
"""Two servers, one PostgreSQL (issue 15): two real `recoverynet serve` processes, A and B, on one
fresh schema of a scripts/pg-scratch server, set up with the CLI (the nwta feed, a site, staff, a
program with an on-call roster covering every hour of the week, API tokens), both paging through
one real SMTP server (aiosmtpd) and one SMS webhook receiver on loopback (tests/paging/sinks.py).
Checks that

  1. an edit of a listing in the staff console of A is found by a search on B (GET
     /api/v1/meetings?q=…, polled every 20 ms) within 1 s, and one made on B by A;
  2. a session signed in on A is accepted by B (GET /api/v1/me, a staff page, a console form with
     the session's CSRF token), and signing out on B ends it on A;
  3. sign-in throttling holds across the servers: five wrong passwords, on A, B, A, B, A, and the
     sixth attempt (with the right password) is refused with 429 on B, and on A;
  4. with both servers' dispatchers running, the pages of urgent referrals sent to A and to B are
     each delivered exactly once (one e-mail, one text; nothing more after a lease has run out);
  5. `kill -9` of A while both serve under load (threads writing listings through the console and
     referrals through the API on A and on B, and reading from B) loses no write that was answered
     2xx (each is read back through B), B answers every request throughout, and the page A was
     sending when it died (the receivers held it unanswered) is delivered once, by B, once A's
     lease has run out (--lease-seconds 4);
  6. `recoverynet audit verify` passes at the end.

It prints how long B took to find each edit, the requests made under load, and how long after
the kill B delivered A's page. Searches pin `at`, and the roster covers every hour, so nothing
depends on when it runs. Standard library and aiosmtpd only; psql reads the outbox's leases.

Usage: tests/cluster/run.py --binary build/recoverynet --postgres PG_SCRATCH_DIR
       (PG_SCRATCH_DIR made by `scripts/pg-scratch start PG_SCRATCH_DIR`) [--keep]
"""

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.append(os.path.join(HERE, "..", "cli"))
sys.path.append(os.path.join(HERE, "..", "paging"))
sys.path.append(os.path.join(HERE, "..", "security"))
from checks import Checks, clean_env  # noqa: E402
from forms import FormFields  # noqa: E402
from pgdb import PostgresDatabase  # noqa: E402
from harness import Browser, Server  # noqa: E402
from sinks import SmtpSink, WebhookSink, free_port, wait_for  # noqa: E402

PASSWORD = "cluster test passphrase 42"
SITE = "north"  # harness.Browser.csrf reads the token from this site's page
PARTNER = "test-ed"
CONSOLE = "https://rn.example.org"
COACH = ("coach.a", "coach.a@north.example.org", "+18065550101")
NEXT_COACH = ("coach.b", "coach.b@north.example.org", "+18065550102")
SMS_FROM = "+18065550100"
SMS_USER, SMS_TOKEN = "ACtest0002", "test-webhook-token"
LEASE_SECONDS = 4
AT = "2026-12-01T19:00:00-06:00"  # every search is as of this instant
EDIT_LIMIT = 1.0  # seconds: an edit on one server is found on the other within this
POLL = 0.02
B_SLOWEST = 5  # seconds: the longest B may take to answer while A dies (it answers in ms)


def api(server, method, path, token=None, body=None):
    """Status and JSON body of an API call (to `server`, a harness.Server)."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = "Bearer " + token
    status, _, text = server.request(method, path, headers,
                                     json.dumps(body) if body is not None else None)
    try:
        return status, json.loads(text) if text else None
    except ValueError:
        return status, text


def search(server, words):
    """The ids and names of the listings a search for `words` on `server` finds."""
    status, body = api(server, "GET", "/api/v1/meetings?" + urllib.parse.urlencode(
        {"q": words, "at": AT, "limit": 20}))
    if status != 200:
        raise RuntimeError("search on :%d: %d %r" % (server.port, status, body))
    return {item["id"]: item["name"] for item in body["items"]}


class Suite:
    def __init__(self, binary, pg_folder, workdir):
        self.binary = binary
        self.workdir = workdir
        self.check = Checks("cluster")
        self.database = PostgresDatabase(pg_folder, workdir, "rn_cluster")
        self.db, self.schema, self.key = (self.database.uri, self.database.schema,
                                          self.database.notes_key)
        self.env = dict(clean_env(), RECOVERYNET_NOTES_KEY=self.key)
        self.tokens = {}
        self.smtp, self.webhook = SmtpSink(free_port()), WebhookSink(free_port())
        self.a = self.b = None
        self.servers = []

    def cli(self, *argv, stdin=None, expect_ok=True):
        result = subprocess.run([self.binary, "--db", self.db, "--log-level", "warn", *argv],
                                input=stdin, text=True, capture_output=True, env=self.env,
                                timeout=120)
        if expect_ok and result.returncode != 0:
            raise RuntimeError("%s: %s" % (" ".join(argv), result.stderr.strip()))
        return result

    # ---- Setup ----

    def setup(self):
        self.cli("import", "meeting-guide",
                 os.path.join(ROOT, "testdata", "meeting-feeds", "nwta.test.json"),
                 "--source", "nwta", "--timezone", "America/Chicago")
        self.cli("site", "add", SITE, "--name", "North Test Site", "--time-zone", "America/Chicago")
        for name, mail, phone in (COACH, NEXT_COACH):
            self.cli("user", "add", name, "--display-name", "Test " + name, "--role", "coach",
                     "--site", SITE, "--email", mail, "--pager-phone", phone,
                     stdin=PASSWORD + "\n")
        for name, role in (("test.editor", "directory_editor"), ("test.throttled", "coach"),
                           ("test.session", "directory_editor")):
            self.cli("user", "add", name, "--display-name", "Test " + name, "--role", role,
                     "--site", SITE, stdin=PASSWORD + "\n")
        self.cli("program", "add", "ed", "--site", SITE, "--name", "ED coaching", "--kind",
                 "ed_coaching")
        self.cli("partner", "add", PARTNER, "--site", SITE, "--name", "Test General ED", "--kind",
                 "hospital")
        shifts = []
        for rank, (name, _, _) in enumerate((COACH, NEXT_COACH), start=1):
            for day in range(7):
                shifts += ["--shift", "%s,%d,00:00,1440,%d" % (name, day, rank)]
        self.cli("roster", "set", "ed", "--site", SITE, *shifts)
        for role, extra in (("referrer", ["--partner", PARTNER]), ("coach", [])):
            self.tokens[role] = self.cli("token", "create", "--site", SITE, "--role", role,
                                         "--label", "cluster test " + role,
                                         *extra).stdout.strip()
        self.smtp.start()
        self.webhook.start()
        self.a = self.serve("A")
        self.b = self.serve("B")

    def serve(self, name):
        server = Server(
            self.binary, self.db, self.workdir, "--notes-key", self.key,
            "--smtp-url", "smtp://127.0.0.1:%d" % self.smtp.port,
            "--smtp-from", "pages@north.example.org",
            "--sms-webhook-url",
            "http://127.0.0.1:%d/2010-04-01/Accounts/%s/Messages.json" % (self.webhook.port,
                                                                         SMS_USER),
            "--sms-from", SMS_FROM, "--sms-user", SMS_USER, "--sms-password", SMS_TOKEN,
            "--console-url", CONSOLE, "--retry-first-seconds", "1", "--retry-max-seconds", "2",
            "--lease-seconds", str(LEASE_SECONDS), log_level="info")
        server.name = name
        self.servers.append(server)
        log = server.log_text()
        for event in ("event=paging_started", "event=following_other_servers"):
            if event not in log:
                raise RuntimeError("server %s did not log %s:\n%s" % (name, event, log[-3000:]))
        return server

    def signed_in(self, server, name):
        browser = Browser(server)
        status, _, _ = browser.login(name, PASSWORD)
        if status != 303 or "rn_session" not in browser.cookies:
            raise RuntimeError("sign-in of %s on %s: %d" % (name, server.name, status))
        return browser

    def edit_name(self, browser, listing, new_name):
        """Renames `listing` through the console form of `browser`'s server: 303 when saved (else
        what came back), and the monotonic time the save was sent."""
        path = "/staff/sites/%s/listings/%s" % (SITE, listing)
        status, _, page = browser.request("GET", path)
        if status != 200:
            return "GET %d" % status, time.monotonic()
        form = FormFields("listing-form")
        form.feed(page)
        fields = [(k, new_name if k == "name" else v) for k, v in form.fields]
        sent = time.monotonic()
        status, headers, text = browser.request("POST", path, urllib.parse.urlencode(fields))
        if status == 303 and "done=saved" not in headers.get("location", ""):
            return "303 to %r" % headers.get("location"), sent
        return (status if status == 303 else "%d %s" % (status, text[:300])), sent

    # ---- 1. An edit on one server is found on the other ----

    def edits(self):
        listings = list(search(self.a, "").keys())
        editor_a = self.signed_in(self.a, "test.editor")
        editor_b = self.signed_in(self.b, "test.editor")
        words = ["qzvalpha", "qzvbravo", "qzvcharlie", "qzvdelta"]
        for i, word in enumerate(words):
            writer, reader, browser = ((self.a, self.b, editor_a) if i < 3 else
                                       (self.b, self.a, editor_b))
            listing, new_name = listings[i], "Cluster Edit Test " + word.title()
            self.check(not search(reader, word), "edit %d: %r found before the edit" % (i, word))
            # Timed from sending the save: the write's own time counts.
            status, saved = self.edit_name(browser, listing, new_name)
            self.check(status == 303, "edit %d: saving on %s answered %s" % (i, writer.name, status))
            polls = []

            def found_on_reader():
                polls.append(time.monotonic())
                return search(reader, word).get(listing) == new_name
            found = wait_for(found_on_reader, 3, POLL)
            took = time.monotonic() - saved
            self.check(found and took <= EDIT_LIMIT,
                       "edit %d: made on %s, found by a search on %s %s" % (
                           i, writer.name, reader.name,
                           "after %.3f s (limit %.1f s)" % (took, EDIT_LIMIT) if found
                           else "not within 3 s"))
            self.check(search(writer, word).get(listing) == new_name,
                       "edit %d: the server it was made on finds it" % i)
            print("cluster: edit on %s found by a search on %s %.1f ms after the save was sent "
                  "(%d searches)" % (writer.name, reader.name, took * 1000, len(polls)))

    # ---- 2. A session made on A is accepted by B ----

    def sessions(self):
        on_a = self.signed_in(self.a, "test.session")
        on_b = Browser(self.b)
        on_b.cookies = dict(on_a.cookies)
        status, me = api_with(on_b, "/api/v1/me")
        self.check(status == 200 and me.get("actor") == "test.session" and me.get("via") == "session",
                   "session: A's session on B's /api/v1/me: %d %r" % (status, me))
        status, _, page = on_b.request("GET", "/staff/sites/%s/listings" % SITE)
        self.check(status == 200 and "Directory listings" in page,
                   "session: A's session opens a staff page on B: %d" % status)
        # A form on B with the CSRF token of the session A made (the console's edit form).
        listing = list(search(self.b, "").keys())[5]
        status, _ = self.edit_name(on_b, listing, "Cluster Session Test Qzvecho")
        self.check(status == 303, "session: a console form on B with A's session: %s" % status)
        status, _, _ = on_b.request("POST", "/staff/logout",
                                    urllib.parse.urlencode({"_csrf": on_b.csrf()}))
        self.check(status == 303, "session: signing out on B: %d" % status)
        status, _ = api_with(on_a, "/api/v1/me")
        self.check(status == 401, "session: signed out on B, the session still works on A: %d"
                   % status)

    # ---- 3. Throttling across servers ----

    def throttling(self):
        for attempt, server in enumerate((self.a, self.b, self.a, self.b, self.a)):
            status, _, text = Browser(server).login("test.throttled", "wrong password %d" % attempt)
            self.check(status == 401 and "user name or password is wrong" in text,
                       "throttling: wrong password %d on %s: %d" % (attempt, server.name, status))
        for server in (self.b, self.a):
            status, _, text = Browser(server).login("test.throttled", PASSWORD)
            self.check(status == 429 and "Too many failed sign-ins: try again in 15 minutes" in text,
                       "throttling: after five failures on A and B, signing in on %s was not "
                       "throttled: %d" % (server.name, status))

    # ---- 4. Pages delivered exactly once with two dispatchers ----

    def refer(self, server, urgency="now"):
        status, body = api(server, "POST", "/api/v1/sites/%s/referrals" % SITE,
                           self.tokens["referrer"], {
                               "program": "ed", "first_name": "Testy", "phone": "312-555-0199",
                               "language": "en", "setting": "emergency_department",
                               "reason": "seeking_recovery_support", "urgency": urgency,
                               "consent": True})
        return status, body

    def pages_of(self, referral_id):
        """The e-mails and texts received about `referral_id` (its link names it)."""
        mails = [m for m in self.smtp.all() if referral_id in m[1].get_content()]
        texts = [t for t in self.webhook.all() if referral_id in t["form"].get("Body", "")]
        return mails, texts

    def outbox(self, where):
        return self.database.query("SELECT id, channel, state, attempts, lease_owner FROM outbox "
                                   "WHERE " + where + " ORDER BY id")

    def delivered_by(self, server):
        return set(re.findall(r"event=page_delivered id=(\d+)", server.log_text()))

    def exactly_once(self):
        referrals = []
        for server in (self.a, self.b, self.a, self.b):
            status, body = self.refer(server)
            self.check(status == 201, "once: an urgent referral on %s: %d %r" % (server.name,
                                                                                 status, body))
            if status == 201:
                referrals.append(body["id"])
        started = time.monotonic()
        arrived = wait_for(lambda: all(len(self.pages_of(r)[0]) >= 1 and len(self.pages_of(r)[1]) >= 1
                                       for r in referrals), 15)
        self.check(arrived, "once: the pages of %d referrals did not all arrive" % len(referrals))
        print("cluster: the pages of %d referrals arrived within %.3f s" % (
            len(referrals), time.monotonic() - started))
        time.sleep(LEASE_SECONDS + 1.5)  # a lease taken and never recorded would run out
        for referral in referrals:
            mails, texts = self.pages_of(referral)
            self.check(len(mails) == 1 and mails[0][0] == [COACH[1]],
                       "once: referral %s: %d e-mails (one expected, to %s)" % (referral, len(mails),
                                                                              COACH[1]))
            self.check(len(texts) == 1 and texts[0]["form"].get("To") == COACH[2],
                       "once: referral %s: %d texts (one expected, to %s)" % (referral, len(texts),
                                                                             COACH[2]))
        rows = self.outbox("state <> 'pending'")
        self.check(len(rows) == 2 * len(referrals) and
                   all(r[2] == "delivered" and r[3] == "1" for r in rows),
                   "once: the outbox's sent rows are each delivered at the first attempt: %r" % rows)
        ids = [m[1]["Message-ID"] for m in self.smtp.all()]
        keys = [t["idempotency_key"] for t in self.webhook.all()]
        self.check(len(set(ids)) == len(ids) and len(set(keys)) == len(keys),
                   "once: a Message-ID or Idempotency-Key came twice: %r %r" % (ids, keys))
        by_a, by_b = self.delivered_by(self.a), self.delivered_by(self.b)
        self.check(not by_a & by_b, "once: both servers logged delivering %r" % (by_a & by_b))
        print("cluster: of %d pages, A delivered %d and B %d" % (len(rows), len(by_a), len(by_b)))

    # ---- 5. kill -9 of A under load ----

    def crash(self):
        stop = threading.Event()
        results = {}  # thread name -> {"ok": [...], "failed": [...], "requests": n}
        lock = threading.Lock()
        editor_a = self.signed_in(self.a, "test.editor")
        editor_b = self.signed_in(self.b, "test.editor")
        csrf = {id(editor_a): editor_a.csrf(), id(editor_b): editor_b.csrf()}

        def record(name, kind, value, started):
            with lock:
                entry = results.setdefault(name, {"ok": [], "failed": [], "requests": 0,
                                                  "slowest": 0.0})
                entry["requests"] += 1
                entry[kind].append(value)
                entry["slowest"] = max(entry["slowest"], time.monotonic() - started)

        def create_listings(name, browser, stop_on_error):
            n = 0
            while not stop.is_set():
                n += 1
                title = "Cluster Load %s %d" % (name.replace(" ", ""), n)
                form = urllib.parse.urlencode([
                    ("_csrf", csrf[id(browser)]), ("name", title), ("timezone", "America/Chicago"),
                    ("attendance", "online"), ("conference_url", "https://meet.example.invalid/x"),
                    ("day", str(n % 7)), ("start", "19:30"), ("duration", "60")])
                started = time.monotonic()
                try:
                    status, headers, _ = browser.request("POST", "/staff/sites/%s/listings" % SITE,
                                                         form)
                    found = re.search(r"/listings/([0-9a-f]{16})\?done=created",
                                      headers.get("location", ""))
                    if status == 303 and found:
                        record(name, "ok", (found.group(1), title), started)
                    else:
                        record(name, "failed", "HTTP %d" % status, started)
                except (OSError, http.client.HTTPException) as error:
                    record(name, "failed", repr(error), started)
                    if stop_on_error:
                        return

        def send_referrals(name, server, stop_on_error):
            while not stop.is_set():
                started = time.monotonic()
                try:
                    status, body = self.refer(server, "routine")
                    if status == 201:
                        record(name, "ok", body["id"], started)
                    else:
                        record(name, "failed", "HTTP %d %r" % (status, body), started)
                except (OSError, http.client.HTTPException) as error:
                    record(name, "failed", repr(error), started)
                    if stop_on_error:
                        return

        def read(name, server):
            while not stop.is_set():
                started = time.monotonic()
                try:
                    search(server, "cluster load")
                    status, _ = api(server, "GET", "/api/v1/sites/%s/referrals?limit=5" % SITE,
                                    self.tokens["coach"])
                    record(name, "ok" if status == 200 else "failed", status, started)
                except (OSError, RuntimeError, http.client.HTTPException) as error:
                    record(name, "failed", repr(error), started)
                time.sleep(0.01)

        threads = [
            threading.Thread(target=create_listings, args=("listings A", editor_a, True)),
            threading.Thread(target=send_referrals, args=("referrals A", self.a, True)),
            threading.Thread(target=create_listings, args=("listings B", editor_b, False)),
            threading.Thread(target=send_referrals, args=("referrals B", self.b, False)),
            threading.Thread(target=read, args=("reads B", self.b)),
        ]
        for thread in threads:
            thread.daemon = True
            thread.start()
        time.sleep(1.5)
        # An urgent referral on A, whose pages the receivers hold unanswered: A's dispatcher (its
        # doorbell rung by the referral) takes a lease on one and is sending it when it dies.
        self.smtp.hold.set()
        self.webhook.hold.set()
        status, body = self.refer(self.a)
        self.check(status == 201, "crash: the urgent referral on A: %d %r" % (status, body))
        urgent = body["id"] if status == 201 else ""
        pid = self.a.process.pid

        def sending_on_a():
            """The ids of the pages A holds a lease on and the receivers hold unanswered."""
            held = {re.search(r"outbox-(\d+)", key).group(1)
                    for key in self.smtp.held + self.webhook.held if re.search(r"outbox-(\d+)", key)}
            leased = {row[0] for row in self.outbox(
                "state = 'pending' AND lease_owner LIKE '%%:%d:%%'" % pid)}
            return leased & held
        held_ids = wait_for(sending_on_a, 5, POLL)
        self.check(held_ids, "crash: A was not sending a page (leased, at a receiver) within 5 s")
        self.a.process.kill()
        killed = time.monotonic()
        self.a.process.wait()
        self.smtp.hold.clear()
        self.webhook.hold.clear()
        time.sleep(2)  # B under load alone
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

        for name, entry in sorted(results.items()):
            print("cluster: under load, %s: %d requests, %d answered 2xx, %d failed, the slowest "
                  "%.0f ms" % (name, entry["requests"], len(entry["ok"]), len(entry["failed"]),
                               entry["slowest"] * 1000))
        for name in ("listings B", "referrals B", "reads B"):
            failed = results.get(name, {}).get("failed", [])
            self.check(results.get(name, {}).get("ok") and not failed,
                       "crash: %s: B failed %d requests while A died: %r" % (name, len(failed),
                                                                             failed[:5]))
            self.check(results.get(name, {}).get("slowest", 0) < B_SLOWEST,
                       "crash: %s: B took %.1f s to answer a request while A died (limit %d s)" % (
                           name, results.get(name, {}).get("slowest", 0), B_SLOWEST))
        # On A, the request under way when it died fails, and its writer stops: neither is counted.
        for name in ("listings A", "referrals A"):
            self.check(len(results.get(name, {}).get("ok", [])) > 0,
                       "crash: %s: no write succeeded before the kill" % name)
        lost = []
        for name in ("listings A", "listings B"):
            for listing, title in results.get(name, {}).get("ok", []):
                status, body = api(self.b, "GET", "/api/v1/meetings/%s" % listing)
                if status != 200 or body.get("name") != title:
                    lost.append((name, listing, title, status))
        for name in ("referrals A", "referrals B"):
            for referral in results.get(name, {}).get("ok", []):
                status, body = api(self.b, "GET", "/api/v1/sites/%s/referrals/%s" % (SITE, referral),
                                   self.tokens["coach"])
                if status != 200 or body.get("id") != referral:
                    lost.append((name, referral, status))
        self.check(not lost, "crash: %d writes answered 2xx are not found through B: %r" % (
            len(lost), lost[:5]))

        # The page A held: B sends it once A's lease has run out.
        arrived = wait_for(lambda: len(self.pages_of(urgent)[0]) >= 1
                           and len(self.pages_of(urgent)[1]) >= 1, LEASE_SECONDS + 10)
        mails, texts = self.pages_of(urgent)
        last = max([t for m, t in self.smtp.timed() if m in mails] +
                   [t["arrived"] for t in texts]) if arrived else time.monotonic()
        self.check(arrived, "crash: the urgent referral's pages did not arrive after the kill")
        print("cluster: A killed while sending page %s (held unanswered: %s); the referral's "
              "pages arrived %.3f s after the kill (the lease is %d s)" % (
                  ",".join(sorted(held_ids or [])), " ".join(self.smtp.held + self.webhook.held),
                  last - killed, LEASE_SECONDS))
        time.sleep(LEASE_SECONDS + 1.5)
        mails, texts = self.pages_of(urgent)
        self.check(len(mails) == 1 and len(texts) == 1,
                   "crash: the urgent referral's page came %d times by e-mail and %d by text "
                   "(once each expected)" % (len(mails), len(texts)))
        by_b = self.delivered_by(self.b)
        self.check(held_ids and held_ids <= by_b,
                   "crash: B did not log delivering the page A held: %r, B delivered %r" % (
                       held_ids, sorted(by_b)))
        rows = self.outbox("state = 'pending' AND due_at <= extract(epoch from now())")
        self.check(not rows, "crash: pages due are still pending: %r" % rows)

    # ---- 6. The audit trail ----

    def audit(self):
        result = self.cli("audit", "verify", expect_ok=False)
        self.check(result.returncode == 0, "audit verify: %d %s%s" % (
            result.returncode, result.stdout.strip(), result.stderr.strip()))
        print("cluster: audit verify: %s" % result.stdout.strip())

    def close(self, drop_schema):
        for server in self.servers:
            server.stop()
        self.smtp.stop()
        self.webhook.stop()
        if drop_schema:
            self.database.drop()


def api_with(browser, path):
    """Status and JSON body of a GET with `browser`'s cookies."""
    status, _, text = browser.request("GET", path)
    try:
        return status, json.loads(text)
    except ValueError:
        return status, {}


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the recoverynet executable")
    parser.add_argument("--postgres", required=True, help="a scripts/pg-scratch server's folder")
    parser.add_argument("--keep", action="store_true", help="keep the logs and the schema")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="rn-cluster-")
    suite = Suite(os.path.abspath(args.binary), args.postgres, workdir)
    status = 1
    begun = time.monotonic()
    try:
        steps = [("setup", suite.setup), ("1 edits", suite.edits), ("2 sessions", suite.sessions),
                 ("3 throttling", suite.throttling), ("4 exactly once", suite.exactly_once),
                 ("5 kill -9", suite.crash), ("6 audit", suite.audit)]
        for name, step in steps:
            started = time.monotonic()
            try:
                step()
            except Exception:  # a crashed step is a failure; a later one may still run
                suite.check(False, "%s crashed:\n%s" % (name, traceback.format_exc()))
                if name == "setup":
                    break
            print("cluster: %s took %.1f s" % (name, time.monotonic() - started))
        status = suite.check.report()
    finally:
        keep = args.keep or status != 0
        suite.close(drop_schema=not keep)
        print("cluster: %.1f s in all" % (time.monotonic() - begun))
        if keep:
            print("cluster: logs kept in %s, schema %s kept" % (workdir, suite.schema))
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
