#include "web/pages.h"

#include <algorithm>
#include <charconv>
#include <kainjow/mustache.hpp>
#include <map>
#include <mutex>
#include <optional>

#include "api/errors.h"
#include "directory/vocabulary.h"
#include "util/embedded.h"
#include "util/hash.h"
#include "web/finder.h"
#include "web/format.h"
#include "web/i18n.h"
#include "web/page_shell.h"
#include "web/render.h"

namespace rn::web {
namespace {

namespace mustache = kainjow::mustache;
using directory::Attendance;

constexpr std::string_view kFormType = "application/x-www-form-urlencoded";

// Type codes offered as finder filters and shown first on results, in this order.
constexpr std::string_view kFilterTypes[] = {"O",  "C", "W", "M",  "Y", "LGBTQ", "SP", "ST",
                                             "BE", "D", "B", "CF", "X", "A",     "ASL"};
constexpr std::size_t kTypesShownOnResult = 4;
// Meeting languages offered as a filter (ISO 639-1); names come from the type vocabulary.
constexpr std::string_view kFilterLanguages[] = {"en", "es", "fr", "pt", "de", "it", "pl",
                                                 "ru", "ko", "ja", "zh", "tl", "vi", "fa"};

// The key types of a listing, most telling first, as one line: "Open · Discussion · Women".
std::string KeyTypes(const std::vector<std::string>& types, Language language, std::size_t limit) {
  std::string line;
  std::size_t shown = 0;
  for (std::string_view code : kFilterTypes) {
    if (shown == limit) break;
    if (std::find(types.begin(), types.end(), code) == types.end()) continue;
    if (!line.empty()) line += " · ";
    line += TypeName(code, language);
    ++shown;
  }
  return line;
}

std::string ApproachName(std::string_view code, Language language) {
  const directory::Fellowship* fellowship = directory::FindFellowship(code);
  if (!fellowship) return {};
  return language == Language::kSpanish ? fellowship->name_es : fellowship->name_en;
}

// The short place line of a result: the venue or city.
std::string PlaceLine(const directory::Listing& listing) {
  const directory::Location& location = listing.location;
  if (!location.city.empty()) return location.city;
  if (!location.name.empty()) return location.name;
  if (!listing.regions.empty()) return listing.regions.back();
  return {};
}

std::string AddressLine(const directory::Location& location) {
  if (!location.formatted_address.empty()) return location.formatted_address;
  std::string line = location.address;
  for (const std::string* part : {&location.city, &location.state, &location.postal_code}) {
    if (part->empty()) continue;
    if (!line.empty()) line += ", ";
    line += *part;
  }
  return line;
}

// Where a directions link leads, encoded for its query: the exact position, else the street
// address; empty when there is neither.
std::string Destination(const directory::Listing& listing) {
  const directory::Location& location = listing.location;
  if (directory::HasCoordinates(listing) && location.approximate != directory::Approximate::kYes) {
    return FormatCoordinate(*location.latitude) + "%2C" + FormatCoordinate(*location.longitude);
  }
  if (!location.address.empty()) return EncodeComponent(AddressLine(location));
  return {};
}

// The correction form's label for one of its fields, for error messages ("details" → "What should
// it say?"); another name as it is.
std::string CorrectionFieldLabel(const std::string& field, const Messages& messages) {
  if (field == "field") return messages.Get("correction_field");
  if (field == "details") return messages.Get("correction_details");
  if (field == "email") return messages.Get("correction_email");
  return field;
}

// The finder's label for a query parameter, for error messages ("type" → "Kind of meeting").
std::string FieldLabel(const std::string& field, const Messages& messages) {
  static const std::map<std::string, std::string, std::less<>> kLabels = {
      {"where", "where_label"},  {"lat", "where_label"},         {"lng", "where_label"},
      {"online", "online_only"}, {"day", "day_label"},           {"time", "time_label"},
      {"type", "types_label"},   {"approach", "approach_label"}, {"language", "language_label"},
      {"mode", "mode_label"},    {"distance", "distance_label"}};
  const auto label = kLabels.find(field);
  return label == kLabels.end() ? field : messages.Get(label->second);
}

}  // namespace

struct PublicPages::Impl {
  const directory::Directory& directory;
  const Clock& clock;
  CorrectionSink corrections;
  PagesOptions options;
  RateLimiter correction_limiter;
  PageShell shell;

  Impl(const directory::Directory& directory_in, const Clock& clock_in,
       CorrectionSink corrections_in, PagesOptions options_in)
      : directory(directory_in),
        clock(clock_in),
        corrections(std::move(corrections_in)),
        options(std::move(options_in)),
        correction_limiter(options.corrections_per_hour, std::chrono::hours(1), clock),
        shell(options.tile_url) {}

  // Links from a page to a meeting keep the viewer's language, zone and pinned instant.
  static std::string MeetingHref(std::string_view id, const Form& form, Language language) {
    std::string href =
        "/meetings/" + std::string(id) + "?lang=" + std::string(LanguageCode(language));
    for (std::string_view key : {"tz", "at"}) {
      if (auto value = form.Get(key))
        href += "&" + std::string(key) + "=" + EncodeComponent(*value);
    }
    return href;
  }

  void AddFilterOptions(const FinderParams& params, const FinderOutcome& outcome,
                        const Messages& messages, mustache::data* data) const {
    const Language language = messages.language();
    mustache::data days{mustache::data::type::list};
    const bool today = !params.any_day && !params.day;
    days.push_back(Option("today", messages.Get("day_upcoming"), today));
    for (int offset = 1; offset < 7; ++offset) {
      const int day = (outcome.today + offset) % 7;
      days.push_back(Option(
          std::to_string(day),
          offset == 1 ? messages.Get("day_tomorrow") : messages.Get("day_" + std::to_string(day)),
          params.day == day));
    }
    days.push_back(Option("any", messages.Get("day_any"), params.any_day));
    data->set("day_options", days);

    mustache::data times{mustache::data::type::list};
    const std::pair<const char*, TimeOfDay> kTimes[] = {{"", TimeOfDay::kAny},
                                                        {"soon", TimeOfDay::kSoon},
                                                        {"morning", TimeOfDay::kMorning},
                                                        {"midday", TimeOfDay::kMidday},
                                                        {"evening", TimeOfDay::kEvening},
                                                        {"night", TimeOfDay::kNight}};
    for (const auto& [value, time] : kTimes) {
      times.push_back(Option(value, messages.Get(std::string("time_") + (*value ? value : "any")),
                             params.time == time));
    }
    data->set("time_options", times);

    mustache::data approaches{mustache::data::type::list};
    approaches.push_back(Option("", messages.Get("approach_any"), params.approach.empty()));
    for (const directory::Fellowship& fellowship : directory::Fellowships()) {
      approaches.push_back(Option(fellowship.code, ApproachName(fellowship.code, language),
                                  params.approach == fellowship.code));
    }
    data->set("approach_options", approaches);

    mustache::data modes{mustache::data::type::list};
    modes.push_back(Option("", messages.Get("mode_any"), !params.mode));
    for (Attendance mode : {Attendance::kInPerson, Attendance::kOnline, Attendance::kHybrid}) {
      modes.push_back(Option(directory::AttendanceName(mode), AttendanceLabel(mode, messages),
                             params.mode == mode));
    }
    data->set("mode_options", modes);

    data->set("language_options", LanguageOptions(kFilterLanguages, params.language, messages));
    data->set("distance_options", DistanceOptions(params.distance_miles, messages));

    mustache::data types{mustache::data::type::list};
    for (std::string_view code : kFilterTypes) {
      types.push_back(
          Option(std::string(code), TypeName(code, language),
                 std::find(params.types.begin(), params.types.end(), code) != params.types.end()));
    }
    data->set("type_options", types);

    const int filter_count = static_cast<int>(params.types.size()) + !params.approach.empty() +
                             !params.language.empty() + params.mode.has_value() +
                             (params.time != TimeOfDay::kAny) + (params.day || params.any_day) +
                             (params.distance_miles != kDefaultDistanceMiles);
    if (filter_count > 0) data->set("filter_count", std::to_string(filter_count));
    data->set("filters_open", filter_count > 0);
  }

  // The meeting's page; after a rejected correction, `form_error` says what was wrong and
  // `submitted` refills the form.
  http::Response MeetingPage(int status, const PageQuery& parsed,
                             const directory::SearchIndex& snapshot, std::uint32_t index,
                             const Form& submitted, std::string_view form_error) const {
    const Language language = parsed.language;
    const Messages& messages = Messages::For(language);
    ParsedFinder view = ParseFinderParams(parsed.form);
    const Instant at = view.params.at.value_or(clock.Now());
    const directory::Listing listing = snapshot.Get(index);
    const date::time_zone* own_zone = snapshot.Zone(index);
    const date::time_zone* viewer_zone =
        view.params.viewer_zone ? view.params.viewer_zone : own_zone;
    if (!viewer_zone) viewer_zone = snapshot.PrevailingZone();

    mustache::data data;
    data.set("lang", std::string(LanguageCode(language)));
    data.set("name", listing.name);
    data.set("back_href", "/?lang=" + std::string(LanguageCode(language)));
    if (const std::string approach = ApproachName(listing.fellowship, language);
        !approach.empty()) {
      data.set("approach", approach);
    }
    data.set("inactive", listing.attendance == Attendance::kInactive);
    data.set("correction_sent", parsed.form.Get("correction") == "sent");

    if (const auto next = snapshot.NextOccurrenceOf(index, at); next && viewer_zone) {
      data.set("next", FormatDate(next->start, viewer_zone, messages) + " · " +
                           FormatTimeRange(*next, viewer_zone, language) + " " +
                           ZoneAbbreviation(viewer_zone, next->start));
      if (own_zone && own_zone != viewer_zone) {
        data.set("other_zone", FormatTimeRange(*next, own_zone, language) + " " +
                                   ZoneAbbreviation(own_zone, next->start));
      }
      const std::string start_status = StartStatus(*next, at, messages);
      if (!start_status.empty()) data.set("status", start_status);
      data.set("in_progress", next->start <= at && at < next->end);
    }
    mustache::data schedule{mustache::data::type::list};
    for (const directory::Slot& slot : listing.schedule) {
      const directory::Occurrence local{
          Instant(std::chrono::minutes(slot.start_minute)),
          Instant(std::chrono::minutes(slot.start_minute + slot.duration_minutes))};
      schedule.push_back(messages.Format(
          "schedule_line",
          {{"days", messages.Get("days_" + std::to_string(slot.day))},
           {"time", FormatTimeRange(local, directory::FindZone("UTC"), language)}}));
    }
    data.set("has_schedule", !listing.schedule.empty());
    data.set("schedule", schedule);
    data.set("ics_href", "/api/v1/meetings/" + listing.id + ".ics");

    const directory::Location& location = listing.location;
    const bool in_person = listing.attendance == Attendance::kInPerson ||
                           listing.attendance == Attendance::kHybrid ||
                           listing.attendance == Attendance::kInactive;
    data.set("in_person", in_person);
    if (!location.name.empty()) data.set("location_name", location.name);
    if (const std::string address = AddressLine(location); !address.empty()) {
      data.set("address", address);
    }
    if (!location.notes.empty()) data.set("location_notes", location.notes);
    if (const std::string destination = Destination(listing); !destination.empty()) {
      data.set("directions_href",
               "https://www.google.com/maps/dir/?api=1&destination=" + destination);
    }
    const directory::Conference& conference = listing.conference;
    data.set("online", !conference.empty());
    if (IsWebUrl(conference.url)) data.set("join_href", conference.url);
    if (!conference.url_notes.empty()) data.set("url_notes", conference.url_notes);
    if (const std::string dial = DialHref(conference.phone); !dial.empty()) {
      data.set("dial_href", dial);
      data.set("phone_shown", conference.phone.substr(0, conference.phone.find(',')));
    }
    if (!conference.phone_notes.empty()) data.set("phone_notes", conference.phone_notes);

    mustache::data types{mustache::data::type::list};
    for (const std::string& code : listing.types) {
      if (!directory::Vocabulary::Get().LanguageOfType(code).empty())
        continue;  // shown as language
      mustache::data type;
      type.set("name", TypeName(code, language));
      if (messages.all().contains("type_about_" + code)) {
        type.set("description", messages.Get("type_about_" + code));
      }
      types.push_back(type);
    }
    for (const std::string& spoken : listing.languages) {
      mustache::data type;
      type.set("name", LanguageName(spoken, language));
      types.push_back(type);
    }
    data.set("has_types", !listing.types.empty() || !listing.languages.empty());
    data.set("types", types);
    if (!listing.notes.empty()) data.set("notes", listing.notes);
    if (!listing.group.empty()) data.set("group", listing.group);
    if (!listing.group_notes.empty()) data.set("group_notes", listing.group_notes);
    if (IsWebUrl(listing.contact.website)) data.set("website", listing.contact.website);
    // Seventh Tradition: only the links that make a safe address are offered.
    mustache::data contributions{mustache::data::type::list};
    for (const auto& [service, href] :
         {std::pair<std::string, std::string>{"Venmo", VenmoHref(listing.contributions.venmo)},
          {"Cash App", CashAppHref(listing.contributions.square)},
          {"PayPal", PayPalHref(listing.contributions.paypal)}}) {
      if (href.empty()) continue;
      mustache::data link;
      link.set("service", service);
      link.set("href", href);
      contributions.push_back(link);
    }
    data.set("has_contributions", !contributions.is_empty_list());
    data.set("contributions", contributions);
    if (IsWebUrl(listing.url)) data.set("source_url", listing.url);
    if (IsWebUrl(listing.feedback_url)) data.set("feedback_url", listing.feedback_url);
    if (auto updated = directory::ParseRfc3339(listing.updated); updated.ok() && viewer_zone) {
      data.set("updated",
               messages.Format("updated_on",
                               {{"date", FormatDateWithYear(*updated, viewer_zone, messages)}}));
    }
    const std::string page_url = parsed.origin + "/meetings/" + listing.id;
    data.set("share_url", page_url);
    data.set("share_mailto", "mailto:?subject=" + EncodeComponent(listing.name) +
                                 "&body=" + EncodeComponent(page_url));

    data.set("correction_action", "/meetings/" + listing.id + "/corrections");
    mustache::data fields{mustache::data::type::list};
    const std::string chosen = submitted.Get("field").value_or("");
    for (std::string_view field : directory::kCorrectionFields) {
      fields.push_back(Option(std::string(field),
                              messages.Get("correction_field_" + std::string(field)),
                              chosen == field));
    }
    data.set("field_options", fields);
    data.set("details", submitted.Get("details").value_or(""));
    data.set("email", submitted.Get("email").value_or(""));
    if (!form_error.empty()) data.set("form_error", std::string(form_error));
    return shell.Page(status, language, listing.name, parsed.form, "/meetings/" + listing.id,
                      Render("meeting", language, data), "");
  }

  mustache::data ResultItem(const directory::SearchIndex& snapshot, const directory::SearchHit& hit,
                            const FinderOutcome& outcome, const Form& form,
                            const Messages& messages) const {
    const Language language = messages.language();
    const directory::Listing listing = snapshot.Get(hit.index);
    mustache::data item;
    item.set("name", listing.name);
    item.set("href", MeetingHref(listing.id, form, language));
    if (hit.next) {
      item.set("day", RelativeDay(hit.next->start, outcome.at, outcome.viewer_zone, messages));
      item.set("time", FormatTimeRange(*hit.next, outcome.viewer_zone, language));
      const date::time_zone* own_zone = snapshot.Zone(hit.index);
      if (own_zone && own_zone != outcome.viewer_zone &&
          ZoneAbbreviation(own_zone, hit.next->start) !=
              ZoneAbbreviation(outcome.viewer_zone, hit.next->start)) {
        item.set(
            "other_zone",
            FormatClock(directory::ToLocalDayMinute(hit.next->start, own_zone).minute, language) +
                " " + ZoneAbbreviation(own_zone, hit.next->start));
      }
      const std::string status = StartStatus(*hit.next, outcome.at, messages);
      if (!status.empty()) item.set("status", status);
      item.set("in_progress", hit.in_progress);
    } else {
      item.set("time", messages.Get("by_appointment"));
    }
    if (hit.distance_km) item.set("distance", FormatDistanceMiles(*hit.distance_km, language));
    item.set("attendance", AttendanceLabel(listing.attendance, messages));
    if (listing.attendance != Attendance::kOnline) {
      if (const std::string place = PlaceLine(listing); !place.empty()) item.set("place", place);
    }
    if (const std::string types = KeyTypes(listing.types, language, kTypesShownOnResult);
        !types.empty()) {
      item.set("types", types);
    }
    if (directory::HasCoordinates(listing) && listing.attendance != Attendance::kOnline) {
      item.set("has_position", true);
      item.set("latitude", FormatCoordinate(*listing.location.latitude));
      item.set("longitude", FormatCoordinate(*listing.location.longitude));
    }
    return item;
  }
};

PublicPages::PublicPages(const directory::Directory& directory, const Clock& clock,
                         CorrectionSink corrections, PagesOptions options)
    : impl_(std::make_unique<Impl>(directory, clock, std::move(corrections), std::move(options))) {}

PublicPages::~PublicPages() = default;

void PublicPages::AddRoutes(http::Router& router) {
  router.Add("GET", "/", [this](const http::Request& request, const http::PathParams&) {
    return Finder(request);
  });
  router.Add("GET", "/print", [this](const http::Request& request, const http::PathParams&) {
    return Print(request);
  });
  router.Add("GET", "/meetings/{id}",
             [this](const http::Request& request, const http::PathParams& params) {
               return Meeting(request, params.find("id")->second);
             });
  router.Add(
      "POST", "/meetings/{id}/corrections",
      [this](const http::Request& request, const http::PathParams& params) {
        return SubmitCorrection(request, params.find("id")->second);
      },
      http::Execution::kBlocking);
  router.Add("GET", "/static/{name}",
             [this](const http::Request& request, const http::PathParams& params) {
               return Static(request, params.find("name")->second);
             });
}

http::Response PublicPages::Finder(const http::Request& request) const {
  PageQuery parsed = ParsePageQuery(request);
  const Messages& messages = Messages::For(parsed.language);
  ParsedFinder finder = ParseFinderParams(parsed.form);
  if (!parsed.error.ok()) finder.error = parsed.error;
  const auto snapshot = impl_->directory.Snapshot();
  const FinderOutcome outcome = RunFinder(*snapshot, finder.params, impl_->clock.Now());
  const FinderParams& params = finder.params;

  mustache::data data;
  data.set("lang", std::string(LanguageCode(parsed.language)));
  data.set("where", params.where);
  data.set("online", params.online_only);
  if (params.latitude) {
    data.set("lat", FormatCoordinate(*params.latitude));
    data.set("lng", FormatCoordinate(*params.longitude));
  }
  if (auto at = parsed.form.Get("at"); at && params.at) data.set("at", *at);
  if (params.viewer_zone) data.set("tz", std::string(params.viewer_zone->name()));
  if (!finder.error.ok()) {
    data.set(
        "form_error",
        messages.Format("form_error", {{"field", FieldLabel(finder.error.field(), messages)}}));
  }
  impl_->AddFilterOptions(params, outcome, messages, &data);
  AddWhereMessage(outcome.where_state, outcome.choices, params.where, "where_unknown", "/",
                  parsed.form, messages, &data);

  data.set("searched", outcome.searched);
  if (outcome.searched) {
    std::string heading;
    if (outcome.where_state == WhereState::kPlace && !params.online_only) {
      heading = messages.Format("results_near", {{"place", outcome.place->name}});
    } else if (outcome.where_state == WhereState::kNearMe && !params.online_only) {
      heading = messages.Get("results_near_me");
    } else if (params.online_only) {
      heading = messages.Get("results_online");
    } else {
      heading = messages.Get("results_heading");
    }
    data.set("results_heading", heading);
    if (outcome.in_progress > 0) {
      data.set("in_progress_text", messages.Plural("in_progress_count", outcome.in_progress));
    }
    data.set("total_text", messages.Plural("meeting_count", outcome.result.total));
    data.set("tile_url", impl_->options.tile_url);
    data.set("tile_attribution", impl_->options.tile_attribution);
    // Under a heading per day: the default list runs on past midnight into tomorrow.
    const std::size_t first_rank = (static_cast<std::size_t>(params.page) - 1) * kResultsPerPage;
    const date::local_days today = outcome.local_today;
    mustache::data days{mustache::data::type::list};
    for (const ResultDay& day : GroupByDay(outcome.result.hits, outcome.at, outcome.viewer_zone)) {
      mustache::data group;
      if (day.day) {
        group.set("heading", DayHeading(*day.day, today, messages));
        // Days come in order, each once: the offset from today names the heading.
        group.set("heading_id", "results-day-" + std::to_string((*day.day - today).count()));
      } else {
        group.set("heading", messages.Get("by_appointment"));
        group.set("heading_id", "results-day-none");
      }
      group.set("start", std::to_string(first_rank + day.begin + 1));
      mustache::data results{mustache::data::type::list};
      for (std::size_t rank = day.begin; rank < day.end; ++rank) {
        mustache::data item =
            impl_->ResultItem(*snapshot, outcome.result.hits[rank], outcome, parsed.form, messages);
        item.set("first", rank == 0);
        results.push_back(item);
      }
      group.set("results", results);
      days.push_back(group);
    }
    data.set("result_days", days);
    data.set("has_results", !outcome.result.hits.empty());
    data.set("no_results", outcome.result.total > 0 ? messages.Get("no_results_page")
                                                    : messages.Get("no_results"));
    AddPager("/", parsed.form, params.page, outcome.pages, messages, &data);
  }
  const int status = finder.error.ok() ? 200 : 400;
  return impl_->shell.Page(status, parsed.language, messages.Get("finder_title"), parsed.form, "/",
                           Render("finder", parsed.language, data),
                           WithParams(parsed.form, {{"page", ""}}));
}

http::Response PublicPages::Meeting(const http::Request& request, std::string_view id) const {
  PageQuery parsed = ParsePageQuery(request);
  const auto snapshot = impl_->directory.Snapshot();
  const auto index = snapshot->Find(id);
  if (!index) return impl_->shell.NotFound(parsed.language, parsed.form);
  return impl_->MeetingPage(200, parsed, *snapshot, *index, {}, "");
}

http::Response PublicPages::SubmitCorrection(const http::Request& request, std::string_view id) {
  PageQuery parsed = ParsePageQuery(request);
  const auto snapshot = impl_->directory.Snapshot();
  const auto index = snapshot->Find(id);
  if (!index) return impl_->shell.NotFound(parsed.language, parsed.form);
  const Messages* messages = &Messages::For(parsed.language);

  auto form = Form::Parse(request.body, 20);
  const std::string_view content_type = request.Header("content-type");
  if (!content_type.starts_with(kFormType)) {
    return impl_->MeetingPage(400, parsed, *snapshot, *index, Form(),
                              messages->Get("correction_error_form"));
  }
  if (!form.ok()) {
    // Named like the staff console's forms (the access guard): the field that does not decode.
    return impl_->MeetingPage(
        400, parsed, *snapshot, *index, Form(),
        messages->Format("correction_error_unreadable",
                         {{"field", CorrectionFieldLabel(form.status().field(), *messages)}}));
  }
  if (auto lang = form->Get("lang")) {
    parsed.language = ChooseLanguage(*lang, request.Header("accept-language"));
    messages = &Messages::For(parsed.language);
  }
  directory::CorrectionRequest correction;
  correction.listing_id = std::string(id);
  correction.field = form->Get("field").value_or("");
  correction.details = form->Get("details").value_or("");
  correction.email = form->Get("email").value_or("");
  correction.language = std::string(LanguageCode(parsed.language));
  correction.created_at = FormatUtc(impl_->clock.Now());
  directory::NormalizeCorrection(&correction);
  if (Status invalid = directory::ValidateCorrection(correction); !invalid.ok()) {
    const std::string key = "correction_error_" + invalid.field();
    return impl_->MeetingPage(
        400, parsed, *snapshot, *index, *form,
        messages->Get(messages->all().contains(key) ? key : "correction_error_form"));
  }
  if (const auto wait = impl_->correction_limiter.Acquire(request.remote_address)) {
    const auto minutes = std::max<long>(1, static_cast<long>((wait->count() + 59) / 60));
    http::Response response = impl_->shell.Message(
        429, parsed.language, parsed.form, messages->Get("too_many_heading"),
        messages->Format("too_many_corrections", {{"minutes", std::to_string(minutes)}}));
    response.headers.emplace_back("Retry-After", std::to_string(wait->count()));
    return response;
  }
  if (Status stored = impl_->corrections(&correction); !stored.ok()) {
    if (stored.code() == StatusCode::kNotFound)
      return impl_->shell.NotFound(parsed.language, parsed.form);
    // The one policy (api/errors.h): a 5xx shows the request's reference, never the store's
    // message, which is logged there.
    const api::ClientError error = api::ClientErrorOf(stored);
    return impl_->shell.Message(
        error.http_status, parsed.language, parsed.form, messages->Get("unavailable_heading"),
        error.server_error()
            ? messages->Format("correction_not_saved", {{"reference", error.request_id}})
            : messages->Get("unavailable"));
  }
  http::Response response;
  response.status = 303;
  response.content_type = std::string(kHtml);
  response.headers.emplace_back(
      "Location", "/meetings/" + std::string(id) +
                      "?lang=" + std::string(LanguageCode(parsed.language)) + "&correction=sent");
  return response;
}

http::Response PublicPages::Print(const http::Request& request) const {
  PageQuery parsed = ParsePageQuery(request);
  const Messages& messages = Messages::For(parsed.language);
  const Language language = parsed.language;
  ParsedFinder finder = ParseFinderParams(parsed.form);
  FinderParams& params = finder.params;
  const auto snapshot = impl_->directory.Snapshot();
  const PrintOutcome print = RunPrint(*snapshot, params, impl_->clock.Now());

  mustache::data data;
  std::string subheading;
  if (print.finder.where_state == WhereState::kPlace && !params.online_only) {
    subheading = messages.Format("results_near", {{"place", print.finder.place->name}}) + " · " +
                 messages.Format("distance_miles", {{"n", std::to_string(params.distance_miles)}});
  } else if (params.online_only) {
    subheading = messages.Get("results_online");
  } else {
    subheading = messages.Get("print_all_places");
  }
  if (!params.approach.empty()) subheading += " · " + ApproachName(params.approach, language);
  for (const std::string& type : params.types) subheading += " · " + TypeName(type, language);
  subheading +=
      " · " +
      messages.Format("print_printed",
                      {{"date", FormatDate(print.finder.at, print.finder.viewer_zone, messages)}});
  data.set("heading", messages.Get("print_heading"));
  data.set("subheading", subheading);
  data.set("back_href", "/" + WithParams(parsed.form, {}));
  AddWhereMessage(print.finder.where_state, print.finder.choices, params.where, "where_unknown",
                  std::nullopt, parsed.form, messages, &data);
  if (print.truncated) {
    data.set("truncated", messages.Format("print_truncated", {{"n", std::to_string(kMaxPrinted)}}));
  }
  mustache::data days{mustache::data::type::list};
  std::map<std::uint32_t, directory::Listing> listings;  // each listing rebuilt once
  const date::time_zone* viewer_zone = print.finder.viewer_zone;
  const date::local_days today = print.finder.local_today;
  for (const PrintDay& day : print.days) {
    mustache::data day_data;
    if (day.date) {
      // The default list: dated days, "Today, Tuesday" then "Tomorrow, Wednesday".
      day_data.set("day", "d" + std::to_string((*day.date - today).count()));
      day_data.set("day_name", DayHeading(*day.date, today, messages));
    } else {
      day_data.set("day", std::to_string(day.day));
      day_data.set("day_name", messages.Get("day_" + std::to_string(day.day)));
    }
    mustache::data rows{mustache::data::type::list};
    for (const PrintedMeeting& meeting : day.meetings) {
      auto [found, inserted] = listings.try_emplace(meeting.index);
      if (inserted) found->second = snapshot->Get(meeting.index);
      const directory::Listing& listing = found->second;
      mustache::data row;
      row.set("time",
              FormatClock(
                  meeting.occurrence
                      ? directory::ToLocalDayMinute(meeting.occurrence->start, viewer_zone).minute
                      : meeting.slot.start_minute,
                  language));
      row.set("name", listing.name);
      std::string where;
      if (listing.attendance == Attendance::kOnline) {
        where = messages.Get("print_online");
      } else {
        where = listing.location.name;
        const std::string address = AddressLine(listing.location);
        if (!address.empty()) where += (where.empty() ? "" : ", ") + address;
        if (listing.attendance == Attendance::kHybrid) {
          where += " · " + messages.Get("print_online");
        }
      }
      row.set("where", where);
      row.set("types", KeyTypes(listing.types, language, kTypesShownOnResult));
      rows.push_back(row);
    }
    day_data.set("meetings", rows);
    days.push_back(day_data);
  }
  data.set("days", days);
  return impl_->shell.Page(finder.error.ok() ? 200 : 400, language, messages.Get("print_heading"),
                           parsed.form, "/print", Render("print", language, data),
                           WithParams(parsed.form, {{"page", ""}}));
}

http::Response PublicPages::Static(const http::Request& request, std::string_view name) const {
  const auto bytes = embedded::FindFile("static/" + std::string(name));
  const std::optional<std::string> version = AssetVersion(name);
  if (!bytes || !version) {
    return impl_->shell.NotFound(ParsePageQuery(request).language, Form());
  }
  http::Response response;
  response.body = std::string(*bytes);
  response.content_type =
      name.ends_with(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
  // Pages link to "?v=<hash of the bytes>": such a URL never changes, so it may be kept a year.
  const auto form = Form::Parse(request.query);
  const bool versioned = form.ok() && form->Get("v") == *version;
  response.headers.emplace_back("Cache-Control",
                                versioned ? "public, max-age=31536000, immutable" : "no-cache");
  return response;
}

}  // namespace rn::web
