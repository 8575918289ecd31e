// backup, restore and copy (storage/maintenance.h), with what the operator must do about the
// private-note key file, which no backup or copy holds (docs/operations.md).

#include <filesystem>
#include <iostream>

#include "app/commands.h"
#include "app/notes_key.h"
#include "storage/maintenance.h"

namespace rn::app {
namespace {

// "the private-note key FILE" for the database at `db`, or what names it when none is given.
std::string KeyFileOf(const std::string& db) {
  Result<std::filesystem::path> key = NotesKeyPath(db);
  return key.ok() ? key->string() : std::string("(the file given with --notes-key)");
}

}  // namespace

std::string DatabaseLocation(std::string_view db) {
  constexpr std::string_view kScheme = "sqlite://";
  if (db.starts_with(kScheme)) db.remove_prefix(kScheme.size());
  return std::string(db);
}

int RunBackup(const BackupCommand& command) {
  if (Status backed_up = storage::BackUpDatabase(command.db, command.to); !backed_up.ok()) {
    return Fail(backed_up);
  }
  std::error_code error;
  const auto bytes = std::filesystem::file_size(command.to, error);
  std::cout << "backed up to " << command.to << " (" << (error ? 0 : bytes) << " bytes)\n"
            << "the private-note key " << KeyFileOf(command.db)
            << " is not in the backup: keep a copy of it, apart from the backup" << std::endl;
  return 0;
}

int RunRestore(const RestoreCommand& command) {
  if (Status restored = storage::RestoreDatabase(command.from, command.db, command.replace);
      !restored.ok()) {
    return Fail(restored);
  }
  std::cout << "restored " << command.from << " (schema version " << LatestSchemaVersion()
            << ")\nits private notes open only with the key they were sealed with: "
            << KeyFileOf(command.db) << std::endl;
  // The restored trail's chain, checked as `audit verify` does.
  return RunAuditVerify({command.db, ""});
}

int RunCopy(const CopyCommand& command) {
  const std::string from = DatabaseLocation(command.from);
  Result<std::vector<storage::CopiedTable>> copied =
      storage::CopyDatabase(from, DatabaseLocation(command.to));
  if (!copied.ok()) return Fail(copied.status());
  std::int64_t rows = 0;
  for (const storage::CopiedTable& table : *copied) {
    std::cout << table.name << "\t" << table.rows << "\n";
    rows += table.rows;
  }
  std::cout << "copied " << rows << " rows in " << copied->size() << " tables\n"
            << "serve the copy with --notes-key " << KeyFileOf(from)
            << " (its private notes are sealed with that key)" << std::endl;
  return 0;
}

}  // namespace rn::app
