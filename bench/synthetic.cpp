#include "synthetic.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace rn::bench {
namespace {

std::uint64_t SplitMix64(std::uint64_t* state) {
  std::uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t RotateLeft(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

struct Metro {
  const char* city;
  const char* state;
  double latitude;
  double longitude;
  const char* timezone;
  double weight;  // roughly the metro population in millions: how many meetings it gets
};

// Real metro centres; the listings scatter around them.
constexpr Metro kMetros[] = {
    {"New York", "NY", 40.7128, -74.0060, "America/New_York", 19.8},
    {"Philadelphia", "PA", 39.9526, -75.1652, "America/New_York", 6.2},
    {"Boston", "MA", 42.3601, -71.0589, "America/New_York", 4.9},
    {"Washington", "DC", 38.9072, -77.0369, "America/New_York", 6.3},
    {"Atlanta", "GA", 33.7490, -84.3880, "America/New_York", 6.1},
    {"Miami", "FL", 25.7617, -80.1918, "America/New_York", 6.1},
    {"Detroit", "MI", 42.3314, -83.0458, "America/New_York", 4.3},
    {"Pittsburgh", "PA", 40.4406, -79.9959, "America/New_York", 2.4},
    {"Charlotte", "NC", 35.2271, -80.8431, "America/New_York", 2.7},
    {"Orlando", "FL", 28.5383, -81.3792, "America/New_York", 2.7},
    {"Tampa", "FL", 27.9506, -82.4572, "America/New_York", 3.2},
    {"Columbus", "OH", 39.9612, -82.9988, "America/New_York", 2.1},
    {"Cleveland", "OH", 41.4993, -81.6944, "America/New_York", 2.1},
    {"Chicago", "IL", 41.8781, -87.6298, "America/Chicago", 9.5},
    {"Dallas", "TX", 32.7767, -96.7970, "America/Chicago", 7.6},
    {"Houston", "TX", 29.7604, -95.3698, "America/Chicago", 7.1},
    {"San Antonio", "TX", 29.4241, -98.4936, "America/Chicago", 2.6},
    {"Austin", "TX", 30.2672, -97.7431, "America/Chicago", 2.3},
    {"Minneapolis", "MN", 44.9778, -93.2650, "America/Chicago", 3.7},
    {"St. Louis", "MO", 38.6270, -90.1994, "America/Chicago", 2.8},
    {"Kansas City", "MO", 39.0997, -94.5786, "America/Chicago", 2.2},
    {"Nashville", "TN", 36.1627, -86.7816, "America/Chicago", 2.0},
    {"New Orleans", "LA", 29.9511, -90.0715, "America/Chicago", 1.3},
    {"Milwaukee", "WI", 43.0389, -87.9065, "America/Chicago", 1.6},
    {"Denver", "CO", 39.7392, -104.9903, "America/Denver", 3.0},
    {"Salt Lake City", "UT", 40.7608, -111.8910, "America/Denver", 1.3},
    {"Albuquerque", "NM", 35.0844, -106.6504, "America/Denver", 0.9},
    {"Boise", "ID", 43.6150, -116.2023, "America/Denver", 0.8},
    {"Colorado Springs", "CO", 38.8339, -104.8214, "America/Denver", 0.8},
    {"Los Angeles", "CA", 34.0522, -118.2437, "America/Los_Angeles", 13.0},
    {"San Francisco", "CA", 37.7749, -122.4194, "America/Los_Angeles", 4.7},
    {"San Diego", "CA", 32.7157, -117.1611, "America/Los_Angeles", 3.3},
    {"Seattle", "WA", 47.6062, -122.3321, "America/Los_Angeles", 4.0},
    {"Portland", "OR", 45.5152, -122.6784, "America/Los_Angeles", 2.5},
    {"Sacramento", "CA", 38.5816, -121.4944, "America/Los_Angeles", 2.4},
    {"San Jose", "CA", 37.3382, -121.8863, "America/Los_Angeles", 2.0},
    {"Las Vegas", "NV", 36.1699, -115.1398, "America/Los_Angeles", 2.3},
    {"Phoenix", "AZ", 33.4484, -112.0740, "America/Phoenix", 4.9},
    {"Tucson", "AZ", 32.2226, -110.9747, "America/Phoenix", 1.0},
    {"Anchorage", "AK", 61.2181, -149.9003, "America/Anchorage", 0.4},
    {"Fairbanks", "AK", 64.8378, -147.7164, "America/Anchorage", 0.1},
    {"Honolulu", "HI", 21.3069, -157.8583, "Pacific/Honolulu", 1.0},
    {"Hilo", "HI", 19.7071, -155.0885, "Pacific/Honolulu", 0.2},
};

template <typename T>
struct Weighted {
  T value;
  double weight;
};

// Local start times of real meetings cluster at early morning, noon and evening.
constexpr Weighted<int> kStartMinutes[] = {
    {6 * 60, 3},       {6 * 60 + 30, 5},   {7 * 60, 8},       {7 * 60 + 30, 4},  {8 * 60, 4},
    {9 * 60, 3},       {10 * 60, 5},       {10 * 60 + 30, 2}, {12 * 60, 12},     {12 * 60 + 10, 2},
    {12 * 60 + 15, 2}, {12 * 60 + 30, 4},  {17 * 60 + 30, 5}, {18 * 60, 10},     {18 * 60 + 30, 8},
    {19 * 60, 14},     {19 * 60 + 30, 12}, {20 * 60, 12},     {20 * 60 + 30, 4}, {21 * 60, 2},
    {22 * 60, 1},      {23 * 60, 0.5},     {0, 0.5},
};

constexpr Weighted<int> kDurations[] = {{60, 70}, {90, 25}, {120, 5}};

// Independent type codes and how often a meeting has each (O/C and languages are drawn apart).
constexpr Weighted<const char*> kTypeFrequencies[] = {
    {"D", 0.45},  {"SP", 0.20},    {"X", 0.30},  {"B", 0.12},     {"ST", 0.12},
    {"BE", 0.08}, {"LIT", 0.08},   {"TR", 0.05}, {"12x12", 0.04}, {"W", 0.05},
    {"M", 0.05},  {"MED", 0.03},   {"11", 0.03}, {"CF", 0.03},    {"H", 0.02},
    {"Y", 0.02},  {"LGBTQ", 0.02}, {"A", 0.01},  {"ASL", 0.005},
};

constexpr const char* kStreets[] = {"Example St", "Sample Ave", "Placeholder Rd", "Fictional Way",
                                    "Demo Ln",    "Mock Ct",    "Imaginary Blvd", "Pretend Dr"};

template <typename T, std::size_t N>
const T& Pick(Random& random, const Weighted<T> (&choices)[N]) {
  double total = 0;
  for (const auto& choice : choices) total += choice.weight;
  double point = random.Uniform() * total;
  for (const auto& choice : choices) {
    if (point < choice.weight) return choice.value;
    point -= choice.weight;
  }
  return choices[N - 1].value;
}

const Metro& PickMetro(Random& random) {
  static const double total = [] {
    double sum = 0;
    for (const Metro& metro : kMetros) sum += metro.weight;
    return sum;
  }();
  double point = random.Uniform() * total;
  for (const Metro& metro : kMetros) {
    if (point < metro.weight) return metro;
    point -= metro.weight;
  }
  return kMetros[std::size(kMetros) - 1];
}

double RoundTo6(double value) { return std::round(value * 1e6) / 1e6; }

std::string FiveDigits(Random& random) {
  std::string digits = std::to_string(random.Between(0, 99999));
  return std::string(5 - digits.size(), '0') + digits;
}

directory::Listing MakeListing(Random& random, std::size_t number) {
  using directory::Attendance;
  directory::Listing listing;
  const std::string n = std::to_string(number);
  listing.source = kSyntheticSource;
  listing.slug = "synthetic-" + n;
  listing.id = directory::MakeListingId(listing.source, listing.slug);

  const Metro& metro = PickMetro(random);
  listing.timezone = metro.timezone;
  listing.regions = {metro.city};

  // Fellowship: mostly AA, some NA, some non-12-step approaches.
  const double fellowship_draw = random.Uniform();
  listing.fellowship = fellowship_draw < 0.88   ? "aa"
                       : fellowship_draw < 0.94 ? "na"
                       : fellowship_draw < 0.97 ? "smart"
                                                : "recovery-dharma";
  const bool twelve_step = listing.fellowship == "aa" || listing.fellowship == "na";
  const bool spanish = twelve_step && random.Chance(0.06);
  if (spanish) {
    listing.name = "Grupo Sintético " + n;
  } else if (listing.fellowship == "aa") {
    listing.name = "Synthetic Group " + n;
  } else if (listing.fellowship == "na") {
    listing.name = "Synthetic NA Group " + n;
  } else if (listing.fellowship == "smart") {
    listing.name = "Synthetic SMART Recovery Meeting " + n;
  } else {
    listing.name = "Synthetic Recovery Dharma Sangha " + n;
  }

  // Schedule: 1–3 weekly slots on distinct days, usually at the same time.
  const double slots_draw = random.Uniform();
  const int slot_count = slots_draw < 0.60 ? 1 : slots_draw < 0.85 ? 2 : 3;
  std::array<int, 7> days = {0, 1, 2, 3, 4, 5, 6};
  for (int i = 0; i < slot_count; ++i) std::swap(days[i], days[random.Between(i, 6)]);
  std::sort(days.begin(), days.begin() + slot_count);
  const int start = Pick(random, kStartMinutes);
  const int duration = Pick(random, kDurations);
  const bool same_time = random.Chance(0.8);
  for (int i = 0; i < slot_count; ++i) {
    directory::Slot slot;
    slot.day = days[i];
    slot.start_minute = same_time ? start : Pick(random, kStartMinutes);
    slot.duration_minutes = duration;
    listing.schedule.push_back(slot);
  }

  // Types: open or closed, then independent codes; sorted, no repeats.
  if (twelve_step) {
    listing.types.push_back(random.Chance(0.55) ? "O" : "C");
    for (const auto& type : kTypeFrequencies) {
      if (random.Chance(type.weight)) listing.types.push_back(type.value);
    }
    if (spanish) {
      listing.types.push_back("S");
      listing.languages = {"es"};
    } else if (random.Chance(0.3)) {
      listing.types.push_back("EN");
      listing.languages = {"en"};
    }
  } else {
    listing.types.push_back("O");
    if (random.Chance(0.5)) listing.types.push_back("D");
  }
  std::sort(listing.types.begin(), listing.types.end());

  // Attendance: ~70% in person, 20% online, 10% hybrid.
  const double attendance_draw = random.Uniform();
  listing.attendance = attendance_draw < 0.70   ? Attendance::kInPerson
                       : attendance_draw < 0.90 ? Attendance::kOnline
                                                : Attendance::kHybrid;
  directory::Location& location = listing.location;
  location.city = metro.city;
  location.state = metro.state;
  location.country = "US";
  const double cos_lat = std::cos(metro.latitude * M_PI / 180.0);
  const double spread_km = 6.0 + 6.0 * std::sqrt(metro.weight);
  if (listing.attendance == Attendance::kOnline) {
    location.approximate = directory::Approximate::kYes;
    location.formatted_address = std::string(metro.city) + ", " + metro.state + ", US";
    location.latitude = RoundTo6(metro.latitude + random.Normal() * 2.0 / 111.32);
    location.longitude = RoundTo6(metro.longitude + random.Normal() * 2.0 / (111.32 * cos_lat));
  } else {
    location.name = "Synthetic Hall " + std::to_string(random.Between(1, 9999));
    location.address = std::to_string(random.Between(1, 19999)) + " " +
                       kStreets[random.Between(0, static_cast<int>(std::size(kStreets)) - 1)];
    location.postal_code = FiveDigits(random);
    location.formatted_address = location.address + ", " + metro.city + ", " + metro.state + " " +
                                 location.postal_code + ", US";
    location.latitude = RoundTo6(metro.latitude + random.Normal() * spread_km / 111.32);
    location.longitude =
        RoundTo6(metro.longitude + random.Normal() * spread_km / (111.32 * cos_lat));
    if (random.Chance(0.1)) location.notes = "Synthetic note: use the side entrance.";
  }
  if (random.Chance(0.02)) {
    location.latitude.reset();
    location.longitude.reset();
  }
  if (listing.attendance != Attendance::kInPerson) {
    listing.conference.url =
        "https://example.invalid/j/" + std::to_string(random.Next() % 1000000000);
    if (random.Chance(0.4)) {
      listing.conference.phone = "+1555" + FiveDigits(random) + "00";
      listing.conference.phone_notes = "Synthetic dial-in";
    }
  }
  if (random.Chance(0.3)) listing.group = "Synthetic Home Group " + std::to_string(number / 3);
  if (random.Chance(0.2))
    listing.notes = "Synthetic notes: literature provided, newcomers welcome.";
  if (random.Chance(0.1)) listing.contact.website = "https://example.invalid/group/" + n;
  listing.updated = "2026-01-05T12:00:00Z";
  return listing;
}

}  // namespace

Random::Random(std::uint64_t seed) {
  for (std::uint64_t& word : state_) word = SplitMix64(&seed);
}

std::uint64_t Random::Next() {
  const std::uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = RotateLeft(state_[3], 45);
  return result;
}

double Random::Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

int Random::Between(int low, int high) {
  const std::uint64_t span = static_cast<std::uint64_t>(high - low) + 1;
  return low + static_cast<int>(Next() % span);
}

bool Random::Chance(double p) { return Uniform() < p; }

double Random::Normal() {
  const double u1 = 1.0 - Uniform();  // (0, 1]
  const double u2 = Uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

std::vector<directory::Listing> GenerateListings(std::size_t count, std::uint64_t seed,
                                                 std::size_t first_number) {
  Random random(seed);
  std::vector<directory::Listing> listings;
  listings.reserve(count);
  for (std::size_t i = 0; i < count; ++i) listings.push_back(MakeListing(random, first_number + i));
  return listings;
}

}  // namespace rn::bench
