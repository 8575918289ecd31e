#pragma once
// The console's review of the public's correction requests (directory editors): the open requests
// about listings the editor edits (an audited read: they hold the public's words and email
// addresses), and applying or dismissing one. The rules are directory/editing.h's.

#include <optional>
#include <string>
#include <string_view>

#include "api/repositories.h"
#include "directory/correction.h"
#include "directory/editing.h"
#include "http/message.h"
#include "http/router.h"
#include "web/console/kit.h"

namespace rn::web {

class CorrectionsArea final {
 public:
  explicit CorrectionsArea(const ConsoleKit& kit) : kit_(kit) {}

  // GET /staff/sites/{site}/corrections, POST …/corrections/{id}/{applied|dismissed}.
  void AddRoutes(http::Router& router) const;

 private:
  using Caller = identity::Caller;

  http::Response Corrections(const http::Request& request, const http::PathParams& params,
                             const Caller& caller, api::Repositories& repos) const;
  http::Response ResolveCorrection(const http::Request& request, const http::PathParams& params,
                                   const Caller& caller, api::Repositories& repos) const;

  const ConsoleKit& kit_;
};

// The open request `id` (as text) about listing `listing_id` that `editor` may resolve.
std::optional<directory::CorrectionRequest> OpenCorrectionAbout(const ConsoleKit& kit,
                                                                api::Repositories& repos,
                                                                const directory::Editor& editor,
                                                                std::string_view id,
                                                                std::string_view listing_id);

// What a correction request is about, in the words of the meeting page's form.
std::string CorrectionFieldLabel(std::string_view field);

}  // namespace rn::web
