#include "web/page_shell.h"

#include <algorithm>
#include <charconv>

#include "web/format.h"
#include "web/render.h"

namespace rn::web {
namespace {

// "https://a.tile.example.org/{z}/…" → "https://*.tile.example.org" for the CSP's img-src.
std::string TileOrigin(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  const std::size_t path = url.find('/', scheme + 3);
  std::string origin(url.substr(0, path));
  if (const std::size_t s = origin.find("{s}"); s != std::string::npos) origin.replace(s, 3, "*");
  return origin;
}

}  // namespace

PageQuery ParsePageQuery(const http::Request& request) {
  PageQuery parsed;
  auto form = http::Form::Parse(request.query);
  if (form.ok()) {
    parsed.form = std::move(*form);
  } else {
    parsed.error = form.status();
  }
  parsed.language =
      ChooseLanguage(parsed.form.Get("lang").value_or(""), request.Header("accept-language"));
  const bool tls = request.Header("x-forwarded-proto") == "https";
  parsed.origin = std::string(tls ? "https://" : "http://") + std::string(request.Header("host"));
  return parsed;
}

std::string WithParams(const http::Form& form,
                       const std::vector<std::pair<std::string_view, std::string>>& changes) {
  std::string query;
  auto append = [&](std::string_view key, std::string_view value) {
    if (value.empty()) return;
    query += query.empty() ? "?" : "&";
    query += http::EncodeComponent(key);
    query += '=';
    query += http::EncodeComponent(value);
  };
  for (const auto& field : form.fields()) {
    const bool changed = std::any_of(changes.begin(), changes.end(), [&](const auto& change) {
      return change.first == field.first;
    });
    if (!changed) append(field.first, field.second);
  }
  for (const auto& [key, value] : changes) append(key, value);
  return query;
}

std::string DialHref(std::string_view phone) {
  std::string href = "tel:";
  for (char c : phone) {
    if ((c >= '0' && c <= '9') || c == '+' || c == ',' || c == '*' || c == ';') {
      href.push_back(c);
    } else if (c == '#') {
      href += "%23";
    }
  }
  return href.size() > 4 ? href : std::string();
}

bool IsWebUrl(std::string_view url) {
  return url.starts_with("https://") || url.starts_with("http://");
}

std::string FormatCoordinate(double value) {
  char buffer[32];
  const auto end =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 5).ptr;
  return std::string(buffer, end);
}

mustache::data LanguageOptions(std::span<const std::string_view> codes, std::string_view selected,
                               const Messages& messages) {
  mustache::data options{mustache::data::type::list};
  options.push_back(Option("", messages.Get("language_any"), selected.empty()));
  for (std::string_view code : codes) {
    options.push_back(
        Option(std::string(code), LanguageName(code, messages.language()), selected == code));
  }
  return options;
}

mustache::data DistanceOptions(int selected, const Messages& messages) {
  mustache::data options{mustache::data::type::list};
  for (int miles : kDistanceChoicesMiles) {
    options.push_back(Option(std::to_string(miles),
                             messages.Format("distance_miles", {{"n", std::to_string(miles)}}),
                             selected == miles));
  }
  return options;
}

void AddWhereMessage(WhereState state, const std::vector<const directory::Place*>& choices,
                     const std::string& typed, std::string_view unknown_key,
                     std::optional<std::string_view> choices_path, const http::Form& form,
                     const Messages& messages, mustache::data* data) {
  if (state == WhereState::kUnknown) {
    data->set("where_message", messages.Format(unknown_key, {{"where", typed}}));
  } else if (state == WhereState::kAmbiguous) {
    data->set("where_message", messages.Format("where_ambiguous", {{"where", typed}}));
    if (!choices_path) return;
    mustache::data links{mustache::data::type::list};
    for (const directory::Place* place : choices) {
      mustache::data choice;
      choice.set("name", place->name);
      choice.set("href", std::string(*choices_path) +
                             WithParams(form, {{"where", place->name}, {"page", ""}}));
      links.push_back(choice);
    }
    data->set("choices", links);
    data->set("has_choices", true);
  }
}

void AddPager(std::string_view path, const http::Form& form, int page, std::size_t pages,
              const Messages& messages, mustache::data* data) {
  if (pages <= 1) return;
  data->set("has_pages", true);
  data->set("page_text", messages.Format("page_of", {{"page", std::to_string(page)},
                                                     {"pages", std::to_string(pages)}}));
  if (page > 1) {
    data->set(
        "prev_href",
        std::string(path) +
            WithParams(form, {{"page", page == 2 ? std::string() : std::to_string(page - 1)}}));
  }
  if (static_cast<std::size_t>(page) < pages) {
    data->set("next_href",
              std::string(path) + WithParams(form, {{"page", std::to_string(page + 1)}}));
  }
}

PageShell::PageShell(std::string_view tile_url) {
  const std::string tiles = TileOrigin(tile_url);
  content_security_policy_ =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:" +
      (tiles.empty() ? std::string() : " " + tiles) +
      "; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
}

http::Response PageShell::Page(int status, Language language, const std::string& title,
                               const http::Form& form, std::string_view path,
                               const std::string& body, std::string_view print_query,
                               Section section) const {
  const Messages& messages = Messages::For(language);
  const Language other = language == Language::kSpanish ? Language::kEnglish : Language::kSpanish;
  mustache::data data;
  data.set("lang", std::string(LanguageCode(language)));
  data.set("title", title + " · " + messages.Get("site_name"));
  data.set("assets", AssetVersions());
  data.set("body", body);
  data.set("switch_lang", std::string(LanguageCode(other)));
  data.set("switch_label", Messages::For(other).Get("language_self_name"));
  data.set("switch_href",
           std::string(path) + WithParams(form, {{"lang", std::string(LanguageCode(other))}}));
  data.set("in_meetings", section == Section::kMeetings);
  data.set("in_services", section == Section::kServices);
  if (section == Section::kMeetings) data.set("print_href", "/print" + std::string(print_query));
  http::Response response = Html(status, Render("layout", language, data));
  response.headers.emplace_back("Content-Security-Policy", content_security_policy_);
  response.headers.emplace_back("Content-Language", std::string(LanguageCode(language)));
  response.headers.emplace_back("Vary", "Accept-Language");
  response.headers.emplace_back("Cache-Control", "no-cache");
  return response;
}

http::Response PageShell::Message(int status, Language language, const http::Form& form,
                                  const std::string& heading, const std::string& message,
                                  Section section) const {
  const std::string home = section == Section::kServices ? "/services" : "/";
  mustache::data data;
  data.set("heading", heading);
  data.set("message", message);
  data.set("back_href", home + "?lang=" + std::string(LanguageCode(language)));
  return Page(status, language, heading, form, home, Render("message", language, data), "",
              section);
}

http::Response PageShell::NotFound(Language language, const http::Form& form,
                                   Section section) const {
  const Messages& messages = Messages::For(language);
  return Message(404, language, form, messages.Get("not_found_heading"), messages.Get("not_found"),
                 section);
}

}  // namespace rn::web
