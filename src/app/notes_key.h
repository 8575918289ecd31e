#pragma once
// The key private notes are sealed with (identity/secret_box.h), kept in a file outside the
// database: 32 random bytes, made at first start with mode 0600, next to the database file.

#include <filesystem>
#include <string>

#include "identity/secret_box.h"
#include "util/status.h"

namespace rn::app {

// The key file given with --notes-key (config `notes_key`), which every server of one PostgreSQL
// database must be given; main sets it once, before any database opens. Empty: none given.
void SetNotesKeyFile(std::string path);

// Where the key of the database at `db_path` is kept: the --notes-key file when one was given,
// else "<db_path>-notes.key" beside a SQLite file; kInvalidArgument for a PostgreSQL database
// (a postgresql:// `db_path`) without one.
Result<std::filesystem::path> NotesKeyPath(const std::string& db_path);

// The key in the file at `path`. When there is no file and `may_create`, makes one (32 random
// bytes, mode 0600, written whole before it appears under its name, so two threads starting at
// once read the same key). kInternal, saying what to do, when the file cannot be read or made,
// is not exactly 32 bytes, is not a regular file, or can be read or written by the group or
// others; kNotFound when there is no file and not `may_create`.
Result<identity::SecretKey> LoadNotesKey(const std::filesystem::path& path, bool may_create);

}  // namespace rn::app
