"""Request limits and headers: oversize bodies, headers and URLs (413, 431, 414) and the security
headers of staff pages (CSP without scripts, nosniff, Referrer-Policy same-origin, no-store)."""

from harness import OWN

TITLE = "limits and headers"


def run(ctx, check):
    """Oversize requests; the headers of a staff page."""
    server, editor = ctx.server, ctx.browsers["directory_editor"]
    status, _, _ = server.request("POST", "/staff/login",
                                  {"Content-Type": "application/x-www-form-urlencoded"},
                                  "x=" + "a" * (1 << 20))
    check(status == 413, "a 1 MiB sign-in body: %d, not 413" % status)
    status, _, _ = server.request("GET", "/staff/login", {"X-Big": "b" * 20000})
    check(status == 431, "a 20 KB header: %d, not 431" % status)
    status, _, _ = server.request("GET", "/staff/login?" + "q" * 20000)
    check(status in (414, 431), "a 20 KB URL: %d" % status)

    # ---- Headers on staff pages ----
    status, headers, _ = editor.request("GET", "/staff/sites/%s/listings" % OWN)
    csp = headers.get("content-security-policy", "")
    check("frame-ancestors 'none'" in csp and "default-src 'none'" in csp and
          "script-src" not in csp, "staff CSP: " + csp)
    check(headers.get("x-content-type-options") == "nosniff", "no nosniff")
    # same-origin, not no-referrer: under no-referrer browsers post forms with "Origin: null",
    # which the CSRF check refuses.
    check(headers.get("referrer-policy") == "same-origin", "staff Referrer-Policy: %s" %
          headers.get("referrer-policy"))
    check(headers.get("cache-control") == "no-store", "staff page cacheable")

