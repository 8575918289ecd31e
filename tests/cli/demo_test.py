#!/usr/bin/env python3
"""`recoverynet demo` end to end, at a pinned instant: on a new database it builds the casework
network (three sites with their programs and time zones, about 300 participants, six months of
contacts up to the pinned "now"), in a few seconds; the audit trail verifies; a coach signed in to
the real server (its wall clock pinned to the same instant with libfaketime) has follow-ups due
today and overdue; the supervisor's overview and the inbox show urgent referrals nobody has
accepted; nothing the demo or the server prints names a participant; and a second run adds
nothing.

Usage: demo_test.py --binary build/recoverynet --fixtures testdata
"""
import argparse
import datetime
import http.client
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

from checks import Checks, clean_env
from faketime import faked_clock_env

# A Tuesday afternoon in March after the clocks changed in the US (the sites are in three zones).
AT = "2026-03-17T15:30:00-05:00"
AT_UTC = datetime.datetime(2026, 3, 17, 20, 30, tzinfo=datetime.timezone.utc)
PASSWORD = "recoverynet-demo-only"
SITES = {"demo-harbor": ("America/New_York", "ed_coaching"),
         "demo-prairie": ("America/Chicago", "home_visiting"),
         "demo-mesa": ("America/Denver", "community")}
SIX_MONTHS = datetime.timedelta(days=170)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def query(db, sql, *params):
    with sqlite3.connect("file:%s?mode=ro" % db, uri=True) as conn:
        return conn.execute(sql, params).fetchall()


class Session:
    """A signed-in browser: the session cookie from /staff/login, sent with every request."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, content_type="application/x-www-form-urlencoded"):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join("%s=%s" % item for item in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie = value.split(";", 1)[0]
                    key, _, val = cookie.partition("=")
                    self.cookies[key.strip()] = val.strip()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def sign_in(self, name):
        _, page = self.request("GET", "/staff/login")
        token = re.search(r'name="_csrf" value="([^"]*)"', page)
        body = urllib.parse.urlencode({"_csrf": token.group(1) if token else "", "name": name,
                                       "password": PASSWORD, "next": "/staff"})
        status, _ = self.request("POST", "/staff/login", body)
        return status == 303 and bool(self.cookies.get("rn_session"))

    def json(self, path):
        status, body = self.request("GET", path)
        try:
            return status, json.loads(body)
        except ValueError:
            return status, None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--fixtures", required=True)
    args = parser.parse_args()
    env = clean_env()
    check = Checks("demo_test")

    def run(*argv, timeout=120):
        return subprocess.run([args.binary, "--log-level", "warn", *argv], env=env,
                              capture_output=True, text=True, timeout=timeout)

    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "demo.db")
        started = time.monotonic()
        first = run("demo", "--db", db, "--feeds", args.fixtures, "--at", AT)
        seconds = time.monotonic() - started
        print("demo_test: recoverynet demo took %.1f s" % seconds)
        print(first.stdout.strip())
        if first.returncode != 0:
            print("FAIL demo: exit %d, stderr %r" % (first.returncode, first.stderr[-2000:]))
            return 1
        check(seconds < 30, "the demo should take a few seconds, took %.1f s" % seconds)
        check("as of 2026-03-17T20:30:00Z" in first.stdout,
              "the demo's now is the pinned instant: %r" % first.stdout[-600:])
        check(PASSWORD in first.stdout and "harbor.coach" in first.stdout and
              "demo.editor" in first.stdout, "the sign-in names and the password are printed")

        listed = run("site", "list", "--db", db).stdout.splitlines()
        zones = {line.split("\t")[0]: line.split("\t")[2] for line in listed}
        check(zones == {site: zone for site, (zone, _) in SITES.items()},
              "three sites, each in its time zone: %r" % zones)
        programs = {site: kind for site, kind in query(db, "SELECT site_id, kind FROM programs")}
        check(programs == {site: kind for site, (_, kind) in SITES.items()},
              "one program of each kind, one per site: %r" % programs)
        partners = query(db, "SELECT site_id, COUNT(*) FROM partners GROUP BY site_id")
        check(len(partners) == 3 and all(count >= 3 for _, count in partners),
              "referring partners at every site: %r" % partners)
        rosters = query(db, "SELECT site_id, COUNT(*) FROM on_call_shifts GROUP BY site_id")
        check(len(rosters) == 3, "an on-call roster at every site: %r" % rosters)

        participants = query(db, "SELECT site_id, COUNT(*) FROM participants GROUP BY site_id")
        total = sum(count for _, count in participants)
        check(270 <= total <= 330 and len(participants) == 3,
              "about 300 participants over the three sites: %r" % participants)
        (first_at, last_at, contacts), = query(db, "SELECT MIN(at), MAX(at), COUNT(*) FROM contacts")
        if contacts:
            first_day = datetime.datetime.fromtimestamp(first_at, datetime.timezone.utc)
            last_day = datetime.datetime.fromtimestamp(last_at, datetime.timezone.utc)
            check(AT_UTC - first_day >= SIX_MONTHS and last_day <= AT_UTC and
                  AT_UTC - last_day < datetime.timedelta(days=1),
                  "contacts span six months and end at the demo's now: %s to %s"
                  % (first_day, last_day))
        outcomes = dict(query(db, "SELECT outcome, COUNT(*) FROM contacts GROUP BY outcome"))
        check(outcomes.get("attempted", 0) > 0 and outcomes.get("completed", 0) > 1000,
              "attempted and completed contacts: %r" % outcomes)
        private = query(db, "SELECT COUNT(*) FROM contacts WHERE private_note IS NOT NULL")[0][0]
        check(0 < private < contacts / 10, "a few private notes: %d" % private)
        statuses = dict(query(db, "SELECT status, COUNT(*) FROM referrals GROUP BY status"))
        for status in ("requested", "accepted", "in-progress", "completed", "failed",
                       "rejected", "on-hold"):
            check(statuses.get(status, 0) > 0, "referrals %s: %r" % (status, statuses))
        episodes = query(db, "SELECT COUNT(*) - COUNT(DISTINCT participant_id), "
                             "COUNT(discharged_on) FROM enrolments")[0]
        check(episodes[0] > 0 and episodes[1] > 0,
              "repeat episodes and discharges: %r" % (episodes,))
        home = dict(query(db, "SELECT pregnancy_status, COUNT(*) FROM enrolments "
                              "WHERE program_id = 'home' GROUP BY pregnancy_status"))
        check(home.get("pregnant", 0) > 0 and home.get("postpartum", 0) > 0,
              "home visiting: pregnant and postpartum: %r" % home)
        consents, revoked = query(db, "SELECT COUNT(*), COUNT(revoked_at) FROM consents")[0]
        told = query(db, "SELECT COUNT(*), COUNT(referral_status) FROM disclosures")[0]
        check(consents >= 60 and 0 < revoked < consents / 4,
              "consents signed, a few revoked: %d, %d" % (consents, revoked))
        check(told[0] >= 40 and told[0] == told[1],
              "referral statuses disclosed under them, each saying what it told: %r" % (told,))
        unsent = query(db, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'")[0][0]
        check(unsent > 0, "the urgent referrals nobody has accepted have their pages queued")
        recipients = {r for (r,) in query(db, "SELECT DISTINCT recipient FROM outbox")}
        check(all(r.endswith(".example.invalid") or re.fullmatch(r"\+1\d{3}55501\d\d", r)
                  for r in recipients), "pages reach nobody real: %r" % sorted(recipients)[:5])

        verify = run("audit", "verify", "--db", db)
        check(verify.returncode == 0 and "chain intact" in verify.stdout,
              "audit verify on the demo database: %r %r" % (verify.stdout, verify.stderr))
        entries = query(db, "SELECT COUNT(*) FROM audit_events")[0][0]

        # The real server with its wall clock at the demo's now; no paging configured.
        port = free_port()
        log_path = os.path.join(tmp, "server.log")
        faked = faked_clock_env(args.binary, {"FAKETIME": "@" + AT_UTC.strftime("%Y-%m-%d %H:%M:%S"),
                                              "TZ": "UTC"}, "demo_test")
        with open(log_path, "w") as log:
            server = subprocess.Popen([args.binary, "--log-level", "info", "serve", "--db", db,
                                       "--host", "127.0.0.1", "--port", str(port)],
                                      stdout=log, stderr=subprocess.STDOUT, env=faked)
        last_names = set()
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and server.poll() is None:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            for site, coach in (("demo-harbor", "harbor.coach"), ("demo-prairie", "prairie.coach"),
                                ("demo-mesa", "mesa.coach")):
                session = Session(port)
                check(session.sign_in(coach), "%s signs in with the printed password" % coach)
                status, caseload = session.json("/api/v1/sites/%s/caseload" % site)
                items = (caseload or {}).get("items", [])
                states = [item["follow_up"]["state"] for item in items]
                last_names |= {item["last_name"] for item in items if item["last_name"]}
                check(status == 200 and len(items) >= 8,
                      "%s has a caseload: %d %d" % (coach, status, len(items)))
                check(states.count("due_today") >= 1 and states.count("overdue") >= 1,
                      "%s has follow-ups due today and overdue: %r" % (coach, states))
                if states:
                    check(states[0] == "overdue", "the most overdue come first: %r" % states[:3])
            supervisor = Session(port)
            check(supervisor.sign_in("harbor.supervisor"), "harbor.supervisor signs in")
            status, overview = supervisor.json("/api/v1/sites/demo-harbor/overview")
            check(status == 200 and (overview or {}).get("unaccepted_referrals", 0) >= 2 and
                  len((overview or {}).get("coaches", [])) >= 4,
                  "the overview: coaches and referrals waiting: %d %r" % (status, overview))
            referrer = Session(port)
            check(referrer.sign_in("harbor.referrer"), "harbor.referrer signs in")
            status, sent = referrer.json("/api/v1/sites/demo-harbor/referrals?limit=200")
            told = [r for r in (sent or {}).get("items", []) if r.get("disclosed")]
            check(status == 200 and told and all("outcome" not in r for r in sent["items"]) and
                  all(r["disclosed"]["notice"].startswith("42 CFR part 2") for r in told),
                  "the ED's referrer reads the disclosed statuses of its referrals, with the "
                  "notice, and no outcome otherwise: %d %d" % (status, len(told)))
            status, inbox = supervisor.json("/api/v1/sites/demo-harbor/referrals?open=true")
            urgent = [r for r in (inbox or {}).get("items", [])
                      if r["urgency"] == "now" and r["status"] == "requested"]
            check(status == 200 and len(urgent) >= 2,
                  "urgent referrals waiting in the inbox: %d %d" % (status, len(urgent)))
        finally:
            server.terminate()
            server.wait(timeout=15)
        with open(log_path) as f:
            server_log = f.read()
        check("event=paging_not_configured" in server_log,
              "serve without [serve.paging] sends no page: %r" % server_log[-500:])
        printed = first.stdout + first.stderr + server_log
        named = sorted(name for name in last_names if re.search(r"\b%s\b" % name, printed))
        check(last_names and not named, "no participant's name is printed or logged: %r" % named)

        # A second run adds nothing (the server's sign-ins and reads added audit entries).
        after_server = query(db, "SELECT COUNT(*) FROM audit_events")[0][0]
        check(after_server > entries, "the server's reads are audited")
        second = run("demo", "--db", db, "--feeds", args.fixtures, "--at", AT)
        check(second.returncode == 0 and "already holds the demo casework network" in second.stdout
              and re.search(r"already holds \d+ listings", second.stdout),
              "a second run says the feeds and the network are there: %r" % second.stdout)
        again = query(db, "SELECT COUNT(*) FROM participants")[0][0]
        check(again == total, "a second run adds no participant: %d, then %d" % (total, again))
        check(query(db, "SELECT COUNT(*) FROM audit_events")[0][0] == after_server,
              "a second run writes nothing")
        check(run("audit", "verify", "--db", db).returncode == 0, "audit verify after it all")

    return check.report()


if __name__ == "__main__":
    sys.exit(main())
