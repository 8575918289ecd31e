"""Sessions: cookie flags (HttpOnly, SameSite, Secure only behind a trusted proxy's TLS), fixation
(a chosen or planted session id is replaced at sign-in), sign-out of one browser and of every one, a
disabled user, and idle and absolute expiry on a second server with short limits."""

import time
import urllib.parse
import re

from harness import OWN, PASSWORD, Browser, cookie_from, session_cookie, signed_out

TITLE = "sessions and expiry"


def cookies(ctx, check):
    """Session cookie flags and fixation, on the main server."""
    server = ctx.server
    victim = Browser(server)
    victim.cookies["rn_session"] = "attacker-chosen-value"
    status, headers, _ = victim.login("test.fixation")
    issued = cookie_from(headers, "rn_session")
    check(issued and issued != "attacker-chosen-value",
          "sign-in kept a session id the client chose")
    line = session_cookie(headers)
    check("HttpOnly" in line and "SameSite=Lax" in line and "Path=/" in line,
          "session cookie flags: " + line)
    check("Secure" not in line, "Secure set on a plain-HTTP sign-in")
    # A browser that already holds a valid session (say one an attacker planted) signs in:
    # the session is replaced, and the old one ends.
    old = victim.cookies["rn_session"]
    form = Browser(server)
    _, _, page = form.request("GET", "/staff/login")
    victim.cookies["rn_login"] = form.cookies["rn_login"]
    status, _, _ = victim.request("POST", "/staff/login", urllib.parse.urlencode({
        "_csrf": re.search(r'name="_csrf" value="([^"]*)"', page).group(1),
        "name": "test.fixation", "password": PASSWORD}))
    check(status == 303 and victim.cookies["rn_session"] != old,
          "a sign-in over a valid session did not rotate it (%d)" % status)
    status, headers, _ = server.request("GET", "/staff", {"Cookie": "rn_session=" + old})
    check(signed_out(status, headers), "the session replaced at sign-in still works")
    _, headers, _ = Browser(server).login("test.coach", headers={"X-Forwarded-Proto": "https"})
    line = session_cookie(headers)
    check("; Secure" in line, "no Secure flag behind TLS: " + line)


def logout(ctx, check):
    """Sign out, sign out everywhere, a disabled and re-enabled user."""
    server, cli = ctx.server, ctx.cli
    first, second = Browser(server), Browser(server)
    first.login("test.everywhere")
    second.login("test.everywhere")
    kept = dict(first.cookies)
    status, headers, _ = first.request("POST", "/staff/logout", "_csrf=" + first.csrf())
    check(signed_out(status, headers), "sign-out: %d" % status)
    status, headers, _ = server.request("GET", "/staff",
                                        {"Cookie": "rn_session=" + kept["rn_session"]})
    check(signed_out(status, headers), "a signed-out session still works")
    check(second.request("GET", "/staff")[0] == 303 and
          second.request("GET", "/staff/sites/" + OWN)[0] == 200,
          "signing out one browser ended another")
    third = Browser(server)
    third.login("test.everywhere")
    second.request("POST", "/staff/logout-everywhere", "_csrf=" + second.csrf())
    for name, browser in (("the browser that asked", second), ("another browser", third)):
        status, headers, _ = browser.request("GET", "/staff/sites/" + OWN)
        check(signed_out(status, headers), "logout everywhere left %s signed in" % name)
    disabled = Browser(server)
    disabled.login("test.disabled")
    cli("user", "disable", "test.disabled")
    status, headers, _ = disabled.request("GET", "/staff/sites/" + OWN)
    check(signed_out(status, headers), "a disabled user's session still works")
    status, _, _ = Browser(server).login("test.disabled")
    check(status == 401, "a disabled user signed in: %d" % status)
    cli("user", "enable", "test.disabled")
    status, _, _ = Browser(server).login("test.disabled")
    check(status == 303, "a re-enabled user cannot sign in: %d" % status)


def expiry(ctx, check):
    """Idle and absolute expiry on a second server (the main one stopped), and X-Forwarded-Proto
    from a client that is not a trusted proxy."""
    short = ctx.server_process("--session-idle-seconds", "2", "--session-absolute-seconds", "5")
    try:
        # Without --trusted-proxy, a client's own X-Forwarded-Proto is ignored: no Secure cookie
        # over plain HTTP.
        _, headers, _ = Browser(short).login("test.coach", headers={"X-Forwarded-Proto": "https"})
        line = session_cookie(headers)
        check(line and "Secure" not in line,
              "X-Forwarded-Proto from a client that is not a trusted proxy was believed: " + line)

        idle = Browser(short)
        idle.login("test.coach")
        check(idle.request("GET", "/staff/sites/" + OWN)[0] == 200, "fresh session refused")
        time.sleep(3)
        status, headers, _ = idle.request("GET", "/staff/sites/" + OWN)
        check(signed_out(status, headers) and "ended=1" in headers.get("location", ""),
              "an idle session still works: %d" % status)
        # A busy session outlives the idle limit. The server keeps a session's times in whole
        # seconds and records its use at most once a second, so with a 2-second idle limit a
        # session unused for a little over 1 s may already end (requests 1 s apart made this check
        # flaky): 8 requests 0.5 s apart span 3.5 s, past the idle limit and, created_at being
        # truncated too, still short of the absolute one.
        busy = Browser(short)
        busy.login("test.coach")
        start = time.monotonic()
        for _ in range(8):
            status, headers, _ = busy.request("GET", "/staff/sites/" + OWN)
            check(status == 200, "a busy session ended early, at %.1f s" % (time.monotonic() - start))
            time.sleep(0.5)
        time.sleep(max(0, 5.5 - (time.monotonic() - start)))
        status, headers, _ = busy.request("GET", "/staff/sites/" + OWN)
        check(signed_out(status, headers), "a session outlived its absolute limit: %d" % status)
    finally:
        short.stop()

