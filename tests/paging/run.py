#!/usr/bin/env python3
"""Paging the coach on call, end to end: the real `recoverynet serve` pages through a real SMTP
server (Debian's python3-aiosmtpd) and a local HTTP receiver in the shape of an SMS provider's
webhook, both on loopback. The site is set up with the CLI; referrals arrive through the JSON API
(POST /api/v1/sites/north/referrals, as the ED's referrer token) and are accepted through it (a
coach's token). Checks that

  1. an urgent referral pages the first on call at once, by e-mail and by text, and that neither
     names the person, their phone, the partner's reference or the reason;
  2. nobody accepting it within the timeout pages the next on call (the server's wall clock is
     moved 16 minutes with libfaketime: FAKETIME_TIMESTAMP_FILE, re-read on every call), and
     accepting it cancels the supervisors' pages;
  3. a receiver that is down (SMTP: nothing listening; the webhook: 503 twice) gets the page once
     it is back, once;
  4. `kill -9` of the server right after the referral's 201, before its pages are sent (the
     receivers are down then), loses nothing: the restarted server delivers each page, once.

It prints how long after the 201 the first page reached both receivers.

The roster covers every hour of the week (seven 24-hour shifts per coach), so nothing depends on
when the suite runs. Each scenario has a fresh copy of one database. The receivers are in sinks.py
(shared with tests/cluster/). Standard library and aiosmtpd only.

Usage: tests/paging/run.py --binary build/recoverynet
"""

import argparse
import base64
import glob
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.append(os.path.join(HERE, "..", "cli"))
from checks import Checks  # noqa: E402
from faketime import faked_clock_env  # noqa: E402
from sinks import SmtpSink, WebhookSink, free_port, wait_for  # noqa: E402

PASSWORD = "paging test passphrase 42"
SITE = "north"
PARTNER_NAME = "Mercy Test Hospital ED"
SUBJECT = "Urgent ED referral from " + PARTNER_NAME
CONSOLE = "https://rn.example.org"
COACH_A = ("coach.a", "coach.a@north.example.org", "+18065550101")
COACH_B = ("coach.b", "coach.b@north.example.org", "+18065550102")
SUPERVISOR = ("sup.s", "sup.s@north.example.org", "+18065550103")
SMS_FROM = "+18065550100"
SMS_USER, SMS_TOKEN = "ACtest0001", "test-webhook-token"
# What the referral says about the person: none of it may appear in a page.
PERSON = {"first_name": "Testy", "phone": "312-555-0199", "reference": "TEST-MRN-7"}
# (Whole numbers only: the link's random referral id may hold any short run of digits.)
IDENTIFYING = ["Testy", "312-555-0199", "3125550199", "TEST-MRN", "overdose"]


class Clock:
    """The wall clock of the server and the CLI: libfaketime reads its offset from a file on every
    call, so a test moves it by rewriting the file. The monotonic clock stays real."""

    def __init__(self, binary, workdir):
        self.path = os.path.join(workdir, "faketime")
        self.set(0)
        self.env = faked_clock_env(binary, {"FAKETIME_TIMESTAMP_FILE": self.path,
                                            "FAKETIME_NO_CACHE": "1"}, "paging")

    def set(self, seconds_ahead):
        with open(self.path + ".tmp", "w") as f:
            f.write("+%ds\n" % seconds_ahead)
        os.replace(self.path + ".tmp", self.path)


class Suite:
    def __init__(self, binary, workdir):
        self.binary = binary
        self.workdir = workdir
        self.check = Checks("paging")
        self.clock = Clock(binary, workdir)
        self.template = os.path.join(workdir, "template", "recoverynet.db")
        self.servers = []
        self.tokens = {}  # role: API token (the referrer's acts for mercy-ed)

    def cli(self, db, *argv, stdin=None, expect_ok=True):
        result = subprocess.run([self.binary, "--db", db, *argv], input=stdin, text=True,
                                capture_output=True, env=self.clock.env, timeout=60)
        if expect_ok and result.returncode != 0:
            raise RuntimeError("%s: %s" % (" ".join(argv), result.stderr.strip()))
        return result

    def setup(self):
        db = self.template
        os.makedirs(os.path.dirname(db))
        self.cli(db, "site", "add", SITE, "--name", "North Test Site", "--time-zone",
                 "America/Chicago")
        for (name, mail, phone), role in ((COACH_A, "coach"), (COACH_B, "coach"),
                                          (SUPERVISOR, "supervisor")):
            self.cli(db, "user", "add", name, "--display-name", "Test " + name, "--role", role,
                     "--site", SITE, "--email", mail, "--pager-phone", phone,
                     stdin=PASSWORD + "\n")
        self.cli(db, "program", "add", "ed", "--site", SITE, "--name", "ED coaching", "--kind",
                 "ed_coaching")
        self.cli(db, "partner", "add", "mercy-ed", "--site", SITE, "--name", PARTNER_NAME,
                 "--kind", "hospital")
        shifts = []
        for rank, (name, _, _) in enumerate((COACH_A, COACH_B), start=1):
            for day in range(7):
                shifts += ["--shift", "%s,%d,00:00,1440,%d" % (name, day, rank)]
        self.cli(db, "roster", "set", "ed", "--site", SITE, *shifts)
        for role, extra in (("referrer", ["--partner", "mercy-ed"]), ("coach", [])):
            self.tokens[role] = self.cli(db, "token", "create", "--site", SITE, "--role", role,
                                         "--label", "paging test " + role,
                                         *extra).stdout.strip()
        # A referral taken by telephone at the command line; a routine one pages nobody.
        phoned = self.cli(db, "referral", "add", "--site", SITE, "--program", "ed", "--partner",
                          "mercy-ed", "--first-name", "Phoney", "--urgency", "routine",
                          "--consent-to-contact").stdout.strip()
        self.check(len(phoned) == 32, "referral add prints the new id: %r" % phoned)
        closed = self.cli(db, "referral", "status", phoned, "--site", SITE, "--status", "rejected",
                          "--outcome", "no_capacity").stdout
        self.check("rejected" in closed, "referral status: %r" % closed)
        self.check(self.outbox(db) == [], "a routine referral pages nobody")
        # The config file's [serve.paging] table reaches serve's paging settings (checked first:
        # a bad one stops serve before it listens).
        config = os.path.join(self.workdir, "bad-paging.toml")
        with open(config, "w") as f:
            f.write('[serve.paging]\nsmtp_url = "http://127.0.0.1:1"\nsmtp_from = "pages@north.example.org"\n')
        refused = subprocess.run([self.binary, "--config", config, "--db", db, "serve", "--port", "0"],
                                 capture_output=True, text=True, env=self.clock.env, timeout=30)
        self.check(refused.returncode == 1 and "smtp_url" in refused.stderr,
                   "[serve.paging] in the config file is read: %r" % refused.stderr[-300:])
        bad = self.cli(db, "user", "set-contact", COACH_A[0], "--pager-phone", "806-555-0101",
                       expect_ok=False)
        self.check(bad.returncode == 1 and "pager_phone" in bad.stderr,
                   "a pager phone without its country code is refused naming the field: %r"
                   % bad.stderr)

    def fresh_db(self, name):
        directory = os.path.join(self.workdir, name)
        os.makedirs(directory)
        for path in glob.glob(self.template + "*"):
            shutil.copy(path, directory)
        return os.path.join(directory, "recoverynet.db")

    def serve(self, db, smtp_port, webhook_port):
        port = free_port()
        log_path = os.path.join(os.path.dirname(db), "server-%d.log" % port)
        log = open(log_path, "w")
        process = subprocess.Popen(
            [self.binary, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "info",
             "--smtp-url", "smtp://127.0.0.1:%d" % smtp_port,
             "--smtp-from", "pages@north.example.org",
             "--sms-webhook-url",
             "http://127.0.0.1:%d/2010-04-01/Accounts/%s/Messages.json" % (webhook_port, SMS_USER),
             "--sms-from", SMS_FROM, "--sms-user", SMS_USER, "--sms-password", SMS_TOKEN,
             "--console-url", CONSOLE, "--retry-first-seconds", "1", "--retry-max-seconds", "2",
             # A claim held by a server killed mid-send runs out after this: a short one keeps
             # the crash scenario short (the sends time out after half of it).
             "--lease-seconds", "4"],
            stdout=log, stderr=subprocess.STDOUT, env=self.clock.env)
        self.servers.append(process)

        def ready():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return True
            except OSError:
                return process.poll() is not None
        wait_for(ready, 30)
        with open(log_path) as f:
            text = f.read()
        if process.poll() is not None or "event=paging_started" not in text:
            raise RuntimeError("server did not start paging:\n" + text)
        self.port = port
        return process, log_path

    def api(self, method, path, body, role):
        """Status and JSON body of an API call to the latest server, as the `role` token."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=json.dumps(body), headers={
                "Authorization": "Bearer " + self.tokens[role],
                "Content-Type": "application/json"})
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            connection.close()

    def stop(self, process):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def refer(self):
        """The ED's referrer sends an urgent referral through the API: its id once answered 201."""
        status, body = self.api("POST", "/api/v1/sites/%s/referrals" % SITE, {
            "program": "ed", "first_name": PERSON["first_name"], "phone": PERSON["phone"],
            "language": "en", "setting": "emergency_department", "urgency": "now",
            "reason": "overdose_survivor", "partner_reference": PERSON["reference"],
            "consent": True}, "referrer")
        if status != 201:
            raise RuntimeError("POST referral: %d %r" % (status, body))
        return body["id"]

    def accept(self, referral_id):
        status, body = self.api("POST", "/api/v1/sites/%s/referrals/%s/status" % (SITE, referral_id),
                                {"status": "accepted"}, "coach")
        self.check(status == 200 and body.get("status") == "accepted",
                   "the coach accepts the referral: %d %r" % (status, body))

    def outbox(self, db):
        """The outbox as `outbox list` prints it: (id, channel, state, attempts, due, about)."""
        lines = self.cli(db, "outbox", "list", "--limit", "100").stdout.splitlines()
        return [tuple(line.split("\t")) for line in lines]

    def check_page(self, smtp, webhook, who, referral_id, label):
        """Exactly one e-mail and one text reached `who`, saying only what a page may."""
        _, mail, phone = who
        mails, texts = smtp.to(mail), webhook.to(phone)
        self.check(len(mails) == 1, "%s: one e-mail to %s, got %d" % (label, who[0], len(mails)))
        self.check(len(texts) == 1, "%s: one text to %s, got %d" % (label, who[0], len(texts)))
        link = "%s/staff/sites/%s/referrals/%s" % (CONSOLE, SITE, referral_id)
        if mails:
            _, message, raw = mails[0]
            body = message.get_content()
            self.check(str(message["Subject"]) == SUBJECT, "%s: subject %r" % (label,
                                                                             message["Subject"]))
            self.check(body.strip() == SUBJECT + " \u2014 open recoverynet: " + link,
                       "%s: e-mail body %r" % (label, body))
            self.check(message["From"] == "pages@north.example.org", "%s: From" % label)
            self.check(str(message["Message-ID"]).startswith("<outbox-"), "%s: Message-ID" % label)
            for word in IDENTIFYING:
                self.check(word not in body and word not in str(message["Subject"])
                           and word.encode() not in raw,
                           "%s: the e-mail says %r" % (label, word))
        if texts:
            text = texts[0]
            self.check(text["form"].get("Body") == SUBJECT + " \u2014 open recoverynet: " + link,
                       "%s: text body %r" % (label, text["form"].get("Body")))
            self.check(text["form"].get("From") == SMS_FROM, "%s: text From" % label)
            self.check(text["path"] == "/2010-04-01/Accounts/%s/Messages.json" % SMS_USER,
                       "%s: webhook path %r" % (label, text["path"]))
            self.check(text["content_type"] == "application/x-www-form-urlencoded",
                       "%s: the form's content type %r" % (label, text["content_type"]))
            expected = "Basic " + base64.b64encode(("%s:%s" % (SMS_USER, SMS_TOKEN)).encode()).decode()
            self.check(text["authorization"] == expected, "%s: webhook credentials" % label)
            self.check(text["idempotency_key"].startswith("recoverynet-outbox-"),
                       "%s: Idempotency-Key %r" % (label, text["idempotency_key"]))
            for word in IDENTIFYING:
                self.check(word not in text["form"].get("Body", ""),
                           "%s: the text says %r" % (label, word))

    def paged(self, smtp, webhook, who):
        return len(smtp.to(who[1])) >= 1 and len(webhook.to(who[2])) >= 1

    # 1 and 2: the first on call at once; the next after the timeout; accepting cancels the rest.
    def escalation(self):
        db = self.fresh_db("escalation")
        smtp, webhook = SmtpSink(free_port()), WebhookSink(free_port())
        smtp.start()
        webhook.start()
        self.clock.set(0)
        process, log_path = self.serve(db, smtp.port, webhook.port)
        try:
            referral_id = self.refer()
            answered = time.monotonic()
            self.check(wait_for(lambda: self.paged(smtp, webhook, COACH_A), 10),
                       "escalation: the first on call is paged")
            print("paging: first page (e-mail and text) received %.3f s after the 201"
                  % (time.monotonic() - answered))
            self.check_page(smtp, webhook, COACH_A, referral_id, "first on call")
            time.sleep(1.5)
            self.check(not smtp.to(COACH_B[1]) and not webhook.to(COACH_B[2]),
                       "escalation: the next on call is not paged before the timeout")
            self.clock.set(16 * 60)
            self.check(wait_for(lambda: self.paged(smtp, webhook, COACH_B), 10),
                       "escalation: 16 minutes on, the next on call is paged")
            self.check_page(smtp, webhook, COACH_B, referral_id, "next on call")
            self.accept(referral_id)
            self.clock.set(32 * 60)
            time.sleep(2.5)
            self.check(not smtp.to(SUPERVISOR[1]) and not webhook.to(SUPERVISOR[2]),
                       "escalation: once accepted, the supervisors are not paged")
            states = sorted(row[2] for row in self.outbox(db))
            self.check(states == ["cancelled"] * 2 + ["delivered"] * 4,
                       "escalation: the outbox holds 4 delivered and 2 cancelled: %r" % states)
            self.check_page(smtp, webhook, COACH_A, referral_id, "first on call, at the end")
        finally:
            self.stop(process)
            smtp.stop()
            webhook.stop()
            self.clock.set(0)
        with open(log_path) as f:
            log = f.read()
        for word in IDENTIFYING:
            self.check(word not in log, "escalation: the server's log says %r" % word)

    # 3: SMTP down (nothing listens), the webhook answering 503 twice; then both up.
    def receivers_down(self):
        db = self.fresh_db("down")
        smtp, webhook = SmtpSink(free_port()), WebhookSink(free_port())
        process, _ = self.serve(db, smtp.port, webhook.port)
        try:
            referral_id = self.refer()
            time.sleep(2.5)
            rows = [r for r in self.outbox(db) if r[3] != "0"]
            self.check(any(r[2] == "pending" for r in rows),
                       "down: the pages wait in the outbox after failed attempts: %r" % rows)
            webhook.fail_first = 2
            webhook.start()
            time.sleep(1)
            smtp.start()
            self.check(wait_for(lambda: self.paged(smtp, webhook, COACH_A), 15),
                       "down: once the receivers are back the page arrives")
            time.sleep(3)  # time for a repeat, were there one
            self.check_page(smtp, webhook, COACH_A, referral_id, "down then up")
            self.check(webhook.fail_first == 0, "down: the webhook's 503s were retried")
        finally:
            self.stop(process)
            smtp.stop()
            webhook.stop()

    # 4: kill -9 after the commit, before the send; the restarted server delivers, once.
    def crash(self):
        db = self.fresh_db("crash")
        smtp, webhook = SmtpSink(free_port()), WebhookSink(free_port())
        process, _ = self.serve(db, smtp.port, webhook.port)
        referral_id = self.refer()  # 201: committed; the receivers are down, so nothing is sent
        process.send_signal(signal.SIGKILL)
        process.wait()
        pending = [r for r in self.outbox(db) if r[2] == "pending"]
        self.check(len(pending) == 6, "crash: all 6 pages are pending after kill -9: %r" % pending)
        smtp.start()
        webhook.start()
        process, _ = self.serve(db, smtp.port, webhook.port)
        try:
            self.check(wait_for(lambda: self.paged(smtp, webhook, COACH_A), 15),
                       "crash: the restarted server sends the page")
            time.sleep(3)
            self.check_page(smtp, webhook, COACH_A, referral_id, "after kill -9")
        finally:
            self.stop(process)
            smtp.stop()
            webhook.stop()

    def close(self):
        for process in self.servers:
            if process.poll() is None:
                process.kill()
                process.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="rn-paging-")
    suite = Suite(os.path.abspath(args.binary), workdir)
    status = 1
    try:
        suite.setup()
        for scenario in (suite.escalation, suite.receivers_down, suite.crash):
            started = time.monotonic()
            scenario()
            print("paging: %s took %.1f s" % (scenario.__name__, time.monotonic() - started))
        status = suite.check.report()
    finally:
        suite.close()
        if status == 0:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print("paging: logs and databases kept in", workdir)
    return status


if __name__ == "__main__":
    sys.exit(main())
