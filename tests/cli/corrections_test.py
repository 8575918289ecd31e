#!/usr/bin/env python3
"""`recoverynet corrections list` through the real program: requests for directory editors, newest
first, open ones by default; the listing's name looked up ("(deleted)" when it is gone); the details
on one line (line breaks as ⏎, control characters neutralised, cut to 120 characters with …);
`--json` with the full text; the empty case; a missing database is an error and is not created.

The requests are written with Python's sqlite3 module: the public form that creates them is an HTTP
page tested elsewhere.

Usage: corrections_test.py --binary build/recoverynet --fixtures testdata
"""
import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

from checks import Checks, clean_env

HEADER = ["ID", "CREATED", "STATUS", "LISTING", "NAME", "FIELD", "EMAIL", "DETAILS"]
GONE_LISTING = "00000000000000ff"
ESCAPE = "\x1b[2J\x1b[31m"  # would clear and recolour an editor's terminal if printed raw


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--fixtures", required=True)
    args = parser.parse_args()
    env = clean_env()
    check = Checks("corrections_test")

    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "corrections.db")

        def run(*argv, database=db):
            return subprocess.run([args.binary, "--log-level", "warn", "--db", database, *argv],
                                  env=env, capture_output=True, encoding="utf-8", timeout=60)

        def table(result):
            """The listing lines of a `corrections list` run, split on tabs, without the header."""
            lines = result.stdout.splitlines()
            check(lines and lines[0].split("\t") == HEADER, f"bad header in {result.stdout!r}")
            for line in lines:
                check(len(line.split("\t")) == len(HEADER), f"not {len(HEADER)} columns: {line!r}")
            return [line.split("\t") for line in lines[1:]]

        missing = os.path.join(tmp, "missing.db")
        result = run("corrections", "list", database=missing)
        check(result.returncode == 1 and "no database" in result.stderr and
              not os.path.exists(missing),
              f"a missing database: exit {result.returncode}, stderr {result.stderr!r}, "
              f"created {os.path.exists(missing)}")

        result = run("import", "meeting-guide", os.path.join(args.fixtures, "api", "fixture.json"),
                     "--source", "fixture", "--timezone", "America/New_York")
        check(result.returncode == 0, f"import: exit {result.returncode}, {result.stderr!r}")
        with sqlite3.connect(db) as conn:
            listings = conn.execute("SELECT id, name FROM listings ORDER BY id LIMIT 2").fetchall()
        (alpha, alpha_name), (bravo, bravo_name) = listings

        result = run("corrections", "list")
        check(result.returncode == 0 and result.stdout == "no open correction requests\n",
              f"empty: exit {result.returncode}, stdout {result.stdout!r}")
        result = run("corrections", "list", "--status", "all", "--json")
        check(result.returncode == 0 and json.loads(result.stdout) == [],
              f"empty json: exit {result.returncode}, stdout {result.stdout!r}")

        long_details = "Closed\tfor good " + ESCAPE + "now \u0085" + "é" * 300
        rows = [
            # id, listing, field, details, email, language, created_at, status, by, at
            (1, alpha, "time", "Starts at 7:30 now.\nNot 7.", "test.person@example.org", "en",
             "2026-11-20T10:00:00Z", "open", "", ""),
            (2, bravo, "closed", long_details, "", "es", "2026-11-21T10:00:00Z", "open", "", ""),
            (3, GONE_LISTING, "other", "Is this\r\nstill on?", "", "", "2026-11-22T10:00:00Z",
             "open", "", ""),
            (4, alpha, "name", "Renamed", "", "en", "2026-11-23T10:00:00Z", "applied",
             "test-editor", "2026-11-23T12:00:00Z"),
            (5, bravo, "contact", "New phone", "", "en", "2026-11-19T10:00:00Z", "dismissed",
             "test-editor", "2026-11-23T12:00:00Z"),
        ]
        with sqlite3.connect(db) as conn:
            conn.executemany(
                "INSERT INTO correction_requests (id, listing_id, field, details, email, language, "
                "created_at, status, resolved_by, resolved_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows)

        result = run("corrections", "list")
        check(result.returncode == 0, f"list: exit {result.returncode}, {result.stderr!r}")
        lines = table(result)
        check([line[0] for line in lines] == ["3", "2", "1"],
              f"open requests newest first should be 3, 2, 1: {result.stdout!r}")
        by_id = {line[0]: dict(zip(HEADER, line)) for line in lines}
        first = by_id.get("1", {})
        check(first.get("CREATED") == "2026-11-20T10:00:00Z" and first.get("STATUS") == "open" and
              first.get("LISTING") == alpha and first.get("NAME") == alpha_name and
              first.get("FIELD") == "time" and first.get("EMAIL") == "test.person@example.org" and
              first.get("DETAILS") == "Starts at 7:30 now.\u23ceNot 7.",
              f"request 1 shown as {first}")
        second = by_id.get("2", {}).get("DETAILS", "")
        check(by_id.get("2", {}).get("NAME") == bravo_name and
              by_id.get("2", {}).get("EMAIL") == "-", f"request 2 shown as {by_id.get('2')}")
        check(len(second) == 120 and second.endswith("\u2026") and
              second.startswith("Closed for good \ufffd[2J\ufffd[31mnow \ufffd"),
              f"long details should be neutralised and cut to 120 characters: {second!r}")
        check("\x1b" not in result.stdout and "\u0085" not in result.stdout,
              "a control character reached the terminal")
        check(by_id.get("3", {}).get("NAME") == "(deleted)" and
              by_id.get("3", {}).get("DETAILS") == "Is this\u23cestill on?",
              f"request 3 (listing gone) shown as {by_id.get('3')}")

        result = run("corrections", "list", "--status", "all")
        check(result.returncode == 0 and [line[0] for line in table(result)] == [
            "4", "3", "2", "1", "5"], f"--status all: {result.stdout!r}")
        result = run("corrections", "list", "--status", "applied")
        check(result.returncode == 0 and [line[:3] for line in table(result)] == [
            ["4", "2026-11-23T10:00:00Z", "applied"]], f"--status applied: {result.stdout!r}")
        result = run("corrections", "list", "--status", "dismissed")
        check(result.returncode == 0 and [line[0] for line in table(result)] == ["5"],
              f"--status dismissed: {result.stdout!r}")
        result = run("corrections", "list", "--status", "closed")
        check(result.returncode != 0 and "closed" in result.stderr,
              f"an unknown status: exit {result.returncode}, stderr {result.stderr!r}")

        # --db also works after the subcommand, as for the other commands.
        result = subprocess.run([args.binary, "--log-level", "warn", "corrections", "list",
                                 "--json", "--db", db], env=env, capture_output=True,
                                encoding="utf-8", timeout=60)
        check(result.returncode == 0, f"--json: exit {result.returncode}, {result.stderr!r}")
        try:
            items = json.loads(result.stdout)
        except ValueError:
            items = []
            check(False, f"--json is not JSON: {result.stdout!r}")
        check([item["id"] for item in items] == [3, 2, 1], f"--json ids: {items}")
        by_id = {item["id"]: item for item in items}
        check(by_id.get(2, {}).get("details") == long_details,
              "--json should give the details in full")
        check(by_id.get(1) == {
            "id": 1, "created_at": "2026-11-20T10:00:00Z", "status": "open", "listing_id": alpha,
            "listing_name": alpha_name, "field": "time", "details": "Starts at 7:30 now.\nNot 7.",
            "email": "test.person@example.org", "language": "en", "resolved_by": "",
            "resolved_at": ""}, f"--json request 1: {by_id.get(1)}")
        check(3 in by_id and by_id[3]["listing_name"] is None,
              f"--json: a deleted listing's name should be null: {by_id.get(3)}")
        result = run("corrections", "list", "--json", "--status", "all")
        check(result.returncode == 0 and len(json.loads(result.stdout or "[]")) == 5,
              f"--json --status all: {result.stdout!r}")

        result = run("audit", "verify")
        check(result.returncode == 0, f"audit verify after listing: {result.stdout!r}")

    return check.report()


if __name__ == "__main__":
    sys.exit(main())
