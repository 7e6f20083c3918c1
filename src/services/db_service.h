// The database as a whole: backup, restore into an empty database, and the
// full verification (`chizai db backup | restore | verify`, issue 23 §2).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"
#include "store/journal_store.h"  // LedgerSummary
#include "store/migrate.h"

namespace chizai {

// A consistent copy of the database in the new file `out` while others
// write: SQLite's online backup API; PostgreSQL: pg_dump (custom format)
// when installed, else refused naming the command to run. Refused: `out`
// exists (backup_exists).
Status backup_database(Database& db, const std::string& out);

// Restores the backup `file` into `db`, which must be empty: refused
// (database_not_empty, naming the database and its first table) otherwise,
// nothing written. SQLite: a file made by backup_database; PostgreSQL: a
// pg_dump custom-format file.
Status restore_database(Database& db, const std::string& file);

// What `chizai db verify` found; every check passed when it returns one.
struct VerifyReport {
  std::size_t migrations = 0;       // applied, each matching its file's SHA-256
  bool integrity_checked = false;   // SQLite's PRAGMA integrity_check ran (and said ok)
  LedgerSummary ledger;             // the full ledger check's summary
  long long statements = 0;         // issued statements checked
};

// Runs, in order, stopping at the first failure (which it returns):
// 1. the applied migrations against `files` (names and SHA-256: the
//    schema is the one this build expects; not_migrated / migration_changed);
// 2. SQLite: PRAGMA integrity_check (database_corrupt, quoting its first line);
// 3. the full ledger check (ledger_violation; services/ledger_check.h),
//    including the running balances against the postings;
// 4. every issued statement's stored bytes against its SHA-256 and its
//    re-rendering in the format version it was issued with
//    (statement_corrupt).
Result<VerifyReport> verify_database(Database& db, const std::vector<MigrationFile>& files);

}  // namespace chizai
