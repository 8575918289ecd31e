#!/usr/bin/env python3
"""The error policy against a real server process (docs/security.md, "Errors and request ids").

Sets up a database with the CLI (the synthetic feed testdata/api/fixture.json, one site, a directory
editor, a site admin, a coach, an API token),
starts `recoverynet serve --log-level info`, and checks:
  - every response carries X-Request-Id (16 hex digits), and the access log line names it;
  - a staff form with a field that does not decode (`notes=%ff`, bad percent-encoding, a bad
    multipart field) and a valid CSRF token is a 400 naming the field, on a page and on the API,
    and is not audited as a CSRF denial; a bad query string (`?q=%ff`) on a staff page and on a staff
    API route is a 400 naming the parameter; the sign-in form names its bad field too; a form
    without the right token is still a CSRF denial;
  - with the audit table moved away under the running server (so that the store fails with
    SQLite's "no such table", or PostgreSQL's 'relation "audit_events" does not exist'), the API's 500
    is problem+json with the generic detail and the request id, the console's and the public
    correction form's 500 pages show "(reference <id>)", none of them shows the database's text, and
    the server logs that text once, at error level, with the same id.
Prints one line per failure and a summary. Standard library only.

With `--postgres DIR` (DIR the folder of a scripts/pg-scratch server) it runs on a fresh schema of that
server's database (tests/cli/pgdb.py; the table is moved with psql).

  python3 tests/security/error_policy_check.py --binary build/recoverynet --fixtures testdata [--keep]
      [--postgres DIR]
"""

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from harness import Browser, Checks, PostgresDatabase, Server, clean_env  # noqa: E402

PASSWORD = "error policy passphrase 42"
SITE = "north"
REQUEST_ID = re.compile(r"^[0-9a-f]{16}$")


def csrf_denials(query):
    """How many access.denied entries with reason csrf the audit trail holds."""
    rows = query("SELECT details FROM audit_events WHERE action = 'access.denied'")
    return sum(1 for (details,) in rows if json.loads(details).get("reason") == "csrf")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--postgres", default="",
                        help="the folder of a scripts/pg-scratch server: run on a fresh schema of its "
                             "database instead of a SQLite file")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    check = Checks("error_policy_tests")
    workdir = tempfile.mkdtemp(prefix="rn-errors-")
    postgres = PostgresDatabase(args.postgres, workdir, "rn_errors") if args.postgres else None
    db = postgres.uri if postgres else os.path.join(workdir, "errors.db")
    env = postgres.env if postgres else {}
    # What the database answers a statement on a table that is not there (in the log, never shown;
    # the log line escapes its quotes), as a regular expression.
    cause = r'relation \\?"audit_events\\?" does not exist' if postgres else "no such table"
    print("error_policy_tests on %s" % ("PostgreSQL, schema " + postgres.schema if postgres else "SQLite"))

    def cli(*argv, stdin=None):
        return subprocess.run([binary, "--db", db, "--log-level", "warn", *argv], input=stdin,
                              capture_output=True, text=True, env={**clean_env(), **env})

    def query(sql):
        if postgres:
            return postgres.query(sql)
        with sqlite3.connect(db) as connection:
            rows = connection.execute(sql).fetchall()
        connection.close()
        return rows

    imported = cli("import", "meeting-guide", os.path.join(args.fixtures, "api", "fixture.json"),
                   "--source", "fixture", "--timezone", "America/New_York")
    check(imported.returncode == 0, "import fixture: %s" % imported.stderr.strip()[-300:])
    cli("site", "add", SITE, "--name", "Test north site")
    for role in ("directory_editor", "site_admin", "coach"):
        made = cli("user", "add", "test." + role, "--display-name", "Test " + role, "--role", role,
                   "--site", SITE, stdin=PASSWORD + "\n")
        check(made.returncode == 0, "user add %s: %s" % (role, made.stderr.strip()))
    made = cli("token", "create", "--site", SITE, "--role", "site_admin", "--label", "errors")
    check(made.returncode == 0 and made.stdout.startswith("rn_"), "token create: %s" % made.stderr)
    bearer = {"Authorization": "Bearer " + made.stdout.strip()}

    server = Server(binary, db, workdir, log_level="info", env=env)
    try:
        # ---- Every response carries its request id, and the access log names it ----
        status, headers, _ = server.request("GET", "/readyz")
        request_id = headers.get("x-request-id", "")
        check(status == 200 and REQUEST_ID.match(request_id),
              "X-Request-Id on /readyz: %r" % request_id)
        _, again, _ = server.request("GET", "/readyz")
        check(again.get("x-request-id") != request_id, "two requests share an X-Request-Id")
        time.sleep(0.2)
        check(re.search(r"http method=GET path=/readyz status=200 .* request_id=%s" % request_id,
                        server.log_text()),
              "the access log line does not name request_id=%s" % request_id)

        editor = Browser(server)
        status, headers, _ = editor.login("test.directory_editor", PASSWORD)
        check(status == 303, "editor sign-in: %d" % status)
        token = editor.csrf()
        check(len(token) == 43, "editor CSRF token: %r" % token)
        denials_before = csrf_denials(query)
        create = "/staff/sites/%s/listings" % SITE

        # ---- A staff form with a field that does not decode: 400 naming it, not a CSRF denial ----
        status, headers, text = editor.request(
            "POST", create, "_csrf=%s&name=Test+group&notes=%%ff" % token)
        check(status == 400, "notes=%%ff with a valid token: %d %s" % (status, text[:200]))
        check("notes: is not valid UTF-8" in text, "the 400 does not name notes: %r" % text[:300])
        check("expired" not in text, "notes=%ff is answered as a CSRF failure")
        status, _, text = editor.request(
            "POST", create, "_csrf=%s&name=Test+group&notes=50%%" % token)
        check(status == 400 and "notes: is not valid percent-encoding" in text,
              "notes=50%%: %d %r" % (status, text[:300]))
        status, _, text = editor.request("POST", create, "_csrf=%ff&name=Test+group")
        check(status == 400 and "_csrf: is not valid UTF-8" in text,
              "_csrf=%%ff: %d %r" % (status, text[:300]))
        boundary = "errorpolicyboundary"
        multipart = ("--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{t}\r\n"
                     "--{b}\r\nContent-Disposition: form-data; name=\"notes\"\r\n\r\n\xff\r\n"
                     "--{b}--\r\n").format(b=boundary, t=token).encode("latin-1")
        status, _, text = editor.request(
            "POST", create, multipart,
            {"Content-Type": "multipart/form-data; boundary=" + boundary})
        check(status == 400 and "notes: is not valid UTF-8" in text,
              "multipart notes=\\xff: %d %r" % (status, text[:300]))
        check(csrf_denials(query) == denials_before,
              "an undecodable form was audited as a CSRF denial (%d -> %d)"
              % (denials_before, csrf_denials(query)))

        # ---- ... while a form without the right token still is one ----
        status, _, text = editor.request("POST", create, "_csrf=wrong&name=Test+group")
        check(status == 403 and "expired" in text, "a wrong token: %d %r" % (status, text[:200]))
        check(csrf_denials(query) == denials_before + 1, "a wrong token was not audited as csrf")

        # ---- A query string that does not decode: 400 naming the parameter ----
        status, _, text = editor.request("GET", "/staff/sites/%s/listings?q=%%ff" % SITE)
        check(status == 400 and "q: is not valid UTF-8" in text,
              "staff page ?q=%%ff: %d %r" % (status, text[:300]))
        status, headers, text = server.request(
            "GET", "/api/v1/sites/%s/audit?q=%%ff" % SITE, bearer)
        problem = json.loads(text) if headers.get("content-type", "").startswith(
            "application/problem+json") else {}
        check(status == 400 and problem.get("field") == "q"
              and problem.get("detail") == "q: is not valid UTF-8",
              "staff API ?q=%%ff: %d %r" % (status, text[:300]))
        status, headers, text = server.request("GET", "/api/v1/meetings?q=%ff")
        problem = json.loads(text) if status == 400 else {}
        check(problem.get("field") == "q", "public API ?q=%%ff: %d %r" % (status, text[:300]))

        # ---- The sign-in form names its bad field ----
        visitor = Browser(server)
        login_token = visitor.login_form()
        status, _, text = visitor.request(
            "POST", "/staff/login", "_csrf=%s&name=%%ff&password=x" % login_token)
        check(status == 400 and "The form could not be read: name is not valid UTF-8." in text,
              "sign-in name=%%ff: %d %r" % (status, text[:300]))

        # ---- 500s: the audit table moved away under the running server ----
        admin = Browser(server)
        status, _, _ = admin.login("test.site_admin", PASSWORD)
        check(status == 303, "admin sign-in: %d" % status)
        coach = Browser(server)
        status, _, _ = coach.login("test.coach", PASSWORD)
        check(status == 303, "coach sign-in: %d" % status)
        public_id = None
        status, _, page = server.request("GET", "/api/v1/meetings?limit=1")
        items = json.loads(page).get("items", []) if status == 200 else []
        if items:
            public_id = items[0]["id"]
        if postgres:
            postgres.execute("ALTER TABLE audit_events RENAME TO audit_events_moved")
        else:
            with sqlite3.connect(db) as connection:
                connection.execute("ALTER TABLE audit_events RENAME TO audit_events_moved")
            connection.close()

        internal = ("no such table", "audit_events", "SQLITE", "database error", "does not exist",
                    "relation", "ERROR:", "postgres")

        def shows_internal(text):
            return [word for word in internal if word in text]

        ids = []
        status, headers, text = server.request(
            "GET", "/api/v1/sites/%s/audit" % SITE, bearer)
        ids.append(headers.get("x-request-id", ""))
        problem = json.loads(text) if headers.get("content-type", "").startswith(
            "application/problem+json") else {}
        check(status == 500 and problem.get("title") == "Internal Server Error"
              and problem.get("detail") == "The server could not complete the request."
              and problem.get("request_id") == ids[-1],
              "API 500: %d %s %r" % (status, headers.get("content-type"), text[:300]))
        check(not shows_internal(text), "API 500 shows %s" % shows_internal(text))

        status, headers, text = admin.request("GET", "/staff/sites/%s/audit" % SITE)
        ids.append(headers.get("x-request-id", ""))
        check(status == 500 and "Something went wrong" in text
              and "(reference %s)" % ids[-1] in text,
              "console 500: %d %r" % (status, text[:400]))
        check(not shows_internal(text), "console 500 shows %s" % shows_internal(text))

        # A permission denial whose audit entry cannot be written (the guard's own 500).
        status, headers, text = coach.request("GET", "/staff/sites/%s/audit" % SITE)
        ids.append(headers.get("x-request-id", ""))
        check(status == 500 and "(reference %s)" % ids[-1] in text,
              "guard 500: %d %r" % (status, text[:400]))
        check(not shows_internal(text), "guard 500 shows %s" % shows_internal(text))

        if public_id:
            status, headers, text = server.request(
                "POST", "/meetings/%s/corrections" % public_id,
                {"Content-Type": "application/x-www-form-urlencoded"},
                "field=time&details=It+starts+at+eight&lang=en")
            ids.append(headers.get("x-request-id", ""))
            check(status == 500 and "(reference %s)" % ids[-1] in text,
                  "public correction 500: %d %r" % (status, text[:400]))
            check(not shows_internal(text), "public 500 shows %s" % shows_internal(text))
        else:
            check(False, "no public listing to send a correction about")

        time.sleep(0.2)
        log = server.log_text()
        for request_id in ids:
            lines = [line for line in log.splitlines()
                     if "event=server_error request_id=%s " % request_id in line]
            check(len(lines) == 1, "request %s: %d server_error lines, not 1" % (request_id,
                                                                              len(lines)))
            check(all("level=error" in line and "status=500" in line for line in lines),
                  "request %s: the log line lacks the level or status: %r" % (request_id, lines))
            check(re.search(r"http method=\S+ path=\S+ status=500 .* request_id=%s" % request_id,
                            log),
                  "request %s: no access log line with its id" % request_id)
        # The guard's and the public form's failures carry the database's own text to the log line.
        for request_id in ids[2:]:
            check(re.search(r"event=server_error request_id=%s .*%s" % (request_id, cause), log),
                  "request %s: the log line does not give the cause (%s)" % (request_id, cause))
    finally:
        server.stop()
        if args.keep:
            print("kept", workdir, *(["and schema", postgres.schema] if postgres else []))
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            if postgres:
                postgres.drop()
    return check.report()


if __name__ == "__main__":
    sys.exit(main())
