#include "web/service_pages.h"

#include <cctype>
#include <map>
#include <mutex>

#include "resources/categories.h"
#include "web/format.h"
#include "web/page_shell.h"
#include "web/render.h"
#include "web/service_finder.h"

namespace rn::web {
namespace {

// The days of hours a service's page lists: today and the six after.
constexpr int kHoursDays = 7;
constexpr std::size_t kCategoriesShownOnResult = 3;
// Languages offered as a filter (ISO 639-1), the ones community resources list most.
constexpr std::string_view kFilterLanguages[] = {"es", "zh", "vi", "tl", "ru", "ar",
                                                 "fr", "ht", "ko", "pt", "so"};

std::string CategoryName(std::string_view slug, const Messages& messages) {
  return messages.Get("category_" + std::string(slug));
}

// The finder's label for a query parameter, for error messages.
std::string FieldLabel(const std::string& field, const Messages& messages) {
  static const std::map<std::string, std::string, std::less<>> kLabels = {
      {"where", "where_label"},       {"lat", "where_label"},
      {"lng", "where_label"},         {"q", "services_q_label"},
      {"category", "category_label"}, {"audience", "audience_label"},
      {"language", "language_label"}, {"open_now", "services_open_now"},
      {"distance", "distance_label"}};
  const auto label = kLabels.find(field);
  return label == kLabels.end() ? field : messages.Get(label->second);
}

// Where a directions link leads: the position, else the street address.
std::string Destination(const resources::ServiceEntry& entry) {
  if (entry.latitude && entry.longitude) {
    return FormatCoordinate(*entry.latitude) + "%2C" + FormatCoordinate(*entry.longitude);
  }
  return entry.address.empty() ? std::string() : EncodeComponent(entry.address);
}

// A holiday's name in the page's language: the catalogue's "holiday_<name in snake case>" for the
// US federal holidays, else the calendar's own name (an edited calendar may name its own).
std::string HolidayName(const std::string& name, const Messages& messages) {
  std::string key = "holiday_";
  for (char c : name) {
    const bool word = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (word) {
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (key.back() != '_') {
      key += '_';
    }
  }
  while (key.back() == '_') key.pop_back();
  return messages.all().contains(key) ? messages.Get(key) : name;
}

const date::time_zone* ZoneOf(const resources::ServiceEntry& entry) {
  return entry.zone != nullptr ? entry.zone : FindZone("UTC");
}

// The capacity figures of a service as the page says them: a fresh one with its number and age;
// a stale one only as "ask".
void AddCapacity(const resources::ServiceEntry& entry, Instant at, const Messages& messages,
                 mustache::data* data) {
  mustache::data fresh{mustache::data::type::list};
  bool stale = false;
  for (const resources::Capacity& capacity : entry.capacities) {
    if (resources::CapacityIsStale(capacity, at)) {
      stale = true;
      continue;
    }
    const long available = std::lround(capacity.available);
    std::string figure = messages.Format(
        "capacity_available",
        {{"n", std::to_string(available)},
         {"unit", capacity.unit.empty() ? messages.Get("capacity_places") : capacity.unit}});
    if (capacity.maximum) {
      figure += " " + messages.Format("capacity_of",
                                      {{"n", std::to_string(std::lround(*capacity.maximum))}});
    }
    mustache::data item;
    item.set("figure", figure);
    item.set("none", available <= 0);
    item.set("age", messages.Format("capacity_updated",
                                    {{"age", FormatAge(*capacity.updated, at, messages)}}));
    fresh.push_back(item);
  }
  data->set("has_capacity", !fresh.is_empty_list());
  data->set("capacities", fresh);
  data->set("capacity_stale", stale && fresh.is_empty_list());
}

}  // namespace

struct ServicePages::Impl {
  const resources::ResourceDirectory& resources;
  const Clock& clock;
  PageShell shell;

  // The places of the current snapshot, built once per snapshot.
  mutable std::mutex places_mutex;
  mutable std::shared_ptr<const resources::ResourceSnapshot> places_of;
  mutable std::shared_ptr<const directory::PlaceIndex> places;

  Impl(const resources::ResourceDirectory& resources_in, const Clock& clock_in,
       const PagesOptions& options)
      : resources(resources_in), clock(clock_in), shell(options.tile_url) {}

  std::shared_ptr<const directory::PlaceIndex> PlacesOf(
      const std::shared_ptr<const resources::ResourceSnapshot>& snapshot) const {
    std::lock_guard lock(places_mutex);
    if (places_of != snapshot) {
      places = std::make_shared<const directory::PlaceIndex>(ServicePlaces(*snapshot));
      places_of = snapshot;
    }
    return places;
  }

  static std::string ServiceHref(const resources::ServiceEntry& entry, const Form& form,
                                 Language language) {
    const std::string& id =
        entry.service_at_location_id.empty() ? entry.service_id : entry.service_at_location_id;
    std::string href =
        "/services/" + EncodeComponent(id) + "?lang=" + std::string(LanguageCode(language));
    if (auto at = form.Get("at")) href += "&at=" + EncodeComponent(*at);
    return href;
  }

  static std::string StatusOf(const resources::ServiceEntry& entry,
                              const std::optional<resources::OpenState>& state, Instant at,
                              const Messages& messages) {
    if (entry.status == "temporarily closed") return messages.Get("service_temporarily_closed");
    if (!state) return messages.Get("hours_unknown");
    return OpenStatus(*state, resources::LocalDay(ZoneOf(entry), at), messages);
  }

  static void AddFilters(const ServiceFinderParams& params, const Form& form,
                         const Messages& messages, mustache::data* data) {
    mustache::data categories{mustache::data::type::list};
    categories.push_back(Option("", messages.Get("category_any"), params.category.empty()));
    mustache::data tiles{mustache::data::type::list};
    for (const resources::Category& category : resources::kCategories) {
      const std::string slug(category.slug);
      categories.push_back(
          Option(slug, CategoryName(slug, messages), params.category == category.slug));
      mustache::data tile;
      tile.set("label", CategoryName(slug, messages));
      tile.set("slug", slug);
      tile.set("href", "/services" + WithParams(form, {{"category", slug}, {"page", ""}}));
      tiles.push_back(tile);
    }
    data->set("category_options", categories);
    data->set("category_tiles", tiles);

    mustache::data audiences{mustache::data::type::list};
    audiences.push_back(Option("", messages.Get("audience_any"), params.audience.empty()));
    for (const resources::Audience& audience : resources::kAudiences) {
      audiences.push_back(Option(std::string(audience.slug),
                                 messages.Get("audience_" + std::string(audience.slug)),
                                 params.audience == audience.slug));
    }
    data->set("audience_options", audiences);

    data->set("language_options", LanguageOptions(kFilterLanguages, params.language, messages));
    data->set("distance_options", DistanceOptions(params.distance_miles, messages));
    const int filter_count = !params.audience.empty() + !params.language.empty() +
                             (params.distance_miles != kDefaultDistanceMiles) + !params.q.empty();
    if (filter_count > 0) data->set("filter_count", std::to_string(filter_count));
    data->set("filters_open", filter_count > 0);
  }

  mustache::data ResultItem(const resources::ServiceHit& hit, Instant at, const Form& form,
                            const Messages& messages) const {
    const resources::ServiceEntry& entry = *hit.entry;
    const Language language = messages.language();
    mustache::data item;
    item.set("name", entry.name);
    item.set("href", ServiceHref(entry, form, language));
    if (!entry.organization.empty() && entry.organization != entry.name) {
      item.set("organization", entry.organization);
    }
    item.set("status", StatusOf(entry, hit.state, at, messages));
    item.set("open", hit.state && hit.state->open && entry.status == "active");
    if (hit.distance_km) item.set("distance", FormatDistanceMiles(*hit.distance_km, language));
    const std::string place = !entry.address.empty() ? entry.address : entry.city;
    if (!place.empty()) item.set("place", place);
    if (!entry.phones.empty()) {
      if (const std::string dial = DialHref(entry.phones.front()); !dial.empty()) {
        item.set("phone", entry.phones.front());
        item.set("dial_href", dial);
      }
    }
    std::string categories;
    for (std::size_t i = 0; i < entry.categories.size() && i < kCategoriesShownOnResult; ++i) {
      categories += (i == 0 ? "" : " · ") + CategoryName(entry.categories[i], messages);
    }
    if (!categories.empty()) item.set("categories", categories);
    AddCapacity(entry, at, messages, &item);
    return item;
  }
};

ServicePages::ServicePages(const resources::ResourceDirectory& resources, const Clock& clock,
                           const PagesOptions& options)
    : impl_(std::make_unique<Impl>(resources, clock, options)) {}

ServicePages::~ServicePages() = default;

void ServicePages::AddRoutes(http::Router& router) {
  router.Add("GET", "/services", [this](const http::Request& request, const http::PathParams&) {
    return Finder(request);
  });
  router.Add("GET", "/services/{id}",
             [this](const http::Request& request, const http::PathParams& params) {
               return Service(request, params.find("id")->second);
             });
}

http::Response ServicePages::Finder(const http::Request& request) const {
  PageQuery parsed = ParsePageQuery(request);
  const Messages& messages = Messages::For(parsed.language);
  ParsedServiceFinder finder = ParseServiceFinderParams(parsed.form);
  if (!parsed.error.ok()) finder.error = parsed.error;
  const ServiceFinderParams& params = finder.params;
  const auto snapshot = impl_->resources.Snapshot();
  const auto places = impl_->PlacesOf(snapshot);
  const ServiceFinderOutcome outcome =
      RunServiceFinder(*snapshot, *places, params, impl_->clock.Now());

  mustache::data data;
  data.set("lang", std::string(LanguageCode(parsed.language)));
  data.set("where", params.where);
  data.set("q", params.q);
  data.set("open_now", params.open_now);
  if (params.latitude) {
    data.set("lat", FormatCoordinate(*params.latitude));
    data.set("lng", FormatCoordinate(*params.longitude));
  }
  if (auto at = parsed.form.Get("at"); at && params.at) data.set("at", *at);
  if (!finder.error.ok()) {
    data.set(
        "form_error",
        messages.Format("form_error", {{"field", FieldLabel(finder.error.field(), messages)}}));
  }
  Impl::AddFilters(params, parsed.form, messages, &data);
  AddWhereMessage(outcome.where_state, outcome.choices, params.where, "services_where_unknown",
                  "/services", parsed.form, messages, &data);
  data.set("searched", outcome.searched);
  data.set("show_categories", !outcome.searched && outcome.where_state != WhereState::kAmbiguous);
  if (outcome.searched) {
    std::string heading = params.category.empty() ? messages.Get("services_results")
                                                  : CategoryName(params.category, messages);
    if (outcome.where_state == WhereState::kPlace) {
      heading =
          messages.Format("services_near", {{"what", heading}, {"place", outcome.place->name}});
    } else if (outcome.where_state == WhereState::kNearMe) {
      heading = messages.Format("services_near_me", {{"what", heading}});
    }
    data.set("results_heading", heading);
    std::string summary = messages.Plural("service_count", outcome.result.total);
    if (!params.open_now && outcome.open_now > 0) {
      summary += " · " + messages.Plural("open_count", outcome.open_now);
    }
    data.set("summary", summary);
    mustache::data results{mustache::data::type::list};
    for (std::size_t rank = 0; rank < outcome.result.hits.size(); ++rank) {
      mustache::data item =
          impl_->ResultItem(outcome.result.hits[rank], outcome.at, parsed.form, messages);
      item.set("first", rank == 0);
      results.push_back(item);
    }
    data.set("results", results);
    data.set("start", std::to_string((params.page - 1) * kServicesPerPage + 1));
    data.set("has_results", !outcome.result.hits.empty());
    data.set("no_results", outcome.result.total > 0 ? messages.Get("no_results_page")
                                                    : messages.Get("services_no_results"));
    AddPager("/services", parsed.form, params.page, outcome.pages, messages, &data);
  }
  return impl_->shell.Page(finder.error.ok() ? 200 : 400, parsed.language,
                           messages.Get("services_title"), parsed.form, "/services",
                           Render("services", parsed.language, data), "", Section::kServices);
}

http::Response ServicePages::Service(const http::Request& request, std::string_view id) const {
  PageQuery parsed = ParsePageQuery(request);
  const Language language = parsed.language;
  const Messages& messages = Messages::For(language);
  const auto snapshot = impl_->resources.Snapshot();
  const resources::ServiceEntry* found = snapshot->FindService(id);
  if (found == nullptr) return impl_->shell.NotFound(language, parsed.form, Section::kServices);
  const resources::ServiceEntry& entry = *found;
  const ParsedServiceFinder view = ParseServiceFinderParams(parsed.form);
  const Instant at = view.params.at.value_or(impl_->clock.Now());
  const date::time_zone* zone = ZoneOf(entry);

  mustache::data data;
  data.set("lang", std::string(LanguageCode(language)));
  data.set("back_href", "/services?lang=" + std::string(LanguageCode(language)));
  data.set("name", entry.name);
  if (!entry.organization.empty() && entry.organization != entry.name) {
    data.set("organization", entry.organization);
  }
  if (!entry.description.empty()) data.set("description", entry.description);
  data.set("closed_notice", entry.status != "active");
  const std::optional<resources::OpenState> state = snapshot->StateOf(entry, at);
  data.set("status", Impl::StatusOf(entry, state, at, messages));
  data.set("open", state && state->open && entry.status == "active");

  if (entry.hours && entry.zone != nullptr) {
    const date::local_days today = resources::LocalDay(zone, at);
    mustache::data days{mustache::data::type::list};
    for (const resources::DayHours& day :
         resources::HoursOfDays(*entry.hours, snapshot->holidays(), today, kHoursDays)) {
      mustache::data item;
      item.set("day", DayHeading(day.day, today, messages));
      item.set("today", day.day == today);
      std::string ranges;
      for (const resources::OpenRange& range : day.ranges) {
        if (!ranges.empty()) ranges += messages.Get("hours_and");
        ranges += range.opens == 0 && range.closes == 24 * 60
                      ? messages.Get("hours_all_day")
                      : FormatMinuteRange(range.opens, range.closes, language);
      }
      item.set("ranges", ranges.empty() ? messages.Get("hours_closed") : ranges);
      item.set("closed", day.ranges.empty());
      if (!day.holiday.empty()) item.set("holiday", HolidayName(day.holiday, messages));
      if (!day.note.empty()) item.set("note", day.note);
      days.push_back(item);
    }
    data.set("has_hours", true);
    data.set("hours", days);
    data.set("zone", ZoneAbbreviation(zone, at));
  }
  if (!entry.location_name.empty() && entry.location_name != entry.name) {
    data.set("location_name", entry.location_name);
  }
  if (!entry.address.empty()) data.set("address", entry.address);
  if (!entry.transportation.empty()) data.set("transportation", entry.transportation);
  if (const std::string destination = Destination(entry); !destination.empty()) {
    data.set("directions_href",
             "https://www.google.com/maps/dir/?api=1&destination=" + destination);
  }
  data.set("has_where", !entry.address.empty() || entry.latitude.has_value());
  mustache::data phones{mustache::data::type::list};
  for (const std::string& phone : entry.phones) {
    const std::string dial = DialHref(phone);
    if (dial.empty()) continue;
    mustache::data item;
    item.set("number", phone);
    item.set("href", dial);
    item.set("first", phones.is_empty_list());
    phones.push_back(item);
  }
  data.set("has_phones", !phones.is_empty_list());
  data.set("phones", phones);
  if (IsWebUrl(entry.url)) data.set("website", entry.url);
  if (!entry.email.empty()) data.set("email", entry.email);
  if (!entry.eligibility.empty()) data.set("eligibility", entry.eligibility);
  if (!entry.fees.empty()) data.set("fees", entry.fees);
  std::string languages;
  for (const std::string& spoken : entry.languages) {
    languages += (languages.empty() ? "" : ", ") +
                 (spoken.size() == 2 ? LanguageName(spoken, language) : spoken);
  }
  if (!languages.empty()) data.set("languages", languages);
  std::string categories;
  for (const std::string& slug : entry.categories) {
    categories += (categories.empty() ? "" : " · ") + CategoryName(slug, messages);
  }
  if (!categories.empty()) data.set("categories", categories);
  AddCapacity(entry, at, messages, &data);
  if (auto verified = ParseRfc3339(entry.last_modified); verified.ok()) {
    data.set("verified",
             messages.Format("last_verified",
                             {{"date", FormatDateWithYear(*verified, zone, messages)}}));
  }
  const std::string path = "/services/" + EncodeComponent(std::string(id));
  return impl_->shell.Page(200, language, entry.name, parsed.form, path,
                           Render("service", language, data), "", Section::kServices);
}

}  // namespace rn::web
