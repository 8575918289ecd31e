"""The audit trail after every other topic on the main server: sign-ins, failures, denials (with who,
what and where), CSRF refusals, audit reads and listing edits recorded; no password or token in the
database; `audit verify` finds the chain intact."""

from harness import OWN, PASSWORD

TITLE = "audit trail"


def run(ctx, check):
    """What the trail holds after the other topics, and that its chain verifies."""
    cli, tokens = ctx.cli, ctx.tokens
    events = ctx.query(
        "SELECT actor, action, target, site, remote_address, details FROM audit_events")
    actions = [e[1] for e in events]
    check(actions.count("auth.login") >= 10, "sign-ins not audited")
    check(actions.count("auth.login.failure") >= 6, "failed sign-ins not audited")
    check(any(e[1] == "access.denied" and e[0] == "test.coach" and
              e[2] == "route:GET /staff/sites/{site}/audit" and e[3] == OWN for e in events),
          "a denial is not audited with who, what and where")
    check(any(e[1] == "access.denied" and '"reason":"csrf"' in e[5] for e in events),
          "a CSRF rejection is not audited")
    check(any(e[1] == "audit.view" for e in events), "reading the audit trail is not audited")
    check(any(e[1] == "directory.listing.close" and e[4] == "127.0.0.1" for e in events),
          "a listing edit is not audited with its address")
    dump = ctx.dump()
    check(PASSWORD not in dump and "wrong password" not in dump, "a password reached the database")
    check(not any(t in dump for t in tokens.values()), "an API token reached the database")
    verified = cli("audit", "verify")
    check(verified.returncode == 0, "audit verify: " + verified.stdout + verified.stderr)

