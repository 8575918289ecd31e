#pragma once
// What every server-rendered page shares: Mustache templates (src/web/templates/, compiled in)
// rendered with a language's message catalogue, the static assets' versions, and HTML responses.

#include <kainjow/mustache.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"
#include "web/i18n.h"

namespace rn::web {

namespace mustache = kainjow::mustache;

inline constexpr std::string_view kHtml = "text/html; charset=utf-8";

// Template `name` rendered with `data` and the catalogue of `language` ({{t.key}}; looked up behind
// `data`, not copied into it: the catalogue is most of a page's template data). Thread-safe: each
// thread compiles its own copy of a template.
std::string Render(const std::string& name, Language language, const mustache::data& data);

// A select option or checkbox: {value, label, selected}.
mustache::data Option(std::string value, std::string label, bool selected);

// The static assets' versions for "?v=" links ({app_css, finder_js, leaflet_js, leaflet_css}):
// a hash of each file's bytes.
const mustache::data& AssetVersions();
// The version of static file `name` ("app.css"), or nullopt for a file that is not an asset.
std::optional<std::string> AssetVersion(std::string_view name);

// An HTML response.
http::Response Html(int status, std::string body);

}  // namespace rn::web
