#!/usr/bin/env python3
"""The throwaway PostgreSQL server of scripts/pg-scratch, as the tests will use it (issue 15).

Run by ctest inside the `postgres` fixture (CMakeLists.txt), which starts the server before and stops it
after: `run.py DIR`, DIR the fixture's folder. Checks that the server is PostgreSQL 15 or later, reached
only through its own Unix socket at the address in DIR/uri, running as a user other than root, and that
it keeps what a transaction commits and drops what one rolls back.
"""

import os
import subprocess
import sys


def psql(uri, sql):
    result = subprocess.run(["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", uri, "-c", sql],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"psql failed on {sql!r}: {result.stderr.strip()}")
    return result.stdout.strip()


def main():
    directory = sys.argv[1]
    with open(os.path.join(directory, "uri")) as handle:
        uri = handle.read().strip()
    failures = []

    def check(name, ok, detail=""):
        print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail and not ok else ''}")
        if not ok:
            failures.append(name)

    version = int(psql(uri, "SHOW server_version_num"))
    check("PostgreSQL 15 or later", version >= 150000, str(version))
    check("no TCP listener", psql(uri, "SHOW listen_addresses") == "", psql(uri, "SHOW listen_addresses"))
    check("the database is rn", psql(uri, "SELECT current_database()") == "rn")

    with open(os.path.join(directory, "cluster")) as handle:
        cluster = handle.read().strip()
    with open(os.path.join(cluster, "data", "postmaster.pid")) as handle:
        pid = int(handle.readline())
    with open(f"/proc/{pid}/status") as handle:
        uid = next(int(line.split()[1]) for line in handle if line.startswith("Uid:"))
    check("the server does not run as root", uid != 0, f"uid {uid}")

    psql(uri, "DROP TABLE IF EXISTS harness; CREATE TABLE harness (v text NOT NULL)")
    psql(uri, "BEGIN; INSERT INTO harness VALUES ('kept'); COMMIT")
    psql(uri, "BEGIN; INSERT INTO harness VALUES ('dropped'); ROLLBACK")
    check("a commit is kept and a rollback is not", psql(uri, "SELECT string_agg(v, ',') FROM harness") == "kept")
    psql(uri, "DROP TABLE harness")

    if failures:
        sys.exit(f"{len(failures)} check(s) failed: {', '.join(failures)}")
    print("postgres harness: all checks passed")


if __name__ == "__main__":
    main()
