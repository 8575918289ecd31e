"""API tokens: who a token is (GET /api/v1/me), an unknown token, a revoked one, one within its expiry
and one past it (set back in the database: the server's clock cannot be moved)."""

import json

from harness import OWN

TITLE = "API tokens"


def me(ctx, check):
    """GET /api/v1/me with a token; an unknown token."""
    server, tokens = ctx.server, ctx.tokens
    status, _, text = server.request("GET", "/api/v1/me",
                                     {"Authorization": "Bearer " + tokens["referrer"]})
    check(status == 200 and json.loads(text).get("via") == "token" and
          json.loads(text)["roles"] == [{"role": "referrer", "site": OWN}],
          "GET /api/v1/me with the referrer token: %d %s" % (status, text[:200]))
    status, _, _ = server.request("GET", "/api/v1/me",
                                  {"Authorization": "Bearer rn_not-a-real-token"})
    check(status == 401, "an unknown token: %d, not 401" % status)


def revocation(ctx, check):
    """A revoked token, a token within its expiry and past it."""
    server, cli, tokens = ctx.server, ctx.cli, ctx.tokens
    token_id = cli("token", "list", "--site", OWN).stdout.split("\n")
    referrer_id = next(l.split("\t")[0] for l in token_id if l.endswith("\ttest referrer"))
    cli("token", "revoke", referrer_id)
    status, _, _ = server.request("GET", "/api/v1/me",
                                  {"Authorization": "Bearer " + tokens["referrer"]})
    check(status == 401, "a revoked token still works: %d" % status)
    expiring = cli("token", "create", "--site", OWN, "--role", "coach", "--label",
                   "test expiring", "--expires-days", "1").stdout.strip()
    status, _, _ = server.request("GET", "/api/v1/me", {"Authorization": "Bearer " + expiring})
    check(status == 200, "a token within its expiry refused: %d" % status)
    listed = [l.split("\t") for l in cli("token", "list").stdout.split("\n") if l]
    check(any(l[6] == "test expiring" and l[5].endswith("Z") for l in listed),
          "token list does not show the expiry")
    # Its expiry passes (set back in the database: the server's clock cannot be moved).
    ctx.execute("UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00Z' "
                "WHERE label = 'test expiring'")
    status, _, text = server.request("GET", "/api/v1/me", {"Authorization": "Bearer " + expiring})
    check(status == 401 and "expired" in text, "an expired token still works: %d" % status)

