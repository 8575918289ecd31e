#!/usr/bin/env python3
"""Tests scripts/check-layers: the real tree must pass, and each small tree here must give exactly the
violations of its expected.txt (none for clean/), all checked against the rules of the real
src/README.md. Prints one line per failure; exits non-zero if any. Standard library only.

  python3 tests/layering/run.py
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CHECKER = os.path.join(REPO, "scripts", "check-layers")
RULES = os.path.join(REPO, "src", "README.md")


def run(*args):
    result = subprocess.run([sys.executable, CHECKER, *args], capture_output=True, text=True)
    return result.returncode, result.stdout, result.stderr


def main():
    failures = []
    cases = 0

    # The real tree: no violation.
    cases += 1
    code, out, err = run(REPO)
    if code != 0 or out:
        failures.append(f"the real tree: exit {code}, expected 0 and no violations:\n{out}{err}")

    # The small trees: exactly their expected violations, exit 1 when there are some, else 0.
    for name in sorted(os.listdir(HERE)):
        expected_path = os.path.join(HERE, name, "expected.txt")
        if not os.path.isfile(expected_path):
            continue
        cases += 1
        with open(expected_path, encoding="utf-8") as f:
            expected = f.read()
        code, out, err = run("--rules", RULES, os.path.join(HERE, name))
        want = 1 if expected else 0
        if code != want or out != expected:
            failures.append(f"{name}: exit {code} (expected {want}); output:\n{out}{err}"
                            f"expected output:\n{expected}")

    # Rules that cannot be read stop the check (exit 2) rather than pass it.
    cases += 1
    code, out, err = run("--rules", os.path.join(HERE, "README.md"), os.path.join(HERE, "clean"))
    if code != 2 or "has no \"## Allowed dependencies\" section" not in err:
        failures.append(f"rules without the section: exit {code} (expected 2): {err}")

    for failure in failures:
        print(f"FAIL {failure}")
    print(f"layering: {cases - len(failures)}/{cases} cases pass")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
