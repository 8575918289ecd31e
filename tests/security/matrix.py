"""Routes and the permission matrix (matrix.json): every route `recoverynet routes` lists is in the
matrix with the access it declares; without credentials pages go to sign-in and the API answers 401;
every protected route x every role x own site / other site, by session and (API routes) by token.
CORS: exactly the routes matrix.json lists as `cross_origin` declare it; every request this topic
makes carries an Origin header (another site's, or on a session the server's own, which its CSRF
check needs), and only those routes ever answer with an Access-Control-* header, preflights
included. Signs in one Browser per role (ctx.browsers) and reads their CSRF tokens
(ctx.tokens_csrf)."""

import urllib.parse

from harness import NETWORK_ROLES, OWN, OTHER, SITE_ROLES, Browser, signed_out

TITLE = "routes and the permission matrix"

FOREIGN_ORIGIN = "https://elsewhere.example"


def cors_headers(headers):
    """The response's Access-Control-* headers."""
    return {k: v for k, v in headers.items() if k.startswith("access-control-")}


def check_cors(check, cross_origin, key, where, headers):
    """A cross-origin route answers Allow-Origin * (and nothing about credentials); any other
    route sends no Access-Control-* header at all."""
    found = cors_headers(headers)
    if key in cross_origin:
        check(found.get("access-control-allow-origin") == "*",
              "%s: a cross-origin route without Access-Control-Allow-Origin: * (%s)" % (where, found))
        check("access-control-allow-credentials" not in found,
              "%s: a cross-origin route allows credentials" % where)
    else:
        check(not found, "%s: a same-origin route sent CORS headers %s" % (where, found))


def run(ctx, check):
    """The declared routes, requests without credentials, the matrix by session and by token."""
    server, cli, matrix, tokens, fill = ctx.server, ctx.cli, ctx.matrix, ctx.tokens, ctx.fill
    listed = cli("routes").stdout.split("\n")
    declared = {}
    declared_cross_origin = set()
    for line in filter(None, listed):
        method, pattern, access, *flags = line.split(" ")
        declared["%s %s" % (method, pattern)] = access
        check(flags in ([], ["cross-origin"]), "route %s %s: unknown flags %s" % (
            method, pattern, flags))
        if flags == ["cross-origin"]:
            declared_cross_origin.add("%s %s" % (method, pattern))
    cross_origin = set(matrix["cross_origin"])
    for key in sorted(declared_cross_origin ^ cross_origin):
        check(False, "route %s: the server %s it cross-origin, matrix.json %s" % (
            key, "declares" if key in declared_cross_origin else "does not declare",
            "does" if key in cross_origin else "does not"))
    check(all(key in matrix["public"] and key.startswith("GET ") for key in cross_origin),
          "matrix.json: a cross-origin route that is not a public GET")
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

    # ---- CORS: the public routes from another site, and every route's preflight ----
    public_paths = {"{id}": ctx.values["listing"], "{name}": "app.css"}
    for key in matrix["public"]:
        method, pattern = key.split(" ")
        path = pattern
        for segment, value in public_paths.items():
            path = path.replace(segment, value)
        if method == "GET":
            for verb in ("GET", "HEAD"):
                _, headers, _ = server.request(verb, path, {"Origin": FOREIGN_ORIGIN})
                check_cors(check, cross_origin, key, "%s %s from another origin" % (verb, path),
                           headers)
    every_route = ([(key.split(" ")[0], key.split(" ")[1], key.split(" ")[1]) for key in matrix["public"]] +
                   [(r["method"], r["pattern"], r["path"] or r["pattern"])
                    for r in matrix["signed_in"] + matrix["routes"]])
    for method, pattern, path in every_route:
        key = "%s %s" % (method, pattern)
        path = fill(path, OWN)
        for segment, value in public_paths.items():
            path = path.replace(segment, value)
        status, headers, _ = server.request("OPTIONS", path, {
            "Origin": FOREIGN_ORIGIN, "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "authorization, content-type, x-csrf-token"})
        where = "preflight of %s %s" % (method, path)
        if key in cross_origin:
            check(status == 204, "%s: %d, not 204" % (where, status))
            check(cors_headers(headers).get("access-control-allow-methods") == "GET, HEAD, OPTIONS",
                  "%s: Allow-Methods %s" % (where, cors_headers(headers)))
            check("access-control-allow-headers" not in headers,
                  "%s: allowed credential headers %s" % (where, cors_headers(headers)))
        elif any(("%s %s" % (m, pattern)) in cross_origin for m in ("GET",)):
            # A write on a path whose GET is cross-origin: a 204 that grants nothing.
            check(not cors_headers(headers), "%s: granted %s" % (where, cors_headers(headers)))
        else:
            check(status == 405 and not cors_headers(headers),
                  "%s: %d with %s, not 405 without CORS headers" % (
                      where, status, cors_headers(headers)))

    # ---- Without credentials: pages go to sign-in, the API answers 401 ----
    for route in matrix["routes"] + [r for r in matrix["signed_in"] if r["path"]]:
        path = fill(route["path"], OWN)
        status, headers, body = server.request(route["method"], path,
                                               {"Content-Type":
                                                "application/x-www-form-urlencoded",
                                                "Origin": FOREIGN_ORIGIN},
                                               route.get("body", ""))
        where = "%s %s without credentials" % (route["method"], path)
        check_cors(check, cross_origin, "%s %s" % (route["method"], route["pattern"]), where,
                   headers)
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
    server_origin = "http://127.0.0.1:%d" % server.port

    for route in matrix["routes"]:
        permission = route["access"].split(":", 1)[1]
        for role in SITE_ROLES + NETWORK_ROLES:
            for site in (OWN, OTHER):
                browser = browsers[role]
                path = fill(route["path"], site)
                body = None
                if route["method"] in ("POST", "PUT"):
                    body = "_csrf=%s&%s" % (tokens_csrf[role], route.get("body", ""))
                status, headers, text = browser.request(route["method"], path, body,
                                                        {"Origin": server_origin})
                where = "%s %s as %s (session)" % (route["method"], path, role)
                check_cors(check, cross_origin, "%s %s" % (route["method"], route["pattern"]),
                           where, headers)
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
                     "Content-Type": "application/x-www-form-urlencoded",
                     "Origin": FOREIGN_ORIGIN},
                    route.get("body", "") if route["method"] in ("POST", "PUT") else None)
                where = "%s %s as a %s token" % (route["method"], path, role)
                check_cors(check, cross_origin, "%s %s" % (route["method"], route["pattern"]),
                           where, headers)
                if not path.startswith("/api/"):
                    check(signed_out(status, headers), "%s: %d, a token opened a page" % (
                        where, status))
                elif allowed(role, permission, site):
                    expected = route.get("token_allowed", {}).get(role, route["allowed"])
                    check(status in expected, "%s: %d, expected %s" % (where, status, expected))
                else:
                    check(status == 403, "%s: %d, expected 403" % (where, status))

