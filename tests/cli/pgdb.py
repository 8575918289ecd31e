"""A fresh PostgreSQL schema for a suite that runs on either backend (issue 15): the HTTP suite
(tests/api/run.py), the security suite and the error-policy check (tests/security/) take
`--postgres DIR`, DIR the folder of a scripts/pg-scratch server (its address in DIR/uri), and run on a
schema of their own there instead of a SQLite file. tests/e2e/run.mjs does the same in JavaScript
(its `postgresDatabase`). Standard library only; `psql` (and `pg_dump` for `dump`) from PostgreSQL's
client package.

  database = PostgresDatabase(DIR, workdir, "rn_security")
  database.uri      the --db URI: the server's address with options=-csearch_path=SCHEMA
  database.env      {"RECOVERYNET_NOTES_KEY": workdir/notes.key}: a PostgreSQL database has no folder
                    to keep the private-note key beside, so every command and server needs it
  database.query(sql), database.execute(sql), database.dump(), database.drop()
"""

import os
import subprocess

# psql's field and record separators for query(): ASCII unit and record separators, which no value
# the tests read holds (JSON details hold '|' and newlines).
FIELD, RECORD = "\x1f", "\x1e"


def scratch_server(folder):
    """The address of the scripts/pg-scratch server whose folder is `folder`."""
    with open(os.path.join(folder, "uri"), encoding="utf-8") as f:
        return f.read().strip()


def psql(uri, sql, *options):
    """Runs `sql` with psql against `uri` (stopping at the first error); its output."""
    done = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", *options, uri, "-c", sql],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("psql failed on %r: %s" % (sql[:200], done.stderr.strip()))
    return done.stdout


class PostgresDatabase:
    def __init__(self, folder, workdir, prefix):
        self.server = scratch_server(folder)
        self.schema = "%s_%d" % (prefix, os.getpid())
        psql(self.server, "SET client_min_messages = warning; DROP SCHEMA IF EXISTS %s CASCADE; "
                          "CREATE SCHEMA %s" % (self.schema, self.schema))
        self.uri = self.server + ("&" if "?" in self.server else "?") + \
            "options=-csearch_path%3D" + self.schema
        self.notes_key = os.path.join(workdir, "notes.key")
        self.env = {"RECOVERYNET_NOTES_KEY": self.notes_key}

    def query(self, sql):
        """The rows of `sql` on the schema, as tuples of strings (NULL as '')."""
        out = psql(self.uri, sql, "-A", "-t", "-F", FIELD, "-R", RECORD)
        return [tuple(row.split(FIELD)) for row in out.rstrip("\n").split(RECORD) if row != ""]

    def execute(self, sql, lock_timeout="5s"):
        """Runs `sql` on the schema (waiting at most `lock_timeout` for a lock)."""
        psql(self.uri, "SET lock_timeout = '%s'; %s" % (lock_timeout, sql))

    def dump(self):
        """Every row of the schema, as pg_dump writes it (for "no password reached the database")."""
        done = subprocess.run(["pg_dump", "--data-only", "--schema", self.schema, self.server],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError("pg_dump failed: %s" % done.stderr.strip())
        return done.stdout

    def drop(self):
        """Drops the schema (and everything in it)."""
        psql(self.server, "SET client_min_messages = warning; DROP SCHEMA IF EXISTS %s CASCADE"
                          % self.schema)


def postgres_database(folder, workdir, prefix="rn_api"):
    """A fresh schema on the pg-scratch server in `folder`, as a --db URI; sets RECOVERYNET_NOTES_KEY
    (the private-note key in `workdir`) in this process's environment, for every command it runs."""
    database = PostgresDatabase(folder, workdir, prefix)
    os.environ.update(database.env)
    return database.uri
