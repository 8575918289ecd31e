"""Sign-in throttling: five wrong passwords lock the account (429, even with the right password), and
only that account."""

from harness import Browser

TITLE = "sign-in throttling"


def run(ctx, check):
    """Five failures, the sixth attempt throttled, another account unaffected."""
    server = ctx.server
    for attempt in range(5):
        status, _, text = Browser(server).login("test.throttled", "wrong password %d" % attempt)
        check(status == 401 and "user name or password is wrong" in text,
              "wrong password %d: %d" % (attempt, status))
    status, _, text = Browser(server).login("test.throttled")
    check(status == 429 and "Too many failed sign-ins: try again in 15 minutes" in text,
          "the sixth attempt (right password) was not throttled: %d" % status)
    status, _, _ = Browser(server).login("test.coach")
    check(status == 303, "throttling one account blocked another: %d" % status)

