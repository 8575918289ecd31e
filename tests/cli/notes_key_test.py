#!/usr/bin/env python3
"""The private-note key file (docs/security.md, "Secret keys") against the real program: made at the
first start beside the database (32 bytes, mode 0600), the same key on every later start, and a clear
refusal to start when the file is readable by others, the wrong size, or missing while the database
holds sealed notes.

Usage: notes_key_test.py --binary build/recoverynet
"""
import argparse
import os
import sqlite3
import stat
import subprocess
import sys
import tempfile

from checks import Checks, clean_env


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    check = Checks("notes_key_test")

    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "data", "casework.db")
        key = db + "-notes.key"

        def migrate():
            return subprocess.run([args.binary, "--db", db, "migrate"], env=clean_env(),
                                  capture_output=True, text=True, timeout=60)

        first = migrate()
        check(first.returncode == 0, f"first start: exit {first.returncode}: {first.stderr!r}")
        check(os.path.isfile(key), "the key file is made at the first start")
        if not os.path.isfile(key):
            return check.report()
        mode = stat.S_IMODE(os.stat(key).st_mode)
        check(mode == 0o600, f"the key file is mode 0600, not {oct(mode)}")
        with open(key, "rb") as f:
            original = f.read()
        check(len(original) == 32, f"the key is 32 bytes, not {len(original)}")
        check(not [name for name in os.listdir(os.path.dirname(db)) if ".tmp-" in name],
              "no temporary key file is left behind")

        again = migrate()
        check(again.returncode == 0, f"second start: exit {again.returncode}: {again.stderr!r}")
        with open(key, "rb") as f:
            check(f.read() == original, "a later start keeps the key")

        os.chmod(key, 0o644)
        readable = migrate()
        check(readable.returncode != 0, "a key file others may read is refused")
        check("chmod 600" in readable.stderr, f"the refusal says what to do: {readable.stderr!r}")
        os.chmod(key, 0o600)

        with open(key, "ab") as f:
            f.write(b"x")
        long_key = migrate()
        check(long_key.returncode != 0, "a key file of the wrong size is refused")
        check("33 bytes, not 32" in long_key.stderr, f"the refusal says why: {long_key.stderr!r}")

        # A database that holds a sealed note does not get a new key when its key file is gone.
        os.remove(key)
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute(
                "INSERT INTO contacts (id, site_id, participant_id, at, duration_minutes, place, "
                "outcome, supports, activities, note, private_note, follow_up_on, author_user_id, "
                "recorded_by, recorded_at) VALUES ('c1', 'north', 'p1', 0, 1, 'phone', 'completed', "
                "'', '', '', x'00', NULL, 'u1', 'test', 0)")
        missing = migrate()
        check(missing.returncode != 0, "a missing key file is refused when notes are sealed")
        check("is missing" in missing.stderr, f"the refusal says why: {missing.stderr!r}")
        check(not os.path.exists(key), "no new key is made for a database with sealed notes")

    return check.report()


if __name__ == "__main__":
    sys.exit(main())
