#pragma once
// What the public pages share (docs/pages.md): the page language and query of a request, the
// layout around a page's body with its headers (Content-Security-Policy, Content-Language), the
// message and not-found pages, and the small link builders (query strings, tel: links).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/form.h"
#include "http/message.h"
#include "util/status.h"
#include "web/finder.h"
#include "web/i18n.h"
#include "web/render.h"

namespace rn::web {

// The page language and the parsed query of a request; a query that does not decode is kept as
// `error` (the page shows it) with an empty form.
struct PageQuery {
  Language language = Language::kEnglish;
  http::Form form;
  Status error;
  std::string origin;  // "http://host:port" as the client addressed us, for shared links
};
PageQuery ParsePageQuery(const http::Request& request);

// The query string of `form` with `changes` applied (an empty value removes the parameter) and
// empty fields dropped, so links stay short and shareable.
std::string WithParams(const http::Form& form,
                       const std::vector<std::pair<std::string_view, std::string>>& changes);

// "tel:" URI for one-tap dialling: the dial string's number, pauses (',') and codes ('#', '*');
// empty when there is no number.
std::string DialHref(std::string_view phone);

// Whether `url` is an http(s) address a page may link to.
bool IsWebUrl(std::string_view url);

// A coordinate with five decimals ("37.97361"): a metre or so.
std::string FormatCoordinate(double value);

// The finder's "Language" options: any, then `codes` (ISO 639-1) by their names, `selected` chosen.
mustache::data LanguageOptions(std::span<const std::string_view> codes, std::string_view selected,
                               const Messages& messages);
// The finder's "Distance" options (kDistanceChoicesMiles), `selected` chosen.
mustache::data DistanceOptions(int selected, const Messages& messages);

// What a finder page says about the `where` it was given (`typed`), resolved to `state` and
// `choices` (ResolveWhere): `unknown_key` (a message with {where}) when it named no place; "could
// mean several places" when it named several, with a link to each at `choices_path` (none without
// it). Sets where_message, choices and has_choices.
void AddWhereMessage(WhereState state, const std::vector<const directory::Place*>& choices,
                     const std::string& typed, std::string_view unknown_key,
                     std::optional<std::string_view> choices_path, const http::Form& form,
                     const Messages& messages, mustache::data* data);

// The pager of a finder page at `path`: page_text, and prev_href and next_href when there are
// such pages (page 1 without a `page` parameter). Sets has_pages only when there are several.
void AddPager(std::string_view path, const http::Form& form, int page, std::size_t pages,
              const Messages& messages, mustache::data* data);

// The part of the finder a page belongs to, marked in the header's navigation.
enum class Section { kMeetings, kServices };

class PageShell final {
 public:
  // `tile_url`: the map's tile URL template, whose origin the pages' CSP allows for images.
  explicit PageShell(std::string_view tile_url);

  // `body` inside layout.mustache, with the page headers. `path` and `form` make the language
  // switch's link; `print_query`, when not empty, the footer's printable list link.
  http::Response Page(int status, Language language, const std::string& title,
                      const http::Form& form, std::string_view path, const std::string& body,
                      std::string_view print_query, Section section = Section::kMeetings) const;
  // A page with a heading and a message (errors, "too many").
  http::Response Message(int status, Language language, const http::Form& form,
                         const std::string& heading, const std::string& message,
                         Section section = Section::kMeetings) const;
  http::Response NotFound(Language language, const http::Form& form,
                          Section section = Section::kMeetings) const;

 private:
  std::string content_security_policy_;
};

}  // namespace rn::web
