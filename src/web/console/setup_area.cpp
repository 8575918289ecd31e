// The console's site setup (setup_area.h).

#include "web/console/setup_area.h"

#include <algorithm>
#include <charconv>

#include "api/casework_api.h"
#include "casework/caseloads.h"
#include "casework/on_call.h"
#include "casework/setup.h"
#include "directory/schedule.h"
#include "util/text.h"
#include "web/console/code_options.h"
#include "web/render.h"

namespace rn::web {
namespace {

namespace cw = casework;
using identity::Permission;

constexpr std::string_view kProgramKindLabels[] = {
    "Emergency-department recovery coaching", "Home visiting (maternal and family recovery)",
    "Community (drop-in centre, recovery community)"};
constexpr std::string_view kPartnerKindLabels[] = {"Hospital or emergency department",
                                                   "Clinic (OB, primary care)",
                                                   "Treatment program",
                                                   "Court or probation",
                                                   "Shelter",
                                                   "Other"};
constexpr std::string_view kWeekdayLabels[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                               "Thursday", "Friday", "Saturday"};
// Blank lines the roster form offers below the stored shifts, to add shifts without script.
constexpr int kBlankRosterRows = 2;
// The most lines one roster form is read with (casework's roster limit is the API's, 600).
constexpr int kMaxRosterRows = 600;
constexpr std::string_view kRosterFields[] = {"user", "weekday", "start", "end", "rank", "remove"};

// The code of form field `field` in `table`, or nullopt (a choice not made or not one of them).
template <typename E, std::size_t N>
std::optional<E> Chosen(const cw::CodeTable<E, N>& table, const http::Form& form,
                        std::string_view field) {
  return table.Find(form.Get(field).value_or(""));
}

// "shifts[2].start" → {2, "start"}; nullopt for any other field.
std::optional<std::pair<int, std::string>> ShiftField(std::string_view field) {
  constexpr std::string_view kPrefix = "shifts[";
  if (!field.starts_with(kPrefix)) return std::nullopt;
  const std::size_t close = field.find("].");
  if (close == std::string_view::npos) return std::nullopt;
  int index = 0;
  const char* first = field.data() + kPrefix.size();
  const char* last = field.data() + close;
  if (std::from_chars(first, last, index).ptr != last) return std::nullopt;
  return std::pair{index, std::string(field.substr(close + 2))};
}

}  // namespace

// ---- Programs and partners ----

http::Response SetupArea::SetupPage(const http::Request& request, const Caller& caller,
                                    api::Repositories& repos, std::string_view site,
                                    std::string_view form, const http::Form& values,
                                    const Status& error) const {
  auto programs = repos.casework.programs.ListPrograms(site);
  if (!programs.ok()) return kit_.Failure(programs.status());
  auto partners = repos.casework.programs.ListPartners(site);
  if (!partners.ok()) return kit_.Failure(partners.status());
  mustache::data data = kit_.BaseData(caller, site);
  data.set("site_name", kit_.SiteName(repos, site));
  mustache::data program_rows{mustache::data::type::list};
  for (const cw::Program& program : *programs) {
    mustache::data row;
    row.set("site", std::string(site));
    row.set("id", program.id);
    row.set("name", program.name);
    row.set("kind", CodeLabel(program.kind, kProgramKindLabels));
    program_rows.push_back(row);
  }
  data.set("programs", program_rows);
  data.set("no_programs", program_rows.list_value().empty());
  mustache::data partner_rows{mustache::data::type::list};
  for (const cw::Partner& partner : *partners) {
    mustache::data row;
    row.set("id", partner.id);
    row.set("name", partner.name);
    row.set("kind", CodeLabel(partner.kind, kPartnerKindLabels));
    partner_rows.push_back(row);
  }
  data.set("partners", partner_rows);
  data.set("no_partners", partner_rows.list_value().empty());
  // Each form with what was typed into it when it was the one refused.
  for (const std::string_view name : {"program", "partner"}) {
    mustache::data values_of;
    const bool refused = form == name && !error.ok();
    kit_.SetFormError(values_of, refused ? error : Status::Ok());
    if (refused) {
      values_of.set("id", values.Get("id").value_or(""));
      values_of.set("name", values.Get("name").value_or(""));
    }
    data.set(std::string(name) + "_form", values_of);
  }
  const http::Form empty;
  const http::Form& program_values = form == "program" ? values : empty;
  const http::Form& partner_values = form == "partner" ? values : empty;
  data.set("program_kinds", CodeOptions(cw::kProgramKinds, kProgramKindLabels,
                                        Chosen(cw::kProgramKinds, program_values, "kind")));
  data.set("partner_kinds", CodeOptions(cw::kPartnerKinds, kPartnerKindLabels,
                                        Chosen(cw::kPartnerKinds, partner_values, "kind")));
  return kit_.Page(request, repos, caller, site, "Site setup",
                   Render("staff_setup", Language::kEnglish, data), error.ok() ? 200 : 422);
}

http::Response SetupArea::Setup(const http::Request& request, const http::PathParams& params,
                                const Caller& caller, api::Repositories& repos) const {
  return SetupPage(request, caller, repos, kit_.Param(params, "site"), "", http::Form(),
                   Status::Ok());
}

namespace {

// The record a program or partner form describes: kInvalidArgument ("kind") when no kind is
// chosen; the rest is the use case's to check.
template <typename Record, std::size_t N>
Result<Record> ReadNamedForm(const http::Form& form,
                             const cw::CodeTable<decltype(Record::kind), N>& kinds) {
  Record record;
  record.id = form.Get("id").value_or("");
  record.name = form.Get("name").value_or("");
  const auto kind = Chosen(kinds, form, "kind");
  if (!kind) return Status::Invalid("kind", "choose one");
  record.kind = *kind;
  return record;
}

// A refusal the form shows: a bad value, or an id the site has already (named "id").
bool FormRefusal(Status* status) {
  if (status->code() == StatusCode::kConflict && status->field().empty()) {
    *status = Status(StatusCode::kConflict, status->message(), "id");
  }
  return status->code() == StatusCode::kInvalidArgument || status->code() == StatusCode::kConflict;
}

}  // namespace

http::Response SetupArea::AddProgram(const http::Request& request, const http::PathParams& params,
                                     const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  Result<cw::Program> program = ReadNamedForm<cw::Program>(*form, cw::kProgramKinds);
  if (program.ok()) {
    program =
        cw::CreateProgram(repos.casework, kit_.Change(request, caller, site), std::move(*program));
  }
  if (!program.ok()) {
    Status refused = program.status();
    if (FormRefusal(&refused))
      return SetupPage(request, caller, repos, site, "program", *form, refused);
    return kit_.Failure(refused);
  }
  return kit_.Redirect(kit_.SitePath(site, "/setup?done=program_created#programs"));
}

http::Response SetupArea::AddPartner(const http::Request& request, const http::PathParams& params,
                                     const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  Result<cw::Partner> partner = ReadNamedForm<cw::Partner>(*form, cw::kPartnerKinds);
  if (partner.ok()) {
    partner =
        cw::CreatePartner(repos.casework, kit_.Change(request, caller, site), std::move(*partner));
  }
  if (!partner.ok()) {
    Status refused = partner.status();
    if (FormRefusal(&refused))
      return SetupPage(request, caller, repos, site, "partner", *form, refused);
    return kit_.Failure(refused);
  }
  return kit_.Redirect(kit_.SitePath(site, "/setup?done=partner_created#partners"));
}

// ---- On-call rosters ----

http::Response SetupArea::RosterPage(const http::Request& request, const Caller& caller,
                                     api::Repositories& repos, std::string_view site,
                                     const cw::Program& program, const std::vector<RosterRow>& rows,
                                     const Status& error, int error_row,
                                     std::string_view error_field) const {
  Result<std::vector<std::string>> staff = cw::StaffWithCaseloads(repos.casework, site);
  if (!staff.ok()) return kit_.Failure(staff.status());
  mustache::data lines{mustache::data::type::list};
  for (std::size_t index = 0; index < rows.size(); ++index) {
    const RosterRow& row = rows[index];
    mustache::data line;
    line.set("index", std::to_string(index));
    line.set("number", std::to_string(index + 1));
    mustache::data people{mustache::data::type::list};
    bool listed = row.user_id.empty();
    for (const std::string& user_id : *staff) {
      listed = listed || user_id == row.user_id;
      people.push_back(Option(user_id, kit_.StaffName(repos, user_id), user_id == row.user_id));
    }
    // Someone on the roster who no longer works with participants here is still shown (saving
    // the roster with them is refused, naming the line).
    if (!listed) people.push_back(Option(row.user_id, kit_.StaffName(repos, row.user_id), true));
    line.set("people", people);
    line.set("weekdays",
             CodeOptions(cw::kWeekdays, kWeekdayLabels, cw::kWeekdays.Find(row.weekday)));
    line.set("start", row.start);
    line.set("end", row.end);
    line.set("rank", row.rank);
    line.set("stored", row.stored);
    if (!error.ok() && static_cast<int>(index) == error_row) {
      line.set("error_" + std::string(error_field), error.message());
      line.set("has_error", true);
    }
    lines.push_back(line);
  }
  mustache::data data = kit_.BaseData(caller, site);
  data.set("program_id", program.id);
  data.set("program_name", program.name);
  data.set("zone", std::string(api::SiteZone(repos, site)->name()));
  data.set("rows", lines);
  data.set("row_count", std::to_string(rows.size()));
  data.set("no_staff", staff->empty());
  if (!error.ok()) {
    data.set("error", error_row >= 0 ? "Shift " + std::to_string(error_row + 1) + ", " +
                                           std::string(error_field) + ": " + error.message()
                                     : kit_.Explain(error));
  }
  return kit_.Page(request, repos, caller, site, "On call: " + program.name,
                   Render("staff_roster", Language::kEnglish, data), error.ok() ? 200 : 422);
}

http::Response SetupArea::Roster(const http::Request& request, const http::PathParams& params,
                                 const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const std::string program_id = kit_.Param(params, "program");
  auto program = repos.casework.programs.GetProgram(site, program_id);
  if (!program.ok()) return kit_.Failure(program.status());
  if (!*program) return kit_.Failure(Status::NotFound("There is no such program at this site."));
  auto roster = cw::ReadRoster(repos.casework, site, program_id);
  if (!roster.ok()) return kit_.Failure(roster.status());
  std::vector<RosterRow> rows;
  for (const cw::NamedShift& named : *roster) {
    const cw::Shift& shift = named.shift;
    rows.push_back({shift.user_id, std::string(cw::kWeekdays.Name(shift.weekday)),
                    directory::FormatHhMm(shift.start_minute),
                    directory::FormatHhMm((shift.start_minute + shift.duration_minutes) % 1440),
                    std::to_string(shift.rank), true});
  }
  for (int blank = 0; blank < kBlankRosterRows; ++blank) rows.push_back({"", "", "", "", "1"});
  return RosterPage(request, caller, repos, site, **program, rows, Status::Ok(), -1, "");
}

http::Response SetupArea::SaveRoster(const http::Request& request, const http::PathParams& params,
                                     const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const std::string program_id = kit_.Param(params, "program");
  auto program = repos.casework.programs.GetProgram(site, program_id);
  if (!program.ok()) return kit_.Failure(program.status());
  if (!*program) return kit_.Failure(Status::NotFound("There is no such program at this site."));
  Result<http::Form> form = kit_.BodyForm(request, std::size(kRosterFields) * kMaxRosterRows + 10);
  if (!form.ok()) return kit_.Unreadable(form.status());
  const int row_count =
      text::ParseNumber<int>(form->Get("rows").value_or("0"), 0, kMaxRosterRows).value_or(0);

  // The lines as sent, then the shifts they make: a blank line is skipped, a removed one dropped.
  std::vector<RosterRow> rows;
  std::vector<cw::Shift> shifts;
  std::vector<int> row_of_shift;
  Status read = Status::Ok();
  int error_row = -1;
  std::string error_field;
  auto refuse = [&](int row, std::string field, std::string message) {
    if (!read.ok()) return;
    read = Status::Invalid(field, std::move(message));
    error_row = row;
    error_field = std::move(field);
  };
  for (int index = 0; index < row_count; ++index) {
    auto field = [&](std::string_view name) {
      return form->Get(std::string(name) + "_" + std::to_string(index)).value_or("");
    };
    RosterRow row{field("user"), field("weekday"), field("start"),
                  field("end"),  field("rank"),    field("stored") == "1"};
    if (field("remove") == "1") continue;
    rows.push_back(row);
    if (row.user_id.empty() && row.start.empty() && row.end.empty()) continue;
    const int here = static_cast<int>(rows.size()) - 1;
    cw::Shift shift;
    shift.user_id = row.user_id;
    if (row.user_id.empty()) refuse(here, "user", "choose who is on call");
    if (auto weekday = cw::kWeekdays.Find(row.weekday))
      shift.weekday = *weekday;
    else
      refuse(here, "weekday", "choose the day the shift starts");
    const std::optional<int> start = directory::ParseHhMm(row.start);
    if (!start) refuse(here, "start", "give the time it starts, HH:MM (00:00 to 23:59)");
    const std::optional<int> end = directory::ParseHhMm(row.end);
    if (!end) refuse(here, "end", "give the time it ends, HH:MM (00:00 to 23:59)");
    if (start && end) {
      shift.start_minute = *start;
      // An end at or before the start is the next day's: a night shift, or 24 hours.
      shift.duration_minutes = *end > *start ? *end - *start : *end + 1440 - *start;
    }
    if (auto rank = text::ParseNumber<int>(row.rank, 0, 1000))
      shift.rank = *rank;
    else
      refuse(here, "rank", "give a number: 1 is first on call, 2 the backup");
    shifts.push_back(std::move(shift));
    row_of_shift.push_back(here);
  }
  if (read.ok()) {
    auto saved = cw::SetRoster(repos.casework, kit_.Change(request, caller, site), program_id,
                               std::move(shifts));
    if (saved.ok()) {
      return kit_.Redirect(
          kit_.SitePath(site, "/setup/programs/" + program_id + "/roster?done=roster_saved"));
    }
    read = saved.status();
    if (read.code() != StatusCode::kInvalidArgument) return kit_.Failure(read);
    if (auto at = ShiftField(read.field());
        at && at->first >= 0 && at->first < static_cast<int>(row_of_shift.size())) {
      error_row = row_of_shift[at->first];
      error_field = at->second == "duration_minutes" ? "end" : at->second;
    }
  }
  return RosterPage(request, caller, repos, site, **program, rows, read, error_row, error_field);
}

void SetupArea::AddRoutes(http::Router& router) const {
  kit_.AddPage(router, "GET", "/staff/sites/{site}/setup", Permission::kCaseworkSetup,
               kit_.Bind(this, &SetupArea::Setup));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/setup/programs", Permission::kCaseworkSetup,
               kit_.Bind(this, &SetupArea::AddProgram));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/setup/partners", Permission::kCaseworkSetup,
               kit_.Bind(this, &SetupArea::AddPartner));
  kit_.AddPage(router, "GET", "/staff/sites/{site}/setup/programs/{program}/roster",
               Permission::kCaseworkSetup, kit_.Bind(this, &SetupArea::Roster));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/setup/programs/{program}/roster",
               Permission::kCaseworkSetup, kit_.Bind(this, &SetupArea::SaveRoster));
}

}  // namespace rn::web
