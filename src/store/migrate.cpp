#include "store/migrate.h"

#include <soci/soci.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/date.h"
#include "io/digest.h"
#include "store/registry_store.h"
#include "store/session.h"

namespace chizai {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string trim_right(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  return s;
}

std::string upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) {
    s.replace(p, from.size(), to);
  }
}

// The numeric prefix of "0001_registry.sql", or -1.
int version_of(const std::string& name) {
  if (name.size() < 6 || name[4] != '_') return -1;
  int v = 0;
  for (int i = 0; i < 4; ++i) {
    if (name[static_cast<std::size_t>(i)] < '0' || name[static_cast<std::size_t>(i)] > '9') return -1;
    v = v * 10 + (name[static_cast<std::size_t>(i)] - '0');
  }
  return v;
}

Status check_numbering(const std::vector<MigrationFile>& files) {
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (version_of(files[i].name) != static_cast<int>(i) + 1) {
      return make_error(ErrorKind::kInvalid, "bad_migrations", "migration files must be numbered 0001, 0002, … without "
                                          "gaps; found '" + files[i].name + "' at position " +
                                          std::to_string(i + 1));
    }
  }
  return {};
}

void ensure_ledger_table(Database& db) {
  soci_session(db) << "CREATE TABLE IF NOT EXISTS schema_migrations ("
              "version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, "
              "applied_at TEXT NOT NULL)";
}

// What a migration needs done in C++ after its SQL, in its transaction:
// 0020 creates the title word table, and only C++ splits titles into words
// (MeCab), so the words of the patents already registered are written here.
void after_sql(Database& db, const MigrationFile& f) {
  if (f.name == "0020_title_words.sql") RegistryStore(db).rebuild_title_words();
}

struct Applied {
  std::string name;
  std::string checksum;
};

std::map<int, Applied> applied_migrations(Database& db) {
  std::map<int, Applied> out;
  long long version = 0;
  std::string name, checksum;
  soci::statement st = (soci_session(db).prepare << "SELECT version, name, checksum FROM schema_migrations "
                                            "ORDER BY version",
                        soci::into(version), soci::into(name), soci::into(checksum));
  st.execute();
  while (st.fetch()) out[static_cast<int>(version)] = Applied{name, checksum};
  return out;
}

bool table_exists(Database& db, const std::string& table) {
  long long n = 0;
  if (db.backend() == Backend::kSqlite) {
    soci_session(db) << "SELECT CAST(COUNT(*) AS BIGINT) FROM sqlite_master WHERE type='table' AND name=:t",
        soci::use(table), soci::into(n);
  } else {
    soci_session(db) << "SELECT CAST(COUNT(*) AS BIGINT) FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_name=:t",
        soci::use(table), soci::into(n);
  }
  return n > 0;
}

// Compares recorded migrations with the files. Returns the first problem.
Status compare_applied(const std::map<int, Applied>& applied,
                       const std::vector<MigrationFile>& files) {
  for (const auto& [version, rec] : applied) {
    if (version < 1 || static_cast<std::size_t>(version) > files.size()) {
      return make_error(ErrorKind::kUnavailable, "migration_missing",
                        "the database has migration " + rec.name +
                            " applied, but this build has no such file (is the binary older "
                            "than the database?)");
    }
    const MigrationFile& f = files[static_cast<std::size_t>(version - 1)];
    if (sha256_hex(f.text) != rec.checksum || f.name != rec.name) {
      return make_error(ErrorKind::kUnavailable, "migration_changed",
                        "applied migration " + rec.name + " has changed since it was applied "
                        "(checksum differs); refusing to migrate. Restore the file or write a "
                        "new migration instead");
    }
  }
  return {};
}

}  // namespace

std::vector<std::string> migration_statements(const std::string& text, Backend backend) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line, current;
  enum class Section { kBoth, kSqlite, kPostgres } section = Section::kBoth;
  bool in_trigger = false;
  bool in_dollar_quote = false;  // PostgreSQL $$ … $$ function bodies
  while (std::getline(in, line)) {
    const std::string t = trim_right(line);
    if (t == "-- @sqlite") { section = Section::kSqlite; continue; }
    if (t == "-- @postgresql") { section = Section::kPostgres; continue; }
    if (t == "-- @end") { section = Section::kBoth; continue; }
    if ((section == Section::kSqlite && backend != Backend::kSqlite) ||
        (section == Section::kPostgres && backend != Backend::kPostgres)) {
      continue;
    }
    if (starts_with(t, "--") && current.empty()) continue;
    if (t.empty() && current.empty()) continue;
    const std::string u = upper(t);
    if (current.empty() && starts_with(u, "CREATE TRIGGER")) in_trigger = true;
    current += line + "\n";
    for (auto p = t.find("$$"); p != std::string::npos; p = t.find("$$", p + 2)) {
      in_dollar_quote = !in_dollar_quote;
    }
    const bool ends = !t.empty() && t.back() == ';' && !in_dollar_quote;
    const bool trigger_ends = u.size() >= 4 && u.compare(u.size() - 4, 4, "END;") == 0;
    if (ends && (!in_trigger || trigger_ends)) {
      current.erase(current.find_last_of(';'));  // drop the terminator
      out.push_back(current);
      current.clear();
      in_trigger = false;
    }
  }
  if (!trim_right(current).empty()) out.push_back(current);
  for (std::string& s : out) {
    replace_all(s, "@ID@", backend == Backend::kSqlite
                               ? "INTEGER PRIMARY KEY"
                               : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  }
  return out;
}

Result<std::vector<MigrationFile>> read_migration_files(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<MigrationFile> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".sql" || version_of(name) < 0) continue;
    std::ifstream f(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << f.rdbuf();
    files.push_back({name, text.str()});
  }
  if (ec) return make_error(ErrorKind::kIo, "io_error", "cannot read migration directory " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end(),
            [](const MigrationFile& a, const MigrationFile& b) { return a.name < b.name; });
  return files;
}

Result<MigrateReport> migrate(Database& db, const std::vector<MigrationFile>& files) {
  if (auto st = check_numbering(files); !st) return st.error();
  {
    WriteTransaction tx(db);
    ensure_ledger_table(db);
    tx.commit();
  }
  const auto applied = applied_migrations(db);
  if (auto st = compare_applied(applied, files); !st) return st.error();
  MigrateReport report;
  report.already_applied = applied.size();
  for (std::size_t i = applied.size(); i < files.size(); ++i) {
    const MigrationFile& f = files[i];
    WriteTransaction tx(db);
    for (const std::string& stmt : migration_statements(f.text, db.backend())) soci_session(db) << stmt;
    after_sql(db, f);
    const long long version = static_cast<long long>(i + 1);
    const std::string checksum = sha256_hex(f.text);
    const std::string at = utc_timestamp();
    soci_session(db) << "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
                "VALUES (:v, :n, :c, :a)",
        soci::use(version), soci::use(f.name), soci::use(checksum), soci::use(at);
    tx.commit();
    report.applied.push_back(f.name);
  }
  return report;
}

Status check_migrated(Database& db, const std::vector<MigrationFile>& files) {
  if (!table_exists(db, "schema_migrations")) {
    return make_error(ErrorKind::kUnavailable, "not_migrated", "the database " + db.url().display +
                                          " has no schema yet: run `chizai db migrate` first");
  }
  const auto applied = applied_migrations(db);
  if (auto st = compare_applied(applied, files); !st) return st.error();
  if (applied.size() < files.size()) {
    return make_error(ErrorKind::kUnavailable, "not_migrated", "the database " + db.url().display + " is at migration " +
                                          std::to_string(applied.size()) + " of " +
                                          std::to_string(files.size()) +
                                          ": run `chizai db migrate` first");
  }
  return {};
}

}  // namespace chizai
