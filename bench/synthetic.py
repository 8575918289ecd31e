"""bench/synthetic.cpp's listings, written as ExportFeed writes them (a Meeting Guide feed), in Python:
for `bench/run --only postgres` when rn_bench is not built (the C++ generator is the reference;
`rn_bench search --synthetic-out` is used whenever it is there). A line-by-line port: the same
xoshiro256** seeded through splitmix64, the same draws in the same order, so the same seed should
give the same listings (doubles are IEEE on both sides; log/cos/sqrt come from the same libm).

  python3 bench/synthetic.py COUNT SEED FILE
"""

import json
import math
import re
import sys

MASK = (1 << 64) - 1
SOURCE_CPP = __file__.rsplit("/", 1)[0] + "/synthetic.cpp"


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Random:
    def __init__(self, seed):
        self.state = []
        for _ in range(4):
            seed = (seed + 0x9E3779B97F4A7C15) & MASK
            z = seed
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            self.state.append(z ^ (z >> 31))

    def next(self):
        s = self.state
        result = (_rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def between(self, low, high):
        return low + self.next() % (high - low + 1)

    def chance(self, p):
        return self.uniform() < p

    def normal(self):
        u1 = 1.0 - self.uniform()
        u2 = self.uniform()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def _tables():
    """The metros, start times, durations, types and streets, read from synthetic.cpp itself."""
    with open(SOURCE_CPP, encoding="utf-8") as f:
        text = f.read()

    def block(name):
        match = re.search(name + r"\[\] = \{(.*?)\};", text, re.S)
        return match.group(1)

    metros = [(city, state, float(lat), float(lng), zone, float(weight)) for city, state, lat, lng,
              zone, weight in re.findall(r'\{"([^"]+)", "(\w+)", ([-\d.]+), ([-\d.]+), "([^"]+)", '
                                         r'([\d.]+)\}', block("kMetros"))]

    def minutes(expression):
        return sum(int(a) * int(b) if b else int(a)
                   for a, b in re.findall(r"(\d+)(?:\s*\*\s*(\d+))?", expression))

    starts = [(minutes(value), float(weight))
              for value, weight in re.findall(r"\{([\d\s*+]+), ([\d.]+)\}", block("kStartMinutes"))]
    durations = [(int(value), float(weight))
                 for value, weight in re.findall(r"\{(\d+), ([\d.]+)\}", block("kDurations"))]
    types = [(code, float(weight))
             for code, weight in re.findall(r'\{"(\w+)", ([\d.]+)\}', block("kTypeFrequencies"))]
    streets = re.findall(r'"([^"]+)"', block("kStreets"))
    return metros, starts, durations, types, streets


def _pick(random, choices):
    total = 0.0
    for _, weight in choices:
        total += weight
    point = random.uniform() * total
    for value, weight in choices:
        if point < weight:
            return value
        point -= weight
    return choices[-1][0]


def _round6(value):
    # std::round: halves away from zero (Python's round() goes to even).
    scaled = value * 1e6
    return math.copysign(math.floor(abs(scaled) + 0.5), scaled) / 1e6


def _five_digits(random):
    return f"{random.between(0, 99999):05d}"


def make_listing(random, number, tables):
    metros, starts, durations, type_frequencies, streets = tables
    n = str(number)
    total = sum(m[5] for m in metros)
    point = random.uniform() * total
    metro = metros[-1]
    for candidate in metros:
        if point < candidate[5]:
            metro = candidate
            break
        point -= candidate[5]
    city, state, latitude, longitude, zone, weight = metro
    row = {"slug": "synthetic-" + n, "timezone": zone, "region": city}
    draw = random.uniform()
    fellowship = "aa" if draw < 0.88 else "na" if draw < 0.94 else "smart" if draw < 0.97 \
        else "recovery-dharma"
    twelve_step = fellowship in ("aa", "na")
    spanish = twelve_step and random.chance(0.06)
    if spanish:
        name = "Grupo Sintético " + n
    elif fellowship == "aa":
        name = "Synthetic Group " + n
    elif fellowship == "na":
        name = "Synthetic NA Group " + n
    elif fellowship == "smart":
        name = "Synthetic SMART Recovery Meeting " + n
    else:
        name = "Synthetic Recovery Dharma Sangha " + n

    draw = random.uniform()
    slot_count = 1 if draw < 0.60 else 2 if draw < 0.85 else 3
    days = list(range(7))
    for i in range(slot_count):
        j = random.between(i, 6)
        days[i], days[j] = days[j], days[i]
    chosen = sorted(days[:slot_count])
    start = _pick(random, starts)
    duration = _pick(random, durations)
    same_time = random.chance(0.8)
    schedule = []
    for i in range(slot_count):
        schedule.append((chosen[i], start if same_time else _pick(random, starts), duration))

    types = []
    languages = []
    if twelve_step:
        types.append("O" if random.chance(0.55) else "C")
        for code, p in type_frequencies:
            if random.chance(p):
                types.append(code)
        if spanish:
            types.append("S")
        elif random.chance(0.3):
            types.append("EN")
    else:
        types.append("O")
        if random.chance(0.5):
            types.append("D")
    types.sort()

    draw = random.uniform()
    attendance = "in_person" if draw < 0.70 else "online" if draw < 0.90 else "hybrid"
    location = {"city": city, "state": state, "country": "US"}
    cos_lat = math.cos(latitude * math.pi / 180.0)
    spread_km = 6.0 + 6.0 * math.sqrt(weight)
    if attendance == "online":
        location["approximate"] = "yes"
        location["formatted_address"] = f"{city}, {state}, US"
        location["latitude"] = _round6(latitude + random.normal() * 2.0 / 111.32)
        location["longitude"] = _round6(longitude + random.normal() * 2.0 / (111.32 * cos_lat))
    else:
        location["location"] = "Synthetic Hall " + str(random.between(1, 9999))
        location["address"] = str(random.between(1, 19999)) + " " + \
            streets[random.between(0, len(streets) - 1)]
        location["postal_code"] = _five_digits(random)
        location["formatted_address"] = (f"{location['address']}, {city}, {state} "
                                         f"{location['postal_code']}, US")
        location["latitude"] = _round6(latitude + random.normal() * spread_km / 111.32)
        location["longitude"] = _round6(longitude + random.normal() * spread_km / (111.32 * cos_lat))
        if random.chance(0.1):
            location["location_notes"] = "Synthetic note: use the side entrance."
    if random.chance(0.02):
        location.pop("latitude")
        location.pop("longitude")
    conference = {}
    if attendance != "in_person":
        conference["conference_url"] = "https://example.invalid/j/" + str(random.next() % 1000000000)
        if random.chance(0.4):
            conference["conference_phone"] = "+1555" + _five_digits(random) + "00"
            conference["conference_phone_notes"] = "Synthetic dial-in"
    extra = {}
    if random.chance(0.3):
        extra["group"] = "Synthetic Home Group " + str(number // 3)
    if random.chance(0.2):
        extra["notes"] = "Synthetic notes: literature provided, newcomers welcome."
    if random.chance(0.1):
        extra["website"] = "https://example.invalid/group/" + n
    return {"name": name, "slug": row["slug"], "schedule": schedule, "timezone": zone,
            "types": types, "location": location, "regions": [city], "conference": conference,
            "extra": extra, "attendance": attendance, "fellowship": fellowship}


def _hhmm(minute):
    return f"{minute // 60:02d}:{minute % 60:02d}"


def export_rows(listing, taken):
    """ExportFeed's rows of one listing: one per run of slots sharing start and duration."""
    runs = []
    for slot in listing["schedule"]:
        if runs and slot[1:] == runs[-1][0][1:]:
            runs[-1].append(slot)
        else:
            runs.append([slot])
    rows = []
    suffix = 2
    for index, run in enumerate(runs):
        slug = listing["slug"]
        if index:
            while True:
                slug = f"{listing['slug']}~{suffix}"
                suffix += 1
                if slug not in taken:
                    taken.add(slug)
                    break
        _, start, duration = run[0]
        row = {"name": listing["name"], "slug": slug,
               "day": run[0][0] if len(run) == 1 else [slot[0] for slot in run],
               "time": _hhmm(start), "end_time": _hhmm((start + duration) % 1440),
               "timezone": listing["timezone"], "types": listing["types"]}
        if "notes" in listing["extra"]:
            row["notes"] = listing["extra"]["notes"]
        location = listing["location"]
        for key in ("location", "location_notes", "formatted_address", "address", "city", "state",
                    "postal_code", "country", "latitude", "longitude", "approximate"):
            if key in location:
                row[key] = location[key]
        row["regions"] = listing["regions"]
        row["region"] = listing["regions"][0]
        row.update(listing["conference"])
        for key in ("group", "website"):
            if key in listing["extra"]:
                row[key] = listing["extra"][key]
        row["attendance_option"] = listing["attendance"]
        row["updated"] = "2026-01-05 12:00:00"
        row["fellowship"] = listing["fellowship"]
        if index:
            row["part_of"] = listing["slug"]
        rows.append(row)
    return rows


def write_feed(count, seed, path, first_number=1):
    tables = _tables()
    random = Random(seed)
    listings = [make_listing(random, first_number + i, tables) for i in range(count)]
    taken = {listing["slug"] for listing in listings}
    rows = []
    for listing in listings:
        rows += export_rows(listing, taken)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(rows, f, ensure_ascii=False, separators=(",", ":"))
    return len(rows)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: synthetic.py COUNT SEED FILE")
    print(write_feed(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]))
