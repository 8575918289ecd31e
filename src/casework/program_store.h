#pragma once
// The repository of a site's programs and referring partners (casework/program.h). Declared here,
// implemented in storage/ (sqlite/program_store.cpp). It stores and reads; the rules are
// casework/setup.h's. Writes join the open unit of work (identity/audit_store.h) when there is one.
// Used by one thread at a time.

#include <optional>
#include <string_view>
#include <vector>

#include "casework/on_call.h"
#include "casework/program.h"
#include "util/status.h"

namespace rn::casework {

class ProgramStore {
 public:
  virtual ~ProgramStore() = default;

  // Stores a new program. kConflict when the site has one with that id, or there is no site
  // program.site_id.
  virtual Status InsertProgram(const Program& program) = 0;
  // The site's programs, by id.
  virtual Result<std::vector<Program>> ListPrograms(std::string_view site_id) = 0;
  virtual Result<std::optional<Program>> GetProgram(std::string_view site_id,
                                                    std::string_view id) = 0;

  // Stores a new partner. kConflict when the site has one with that id, or there is no site
  // partner.site_id.
  virtual Status InsertPartner(const Partner& partner) = 0;
  // The site's partners, by id.
  virtual Result<std::vector<Partner>> ListPartners(std::string_view site_id) = 0;
  virtual Result<std::optional<Partner>> GetPartner(std::string_view site_id,
                                                    std::string_view id) = 0;

  // Replaces the on-call roster of program `program_id` at `site_id` with `shifts`, in one
  // transaction (or the open unit of work). kConflict when the program or a user does not exist.
  virtual Status ReplaceRoster(std::string_view site_id, std::string_view program_id,
                               const std::vector<Shift>& shifts) = 0;
  // The program's roster, by weekday, start and rank.
  virtual Result<std::vector<Shift>> ListRoster(std::string_view site_id,
                                                std::string_view program_id) = 0;
};

}  // namespace rn::casework
