#!/usr/bin/env python3
"""Staff accounts through the real program: `site add`, `user add` with the password on stdin,
`set-role`, `disable`, `reset-password`; bad input (weak password, unknown role, a site role without a
site, a network role with one) fails with exit 1 and a message saying why; every change lands in the
audit trail and `recoverynet audit verify` still passes.

Usage: user_test.py --binary build/recoverynet
"""
import argparse
import os
import pty
import select
import sqlite3
import subprocess
import sys
import tempfile

GOOD_PASSWORD = "violet-Harbor-73-kettle"
OTHER_PASSWORD = "Seventeen-quiet-Lanterns"


def run_on_terminal(argv, env, lines, timeout=60):
    """Runs argv with stdin/stdout/stderr on a pseudo-terminal, typing each of `lines` after a prompt.
    Returns (exit code, everything the terminal showed)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    shown = b""
    pending = list(lines)
    answered = 0  # how much of `shown` had appeared when the last line was typed
    while True:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            os.kill(pid, 9)
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
        # Type the next line only at a prompt that appeared after the last one answered.
        if pending and shown[answered:].rstrip().endswith(b":"):
            os.write(fd, (pending.pop(0) + "\n").encode())
            shown += b"\n"
            answered = len(shown)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERYNET_")}
    failures = []

    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "users.db")

        def run(*argv, stdin=""):
            return subprocess.run([args.binary, "--db", db, *argv], input=stdin, env=env,
                                  capture_output=True, text=True, timeout=60)

        def expect(name, result, code, stdout=None, stderr=None):
            problems = []
            if result.returncode != code:
                problems.append(f"exit {result.returncode}, expected {code}")
            if stdout is not None and stdout not in result.stdout:
                problems.append(f"stdout lacks {stdout!r}")
            if stderr is not None and stderr not in result.stderr:
                problems.append(f"stderr lacks {stderr!r}")
            if problems:
                failures.append(f"{name}: {'; '.join(problems)}\n  stdout: {result.stdout!r}\n"
                                f"  stderr: {result.stderr!r}")

        def audit_actions():
            with sqlite3.connect(db) as conn:
                return [row[0] for row in conn.execute(
                    "SELECT action FROM audit_events ORDER BY seq")]

        expect("site add", run("site", "add", "north", "--name", "North Site"), 0,
               stdout="site north added")
        expect("site add again", run("site", "add", "north", "--name", "Again"), 1, stderr="error:")
        expect("site list", run("site", "list"), 0, stdout="north\tNorth Site")

        expect("weak: too short", run("user", "add", "test-coach", "--display-name", "Test Coach",
                                      "--role", "coach", "--site", "north", stdin="short1!\n"),
               1, stderr="shorter than 12")
        expect("weak: common", run("user", "add", "test-coach", "--display-name", "Test Coach",
                                   "--role", "coach", "--site", "north", stdin="password1234\n"),
               1, stderr="common passwords")
        expect("weak: contains name",
               run("user", "add", "test-coach", "--display-name", "Test Coach", "--role", "coach",
                   "--site", "north", stdin="my-test-coach-pass\n"), 1, stderr="user name")
        expect("no password", run("user", "add", "test-coach", "--display-name", "Test Coach"), 1,
               stderr="no password")
        expect("unknown role", run("user", "add", "test-coach", "--display-name", "Test Coach",
                                   "--role", "wizard", stdin=GOOD_PASSWORD + "\n"),
               1, stderr='unknown role "wizard"')
        expect("site role without site",
               run("user", "add", "test-coach", "--display-name", "Test Coach", "--role", "coach",
                   stdin=GOOD_PASSWORD + "\n"), 1, stderr="held at a site")
        expect("site role at unknown site",
               run("user", "add", "test-coach", "--display-name", "Test Coach", "--role", "coach",
                   "--site", "south", stdin=GOOD_PASSWORD + "\n"), 1, stderr="no site south")
        expect("network role with site",
               run("user", "add", "test-analyst", "--display-name", "Test Analyst", "--role",
                   "network_analyst", "--site", "north", stdin=GOOD_PASSWORD + "\n"),
               1, stderr="network role")
        if audit_actions() != ["site.create"]:
            failures.append(f"refused commands wrote audit entries: {audit_actions()}")

        expect("user add", run("user", "add", "test-coach", "--display-name", "Test Coach",
                               "--role", "coach", "--site", "north", stdin=GOOD_PASSWORD + "\n"),
               0, stdout="user test-coach added")
        expect("user add same name other case",
               run("user", "add", "TEST-COACH", "--display-name", "Again",
                   stdin=GOOD_PASSWORD + "\n"), 1, stderr="already a user")
        expect("user add network", run("user", "add", "test-analyst", "--display-name",
                                       "Test Analyst", "--role", "network_analyst",
                                       stdin=OTHER_PASSWORD + "\n"), 0)
        expect("set-role editor", run("user", "set-role", "test-coach", "--role",
                                      "directory_editor", "--site", "north", "--scope",
                                      "feed-a,feed-b"), 0, stdout="granted directory_editor")
        expect("set-role unknown user", run("user", "set-role", "nobody", "--role", "coach",
                                            "--site", "north"), 1, stderr="no user named nobody")
        expect("set-role remove", run("user", "set-role", "test-coach", "--role", "coach",
                                      "--site", "north", "--remove"), 0, stdout="removed coach")
        expect("user list", run("user", "list"), 0,
               stdout="test-coach\tTest Coach\tactive\tdirectory_editor@north")
        expect("reset weak", run("user", "reset-password", "test-coach", stdin="qwerty\n"), 1,
               stderr="shorter than 12")
        expect("reset", run("user", "reset-password", "test-coach", stdin=OTHER_PASSWORD + "\n"), 0,
               stdout="password reset")
        expect("disable", run("user", "disable", "Test-Coach"), 0, stdout="test-coach disabled")
        expect("list after disable", run("user", "list"), 0, stdout="test-coach\tTest Coach\tdisabled")

        # On a terminal: prompted twice, the typed password is not echoed, a mismatch is refused.
        code, shown = run_on_terminal([args.binary, "--db", db, "user", "reset-password",
                                       "test-analyst"], env, [GOOD_PASSWORD, GOOD_PASSWORD + "x"])
        if code != 1 or "differ" not in shown or GOOD_PASSWORD in shown:
            failures.append(f"terminal mismatch: exit {code}, shown {shown!r}")
        code, shown = run_on_terminal([args.binary, "--db", db, "user", "reset-password",
                                       "test-analyst"], env, [GOOD_PASSWORD, GOOD_PASSWORD])
        if code != 0 or "Repeat it:" not in shown or GOOD_PASSWORD in shown:
            failures.append(f"terminal reset: exit {code}, shown {shown!r}")

        expected = ["site.create", "user.create", "user.create", "user.role.set", "user.role.set",
                    "user.password.reset", "user.disable", "user.password.reset"]
        if audit_actions() != expected:
            failures.append(f"audit actions {audit_actions()}, expected {expected}")
        with sqlite3.connect(db) as conn:
            text = " ".join(" ".join(map(str, row)) for row in conn.execute(
                "SELECT * FROM audit_events"))
            actors = {row[0] for row in conn.execute("SELECT actor FROM audit_events")}
            hashes = [row[0] for row in conn.execute("SELECT password_hash FROM users")]
        for secret in [GOOD_PASSWORD, OTHER_PASSWORD, "argon2id"]:
            if secret in text:
                failures.append(f"the audit trail contains {secret!r}")
        if len(actors) != 1 or not next(iter(actors)).startswith("cli:"):
            failures.append(f"audit actors {actors}, expected one cli:<user>")
        if not all(h.startswith("$argon2id$") for h in hashes):
            failures.append(f"stored hashes are not argon2id: {hashes}")
        expect("audit verify", run("audit", "verify"), 0, stdout="chain intact")

    for failure in failures:
        print("FAIL", failure)
    print(f"user_test: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
