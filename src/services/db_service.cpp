#include "services/db_service.h"

#include "services/close_service.h"
#include "services/ledger_check.h"
#include "store/backup_store.h"

namespace chizai {

Status backup_database(Database& db, const std::string& out) {
  if (out.empty()) return make_error(ErrorKind::kInvalid, "bad_request", "out: name the backup file", "out");
  return db.backend() == Backend::kSqlite ? backup_sqlite(db, out) : backup_postgres(db, out);
}

Status restore_database(Database& db, const std::string& file) {
  if (file.empty()) return make_error(ErrorKind::kInvalid, "bad_request", "file: name the backup to restore", "file");
  if (auto table = first_table(db)) {
    return make_error(ErrorKind::kConflict, "database_not_empty",
                      "the database " + db.url().display + " is not empty (it has table " + *table +
                          "): restore only into a new, empty database");
  }
  return db.backend() == Backend::kSqlite ? restore_sqlite(db, file) : restore_postgres(db, file);
}

Result<VerifyReport> verify_database(Database& db, const std::vector<MigrationFile>& files) {
  VerifyReport r;
  if (auto s = check_migrated(db, files); !s) return s.error();
  r.migrations = files.size();
  if (db.backend() == Backend::kSqlite) {
    const auto problems = integrity_problems(db);
    if (!problems.empty()) {
      return make_error(ErrorKind::kInternal, "database_corrupt",
                        "SQLite's integrity check of " + db.url().display + " failed (" +
                            std::to_string(problems.size()) + " problem(s)); the first: " + problems.front());
    }
    r.integrity_checked = true;
  }
  auto ledger = verify_ledger(db);
  if (!ledger) return ledger.error();
  r.ledger = std::move(ledger).value();
  auto statements = CloseService(db, "verify").verify_issued_statements();
  if (!statements) return statements.error();
  r.statements = *statements;
  return r;
}

}  // namespace chizai
