"""Who a case runs as: the staff fixture (cases/staff.json) and the callers made from it.

Before the server starts, `create_fixture` adds the fixture's sites, users (with their roles) and API
tokens with the CLI (`site add`, `user add`, `user set-role`, `token create`, `token list`, `token
revoke`). While the cases run, `Callers` turns a request's `"as"` into credentials: an API token
(Authorization: Bearer) or a session, signed in once per user through the sign-in form (GET
/staff/login for the double-submit `rn_login` cookie and `_csrf` field, then POST /staff/login with
a same-origin Origin) and reused; the session's CSRF token is read from the sign-out form of /staff.
The format is described in README.md. Standard library only.
"""

import http.client
import re
import subprocess
import urllib.parse

CSRF_FIELD = re.compile(r'name="_csrf" value="([^"]*)"')
CSRF_MODES = ("auto", "header", "form", "none")


def changes_state(method):
    """Whether the server asks a session for its CSRF token (api/access.cpp: any method but GET, HEAD)."""
    return method.upper() not in ("GET", "HEAD")


class Fixture:
    """What create_fixture made: token secrets and ids by fixture name, and the users' password."""

    def __init__(self, spec):
        self.password = spec.get("password", "")
        self.users = {u["name"]: u for u in spec.get("users", [])}
        self.tokens = {}     # fixture name -> the secret printed by `token create`
        self.token_ids = {}  # fixture name -> the 16-character id in `token list`

    def values(self):
        """${token:NAME} and ${token_id:NAME} for substitution."""
        found = {"token:" + k: v for k, v in self.tokens.items()}
        found.update({"token_id:" + k: v for k, v in self.token_ids.items()})
        return found


def create_fixture(spec, binary, db):
    """Adds the sites, users and tokens of `spec` (cases/staff.json) to `db` with the CLI. Returns the
    Fixture and failure lines."""
    fixture, failures = Fixture(spec), []

    def cli(what, *argv, stdin=None):
        done = subprocess.run([binary, "--db", db, "--log-level", "warn", *argv], input=stdin,
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            failures.append("FAIL staff fixture: %s: `%s` exited %d: %s"
                            % (what, " ".join(argv), done.returncode, done.stderr.strip()[-500:]))
        return done

    for site in spec.get("sites", []):
        cli("site " + site["id"], "site", "add", site["id"], "--name", site["name"])
    for user in spec.get("users", []):
        roles = user.get("roles", [])
        first = []
        if roles:
            first = ["--role", roles[0]["role"]] + (["--site", roles[0]["site"]]
                                                    if roles[0].get("site") else [])
            first += ["--scope", roles[0]["scope"]] if roles[0].get("scope") else []
        cli("user " + user["name"], "user", "add", user["name"], "--display-name",
            user["display_name"], *first, stdin=fixture.password + "\n")
        for grant in roles[1:]:
            cli("user " + user["name"], "user", "set-role", user["name"], "--role", grant["role"],
                *(["--site", grant["site"]] if grant.get("site") else []),
                *(["--scope", grant["scope"]] if grant.get("scope") else []))
    labels = {}
    for token in spec.get("tokens", []):
        made = cli("token " + token["name"], "token", "create", "--site", token["site"], "--role",
                   token["role"], "--label", token["label"],
                   *(["--expires-days", str(token["expires_days"])] if "expires_days" in token else []),
                   *(["--partner", token["partner"]] if token.get("partner") else []))
        secret = made.stdout.strip()
        if made.returncode == 0 and not re.fullmatch(r"rn_[A-Za-z0-9_-]{43}", secret):
            failures.append("FAIL staff fixture: token %s: `token create` printed %r, not rn_ and 43 "
                            "characters" % (token["name"], secret))
        fixture.tokens[token["name"]] = secret
        if token["label"] in labels:
            failures.append("FAIL staff fixture: tokens %s and %s share the label %r (ids are found "
                            "by label)" % (labels[token["label"]], token["name"], token["label"]))
        labels[token["label"]] = token["name"]
    if spec.get("tokens"):
        # `token list`: id, site, role, status, last used, expires, label (tab-separated).
        for line in cli("token list", "token", "list").stdout.splitlines():
            columns = line.split("\t")
            if len(columns) >= 7 and columns[6] in labels:
                fixture.token_ids[labels[columns[6]]] = columns[0]
        for token in spec["tokens"]:
            if token["name"] not in fixture.token_ids:
                failures.append("FAIL staff fixture: token %s is not in `token list`" % token["name"])
            elif token.get("revoked"):
                cli("token " + token["name"], "token", "revoke", fixture.token_ids[token["name"]])
    return fixture, failures


class Session:
    def __init__(self, cookie, csrf):
        self.cookie = cookie  # the rn_session value
        self.csrf = csrf      # the session's CSRF token


class Callers:
    """Credentials for a request's `"as"`, signing each fixture user in once, on first use."""

    def __init__(self, server, fixture):
        self.server = server
        self.fixture = fixture
        self.sessions = {}

    def origin(self):
        return "http://127.0.0.1:%d" % self.server.port

    def _exchange(self, method, target, headers, body=None):
        """Status, headers as a list of (lower-cased name, value) pairs, and the body as text."""
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            return response.status, [(k.lower(), v) for k, v in response.getheaders()], text
        finally:
            connection.close()

    @staticmethod
    def _cookie(headers, name):
        for key, value in headers:
            if key == "set-cookie" and value.startswith(name + "="):
                return value[len(name) + 1:].split(";", 1)[0]
        return None

    def sign_in(self, name):
        """Signs `name` in through the form; returns a Session. Raises RuntimeError saying what failed."""
        if name not in self.fixture.users:
            raise RuntimeError("no user %r in staff.json" % name)
        status, headers, page = self._exchange("GET", "/staff/login", {})
        login_cookie, field = self._cookie(headers, "rn_login"), CSRF_FIELD.search(page)
        if status != 200 or not login_cookie or not field:
            raise RuntimeError("GET /staff/login: %d, rn_login cookie %s, _csrf field %s"
                               % (status, bool(login_cookie), bool(field)))
        body = urllib.parse.urlencode({"_csrf": field.group(1), "name": name,
                                       "password": self.fixture.password, "next": "/staff"})
        status, headers, _ = self._exchange("POST", "/staff/login", {
            "Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin(),
            "Cookie": "rn_login=" + login_cookie}, body)
        session = self._cookie(headers, "rn_session")
        if status != 303 or not session:
            raise RuntimeError("signing in as %s: %d, rn_session %s" % (name, status, bool(session)))
        # The CSRF token is in the sign-out form of every staff page; /staff may redirect to the
        # user's one site.
        target = "/staff"
        for _ in range(2):
            status, headers, page = self._exchange("GET", target, {"Cookie": "rn_session=" + session})
            field = CSRF_FIELD.search(page)
            location = dict(headers).get("location", "")
            if field or status != 303 or not location.startswith("/staff"):
                break
            target = location
        if not field:
            raise RuntimeError("no CSRF token on %s for %s (%d)" % (target, name, status))
        return Session(session, field.group(1))

    def session(self, name, fresh=False):
        if fresh:
            return self.sign_in(name)
        if name not in self.sessions:
            self.sessions[name] = self.sign_in(name)
        return self.sessions[name]

    def values(self):
        """The runner's substitution values: ${origin}, ${token:NAME}, ${token_id:NAME}."""
        found = self.fixture.values()
        found["origin"] = self.origin()
        return found

    def credentials(self, caller, method, mode="auto"):
        """What a request made as `caller` (its "as") with CSRF `mode` (its "csrf") needs: (headers,
        form fields, substitution values: ${csrf} for a session). Raises RuntimeError or KeyError."""
        if mode not in CSRF_MODES:
            raise KeyError("csrf must be one of %s, not %r" % ("/".join(CSRF_MODES), mode))
        headers, fields, values = {}, {}, {}
        if mode in ("header", "form") and not (isinstance(caller, dict) and "user" in caller):
            raise KeyError('"csrf": "%s" needs a session: "as": {"user": NAME}' % mode)
        if caller is None:
            return headers, fields, values
        if not isinstance(caller, dict) or len(set(caller) & {"user", "token"}) != 1:
            raise KeyError('"as" must be null, {"user": NAME} or {"token": NAME}, not %r' % (caller,))
        if "token" in caller:
            if caller["token"] not in self.fixture.tokens:
                raise KeyError("no token %r in staff.json" % caller["token"])
            headers["Authorization"] = "Bearer " + self.fixture.tokens[caller["token"]]
            return headers, fields, values
        session = self.session(caller["user"], caller.get("fresh", False))
        headers["Cookie"] = "rn_session=" + session.cookie
        values["csrf"] = session.csrf
        if mode == "header" or (mode == "auto" and changes_state(method)):
            headers["X-CSRF-Token"] = session.csrf
        elif mode == "form":
            fields["_csrf"] = session.csrf
        return headers, fields, values
