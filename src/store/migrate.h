// Numbered schema migrations (sql/NNNN_name.sql), applied in order and
// recorded with a SHA-256 checksum of the file.
//
// One file serves both backends: "@ID@" becomes the backend's
// auto-increment BIGINT primary key, and blocks between
// "-- @sqlite" / "-- @postgresql" and "-- @end" apply to that backend only.
// Statements end with ';' at the end of a line; a CREATE TRIGGER runs to its
// "END;" line, and a $$-quoted function body to its closing "$$ …;".
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace chizai {

struct MigrationFile {
  std::string name;  // "0001_registry.sql"
  std::string text;
};

// The migrations compiled into the binary from sql/.
std::vector<MigrationFile> embedded_migration_files();
// The migrations in a directory (for tools and tests that point elsewhere).
Result<std::vector<MigrationFile>> read_migration_files(const std::string& dir);

struct MigrateReport {
  std::vector<std::string> applied;  // names applied by this run
  std::size_t already_applied = 0;
};

// Applies every migration not yet recorded, each in its own transaction.
// Refuses (and applies nothing) when a recorded migration's file has changed
// or is missing, or when names are not numbered 0001, 0002, … in order.
Result<MigrateReport> migrate(Database& db, const std::vector<MigrationFile>& files);

// Ok when every migration in `files` is applied and unchanged; otherwise an
// error telling the user to run `chizai db migrate`.
Status check_migrated(Database& db, const std::vector<MigrationFile>& files);

// The statements of one migration file for one backend (exposed for tests).
std::vector<std::string> migration_statements(const std::string& text, Backend backend);

}  // namespace chizai
