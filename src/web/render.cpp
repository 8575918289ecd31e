#include "web/render.h"

#include <map>
#include <memory>

#include "util/embedded.h"
#include "util/hash.h"

namespace rn::web {
namespace {

// The page template `name`, compiled once per thread (rendering is not documented thread-safe).
mustache::mustache& Template(const std::string& name) {
  thread_local std::map<std::string, std::unique_ptr<mustache::mustache>> compiled;
  auto& slot = compiled[name];
  if (!slot) {
    const auto source = embedded::FindFile("templates/" + name + ".mustache");
    slot = std::make_unique<mustache::mustache>(source ? std::string(*source) : std::string());
  }
  return *slot;
}

// The catalogue as template data ({"t": {key: text}}, for {{t.key}}), built once per language.
const mustache::data& MessageData(Language language) {
  static const auto build = [](Language lang) {
    mustache::data catalogue{mustache::data::type::object};
    for (const auto& [key, text] : Messages::For(lang).all()) catalogue.set(key, text);
    mustache::data data{mustache::data::type::object};
    data.set("t", catalogue);
    return data;
  };
  static const mustache::data english = build(Language::kEnglish);
  static const mustache::data spanish = build(Language::kSpanish);
  return language == Language::kSpanish ? spanish : english;
}

struct Assets {
  mustache::data versions{mustache::data::type::object};
  std::map<std::string, std::string, std::less<>> by_name;
};

const Assets& TheAssets() {
  static const Assets assets = [] {
    Assets built;
    for (const auto& [name, key] :
         {std::pair{"app.css", "app_css"}, std::pair{"finder.js", "finder_js"},
          std::pair{"leaflet.js", "leaflet_js"}, std::pair{"leaflet.css", "leaflet_css"}}) {
      const auto bytes = embedded::FindFile(std::string("static/") + name);
      const std::string version = Hex64(Fnv1a64(bytes.value_or("")));
      built.versions.set(key, version);
      built.by_name.emplace(name, version);
    }
    return built;
  }();
  return assets;
}

}  // namespace

std::string Render(const std::string& name, Language language, const mustache::data& data) {
  mustache::context<std::string> context(&MessageData(language));
  context.push(&data);
  return Template(name).render(context);
}

mustache::data Option(std::string value, std::string label, bool selected) {
  mustache::data option;
  option.set("value", std::move(value));
  option.set("label", std::move(label));
  option.set("selected", selected);
  return option;
}

const mustache::data& AssetVersions() { return TheAssets().versions; }

std::optional<std::string> AssetVersion(std::string_view name) {
  const auto& by_name = TheAssets().by_name;
  const auto found = by_name.find(name);
  if (found == by_name.end()) return std::nullopt;
  return found->second;
}

http::Response Html(int status, std::string body) {
  http::Response response;
  response.status = status;
  response.content_type = std::string(kHtml);
  response.body = std::move(body);
  return response;
}

}  // namespace rn::web
