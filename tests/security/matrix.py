"""Routes and the permission matrix (matrix.json): every route `recoverynet routes` lists is in the
matrix with the access it declares; without credentials pages go to sign-in and the API answers 401;
every protected route x every role x own site / other site, by session and (API routes) by token.
Signs in one Browser per role (ctx.browsers) and reads their CSRF tokens (ctx.tokens_csrf)."""

import urllib.parse

from harness import NETWORK_ROLES, OWN, OTHER, SITE_ROLES, Browser, signed_out

TITLE = "routes and the permission matrix"


def run(ctx, check):
    """The declared routes, requests without credentials, the matrix by session and by token."""
    server, cli, matrix, tokens, fill = ctx.server, ctx.cli, ctx.matrix, ctx.tokens, ctx.fill
    listed = cli("routes").stdout.split("\n")
    declared = {}
    for line in filter(None, listed):
        method, pattern, access = line.split(" ")
        declared["%s %s" % (method, pattern)] = access
    expected = {key: "public" for key in matrix["public"]}
    expected.update({"%s %s" % (r["method"], r["pattern"]): "signed-in"
                     for r in matrix["signed_in"]})
    expected.update({"%s %s" % (r["method"], r["pattern"]): r["access"]
                     for r in matrix["routes"]})
    for key, access in declared.items():
        check(expected.get(key) == access,
              "route %s declares %s; matrix.json says %s" % (key, access, expected.get(key)))
    for key in expected:
        check(key in declared, "matrix.json lists %s, which the server does not have" % key)

    # ---- Without credentials: pages go to sign-in, the API answers 401 ----
    for route in matrix["routes"] + [r for r in matrix["signed_in"] if r["path"]]:
        path = fill(route["path"], OWN)
        status, headers, body = server.request(route["method"], path,
                                               {"Content-Type":
                                                "application/x-www-form-urlencoded"},
                                               route.get("body", ""))
        where = "%s %s without credentials" % (route["method"], path)
        if path.startswith("/api/"):
            check(status == 401, "%s: %d, not 401" % (where, status))
            check(headers.get("www-authenticate", "").startswith("Bearer"),
                  where + ": no WWW-Authenticate")
            check(headers.get("content-type") == "application/problem+json",
                  where + ": not problem+json")
        else:
            check(signed_out(status, headers), "%s: %d, not a redirect to sign-in" % (
                where, status))
            if route["method"] == "GET":
                check(urllib.parse.quote(path, safe="") in headers.get("location", "") or
                      urllib.parse.quote_plus(path, safe="") in headers.get("location", ""),
                      where + ": the sign-in link does not come back here")

    # ---- The matrix, by session ----
    browsers = ctx.browsers
    for role in SITE_ROLES + NETWORK_ROLES:
        browser = Browser(server)
        status, headers, _ = browser.login("test." + role)
        check(status == 303 and "rn_session" in browser.cookies,
              "test.%s could not sign in (%d)" % (role, status))
        browsers[role] = browser
    ctx.tokens_csrf.update({role: browsers[role].csrf() for role in browsers})
    tokens_csrf, allowed = ctx.tokens_csrf, ctx.allowed

    for route in matrix["routes"]:
        permission = route["access"].split(":", 1)[1]
        for role in SITE_ROLES + NETWORK_ROLES:
            for site in (OWN, OTHER):
                browser = browsers[role]
                path = fill(route["path"], site)
                body = None
                if route["method"] in ("POST", "PUT"):
                    body = "_csrf=%s&%s" % (tokens_csrf[role], route.get("body", ""))
                status, headers, text = browser.request(route["method"], path, body)
                where = "%s %s as %s (session)" % (route["method"], path, role)
                if allowed(role, permission, site):
                    check(status in route["allowed"],
                          "%s: %d, expected %s" % (where, status, route["allowed"]))
                else:
                    check(status == 403, "%s: %d, expected 403" % (where, status))
                    if path.startswith("/api/"):
                        check(headers.get("content-type") == "application/problem+json",
                              where + ": the denial is not problem+json")
                    else:
                        check("Not allowed" in text, where + ": not the plain refusal page")
    for route in matrix["signed_in"]:
        if not route["path"]:
            continue
        for role in SITE_ROLES + NETWORK_ROLES:
            status, _, _ = browsers[role].request(route["method"], route["path"])
            check(status in route["allowed"],
                  "%s %s as %s: %d" % (route["method"], route["path"], role, status))

    # ---- The matrix, by API token: API routes only; pages do not take tokens ----
    for route in matrix["routes"]:
        permission = route["access"].split(":", 1)[1]
        for role, token in tokens.items():
            for site in (OWN, OTHER):
                path = fill(route["path"], site)
                status, headers, _ = server.request(
                    route["method"], path,
                    {"Authorization": "Bearer " + token,
                     "Content-Type": "application/x-www-form-urlencoded"},
                    route.get("body", "") if route["method"] in ("POST", "PUT") else None)
                where = "%s %s as a %s token" % (route["method"], path, role)
                if not path.startswith("/api/"):
                    check(signed_out(status, headers), "%s: %d, a token opened a page" % (
                        where, status))
                elif allowed(role, permission, site):
                    expected = route.get("token_allowed", {}).get(role, route["allowed"])
                    check(status in expected, "%s: %d, expected %s" % (where, status, expected))
                else:
                    check(status == 403, "%s: %d, expected 403" % (where, status))

