#include "store/backup_store.h"

#include <fcntl.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "store/session.h"

namespace chizai {
namespace {

namespace fs = std::filesystem;
using namespace sqlite_api;

sqlite3* native_sqlite(Database& db) {
  // The backend is SQLite (checked by the callers), so the session's backend
  // object is SOCI's sqlite3_session_backend: a static_cast needs no RTTI of
  // the backend library, which is loaded at run time.
  auto* backend = static_cast<soci::sqlite3_session_backend*>(soci_session(db).get_backend());
  return backend->conn_;
}

Status refuse_existing(const std::string& out) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(out, ec))) {
    return make_error(ErrorKind::kIo, "backup_exists",
                      "the backup file " + out + " already exists; name a new file (a backup never overwrites one)",
                      "out");
  }
  return {};
}

// Copies every page of `from` into `to` in one backup step. SQLITE_BUSY or
// LOCKED (another connection holds a lock for a moment): retried for up to
// about 30 s.
Status copy_pages(sqlite3* to, sqlite3* from, const std::string& what) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (!b) return make_error(ErrorKind::kIo, "backup_failed", what + ": " + sqlite3_errmsg(to));
  int rc = SQLITE_OK;
  for (int tries = 0; tries < 300; ++tries) {
    rc = sqlite3_backup_step(b, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(100);
  }
  const int finished = sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return make_error(ErrorKind::kIo, "backup_failed", what + ": " + sqlite3_errstr(rc));
  if (finished != SQLITE_OK) return make_error(ErrorKind::kIo, "backup_failed", what + ": " + sqlite3_errmsg(to));
  return {};
}

bool fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

// Runs `argv` (no shell) and returns its exit status (-1: not started).
// Runs `argv`; its standard output goes to `stdout_file` when given.
int run(const std::vector<std::string>& argv, const std::string& stdout_file = "") {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    if (!stdout_file.empty()) {
      const int fd = ::open(stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (fd < 0 || ::dup2(fd, STDOUT_FILENO) < 0) ::_exit(126);
    }
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string candidate = dirs.substr(start, end - start) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

// The connection as pg_dump / pg_restore take it, for a message (no
// password: the display form of the URL): a libpq URI as is, the
// keyword=value form without its "postgresql://" prefix; in double quotes.
std::string conninfo_for_message(const Database& db) {
  std::string text = db.url().display;
  const std::string prefix = "postgresql://";
  if (text.rfind(prefix, 0) == 0 && text.find('=') != std::string::npos) text = text.substr(prefix.size());
  return "\"" + text + "\"";
}

std::string current_schema(Database& db) {
  std::string schema;
  soci_session(db) << "SELECT current_schema()", soci::into(schema);
  return schema;
}

}  // namespace

Status backup_sqlite(Database& db, const std::string& out) {
  if (auto s = refuse_existing(out); !s) return s;
  const fs::path target = fs::absolute(out);
  const fs::path tmp = target.parent_path() / ("." + target.filename().string() + ".partial-" + std::to_string(::getpid()));
  sqlite3* dest = nullptr;
  if (sqlite3_open_v2(tmp.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE, nullptr) !=
      SQLITE_OK) {
    const std::string why = dest ? sqlite3_errmsg(dest) : "out of memory";
    sqlite3_close(dest);
    return make_error(ErrorKind::kIo, "backup_failed", "cannot create " + tmp.string() + ": " + why);
  }
  Status copied = copy_pages(dest, native_sqlite(db), "backup to " + out);
  // A self-contained file: no -wal beside it.
  if (copied && sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    copied = make_error(ErrorKind::kIo, "backup_failed", "backup to " + out + ": " + sqlite3_errmsg(dest));
  }
  sqlite3_close(dest);
  std::error_code ec;
  if (!copied) {
    fs::remove(tmp, ec);
    return copied;
  }
  if (!fsync_path(tmp.string(), O_RDONLY)) {
    fs::remove(tmp, ec);
    return make_error(ErrorKind::kIo, "backup_failed", "cannot flush " + tmp.string() + ": " + std::strerror(errno));
  }
  // link() refuses an existing target, so a file created meanwhile is not replaced.
  if (::link(tmp.c_str(), target.c_str()) != 0) {
    const int err = errno;
    fs::remove(tmp, ec);
    if (err == EEXIST) return refuse_existing(out);
    return make_error(ErrorKind::kIo, "backup_failed", "cannot create " + out + ": " + std::strerror(err));
  }
  fs::remove(tmp, ec);
  fsync_path(target.parent_path().string(), O_RDONLY | O_DIRECTORY);
  return {};
}

Status backup_postgres(Database& db, const std::string& out) {
  if (auto s = refuse_existing(out); !s) return s;
  const std::string schema = current_schema(db);
  if (!on_path("pg_dump")) {
    return make_error(ErrorKind::kUnavailable, "pg_dump_missing",
                      "pg_dump is not installed (Debian: apt-get install postgresql-client); run instead: "
                      "pg_dump --format=custom --schema=" + schema + " --file=" + out + " --dbname=" +
                          conninfo_for_message(db));
  }
  const int rc = run({"pg_dump", "--format=custom", "--schema=" + schema, "--file=" + out,
                      "--dbname=" + db.url().connect});
  if (rc != 0) {
    std::error_code ec;
    fs::remove(out, ec);
    return make_error(ErrorKind::kIo, "backup_failed", "pg_dump failed (exit " + std::to_string(rc) + ") writing " + out);
  }
  return {};
}

std::optional<std::string> first_table(Database& db) {
  std::string name;
  if (db.backend() == Backend::kSqlite) {
    soci_session(db) << "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                        "ORDER BY name LIMIT 1",
        soci::into(name);
  } else {
    soci_session(db) << "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                        "ORDER BY table_name LIMIT 1",
        soci::into(name);
  }
  if (!soci_session(db).got_data()) return std::nullopt;
  return name;
}

Status restore_sqlite(Database& db, const std::string& file) {
  sqlite3* src = nullptr;
  if (sqlite3_open_v2(file.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    const std::string why = src ? sqlite3_errmsg(src) : "out of memory";
    sqlite3_close(src);
    return make_error(ErrorKind::kInvalid, "bad_backup", "cannot open the backup " + file + ": " + why, "file");
  }
  sqlite3_stmt* st = nullptr;
  bool migrated = false;
  if (sqlite3_prepare_v2(src, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", -1,
                         &st, nullptr) == SQLITE_OK) {
    migrated = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  if (!migrated) {
    sqlite3_close(src);
    return make_error(ErrorKind::kInvalid, "bad_backup",
                      file + " is not a Chizai backup (not a SQLite database with a schema_migrations table)", "file");
  }
  Status copied = copy_pages(native_sqlite(db), src, "restore from " + file);
  sqlite3_close(src);
  if (copied) soci_session(db) << "PRAGMA journal_mode=WAL";
  return copied;
}

Status restore_postgres(Database& db, const std::string& file) {
  if (!on_path("pg_restore")) {
    return make_error(ErrorKind::kUnavailable, "pg_dump_missing",
                      "pg_restore is not installed (Debian: apt-get install postgresql-client); run instead: "
                      "pg_restore --no-owner --exit-on-error --single-transaction --dbname=" +
                          conninfo_for_message(db) + " " + file);
  }
  // The dump creates the schema it was taken from (pg_dump --schema=…),
  // which fails when the schema already exists — as "public" always does in
  // a new database. So the schema is created here if missing, and the
  // restore runs the dump's table of contents without its SCHEMA entries.
  const fs::path dir = fs::temp_directory_path();
  const std::string listing = (dir / ("chizai-restore-" + std::to_string(::getpid()) + ".toc")).string();
  const std::string kept = listing + ".kept";
  const auto cleanup = [&] {
    std::error_code ec;
    fs::remove(listing, ec);
    fs::remove(kept, ec);
  };
  if (const int rc = run({"pg_restore", "--list", file}, listing); rc != 0) {
    cleanup();
    return make_error(ErrorKind::kIo, "restore_failed", "pg_restore could not list " + file + " (exit " + std::to_string(rc) + ")");
  }
  {
    std::ifstream in(listing);
    std::ofstream out(kept);
    std::string line;
    while (std::getline(in, line)) {
      // "5; 2615 2200 SCHEMA - public chizai": id; catalog oid; type - name owner
      const auto at = line.find(" SCHEMA - ");
      if (!line.empty() && line[0] != ';' && at != std::string::npos) {
        const std::string rest = line.substr(at + 10);
        const std::string schema = rest.substr(0, rest.find(' '));
        if (schema.empty() || schema.find('"') != std::string::npos) {
          cleanup();
          return make_error(ErrorKind::kInvalid, "bad_backup", file + " names a schema Chizai would not make: " + schema, "file");
        }
        soci_session(db) << "CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"";
        continue;
      }
      out << line << '\n';
    }
  }
  const int rc = run({"pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", "--use-list=" + kept,
                      "--dbname=" + db.url().connect, file});
  cleanup();
  if (rc != 0) return make_error(ErrorKind::kIo, "restore_failed", "pg_restore failed (exit " + std::to_string(rc) + ") reading " + file);
  return {};
}

std::vector<std::string> integrity_problems(Database& db) {
  std::vector<std::string> out;
  if (db.backend() != Backend::kSqlite) return out;
  std::string line;
  soci::statement st = (soci_session(db).prepare << "PRAGMA integrity_check", soci::into(line));
  st.execute();
  while (st.fetch()) {
    if (line != "ok") out.push_back(line);
  }
  return out;
}

}  // namespace chizai
