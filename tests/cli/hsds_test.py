#!/usr/bin/env python3
"""`recoverynet import hsds` through the real program, on SQLite and on PostgreSQL.

The counts each import must give are worked out here, independently of the program, from the CSV
files with Python's csv module (and the JSON with the json module):
  - a record table's rows (organizations, services, locations, services at location, taxonomy
    terms, taxonomies) each give a record, unless a field its HSDS 3.1 schema requires is missing
    or out of its enum;
  - a child table's row (phones, schedules, addresses, …) is kept when one of its owner columns
    names a row of the owner's table, else it is rejected, named by its file and line;
  - the tables HSDS 3.1 has no place for (metadata, payments_accepted…) are noted, not imported.
Then: a second import of the same package changes nothing; the same package given as its
datapackage.json and as a .zip changes nothing either; the database holds exactly the counted
records (read with sqlite3 / psql, not the program); an id another source holds is rejected.

Usage: hsds_test.py --binary build/recoverynet --fixtures testdata [--postgres build/pg-scratch]
"""
import argparse
import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from checks import Checks, clean_env  # noqa: E402
from pgdb import PostgresDatabase  # noqa: E402

KINDS = ["organization", "service", "location", "service_at_location", "taxonomy", "taxonomy_term"]
PLURAL = {kind: ("taxonomies" if kind == "taxonomy" else kind + "s") for kind in KINDS}

# Record tables: file stems (1.x and 3.x), the kind, and the fields required (with enums).
RECORD_TABLES = {
    "organizations": ("organization", {"name": None, "description": None}),
    "services": ("service", {"name": None,
                             "status": {"active", "inactive", "defunct", "temporarily closed"}}),
    "locations": ("location", {}),
    "service_at_location": ("service_at_location", {"service_id": None, "location_id": None}),
    "services_at_location": ("service_at_location", {"service_id": None, "location_id": None}),
    "taxonomy_terms": ("taxonomy_term", {"name": None}),
    "taxonomy": ("taxonomy_term", {"name": None}),
    "taxonomies": ("taxonomy", {"name": None}),
}
# Child tables: their owner columns and the table each names.
OWNERS = {"contact_id": "contacts", "service_at_location_id": "service_at_location",
          "service_id": "services", "location_id": "locations", "organization_id": "organizations",
          "phone_id": "phones"}
CHILD_TABLES = {
    "contacts": ["service_at_location_id", "service_id", "location_id", "organization_id"],
    "phones": ["contact_id", "service_at_location_id", "service_id", "location_id",
               "organization_id"],
    "languages": ["phone_id", "service_id", "location_id"],
    "schedules": ["service_at_location_id", "service_id", "location_id"],
    "regular_schedules": ["service_at_location_id", "service_id", "location_id"],
    "holiday_schedules": ["service_at_location_id", "service_id", "location_id"],
    "addresses": ["location_id"], "physical_addresses": ["location_id"],
    "postal_addresses": ["location_id"], "accessibility": ["location_id"],
    "accessibility_for_disabilities": ["location_id"],
    "service_areas": ["service_at_location_id", "service_id"],
    "cost_options": ["service_id"], "required_documents": ["service_id"],
    "funding": ["service_id", "organization_id"], "programs": ["organization_id"],
    "organization_identifiers": ["organization_id"], "url": ["service_id", "organization_id"],
}
NOT_IMPORTED = {"metadata", "meta_table_descriptions", "payments_accepted"}


def read_tables(folder):
    """{stem: [(line, row dict)]} of every CSV file in `folder`."""
    tables = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".csv"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            rows = []
            for row in reader:
                # csv's line_num is the line the row ends on; the program names the line it starts on.
                text = "".join(v or "" for v in row.values())
                rows.append((reader.line_num - text.count("\n"), {k.strip(): (v or "").strip()
                                                                   for k, v in row.items() if k}))
            tables[name[:-4]] = rows
    return tables


def expected_counts(tables):
    """(records by kind, rejected [(file, line, field)], noted stems), worked out from the rows."""
    records = {kind: 0 for kind in KINDS}
    ids = {}
    for stem, rows in tables.items():
        ids.setdefault(OWNERS_TABLE.get(stem, stem), set()).update(r.get("id", "") for _, r in rows)
    rejected = []
    for stem, rows in tables.items():
        if stem in RECORD_TABLES:
            kind, required = RECORD_TABLES[stem]
            for line, row in rows:
                ok = all(row.get(field) and (allowed is None or row[field].lower() in allowed)
                         for field, allowed in required.items())
                if ok:
                    records[kind] += 1
                else:
                    rejected.append((stem + ".csv", line, None))
        elif stem in CHILD_TABLES:
            for line, row in rows:
                named = [c for c in CHILD_TABLES[stem] if row.get(c)]
                if not any(row[c] in ids.get(OWNERS[c], set()) for c in named):
                    rejected.append((stem + ".csv", line, named[0] if named else None))
        elif stem == "attributes":
            everything = set().union(*ids.values())
            for line, row in rows:
                if row.get("link_id") not in everything:
                    rejected.append((stem + ".csv", line, "link_id"))
        elif stem == "service_capacity":
            units = {r["id"] for _, r in tables.get("units", [])}
            for line, row in rows:
                if row.get("unit_id") not in units or row.get("service_id") not in ids["services"]:
                    rejected.append((stem + ".csv", line, None))
    noted = sorted(stem for stem in tables if stem in NOT_IMPORTED or stem == "meta_table_descriptions")
    return records, rejected, noted


# The 1.x name of a record table, as the owner columns name it.
OWNERS_TABLE = {"services_at_location": "service_at_location", "taxonomy": "taxonomy_terms"}

SUMMARY = re.compile(r"^source=(\S+) (.*)$")


def summary_of(result):
    """The summary line's numbers, {"services": 13, "created": …}."""
    for line in result.stdout.splitlines():
        match = SUMMARY.match(line)
        if match:
            return {k: int(v) for k, v in (part.split("=") for part in match.group(2).split())}
    return {}


def rejected_lines(result):
    """[(file, line, field)] of the rejections the import printed."""
    found = []
    for line in result.stderr.splitlines():
        match = re.match(r"^rejected (\S+) line (\d+)(?: (\S+))?: ", line)
        if match:
            found.append((match.group(1), int(match.group(2)), match.group(3)))
    return found


class Backend:
    """Counts a database's records by kind, read without the program."""

    def __init__(self, db, postgres=None):
        self.db = db
        self.postgres = postgres

    def counts(self):
        sql = "SELECT kind, COUNT(*) FROM resource_records GROUP BY kind"
        if self.postgres is not None:
            rows = self.postgres.query(sql)
        else:
            with sqlite3.connect(self.db) as connection:
                rows = connection.execute(sql).fetchall()
        counts = {kind: 0 for kind in KINDS}
        counts.update({kind: int(count) for kind, count in rows})
        return counts


def json_counts(document):
    """Records by kind an HSDS 3.1 JSON document holds, counted by walking its nesting: distinct
    (kind, id) of services, their organization, services at location and locations, organizations'
    locations, and attributes' taxonomy terms and their taxonomies."""
    seen = {kind: set() for kind in KINDS}

    def terms(owner):
        for attribute in owner.get("attributes") or []:
            term = attribute.get("taxonomy_term")
            if isinstance(term, dict):
                seen["taxonomy_term"].add(term["id"])
                if isinstance(term.get("taxonomy_detail"), dict):
                    seen["taxonomy"].add(term["taxonomy_detail"]["id"])

    def location(place):
        seen["location"].add(place["id"])
        terms(place)

    def service(item):
        seen["service"].add(item["id"])
        terms(item)
        if isinstance(item.get("organization"), dict):
            organization(item["organization"])
        for at in item.get("service_at_locations") or []:
            seen["service_at_location"].add(at["id"])
            if isinstance(at.get("location"), dict):
                location(at["location"])

    def organization(item):
        seen["organization"].add(item["id"])
        terms(item)
        for place in item.get("locations") or []:
            location(place)
        for nested in item.get("services") or []:
            service(nested)

    items = document.get("contents", [document]) if isinstance(document, dict) else document
    for item in items:
        (service if "status" in item or "service_at_locations" in item else organization)(item)
    return {kind: len(ids) for kind, ids in seen.items()}


def run_suite(check, binary, fixtures, backend, workdir, env, label):
    def run(*argv):
        return subprocess.run([binary, "--log-level", "warn", "--db", backend.db, *argv],
                              env=env, capture_output=True, encoding="utf-8", timeout=120)

    sample = os.path.join(fixtures, "hsds", "1.1-sample", "all_resources")
    records, rejected, noted = expected_counts(read_tables(sample))
    first = run("import", "hsds", sample, "--source", "sample")
    check(first.returncode == 0, "%s: import of the 1.1 sample failed: %s" % (label, first.stderr))
    got = summary_of(first)
    for kind in KINDS:
        check(got.get(PLURAL[kind]) == records[kind], "%s: 1.1 sample %s: %s, counted %d"
              % (label, PLURAL[kind], got.get(PLURAL[kind]), records[kind]))
    total = sum(records.values())
    check(got.get("created") == total and got.get("rejected") == len(rejected),
          "%s: 1.1 sample: %s, counted %d records and %d rejects" % (label, got, total, len(rejected)))
    printed = rejected_lines(first)
    check(sorted((f, n) for f, n, _ in printed) == sorted((f, n) for f, n, _ in rejected),
          "%s: 1.1 sample rejects %s, counted %s" % (label, printed, rejected))
    for f, n, field in rejected:
        if field:
            check((f, n, field) in printed, "%s: reject of %s line %d not named by %s: %s"
                  % (label, f, n, field, first.stderr))
    for stem in noted:
        check("note: %s.csv: not imported" % stem in first.stderr,
              "%s: %s.csv not noted: %s" % (label, stem, first.stderr))
    check(backend.counts() == records, "%s: the database holds %s, counted %s"
          % (label, backend.counts(), records))
    print("%s: 1.1 sample all_resources: %s" % (label, " ".join(
        "%s=%d" % (PLURAL[k], records[k]) for k in KINDS)), "rejected=%d" % len(rejected))

    # The same package again, as its datapackage.json and as a zip: nothing changes.
    archive = os.path.join(workdir, "all_resources.zip")
    with zipfile.ZipFile(archive, "w") as z:
        for name in os.listdir(sample):
            z.write(os.path.join(sample, name), "all_resources/" + name)
    for path in (sample, os.path.join(sample, "datapackage.json"), archive):
        again = run("import", "hsds", path, "--source", "sample")
        got = summary_of(again)
        check(again.returncode == 0 and got.get("unchanged") == total and
              got.get("created") == 0 and got.get("updated") == 0 and got.get("removed") == 0,
              "%s: re-import of %s changed something: %s %s" % (label, path, again.stdout,
                                                                 again.stderr))

    # The 3.1 tabular example.
    example = os.path.join(fixtures, "hsds", "3.1", "examples", "csv")
    records31, rejected31, _ = expected_counts(read_tables(example))
    third = run("import", "hsds", example, "--source", "hsds31")
    got = summary_of(third)
    check(third.returncode == 0, "%s: import of the 3.1 example failed: %s" % (label, third.stderr))
    for kind in KINDS:
        check(got.get(PLURAL[kind]) == records31[kind], "%s: 3.1 example %s: %s, counted %d"
              % (label, PLURAL[kind], got.get(PLURAL[kind]), records31[kind]))
    check(got.get("rejected") == len(rejected31), "%s: 3.1 example rejected %s, counted %s: %s"
          % (label, got.get("rejected"), rejected31, third.stderr))
    print("%s: 3.1 example csv: %s" % (label, " ".join(
        "%s=%d" % (PLURAL[k], records31[k]) for k in KINDS)), "rejected=%d" % len(rejected31))

    # An id another source holds is not taken over.
    clash = run("import", "hsds", example, "--source", "other")
    got = summary_of(clash)
    check(clash.returncode == 0 and got.get("created") == 0 and
          got.get("rejected") == len(rejected31) + sum(records31.values()),
          "%s: a second source took the 3.1 example's ids: %s %s" % (label, clash.stdout,
                                                                     clash.stderr))
    check("another source holds this id" in clash.stderr, "%s: the clash is not named" % label)

    # HSDS 3.1 JSON: each full example into a SQLite database of its own (they share their ids).
    for name in ("service_full.json", "organization_full.json") if backend.postgres is None else ():
        path = os.path.join(fixtures, "hsds", "3.1", "examples", name)
        with open(path, encoding="utf-8") as f:
            counted = json_counts(json.load(f))
        db = os.path.join(workdir, "json-%s.db" % name)
        done = subprocess.run([binary, "--log-level", "warn", "--db", db, "import", "hsds", path,
                               "--source", "json"], env=env, capture_output=True,
                              encoding="utf-8", timeout=60)
        got = summary_of(done)
        check(done.returncode == 0 and all(got.get(PLURAL[k]) == counted[k] for k in KINDS) and
              got.get("rejected") == 0, "%s: %s: %s, counted %s %s" % (label, name, got, counted,
                                                                         done.stderr))
        print("%s: %s: %s" % (label, name, " ".join("%s=%d" % (PLURAL[k], counted[k])
                                                    for k in KINDS)))

    # export hsds -> import -> export is lossless: the second package is the first, byte for byte.
    resources = os.path.join(fixtures, "resources")
    for argv in (["linksf", os.path.join(resources, "linksf-sf-dropin", "linksf.json"),
                  "--source", "linksf"],
                 ["hsds", os.path.join(fixtures, "demo", "resources.json"), "--source", "demo"],
                 ["facilities", os.path.join(resources, "samhsa-otp-moud", "meth-2017.csv"),
                  "--source", "methadone", "--category", "moud", "--map",
                  "name=Name1+Name2+Name3,address_1=Address1,address_2=Address2+Address3,"
                  "city=City,state_province=State,postal_code=ZIP_Code,phone=Contact,codes=Keys,"
                  "latitude=Latitude,longitude=Longitude"]):
        done = run("import", *argv)
        check(done.returncode == 0, "%s: import %s: %s" % (label, argv[0], done.stderr[-500:]))
    first, second = os.path.join(workdir, label + "-export-1"), os.path.join(workdir, label + "-export-2")
    exported = run("export", "hsds", "--output", first)
    again_db = os.path.join(workdir, label + "-again.db")
    reimported = subprocess.run([binary, "--log-level", "warn", "--db", again_db, "import", "hsds",
                                 first, "--source", "again"], env=env, capture_output=True,
                                encoding="utf-8", timeout=120)
    reexported = subprocess.run([binary, "--log-level", "warn", "--db", again_db, "export", "hsds",
                                 "--output", second], env=env, capture_output=True,
                                encoding="utf-8", timeout=120)
    check(exported.returncode == reimported.returncode == reexported.returncode == 0 and
          summary_of(reimported).get("rejected") == 0,
          "%s: export/import/export: %s %s %s" % (label, exported.stderr, reimported.stderr[-800:],
                                                  reexported.stderr))
    files = sorted(os.listdir(first)) if os.path.isdir(first) else []
    same = files == (sorted(os.listdir(second)) if os.path.isdir(second) else None) and all(
        open(os.path.join(first, f), "rb").read() == open(os.path.join(second, f), "rb").read()
        for f in files)
    check(same and "services.csv" in files and "schedules.csv" in files,
          "%s: export -> import -> export is not lossless (%s)" % (label, files))
    refused = run("export", "hsds", "--output", first)
    check(refused.returncode == 1 and "not empty" in refused.stderr,
          "%s: export into a non-empty folder: %s" % (label, refused.stderr))
    print("%s: export hsds -> import -> export: %d files, %s" % (
        label, len(files), "byte-identical" if same else "DIFFERENT"))

    # Bad input: an error naming what was wrong, and nothing written.
    before = backend.counts()
    empty = os.path.join(workdir, "empty")
    os.makedirs(empty, exist_ok=True)
    with open(os.path.join(empty, "phones.csv"), "w") as f:
        f.write("id,number\n1,2\n")
    bad = run("import", "hsds", empty, "--source", "sample")
    check(bad.returncode == 1 and "package" in bad.stderr,
          "%s: a package without record tables: %s" % (label, bad.stderr))
    missing = run("import", "hsds", os.path.join(workdir, "nothing.json"), "--source", "sample")
    check(missing.returncode == 1 and "cannot read" in missing.stderr,
          "%s: a missing file: %s" % (label, missing.stderr))
    check(backend.counts() == before, "%s: a failed import wrote records" % label)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--postgres", help="a scripts/pg-scratch server's folder")
    args = parser.parse_args()
    check = Checks("hsds_test")
    env = clean_env()
    with tempfile.TemporaryDirectory() as workdir:
        run_suite(check, args.binary, args.fixtures, Backend(os.path.join(workdir, "hsds.db")),
                  workdir, env, "sqlite")
        if args.postgres:
            database = PostgresDatabase(args.postgres, workdir, "rn_hsds")
            try:
                run_suite(check, args.binary, args.fixtures, Backend(database.uri, database),
                          workdir, {**env, **database.env}, "postgresql")
            finally:
                database.drop()
    return check.report()


if __name__ == "__main__":
    sys.exit(main())
