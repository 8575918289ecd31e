#!/usr/bin/env python3
"""Operating a database (docs/operations.md), against the real program and a real PostgreSQL server:

  1. `recoverynet copy --from sqlite://DEMO --to postgresql://…` of the demo database (pinned
     `demo --at`): every table's rows arrive, value for value (read back with psql and compared
     with Python's sqlite3, independently of the program), the row counts it prints are right, and
     `audit verify` passes on the copy with as many entries as on the original; a second copy into
     the same database is refused and changes nothing; the copy's ids go on from the largest copied
     (a write through the copy gets the next one);
  2. `backup` / `restore` on SQLite: the backup is a 0600 file equal in content to the database, an
     existing file is never overwritten, a restore into a new file verifies once its private-note
     key is beside it (and says what is missing before), a restore over a database is refused
     without --replace, and a PostgreSQL archive is refused with a message naming it;
  3. `backup` / `restore` on PostgreSQL (pg_dump / pg_restore): a backup of the copy restored into a
     new database has the same rows and a verifying audit trail; a restore into a database holding
     one is refused without --replace and replaces it with --replace.

The PostgreSQL server is a scripts/pg-scratch one; each database the test uses is made anew
(CREATE DATABASE: pg_dump archives a whole database) and dropped at the end.

Usage: ops_test.py --binary build/recoverynet --fixtures testdata --postgres build/pg-scratch
"""
import argparse
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import urllib.parse

from checks import Checks, clean_env
from pgdb import psql, scratch_server

AT = "2026-03-17T15:30:00-05:00"


class Postgres:
    """The scratch server: databases made and dropped by name, and queries through psql."""

    def __init__(self, folder):
        self.server = scratch_server(folder)
        self.made = []

    def uri(self, name):
        parts = urllib.parse.urlsplit(self.server)
        return urllib.parse.urlunsplit(parts._replace(path="/" + name))

    def create(self, name):
        name = "%s_%d" % (name, os.getpid())  # two runs at once do not meet
        psql(self.server, "DROP DATABASE IF EXISTS %s" % name)
        psql(self.server, "CREATE DATABASE %s" % name)
        self.made.append(name)
        return self.uri(name)

    def drop_all(self):
        for name in self.made:
            psql(self.server, "DROP DATABASE IF EXISTS %s" % name)

    @staticmethod
    def psql(uri, sql):
        """The value(s) `sql` selects, unaligned, without headers."""
        return psql(uri, sql, "-A", "-t").strip()


def run(binary, *args, env=None, stdin=None):
    return subprocess.run([binary, *args], capture_output=True, text=True, env=env or clean_env(),
                          input=stdin)


def tables_and_columns(pg_uri):
    """{table: [(column, type), …]} of the copy (PostgreSQL's catalog; the program's tables on both
    sides)."""
    text = Postgres.psql(pg_uri, "SELECT json_object_agg(table_name, columns) FROM ("
                                 "SELECT table_name, json_agg(json_build_array(column_name::text, "
                                 "data_type::text) ORDER BY ordinal_position) AS columns "
                                 "FROM information_schema.columns WHERE table_schema = "
                                 "current_schema() GROUP BY table_name) t")
    return json.loads(text)


def normal(value):
    """One value as both sides can be compared (a whole number is the same as an integer)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def sqlite_rows(db, table, columns):
    # Bytes as hex on both sides (SQLite may hold them as TEXT in a BLOB column).
    names = ", ".join('CASE WHEN "%s" IS NOT NULL THEN lower(hex("%s")) END' % (c, c)
                      if kind == "bytea" else '"%s"' % c for c, kind in columns)
    with sqlite3.connect("file:%s?mode=ro" % db, uri=True) as conn:
        return sorted(json.dumps([normal(v) for v in row])
                      for row in conn.execute("SELECT %s FROM \"%s\"" % (names, table)))


def pg_rows(pg_uri, table, columns):
    names = ", ".join("encode(\"%s\", 'hex')" % c if kind == "bytea" else '"%s"' % c
                      for c, kind in columns)
    text = Postgres.psql(pg_uri, "SELECT COALESCE(json_agg(json_build_array(%s)), '[]') FROM \"%s\""
                         % (names, table))
    return sorted(json.dumps([normal(v) for v in row]) for row in json.loads(text))


def same_rows(check, what, left, right, tables):
    """Checks that `left` and `right` (callables: table -> sorted rows) agree on every table."""
    for table, columns in sorted(tables.items()):
        if table in ("schema_migrations",):
            continue
        a, b = left(table, columns), right(table, columns)
        check(a == b, "%s: table %s differs (%d rows vs %d; first difference %s)"
              % (what, table, len(a), len(b),
                 next((x[:300] for x, y in zip(a, b) if x != y), "in length")))


def verify(binary, db, key):
    env = clean_env()
    env["RECOVERYNET_NOTES_KEY"] = key
    return run(binary, "--db", db, "audit", "verify", env=env)


def entries(result):
    """N of "audit: N entries, chain intact"."""
    words = result.stdout.split()
    return int(words[1]) if result.returncode == 0 and len(words) > 1 and words[1].isdigit() else -1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--postgres", required=True, help="a scripts/pg-scratch server's folder")
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    check = Checks("ops")
    workdir = tempfile.mkdtemp(prefix="rn-ops-")
    pg = Postgres(options.postgres)
    try:
        demo = os.path.join(workdir, "demo.db")
        key = demo + "-notes.key"
        made = run(binary, "--db", demo, "demo", "--feeds", os.path.abspath(options.fixtures),
                   "--at", AT)
        check(made.returncode == 0, "demo failed: %s" % made.stderr[-2000:])
        original = verify(binary, demo, key)
        check(entries(original) > 0, "audit verify on the demo database: %s%s"
              % (original.stdout, original.stderr))

        # 1. copy
        copy_uri = pg.create("rn_ops_copy")
        copied = run(binary, "copy", "--from", "sqlite://" + demo, "--to", copy_uri)
        check(copied.returncode == 0, "copy failed: %s%s" % (copied.stdout, copied.stderr[-2000:]))
        check(copy_uri not in copied.stdout + copied.stderr, "copy printed the database's URI")
        check("--notes-key " + key in copied.stdout,
              "copy does not say which key file to serve the copy with: %s" % copied.stdout)
        tables = tables_and_columns(copy_uri)
        check("listings" in tables and "contacts" in tables and "disclosures" in tables,
              "the copy lacks tables: %s" % sorted(tables))
        same_rows(check, "copy", lambda t, c: sqlite_rows(demo, t, c),
                  lambda t, c: pg_rows(copy_uri, t, c), tables)
        printed = dict(line.split("\t") for line in copied.stdout.splitlines() if "\t" in line)
        for table, columns in tables.items():
            if table in ("schema_migrations", "audit_head"):
                continue
            expected = len(sqlite_rows(demo, table, columns[:1]))
            check(printed.get(table) == str(expected),
                  "copy printed %s rows for %s, the database has %d" % (printed.get(table), table,
                                                                       expected))
        check(int(printed.get("contacts", "0")) > 100 and int(printed.get("audit_events", "0")) > 0,
              "the demo's contacts and audit entries were not copied: %s" % printed)
        copy_verify = verify(binary, copy_uri, key)
        check(copy_verify.returncode == 0 and entries(copy_verify) == entries(original),
              "audit verify on the copy: %s%s (the original: %s)"
              % (copy_verify.stdout, copy_verify.stderr, original.stdout.strip()))
        again = run(binary, "copy", "--from", demo, "--to", copy_uri)
        check(again.returncode == 1 and "already holds data" in again.stderr,
              "a second copy into the same database was not refused: %d %s"
              % (again.returncode, again.stderr))
        check(entries(verify(binary, copy_uri, key)) == entries(original),
              "the refused copy changed the copy's audit trail")
        before = int(Postgres.psql(copy_uri, "SELECT MAX(seq) FROM listing_changes"))
        env = clean_env()
        env["RECOVERYNET_NOTES_KEY"] = key
        added = run(binary, "--db", copy_uri, "site", "add", "ops-test", "--name", "Ops Test Site",
                    env=env)
        check(added.returncode == 0, "a write through the copy failed: %s" % added.stderr)
        imported = run(binary, "--db", copy_uri, "import", "meeting-guide",
                       os.path.join(os.path.abspath(options.fixtures), "meeting-feeds", "nwta.test.json"), "--source",
                       "ops-extra", "--timezone", "America/Chicago", env=env)
        after = Postgres.psql(copy_uri, "SELECT MIN(seq) FROM listing_changes WHERE seq > %d"
                              % before)
        check(imported.returncode == 0 and after == str(before + 1),
              "the copy's next listing change is %r, not %d (its identity sequence was not moved "
              "past the copied ids): %s" % (after, before + 1, imported.stderr[-500:]))
        check(verify(binary, copy_uri, key).returncode == 0, "the copy's audit trail after writes")
        for bad, message in ((["--from", copy_uri, "--to", pg.uri("rn_ops_none_%d" % os.getpid())], "reads a SQLite"),
                             (["--from", demo, "--to", os.path.join(workdir, "x.db")],
                              "writes a PostgreSQL"),
                             (["--from", os.path.join(workdir, "none.db"), "--to", copy_uri],
                              "no database at")):
            refused = run(binary, "copy", *bad)
            check(refused.returncode == 1 and message in refused.stderr,
                  "copy %s: %d %s" % (bad, refused.returncode, refused.stderr))

        # 2. SQLite backup and restore
        backup = os.path.join(workdir, "backup.db")
        backed = run(binary, "--db", demo, "backup", "--to", backup)
        check(backed.returncode == 0, "backup failed: %s" % backed.stderr)
        check("not in the backup" in backed.stdout and key in backed.stdout,
              "backup does not name the key file to keep: %s" % backed.stdout)
        check(os.path.exists(backup) and stat.S_IMODE(os.stat(backup).st_mode) == 0o600,
              "the backup is not a 0600 file")
        with sqlite3.connect("file:%s?mode=ro" % demo, uri=True) as conn:
            names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        same_rows(check, "sqlite backup", lambda t, c: sqlite_rows(demo, t, c),
                  lambda t, c: sqlite_rows(backup, t, c),
                  {t: c for t, c in tables.items() if t in names})
        size = os.path.getsize(backup)
        twice = run(binary, "--db", demo, "backup", "--to", backup)
        check(twice.returncode == 1 and "exists" in twice.stderr and os.path.getsize(backup) == size,
              "a backup over an existing file was not refused: %s" % twice.stderr)
        restored = os.path.join(workdir, "restored", "site.db")
        first = run(binary, "--db", "sqlite://" + restored, "restore", "--from", backup)
        check(first.returncode == 1 and "key" in first.stderr and "missing" in first.stderr,
              "a restore without its key file does not say the key is missing: %d %s%s"
              % (first.returncode, first.stdout, first.stderr))
        shutil.copy(key, restored + "-notes.key")
        os.chmod(restored + "-notes.key", 0o600)
        check(entries(verify(binary, restored, restored + "-notes.key")) == entries(original),
              "the restored SQLite database does not verify with its key")
        over = run(binary, "--db", restored, "restore", "--from", backup)
        check(over.returncode == 1 and "--replace" in over.stderr,
              "a restore over a database without --replace was not refused: %s" % over.stderr)
        replaced = run(binary, "--db", restored, "restore", "--from", backup, "--replace")
        check(replaced.returncode == 0 and "chain intact" in replaced.stdout,
              "restore --replace: %d %s%s" % (replaced.returncode, replaced.stdout, replaced.stderr))

        # 3. PostgreSQL backup and restore
        archive = os.path.join(workdir, "backup.pgdump")
        pg_backed = run(binary, "--db", copy_uri, "--notes-key", key, "backup", "--to", archive)
        check(pg_backed.returncode == 0 and os.path.exists(archive),
              "PostgreSQL backup failed: %s" % pg_backed.stderr[-2000:])
        check(os.path.exists(archive) and stat.S_IMODE(os.stat(archive).st_mode) == 0o600,
              "the PostgreSQL backup is not a 0600 file")
        wrong = run(binary, "--db", os.path.join(workdir, "wrong.db"), "restore", "--from", archive)
        check(wrong.returncode == 1 and "not a SQLite backup" in wrong.stderr,
              "a PostgreSQL archive restored into a SQLite file: %s" % wrong.stderr)
        wrong = run(binary, "--db", copy_uri, "--notes-key", key, "restore", "--from", backup)
        check(wrong.returncode == 1 and "not a PostgreSQL backup" in wrong.stderr,
              "a SQLite backup restored into PostgreSQL: %s" % wrong.stderr)
        restore_uri = pg.create("rn_ops_restore")
        pg_restored = run(binary, "--db", restore_uri, "--notes-key", key, "restore", "--from",
                          archive)
        check(pg_restored.returncode == 0 and "chain intact" in pg_restored.stdout,
              "PostgreSQL restore: %d %s%s" % (pg_restored.returncode, pg_restored.stdout,
                                               pg_restored.stderr[-2000:]))
        same_rows(check, "postgres restore", lambda t, c: pg_rows(copy_uri, t, c),
                  lambda t, c: pg_rows(restore_uri, t, c), tables)
        pg_over = run(binary, "--db", restore_uri, "--notes-key", key, "restore", "--from", archive)
        check(pg_over.returncode == 1 and "--replace" in pg_over.stderr,
              "a PostgreSQL restore over a database without --replace: %s" % pg_over.stderr)
        run(binary, "--db", restore_uri, "--notes-key", key, "site", "add", "after-backup",
            "--name", "Added After The Backup", env=env)
        pg_replaced = run(binary, "--db", restore_uri, "--notes-key", key, "restore", "--from",
                          archive, "--replace")
        check(pg_replaced.returncode == 0 and "chain intact" in pg_replaced.stdout,
              "PostgreSQL restore --replace: %s%s" % (pg_replaced.stdout, pg_replaced.stderr[-2000:]))
        check(Postgres.psql(restore_uri, "SELECT COUNT(*) FROM sites WHERE id = 'after-backup'") == "0",
              "restore --replace kept a site added after the backup")
        same_rows(check, "postgres restore --replace", lambda t, c: pg_rows(copy_uri, t, c),
                  lambda t, c: pg_rows(restore_uri, t, c), tables)
    finally:
        pg.drop_all()
        shutil.rmtree(workdir, ignore_errors=True)
    return check.report()


if __name__ == "__main__":
    sys.exit(main())
