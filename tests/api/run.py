#!/usr/bin/env python3
"""Data-driven HTTP tests for recoverynet, run against a real server process.

Imports the feeds listed in cases/imports.json with the CLI into a fresh database, adds the staff
fixture of cases/staff.json (sites, users, API tokens; callers.py), starts `recoverynet serve` on a free
port, runs every case of cases/*.json (as nobody, a signed-in fixture user or a fixture token), and
prints one line per failure. The format of a case is described in README.md. Standard library only.

  python3 tests/api/run.py --binary build/recoverynet --fixtures testdata [-k substring] [-v] [--keep]
"""

import argparse
import datetime
import glob
import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.parse

from callers import Callers, create_fixture

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.append(os.path.join(HERE, "..", "cli"))
from pgdb import postgres_database  # noqa: E402

SETUP_FILES = ("imports.json", "staff.json")
READY_TIMEOUT_S = 30
MAX_PAGES = 1000


# ---------------------------------------------------------------------------------------------- helpers

def listing_id(source, slug):
    """The documented stable id (listing.h MakeListingId): FNV-1a 64 of source + NUL + slug, 16 hex."""
    h = 0xCBF29CE484222325
    for byte in (source + "\0" + slug).encode():
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def fold(text):
    """NFKD, combining marks removed, case-folded (the contract's folding for name sort and q)."""
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def substitute(value, saved):
    """Replaces ${name} (a value saved by an earlier case, or one of the runner's: ${origin}, ${csrf},
    ${token:NAME}, ${token_id:NAME}) and ${id:source/slug} in every string. A string that is exactly
    one ${name} becomes the saved value itself, so a saved number stays a number."""
    if isinstance(value, str):
        whole = re.fullmatch(r"\$\{([^}]+)\}", value)
        if whole and not whole.group(1).startswith("id:") and whole.group(1) in saved:
            return saved[whole.group(1)]

        def one(match):
            key = match.group(1)
            if key.startswith("id:"):
                source, slug = key[3:].split("/", 1)
                return listing_id(source, slug)
            if key not in saved:
                raise KeyError("no saved value ${%s}" % key)
            return str(saved[key])
        return re.sub(r"\$\{([^}]+)\}", one, value)
    if isinstance(value, list):
        return [substitute(v, saved) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, saved) for k, v in value.items()}
    return value


def get_path(doc, path):
    """Walks "a.b.0.c" through dicts and lists; "" is the document itself. Raises KeyError."""
    for part in [p for p in path.split(".") if p != ""]:
        if isinstance(doc, list):
            doc = doc[int(part)]
        elif isinstance(doc, dict):
            doc = doc[part]
        else:
            raise KeyError(path)
    return doc


def excerpt(text, limit=300):
    """The start of a response body on one line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def short(value, limit=300):
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[:limit] + "…"


def subset_diff(expected, actual, where="$"):
    """None if `actual` matches `expected`: dicts by the expected keys only, lists element-wise with the
    same length, scalars by equality (ints equal floats). Else a description of the first difference."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return "%s: expected an object, got %s" % (where, short(actual))
        for key, value in expected.items():
            if key not in actual:
                return "%s.%s: missing (expected %s)" % (where, key, short(value))
            diff = subset_diff(value, actual[key], "%s.%s" % (where, key))
            if diff:
                return diff
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return "%s: expected %s, got %s" % (where, short(expected), short(actual))
        for i, (e, a) in enumerate(zip(expected, actual)):
            diff = subset_diff(e, a, "%s[%d]" % (where, i))
            if diff:
                return diff
        return None
    if expected != actual or (type(expected) is bool) != (type(actual) is bool):
        return "%s: expected %s, got %s" % (where, short(expected), short(actual))
    return None


def list_diff(name, expected, actual):
    if expected == actual:
        return None
    missing = [x for x in expected if x not in actual]
    extra = [x for x in actual if x not in expected]
    text = "%s: expected %s, got %s" % (name, short(expected, 2000), short(actual, 2000))
    if missing or extra:
        text += " (missing %s, unexpected %s)" % (short(missing, 600), short(extra, 600))
    else:
        text += " (same members, different order)"
    return text


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


OPS = {
    "eq": lambda a, v: a == v,
    "ne": lambda a, v: a != v,
    "lt": lambda a, v: a is not None and a < v,
    "le": lambda a, v: a is not None and a <= v,
    "gt": lambda a, v: a is not None and a > v,
    "ge": lambda a, v: a is not None and a >= v,
    "contains": lambda a, v: a is not None and v in a,
    "not_contains": lambda a, v: a is None or v not in a,
    "in": lambda a, v: a in v,
    "is_null": lambda a, v: (a is None) == v,
    "approx": lambda a, v: isinstance(a, (int, float)) and abs(a - v[0]) <= v[1],  # v = [value, tol]
    # Time comparisons of RFC 3339 strings with offsets, e.g. ["next_start", "time_le", "2026-…"].
    "time_eq": lambda a, v: a is not None and parse_time(a) == parse_time(v),
    "time_lt": lambda a, v: a is not None and parse_time(a) < parse_time(v),
    "time_ge": lambda a, v: a is not None and parse_time(a) >= parse_time(v),
    # A regular expression some part of a string matches (re.search), e.g. ["hash", "matches", "^[0-9a-f]{64}$"].
    "matches": lambda a, v: isinstance(a, str) and re.search(v, a) is not None,
    # The JSON type: "string", "integer", "number", "boolean", "null", "array" or "object".
    "type": lambda a, v: json_type(a) == v or (v == "number" and json_type(a) == "integer"),
}


def json_type(value):
    """The JSON type name of a decoded value."""
    if isinstance(value, bool):
        return "boolean"
    for kind, name in ((type(None), "null"), (int, "integer"), (float, "number"), (str, "string"),
                       (list, "array"), (dict, "object")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


class Descending:
    """A sort key compared the other way round (sorted_by "-seq")."""

    def __init__(self, key):
        self.key = key

    def __lt__(self, other):
        return other.key < self.key

    def __gt__(self, other):
        return other.key > self.key

    def __eq__(self, other):
        return self.key == other.key


def item_name(item):
    """How a failure names an item: its slug (meetings) or seq (audit entries) or id."""
    if not isinstance(item, dict):
        return short(item, 60)
    for key in ("slug", "seq", "id"):
        if key in item:
            return "%s=%s" % (key, item[key]) if key != "slug" else str(item[key])
    return short(item, 60)


def sort_key(item, key):
    """Keys for sorted_by: "fold:name" folds text, "time:next_start" parses RFC 3339, else raw; a
    leading "-" ("-seq") sorts that key in non-increasing order."""
    if key.startswith("-"):
        return Descending(sort_key(item, key[1:]))
    kind, _, path = key.rpartition(":")
    value = lookup(item, path)
    if kind == "fold":
        return fold(value).encode()
    if kind == "time":
        return parse_time(value)
    return value


# ---------------------------------------------------------------------------------------------- checks

def lookup(doc, path):
    """get_path, or None when the path does not exist."""
    try:
        return get_path(doc, path)
    except (KeyError, IndexError, ValueError, TypeError):
        return None


def expand_problem(expect):
    """The `problem` shorthand as plain expectations: status 400 (unless given), problem+json, the given
    keys plus status and title, and non-empty type/title/detail strings."""
    want = dict(expect.pop("problem"))
    expect.setdefault("status", want.get("status", 400))
    expect.setdefault("content_type", "application/problem+json")
    want.setdefault("status", expect["status"])
    if expect["status"] == 400:
        want.setdefault("title", "Bad Request")
    expect.setdefault("json", want)
    expect.setdefault("every_key_is_string", ["type", "title", "detail"])


def decode_body(headers, raw):
    """The body as text: a gzip content coding undone (http.client does not), then UTF-8. Other codings
    (br) stay as they are: the standard library has no decoder for them."""
    if headers.get("content-encoding", "").lower() == "gzip":
        raw = gzip.decompress(raw)
    return raw.decode("utf-8", errors="replace")


def check_identity(server, expect, method, target, headers, raw, text):
    """`decoded_equals_identity` / `smaller_than_identity`: the same request without Accept-Encoding
    gives this decoded body / a larger raw body. `head_matches_get`: on one connection, this HEAD and a
    GET with the same headers agree on the representation headers, the HEAD's Content-Length is the
    GET's body length, and no body bytes follow the HEAD (else the GET would not parse)."""
    problems = []
    if expect.get("decoded_equals_identity") or expect.get("smaller_than_identity"):
        plain = {k: v for k, v in (headers or {}).items() if k.lower() != "accept-encoding"}
        _, plain_headers, plain_raw = server.request_raw(method, target, plain)
        plain_text = decode_body(plain_headers, plain_raw)
        if expect.get("decoded_equals_identity") and text != plain_text:
            problems.append("decoded body (%d chars) differs from the identity body (%d chars)"
                            % (len(text), len(plain_text)))
        if expect.get("smaller_than_identity") and not len(raw) < len(plain_raw):
            problems.append("body of %d bytes is not smaller than the identity body of %d bytes"
                            % (len(raw), len(plain_raw)))
    if expect.get("head_matches_get"):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            connection.request("HEAD", target, headers=headers or {})
            head = connection.getresponse()
            head.read()
            connection.request("GET", target, headers=headers or {})
            get = connection.getresponse()
            get_raw = get.read()
        finally:
            connection.close()
        for name in ("content-type", "content-encoding", "vary"):
            if head.getheader(name) != get.getheader(name):
                problems.append("HEAD %s %r, GET %r" % (name, head.getheader(name), get.getheader(name)))
        if head.getheader("content-length") != str(len(get_raw)):
            problems.append("HEAD content-length %r, GET body %d bytes"
                            % (head.getheader("content-length"), len(get_raw)))
    return problems


def check_http(expect, headers, body):
    """Content type, headers and raw-body expectations."""
    problems = []
    content_type = headers.get("content-type", "")
    if "content_type" in expect and content_type.split(";")[0].strip() != expect["content_type"]:
        problems.append("content-type: expected %s, got %r" % (expect["content_type"], content_type))
    for name, value in expect.get("headers", {}).items():
        if headers.get(name.lower()) != value:
            problems.append("header %s: expected %r, got %r" % (name, value, headers.get(name.lower())))
    for name, pattern in expect.get("header_matches", {}).items():
        if not re.search(pattern, headers.get(name.lower(), "")):
            problems.append("header %s: %r does not match /%s/" % (name, headers.get(name.lower()), pattern))
    for text in expect.get("body_contains", []):
        if text not in body:
            problems.append("body does not contain %r (body starts %r)" % (text, excerpt(body, 200)))
    for text in expect.get("body_not_contains", []):
        if text in body:
            problems.append("body contains %r, which it must not" % text)
    if "body_matches" in expect and not re.search(expect["body_matches"], body, re.M):
        problems.append("body does not match /%s/ (body starts %r)"
                        % (expect["body_matches"], excerpt(body, 200)))
    return problems


def check_document(expect, doc):
    """Expectations on the JSON document as a whole."""
    problems = []
    if "json" in expect:
        diff = subset_diff(expect["json"], doc)
        if diff:
            problems.append("json " + diff)
    for key in expect.get("every_key_is_string", []):
        value = lookup(doc, key)
        if not isinstance(value, str) or not value:
            problems.append("json $.%s: expected a non-empty string, got %s" % (key, short(value)))
    for path, op, value in expect.get("doc_checks", []):
        if not OPS[op](lookup(doc, path), value):
            problems.append("$.%s %s %s: got %s" % (path, op, short(value), short(lookup(doc, path))))
    if "length" in expect and (not isinstance(doc, list) or len(doc) != expect["length"]):
        got = len(doc) if isinstance(doc, list) else type(doc).__name__
        problems.append("length: expected an array of %d, got %s" % (expect["length"], got))
    if "some_element" in expect:
        spec = expect["some_element"]
        array = lookup(doc, spec.get("path", ""))
        if not isinstance(array, list) or not any(subset_diff(spec["match"], e) is None for e in array):
            problems.append("some_element: no element of $.%s matches %s"
                            % (spec.get("path", ""), short(spec["match"])))
    return problems


def check_items(expect, doc):
    """Expectations on a search response's total and items."""
    items = lookup(doc, "items")
    if not isinstance(items, list):
        return ["response has no items array: %s" % short(doc)]
    problems = []
    slugs = [item.get("slug") if isinstance(item, dict) and "slug" in item else item_name(item)
             for item in items]
    by_slug = {item.get("slug"): item for item in items}
    if "total" in expect and doc.get("total") != expect["total"]:
        problems.append("total: expected %s, got %s (first slugs %s)"
                        % (expect["total"], doc.get("total"), short(slugs[:20])))
    if "count" in expect and len(items) != expect["count"]:
        problems.append("count of items: expected %d, got %d" % (expect["count"], len(items)))
    if "slugs" in expect:
        problems.append(list_diff("slugs", expect["slugs"], slugs))
    if "slug_set" in expect:
        problems.append(list_diff("slug set", sorted(expect["slug_set"]), sorted(slugs)))
    for slug in expect.get("includes_slugs", []):
        if slug not in by_slug:
            problems.append("items do not include %s (got %s)" % (slug, short(slugs)))
    for slug in expect.get("excludes_slugs", []):
        if slug in by_slug:
            problems.append("items include %s, which must not match" % slug)
    for path, op, value in expect.get("every_item", []):
        wrong = [item for item in items if not OPS[op](lookup(item, path), value)]
        if wrong:
            problems.append("every_item %s %s %s: item %s has %s (%d such items)"
                            % (path, op, short(value), item_name(wrong[0]),
                               short(lookup(wrong[0], path)), len(wrong)))
    if "first_items" in expect:
        want = expect["first_items"]
        if len(items) < len(want):
            problems.append("first_items: expected at least %d items, got %d" % (len(want), len(items)))
        for i, (w, item) in enumerate(zip(want, items)):
            diff = subset_diff(w, item, "$.items[%d]" % i)
            if diff:
                problems.append("first_items " + diff)
                break
    for slug, want in expect.get("items_by_slug", {}).items():
        if slug not in by_slug:
            problems.append("items_by_slug: %s not in items %s" % (slug, short(slugs)))
        else:
            diff = subset_diff(want, by_slug[slug], "$[slug=%s]" % slug)
            problems.append(diff and "items_by_slug " + diff)
    for slug, path, op, value in expect.get("item_checks", []):
        actual = lookup(by_slug.get(slug), path)
        if slug not in by_slug or not OPS[op](actual, value):
            problems.append("item %s: %s %s %s: got %s" % (slug, path, op, short(value),
                            short(actual) if slug in by_slug else "no such item"))
    if "sorted_by" in expect:
        keys = [tuple(sort_key(item, k) for k in expect["sorted_by"]) for item in items]
        for i in range(1, len(keys)):
            if keys[i] < keys[i - 1]:
                problems.append("sorted_by %s: %s comes before %s"
                                % (expect["sorted_by"], slugs[i - 1], slugs[i]))
                break
    return [p for p in problems if p]


DOCUMENT_KEYS = {"json", "every_key_is_string", "doc_checks", "length", "some_element"}
ITEM_KEYS = {"total", "count", "slugs", "slug_set", "includes_slugs", "excludes_slugs", "every_item",
             "items_by_slug", "item_checks", "sorted_by", "first_items"}


def check(expect, status, headers, body):
    """All differences between the response and the case's expectations, as strings."""
    expect = dict(expect)
    if "problem" in expect:
        expand_problem(expect)
    if "status" in expect and status != expect["status"]:
        return ["status: expected %d, got %d (body %s)" % (expect["status"], status, excerpt(body))]
    problems = check_http(expect, headers, body)
    if not (DOCUMENT_KEYS | ITEM_KEYS) & expect.keys():
        return problems
    try:
        doc = json.loads(body)
    except ValueError as error:
        return problems + ["body is not JSON (%s): %r" % (error, excerpt(body, 200))]
    problems += check_document(expect, doc)
    if ITEM_KEYS & expect.keys():
        problems += check_items(expect, doc)
    return problems


# ---------------------------------------------------------------------------------------------- running

class Server:
    def __init__(self, binary, db, workdir):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log = open(os.path.join(workdir, "server.log"), "w+")
        self.process = subprocess.Popen(
            [binary, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "warn"], stdout=self.log, stderr=subprocess.STDOUT, cwd=workdir)

    def request_raw(self, method, target, headers=None, body=None):
        """Status, lower-cased headers and the body bytes as received."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, target, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        finally:
            connection.close()

    def request(self, method, target, headers=None, body=None):
        """Status, lower-cased headers and the body as text (decode_body)."""
        status, headers, raw = self.request_raw(method, target, headers, body)
        return status, headers, decode_body(headers, raw)

    def wait_ready(self):
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return "server exited with status %d before /readyz" % self.process.returncode
            try:
                if self.request("GET", "/readyz")[0] == 200:
                    return None
            except OSError:
                pass
            time.sleep(0.1)
        return "server not ready after %d s" % READY_TIMEOUT_S

    def output(self):
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def run_imports(spec, binary, fixtures, db):
    """Runs each import step of cases/imports.json; returns failure lines."""
    failures = []
    for step in spec["steps"]:
        args = [binary, "import", step["kind"], os.path.join(fixtures, step["file"]),
                "--db", db, "--source", step["source"]] + step.get("args", [])
        if "timezone" in step:
            args += ["--timezone", step["timezone"]]
        if step.get("exit", 0) == 0 and not os.path.exists(args[3]):
            failures.append("FAIL import %s: fixture %s is missing" % (step["name"], args[3]))
            continue
        done = subprocess.run(args, capture_output=True, text=True, timeout=300)
        command = " ".join(args[1:])
        want_exit = step.get("exit", 0)
        if done.returncode != want_exit:
            failures.append("FAIL import %s: `%s` exited %d, expected %d; stderr: %s"
                            % (step["name"], command, done.returncode, want_exit, done.stderr[-500:]))
            continue
        lines = done.stdout.strip().splitlines()
        if "summary" in step and lines != [step["summary"]]:
            failures.append("FAIL import %s: `%s` printed %r, expected %r"
                            % (step["name"], command, done.stdout.strip(), step["summary"]))
        rejected_lines = [l for l in done.stderr.splitlines() if l.startswith("rejected row ")]
        if "rejected_lines" in step and len(rejected_lines) != step["rejected_lines"]:
            failures.append("FAIL import %s: %d 'rejected row' lines on stderr, expected %d: %s"
                            % (step["name"], len(rejected_lines), step["rejected_lines"],
                               short(rejected_lines)))
        for pattern in step.get("stderr_matches", []):
            if not any(re.search(pattern, l) for l in done.stderr.splitlines()):
                failures.append("FAIL import %s: no stderr line matches /%s/; stderr: %s"
                                % (step["name"], pattern, done.stderr[-800:]))
    return failures


def build_target(request, query_extra=None):
    target = request["path"]
    query = list(request.get("query", {}).items()) + (query_extra or [])
    if query:
        target += ("&" if "?" in target else "?") + urllib.parse.urlencode(query)
    return target


def with_defaults(case, defaults):
    """The case with the file's default request merged in: keys of `request` override, and so do keys of
    `request.query` one by one (a null value drops a default: `"as": null` runs as nobody)."""
    request = dict(defaults, **case["request"])
    query = dict(defaults.get("query", {}), **case["request"].get("query", {}))
    request = {k: v for k, v in request.items() if v is not None}  # "as": null, "form": null
    request["query"] = {k: v for k, v in query.items() if v is not None}
    return dict(case, request=request)


def follow_cursor(server, method, request, headers, status, text):
    """Fetches the pages after the first response by next_cursor. Returns the status, one response body
    holding every item, and what was wrong with the pages: a total that changes, a short page before the
    last, an id seen twice, fewer or more items than total, a cursor loop."""
    if status != 200:
        return status, text, []
    first = page = json.loads(text)
    limit = int(request.get("query", {}).get("limit", 50))
    items, cursors, problems = [], set(), []
    while True:
        number = len(cursors) + 1
        items += page.get("items", [])
        if page.get("total") != first.get("total"):
            problems.append("page %d: total %s, first page said %s"
                            % (number, page.get("total"), first.get("total")))
        cursor = page.get("next_cursor")
        if cursor is None:
            break
        if len(page.get("items", [])) != limit:
            problems.append("page %d: %d items but not the last page (limit %d)"
                            % (number, len(page.get("items", [])), limit))
        if cursor in cursors or number >= MAX_PAGES:
            problems.append("cursor loop or too many pages at page %d" % number)
            break
        cursors.add(cursor)
        status, _, text = server.request(method, build_target(request, [("cursor", cursor)]), headers)
        if status != 200:
            problems.append("page %d: status %d: %s" % (number + 1, status, excerpt(text)))
            break
        page = json.loads(text)
    ids = [item.get("id") for item in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append("paging returned the same id twice: %s" % short(duplicates))
    if len(items) != first.get("total"):
        problems.append("paging returned %d items over %d pages, total says %s"
                        % (len(items), len(cursors) + 1, first.get("total")))
    return 200, json.dumps({"total": first.get("total"), "items": items, "next_cursor": None}), problems


def prepare(request, added, fields):
    """The request's headers and body: the runner's headers `added` (credentials) under the case's own,
    `form` encoded, a JSON body sent as application/json, and the CSRF form `fields` put into the form
    (or before a string body)."""
    headers = dict(added)
    headers.update(request.get("headers") or {})
    has_type = any(k.lower() == "content-type" for k in headers)
    body = request.get("body")
    if "form" in request:
        if body is not None:
            raise KeyError("a request has body or form, not both")
        body = urllib.parse.urlencode(dict(request["form"], **fields))
    elif fields:
        if body is not None and not isinstance(body, str):
            raise KeyError('"csrf": "form" needs a form or a string body')
        body = "&".join(filter(None, [urllib.parse.urlencode(fields), body]))
    if ("form" in request or fields) and not has_type:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if body is not None and not isinstance(body, str):
        body = json.dumps(body)
        if not has_type:
            headers["Content-Type"] = "application/json"
    return headers, body


def run_case(server, case, saved, callers=None):
    """Runs one case; returns (request line, failure strings)."""
    values = dict(saved)
    values.update(callers.values() if callers else {})
    # The caller first: ${csrf} in the request is the token of the case's own session.
    caller = substitute(case["request"].get("as"), values)
    method = case["request"].get("method", "GET")
    if caller is not None and not callers:
        raise KeyError('"as" needs cases/staff.json')
    added, fields, caller_values = (callers.credentials(caller, method,
                                                        case["request"].get("csrf", "auto"))
                                    if callers else ({}, {}, {}))
    values.update(caller_values)
    request = substitute(case["request"], values)
    expect = substitute(case.get("expect", {}), values)
    headers, body = prepare(request, added, fields)
    target = build_target(request)
    where = "%s %s" % (method, target)
    if caller is not None:
        where += " as " + " ".join("%s %s" % kv for kv in sorted(caller.items()))
    repeat = case.get("repeat", 1)
    for attempt in range(repeat):
        status, response_headers, raw = server.request_raw(method, target, headers, body)
        text = decode_body(response_headers, raw)
        if case.get("paginate"):
            status, text, problems = follow_cursor(server, method, request, headers, status, text)
            return where + " (all pages)", problems + check(expect, status, response_headers, text)
        problems = check(expect, status, response_headers, text)
        if problems and repeat > 1:
            return where, ["response %d of %d: %s" % (attempt + 1, repeat, p) for p in problems]
    if not problems:
        problems = check_identity(server, expect, method, target, headers, raw, text)
    for name, path in case.get("save", {}).items():
        try:
            saved[name] = get_path(json.loads(text), path)
        except (ValueError, KeyError, IndexError) as error:
            problems.append("save %s from %s: %s" % (name, path, error))
    return where, problems


def copy_to_postgres(binary, sqlite_db, folder, workdir):
    """`recoverynet copy` of the SQLite database at `sqlite_db` onto a fresh schema of the
    pg-scratch server in `folder`, then `audit verify` on the copy: (the copy's URI, failures)."""
    uri = postgres_database(folder, workdir)
    # The copy's private notes are sealed with the SQLite database's key.
    os.environ["RECOVERYNET_NOTES_KEY"] = sqlite_db + "-notes.key"
    failures = []
    for args in (["copy", "--from", "sqlite://" + sqlite_db, "--to", uri],
                 ["audit", "verify", "--db", uri]):
        done = subprocess.run([binary, *args], capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            failures.append("FAIL %s: exit %d: %s%s" % (" ".join(args[:2]), done.returncode,
                                                        done.stdout[-500:], done.stderr[-1000:]))
    return uri, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--binary", required=True, help="the recoverynet executable")
    parser.add_argument("--fixtures", required=True, help="the repository's testdata directory")
    parser.add_argument("--cases", default=os.path.join(HERE, "cases"), help="directory of *.json cases")
    parser.add_argument("-k", dest="only", default="", help="run only cases whose name contains this")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every case, not only failures")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--postgres", default="",
                        help="the folder of a scripts/pg-scratch server: run every case on a fresh "
                             "schema of its database instead of a SQLite file")
    parser.add_argument("--copy", action="store_true",
                        help="with --postgres: set the database up on SQLite, then serve every "
                             "case from a `recoverynet copy` of it on PostgreSQL")
    options = parser.parse_args()
    if options.copy and not options.postgres:
        parser.error("--copy needs --postgres")

    binary = os.path.abspath(options.binary)
    fixtures = os.path.abspath(options.fixtures)
    workdir = tempfile.mkdtemp(prefix="rn-api-")
    db = os.path.join(workdir, "api.db")
    if options.postgres and not options.copy:
        db = postgres_database(options.postgres, workdir)
    failures, passed = [], 0
    server = None
    try:
        with open(os.path.join(options.cases, "imports.json"), encoding="utf-8") as f:
            import_failures = run_imports(json.load(f), binary, fixtures, db)
        failures += import_failures
        passed += 0 if import_failures else 1
        callers = fixture = None
        staff_path = os.path.join(options.cases, "staff.json")
        if os.path.exists(staff_path):
            with open(staff_path, encoding="utf-8") as f:
                fixture, fixture_failures = create_fixture(json.load(f), binary, db)
            failures += fixture_failures
            passed += 0 if fixture_failures else 1
        if options.copy:
            db, copy_failures = copy_to_postgres(binary, db, options.postgres, workdir)
            failures += copy_failures
            passed += 0 if copy_failures else 1
            if copy_failures:
                return report(failures, passed)
        server = Server(binary, db, workdir)
        not_ready = server.wait_ready()
        if not_ready:
            failures.append("FAIL server: %s; output:\n%s" % (not_ready, server.output()[-3000:]))
            return report(failures, passed)
        callers = Callers(server, fixture) if fixture else None
        saved = {}
        for path in sorted(glob.glob(os.path.join(options.cases, "*.json"))):
            if os.path.basename(path) in SETUP_FILES:
                continue
            try:
                with open(path, encoding="utf-8") as f:
                    document = json.load(f)
            except ValueError as error:
                failures.append("FAIL %s: not a valid case file: %s" % (os.path.basename(path), error))
                continue
            for case in document["cases"]:
                case = with_defaults(case, document.get("defaults", {}))
                name = "%s::%s" % (os.path.basename(path)[:-5], case["name"])
                if options.only not in name:
                    continue
                try:
                    where, problems = run_case(server, case, saved, callers)
                except Exception as error:  # a broken case or response is a failure, not a crash
                    where, problems = build_target(case["request"]), ["request failed: %r" % error]
                if problems:
                    failures += ["FAIL %s: %s — %s" % (name, where, p) for p in problems]
                else:
                    passed += 1
                    if options.verbose:
                        print("ok   %s: %s" % (name, where))
                if server.process.poll() is not None:
                    failures.append("FAIL server died after %s; output:\n%s" % (name, server.output()[-3000:]))
                    return report(failures, passed)
        # Every case's writes, reads and refusals are in the audit trail: its hash chain must hold.
        server.stop()
        server = None
        verified = subprocess.run([binary, "audit", "verify", "--db", db], capture_output=True, text=True)
        if verified.returncode != 0 or "chain intact" not in verified.stdout:
            failures.append("FAIL audit verify after every case: exit %d: %s %s"
                            % (verified.returncode, verified.stdout[-500:], verified.stderr[-500:]))
        else:
            passed += 1
    finally:
        if server:
            server.stop()
        if options.keep:
            print("kept %s" % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return report(failures, passed)


def report(failures, passed):
    for line in failures:
        print(line)
    print("api_tests: %d passed, %d failure%s" % (passed, len(failures), "" if len(failures) == 1 else "s"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
