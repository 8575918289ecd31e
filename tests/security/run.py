#!/usr/bin/env python3
"""Security tests for staff accounts and the staff console, against a real server process (issue 5).

Sets up a database with the CLI (two sites, one user per role, API tokens, the nwta feed, a
correction from the public), starts `recoverynet serve`, and runs the topics below in order, one
module each (harness.py holds the server, the browser-like client and the shared Context):
  - matrix:      every route `recoverynet routes` lists is in matrix.json with the access it
                 declares; requests without credentials; the permission matrix: every protected
                 route x every role (by session, and by API token where the route is an API route)
                 x own site / other site -> allowed or denied as matrix.json says;
  - tokens:      GET /api/v1/me by token, unknown, revoked, expiring and expired tokens;
  - listings:    the listings page's paging, a scoped editor;
  - site_admin:  what a site admin may do to staff and tokens;
  - imports:     re-running an import (fetched from a feed server on this machine, and uploaded:
                 the diff first, applied only when asked, once);
  - sessions:    cookie flags, session fixation, logout and logout everywhere, a disabled user,
                 idle and absolute expiry (a second server with short limits);
  - csrf:        CSRF and Origin rejection;
  - throttling:  sign-in throttling;
  - limits:      oversize requests, security headers;
  - audit:       the audit trail (denials and sign-ins recorded, chain intact, no password in it).
The topics share one server and database and run in the order of STEPS: later ones rely on what
earlier ones did (the audit topic counts the others' sign-ins; the sessions' expiry step needs the
main server stopped). Prints one line per failure, the checks per topic and a summary. Standard
library only.

With `--postgres DIR` (DIR the folder of a scripts/pg-scratch server) everything runs on a fresh schema
of that server's database instead of a SQLite file (tests/cli/pgdb.py): every CLI command and both
servers get its URI as --db and RECOVERYNET_NOTES_KEY; what a topic reads or changes beside the server
goes through psql (pg_dump for the audit topic's "no password in the database").

  python3 tests/security/run.py --binary build/recoverynet --fixtures testdata [--keep] [--postgres DIR]
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import traceback

from harness import HERE, Checks, Context, PostgresDatabase
import audit
import csrf
import imports
import limits
import listings
import matrix
import sessions
import site_admin
import throttling
import tokens

# (topic, step), in the order they run. A topic's checks are counted together wherever its steps are.
STEPS = [
    (matrix, matrix.run),
    (tokens, tokens.me),
    (listings, listings.run),
    (site_admin, site_admin.run),
    (imports, imports.run),
    (sessions, sessions.cookies),
    (csrf, csrf.run),
    (sessions, sessions.logout),
    (tokens, tokens.revocation),
    (throttling, throttling.run),
    (limits, limits.run),
    (audit, audit.run),
    (None, Context.stop_server),  # the expiry step starts its own server on the same database
    (sessions, sessions.expiry),
]


class Tally:
    """Checks, failures and seconds per topic, from the shared Checks' running totals."""

    def __init__(self, check):
        self.check = check
        self.topics = {}  # title -> [checks, failures, seconds], in first-run order

    def run(self, title, step, ctx):
        count, failures, start = self.check.count, len(self.check.failures), time.monotonic()
        try:
            step(ctx, self.check)
        except Exception:  # a crashed step is a failure; the steps after it still run
            self.check(False, "%s: %s crashed:\n%s" % (title, step.__name__, traceback.format_exc()))
        entry = self.topics.setdefault(title, [0, 0, 0.0])
        entry[0] += self.check.count - count
        entry[1] += len(self.check.failures) - failures
        entry[2] += time.monotonic() - start

    def print(self):
        width = max(len(title) for title in self.topics)
        for title, (count, failed, seconds) in self.topics.items():
            print("  %-*s %5d checks, %d failed (%.1f s)" % (width, title, count, failed, seconds))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--postgres", default="",
                        help="the folder of a scripts/pg-scratch server: run on a fresh schema of its "
                             "database instead of a SQLite file")
    args = parser.parse_args()
    with open(os.path.join(HERE, "matrix.json"), encoding="utf-8") as f:
        permission_matrix = json.load(f)
    check = Checks("security_tests")
    tally = Tally(check)
    workdir = tempfile.mkdtemp(prefix="rn-security-")
    postgres = PostgresDatabase(args.postgres, workdir, "rn_security") if args.postgres else None
    ctx = Context(os.path.abspath(args.binary), os.path.abspath(args.fixtures), workdir,
                  permission_matrix, postgres)
    print("security_tests on %s" % ("PostgreSQL, schema " + postgres.schema if postgres else "SQLite"))
    try:
        tally.run("setup", lambda c, _check: c.setup(_check), ctx)
        if ctx.server is None:
            check(False, "setup: the server did not start; no topic ran")
        else:
            for topic, step in STEPS:
                if topic is None:
                    step(ctx)
                else:
                    tally.run(topic.TITLE, step, ctx)
    finally:
        ctx.close()
    tally.print()
    if args.keep:
        print("kept", workdir, *(["and schema", postgres.schema] if postgres else []))
    else:
        shutil.rmtree(workdir, ignore_errors=True)
        if postgres:
            postgres.drop()
    return check.report()


if __name__ == "__main__":
    sys.exit(main())
