#!/usr/bin/env python3
"""The HSDS 3.1 API under /hsds/ and GET /api/v1/services, against a real server.

Imports the HSDS 1.1 sample, the 3.1 tabular example, the 3.1 JSON examples (a source of their
own: their ids are the tabular example's, so that import is also the "another source holds this
id" case), SAMHSA's opioid treatment programs (a CSV of facilities with a column mapping) and
Link-SF, then asks every /hsds/ route for a sample of what it serves — every list route's first
and last page with and without each of its parameters, and the single-record route of a fixed
random sample of ids of every kind — and validates each answer with a real JSON Schema validator
(python3-jsonschema, Draft 2020-12) against the HSDS 3.1 schemas in testdata/hsds/3.1/schema/: a
list's envelope against the OpenAPI document's Page schema and each item against its object's
schema. "format" is an annotation, as Draft 2020-12 has it by default: sources' ids are kept as
they came (an HSDS id in, the same id out) and are not all UUIDs.

Also: the source's ids come back unchanged; the Page arithmetic; CORS on reads; problem+json
errors naming the parameter; /api/v1/services by place, category, open now at a pinned instant.

Usage: run.py --binary build/recoverynet --fixtures testdata [--postgres build/pg-scratch]
"""
import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import urllib.parse
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.append(os.path.join(HERE, "..", "cli"))
sys.path.append(os.path.join(HERE, "..", "security"))
from checks import Checks, clean_env  # noqa: E402
from harness import Server  # noqa: E402
from pgdb import PostgresDatabase  # noqa: E402

warnings.filterwarnings("ignore", category=DeprecationWarning)
import jsonschema  # noqa: E402

OTP_MAP = ("name=ID,address_1=ADDRESS,city=CITY,state_province=STATE,postal_code=POSTAL,"
           "latitude=Latitude,longitude=Longitude")
ROUTES = {  # route -> the schema of its objects
    "services": "service.json", "organizations": "organization.json",
    "service_at_locations": "service_at_location.json", "taxonomies": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term.json"}
LIST_PARAMETERS = {
    "services": ["", "full=true", "minimal=true", "search=treatment", "per_page=7&page=2",
                 "taxonomy_term_id=recoverynet-category-moud",
                 "taxonomy_id=recoverynet-categories", "modified_after=2000-01-01T00:00:00Z"],
    "organizations": ["", "full=true", "full=true&full_service=true&per_page=3", "search=center"],
    "service_at_locations": ["", "full=true", "search=meal",
                             "taxonomy_term_id=recoverynet-category-food"],
    "taxonomies": ["", "search=recoverynet"],
    "taxonomy_terms": ["", "taxonomy_id=recoverynet-categories", "top_only=true"],
}


class Validators:
    """A Draft 2020-12 validator per HSDS schema file, resolving their relative $refs locally."""

    def __init__(self, schema_dir, openapi_path):
        self.store = {}
        for name in os.listdir(schema_dir):
            if name.endswith(".json") and name != "openapi.json":
                with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
                    self.store["file://%s/%s" % (schema_dir, name)] = json.load(f)
        self.schema_dir = schema_dir
        with open(openapi_path, encoding="utf-8") as f:
            self.page = json.load(f)["components"]["schemas"]["Page"]
        for schema in list(self.store.values()) + [self.page]:
            jsonschema.Draft202012Validator.check_schema(schema)

    def errors(self, schema_name, instance):
        uri = "file://%s/%s" % (self.schema_dir, schema_name)
        schema = self.store[uri]
        resolver = jsonschema.RefResolver(base_uri=uri, referrer=schema, store=self.store)
        validator = jsonschema.Draft202012Validator(schema, resolver=resolver)
        return ["%s at %s" % (e.message[:200], "/".join(str(p) for p in e.absolute_path))
                for e in validator.iter_errors(instance)]

    def page_errors(self, instance):
        return ["%s" % e.message[:200]
                for e in jsonschema.Draft202012Validator(self.page).iter_errors(instance)]


def run_suite(check, args, db, env, workdir, label):
    def cli(*argv):
        done = subprocess.run([args.binary, "--log-level", "warn", "--db", db, *argv],
                              env={**clean_env(), **env}, capture_output=True, encoding="utf-8",
                              timeout=300)
        check(done.returncode == 0, "%s: %s failed: %s" % (label, argv[:3], done.stderr[-1000:]))
        return done

    hsds = os.path.join(args.fixtures, "hsds")
    cli("import", "hsds", os.path.join(hsds, "1.1-sample", "all_resources"), "--source", "sample",
        "--timezone", "America/New_York")
    cli("import", "hsds", os.path.join(hsds, "3.1", "examples", "csv"), "--source", "hsds31")
    cli("import", "hsds", os.path.join(hsds, "3.1", "examples", "service_full.json"),
        "--source", "hsds31-json")
    cli("import", "hsds", os.path.join(args.fixtures, "demo", "resources.json"),
        "--source", "demo-resources")
    resources = os.path.join(args.fixtures, "resources")
    cli("import", "facilities",
        os.path.join(resources, "samhsa-otp-moud", "Opioid_Treatment_Directory_Geocoded.csv"),
        "--source", "samhsa-otp", "--map", OTP_MAP, "--category", "moud",
        "--service-name", "Opioid treatment program")
    cli("import", "linksf", os.path.join(resources, "linksf-sf-dropin", "linksf.json"),
        "--source", "linksf", "--timezone", "America/Los_Angeles")

    validators = Validators(os.path.join(hsds, "3.1", "schema"),
                            os.path.join(hsds, "3.1", "docs", "openapi30.json"))
    server = Server(args.binary, db, workdir, env=env)
    validated = 0
    try:
        def get(target):
            status, headers, body = server.request("GET", target)
            try:
                return status, headers, json.loads(body)
            except ValueError:
                return status, headers, None

        status, headers, base = get("/hsds/")
        check(status == 200 and base.get("version") == "3.1", "%s: /hsds/ %s %s" % (label, status, base))
        ids = {}
        for route, schema in ROUTES.items():
            for parameters in LIST_PARAMETERS[route]:
                target = "/hsds/%s%s" % (route, "?" + parameters if parameters else "")
                status, headers, page = get(target)
                check(status == 200 and isinstance(page, dict), "%s: %s: %s" % (label, target, status))
                if not isinstance(page, dict):
                    continue
                check(headers.get("access-control-allow-origin") == "*",
                      "%s: %s has no CORS header" % (label, target))
                for error in validators.page_errors(page):
                    check(False, "%s: %s envelope: %s" % (label, target, error))
                per_page = int(dict(urllib.parse.parse_qsl(parameters)).get("per_page", 50))
                check(page["size"] == len(page["contents"]) <= per_page and
                      page["total_pages"] == max(1, -(-page["total_items"] // per_page)),
                      "%s: %s: page arithmetic %s" % (label, target,
                                                      {k: v for k, v in page.items() if k != "contents"}))
                pages = [page]
                if page["total_pages"] > 1:
                    query = dict(urllib.parse.parse_qsl(parameters), page=page["total_pages"])
                    last = "/hsds/%s?%s" % (route, urllib.parse.urlencode(query))
                    status, _, last_page = get(last)
                    check(status == 200 and last_page.get("last_page") and
                          not last_page.get("first_page"), "%s: %s: not the last page: %s"
                          % (label, last, str(last_page)[:300]))
                    if status == 200:
                        pages.append(last_page)
                for one in pages:
                    for item in one["contents"]:
                        validated += 1
                        for error in validators.errors(schema, item):
                            check(False, "%s: %s item %s: %s" % (label, target, item.get("id"), error))
                if parameters == "":
                    ids[route] = page["total_items"]
        # Every id of every kind, through the plain list, then a fixed sample of single records.
        rng = random.Random(14)
        for route, schema in ROUTES.items():
            every = []
            status, _, page = get("/hsds/%s?per_page=1000" % route)
            for number in range(1, page["total_pages"] + 1):
                _, _, one = get("/hsds/%s?per_page=1000&page=%d" % (route, number))
                every += [item["id"] for item in one["contents"]]
            check(len(every) == len(set(every)) == page["total_items"],
                  "%s: /hsds/%s lists %d ids, %d distinct, of %d" % (
                      label, route, len(every), len(set(every)), page["total_items"]))
            sample = every[:2] + every[-2:] + rng.sample(every, min(25, len(every)))
            for record_id in sample:
                target = "/hsds/%s/%s" % (route, urllib.parse.quote(record_id, safe=""))
                status, headers, body = get(target)
                check(status == 200 and body.get("id") == record_id,
                      "%s: %s: %s" % (label, target, status))
                validated += 1
                for error in validators.errors(schema, body):
                    check(False, "%s: %s: %s" % (label, target, error))
            print("%s: /hsds/%s: %d records, %d fetched one by one" % (label, route, len(every),
                                                                        len(sample)))

        # An HSDS id in, the same id out: the 1.1 sample's service ids, as its services.csv has them.
        with open(os.path.join(hsds, "1.1-sample", "all_resources", "services.csv"),
                  encoding="utf-8-sig") as f:
            sample_ids = [row["id"] for row in csv.DictReader(f)]
        for service_id in sample_ids:
            status, _, body = get("/hsds/services/" + service_id)
            check(status == 200 and body["id"] == service_id, "%s: service %s not served back"
                  % (label, service_id))
        status, _, body = get("/hsds/services/c89eb05c-62dd-4b64-b494-0cc347b6ea7f")
        check(body.get("organization", {}).get("id") == "1899600a-649c-11e6-8b77-86f30ca893d3" and
              body.get("service_at_locations", [{}])[0].get("location", {}).get("id") ==
              "30b83c60-64a1-11e6-8b77-86f30ca893d3",
              "%s: the full service is not nested: %s" % (label, json.dumps(body)[:500]))

        # Errors: problem+json naming the parameter; 404 for an unknown id.
        for target, field in [("/hsds/services?per_page=0", "per_page"),
                              ("/hsds/services?page=x", "page"),
                              ("/hsds/services?modified_after=yesterday", "modified_after"),
                              ("/hsds/services?format=xml", "format"),
                              ("/hsds/services?colour=red", "colour"),
                              ("/api/v1/services?category=bakery", "category"),
                              ("/api/v1/services?lat=37", "lat"),
                              ("/api/v1/services?radius_km=5", "radius_km"),
                              ("/api/v1/services?open_now=maybe", "open_now"),
                              ("/api/v1/services?audience=everyone", "audience")]:
            status, headers, body = get(target)
            check(status == 400 and headers.get("content-type", "").startswith(
                "application/problem+json") and (body or {}).get("field") == field,
                  "%s: %s: %s %s" % (label, target, status, body))
        status, _, body = get("/hsds/services/no-such-service")
        check(status == 404, "%s: an unknown service: %s" % (label, status))

        # The finder's search: near a place, in a category, open at a pinned instant.
        at = urllib.parse.quote("2026-12-03T12:30:00-08:00")  # a Thursday, half past noon
        status, _, found = get("/api/v1/services?lat=37.7793&lng=-122.4193&radius_km=3&"
                               "category=food&open_now=true&at=" + at)
        check(status == 200 and found["total"] > 0 and all(
            item["open_now"] and "food" in item["categories"] and item["distance_km"] <= 3
            for item in found["items"]), "%s: food open now near City Hall: %s" % (
                label, json.dumps(found)[:800]))
        distances = [item["distance_km"] for item in found["items"]]
        check(distances == sorted(distances), "%s: not nearest first: %s" % (label, distances))
        # Who it is for: the demo's house for "women with children" (its eligibility), and nothing
        # that is not for parents with children.
        status, _, families = get("/api/v1/services?audience=families&limit=200")
        check(status == 200 and "demo-service-house" in [i["service_id"] for i in families["items"]]
              and all("families" in i["audiences"] for i in families["items"]),
              "%s: audience=families: %s" % (label, json.dumps(families)[:500]))
        status, _, otp = get("/api/v1/services?category=moud&q=wasilla")
        check(status == 200 and otp["total"] >= 1 and otp["items"][0]["location"]["state"] == "AK",
              "%s: the Wasilla OTP: %s" % (label, json.dumps(otp)[:500]))
        if found["items"]:
            first = found["items"][0]
            status, _, one = get("/api/v1/services/%s?at=%s" % (first["id"], at))
            check(status == 200 and len(one["hours"]) == 7 and one["hours"][0]["date"] == "2026-12-03",
                  "%s: one service's week: %s" % (label, json.dumps(one)[:500]))
        # The seed's drop-in centre in the demo data, in Philadelphia's zone: a Monday holiday, a
        # Thursday evening, the spring-forward Sunday.
        for at, open_now, minutes in [("2026-01-19T11:00:00-05:00", True, 120),
                                      ("2026-01-19T14:00:00-05:00", False, None),
                                      ("2026-12-03T18:00:00-05:00", True, 300),
                                      ("2026-12-03T09:00:00-05:00", False, 480),
                                      ("2026-03-08T10:30:00-04:00", True, 690)]:
            status, _, one = get("/api/v1/services/demo-service-dropin-at-location?at="
                                 + urllib.parse.quote(at))
            check(status == 200 and one["open_now"] == open_now and
                  (minutes is None or one["minutes_until"] == minutes),
                  "%s: the drop-in centre at %s: %s" % (label, at, {k: one.get(k) for k in (
                      "open_now", "next_change", "minutes_until")} if one else status))
        status, _, one = get("/api/v1/services/demo-service-dropin-at-location?at="
                             + urllib.parse.quote("2026-01-19T11:00:00-05:00"))
        check(one["hours"][0]["holiday"] == "Birthday of Martin Luther King, Jr." and
              one["hours"][0]["ranges"] == [{"opens": "10:00", "closes": "13:00"}],
              "%s: the holiday's hours: %s" % (label, one["hours"][0]))
    finally:
        server.stop()
    print("%s: %d HSDS objects validated against the 3.1 schemas" % (label, validated))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--postgres", help="a scripts/pg-scratch server's folder: run on PostgreSQL")
    args = parser.parse_args()
    check = Checks("hsds_api")
    with tempfile.TemporaryDirectory() as workdir:
        if args.postgres:
            database = PostgresDatabase(args.postgres, workdir, "rn_hsds_api")
            try:
                run_suite(check, args, database.uri, database.env, workdir, "postgresql")
            finally:
                database.drop()
        else:
            run_suite(check, args, os.path.join(workdir, "hsds.db"), {}, workdir, "sqlite")
    return check.report()


if __name__ == "__main__":
    sys.exit(main())
