#include "store/database.h"
#include "store/session.h"

#include <soci/soci.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <mutex>

namespace chizai {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string without_password(std::string_view url) {
  std::string s(url);
  // key=value form: hide password=…
  if (auto p = s.find("password="); p != std::string::npos) {
    auto end = s.find(' ', p);
    s.replace(p, (end == std::string::npos ? s.size() : end) - p, "password=***");
  }
  // URI form: user:secret@host
  if (auto at = s.find('@'); at != std::string::npos) {
    auto scheme = s.find("://");
    auto colon = s.find(':', scheme == std::string::npos ? 0 : scheme + 3);
    if (colon != std::string::npos && colon < at) s.replace(colon + 1, at - colon - 1, "***");
  }
  return s;
}

// A libpq connection URI (postgresql://user:secret@host:port/db?options) as
// the key=value string SOCI's backend passes on (SOCI 4.0.3 takes the URI
// form for key=value and connects to the wrong database). libpq parses it,
// so every URI feature (percent-encoding, several hosts, ?sslmode=) means
// what PostgreSQL's documentation says.
Result<std::string> postgres_key_value(const std::string& uri, const std::string& display) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(uri.c_str(), &err);
  if (options == nullptr) {
    std::string why = err ? err : "libpq cannot parse it";
    if (err) PQfreemem(err);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return make_error(ErrorKind::kInvalid, "bad_db_url", "bad PostgreSQL URI '" + display + "': " + why, "db");
  }
  std::string out;
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0') continue;
    std::string value;
    for (const char* c = o->val; *c; ++c) {
      if (*c == '\'' || *c == '\\') value += '\\';
      value += *c;
    }
    if (!out.empty()) out += ' ';
    out += std::string(o->keyword) + "='" + value + "'";
  }
  PQconninfoFree(options);
  return out;
}

}  // namespace

Result<DbUrl> parse_db_url(std::string_view url) {
  DbUrl out;
  out.display = without_password(url);
  if (starts_with(url, "sqlite3://") || starts_with(url, "sqlite://")) {
    std::string path(url.substr(url.find("://") + 3));
    if (path.empty()) return make_error(ErrorKind::kInvalid, "bad_db_url", "sqlite3:// needs a file path", "db");
    if (path.find_first_of(" \t\"'") != std::string::npos) {
      return make_error(ErrorKind::kInvalid, "bad_db_url", "the SQLite path must not contain spaces or quotes: " + path,
                        "db");
    }
    out.backend = Backend::kSqlite;
    out.path = path;
    out.connect = "db=" + path + " timeout=30 shared_cache=false";
    return out;
  }
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
    out.backend = Backend::kPostgres;
    std::string rest(url.substr(url.find("://") + 3));
    if (rest.empty()) return make_error(ErrorKind::kInvalid, "bad_db_url", "postgresql:// needs connection details", "db");
    // SOCI's key=value form has '=' before any '/'; a libpq URI does not.
    const auto eq = rest.find('=');
    const auto slash = rest.find('/');
    const bool key_value = eq != std::string::npos && (slash == std::string::npos || eq < slash) &&
                           rest.find('@') == std::string::npos;
    if (key_value) {
      out.connect = rest;
      return out;
    }
    auto connect = postgres_key_value(std::string(url), out.display);
    if (!connect) return connect.error();
    out.connect = std::move(connect).value();
    return out;
  }
  return make_error(ErrorKind::kInvalid, "bad_db_url",
                    "unknown database URL '" + out.display +
                        "': use sqlite3://PATH or postgresql://…",
                    "db");
}

Database::Database(DbUrl url) : url_(std::move(url)) {}
Database::~Database() = default;

std::unique_ptr<Database> Database::open(const DbUrl& url) {
  std::unique_ptr<Database> db(new Database(url));
  try {
    if (url.backend == Backend::kSqlite) {
      const std::filesystem::path parent = std::filesystem::path(url.path).parent_path();
      if (!parent.empty() && !std::filesystem::exists(parent)) {
        throw StoreError(StoreError::Kind::kUnavailable,
                         "the directory of the SQLite database does not exist: " + parent.string());
      }
      // Before SQLite's first use in the process: no global allocation
      // statistics, whose mutex every allocation of every connection takes
      // (the server's pooled connections contended on it); and no mutex
      // around each call on a connection (Debian builds "serialized"): a
      // Database is used by one thread at a time (the server's pool hands a
      // connection to one request at a time), so each sqlite3_column_* of
      // every row paid a lock for nothing. SOCI's backend uses this same
      // libsqlite3. Refused (and harmless) once SQLite is initialised.
      static std::once_flag sqlite_configured;
      std::call_once(sqlite_configured, [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
      });
      db->session_ = std::make_unique<soci::session>("sqlite3", url.connect);
      soci::session& s = *db->session_;
      s << "PRAGMA journal_mode=WAL";
      s << "PRAGMA foreign_keys=ON";
      s << "PRAGMA synchronous=FULL";
      s << "PRAGMA busy_timeout=30000";
      // 128 MiB of page cache (the default is 2 MiB): large imports update
      // several indexes in random key order and would otherwise re-read
      // index pages from the OS for nearly every row.
      s << "PRAGMA cache_size=-131072";
      s << "PRAGMA temp_store=MEMORY";
      // Reads through a shared memory map of the file (up to 1 GiB of it)
      // instead of copying every page into each connection's own cache: the
      // server's pooled connections otherwise each grow a private copy of
      // the hot pages, and their allocations serialise on SQLite's and
      // malloc's locks (scripts/bench.sh api: GET /patents/{number}).
      s << "PRAGMA mmap_size=1073741824";
    } else {
      db->session_ = std::make_unique<soci::session>("postgresql", url.connect);
      *db->session_ << "SET client_min_messages TO WARNING";
    }
  } catch (const StoreError&) {
    throw;
  } catch (const std::exception& e) {
    throw StoreError(StoreError::Kind::kUnavailable,
                     "cannot open database " + url.display + ": " + e.what());
  }
  return db;
}

namespace {
std::string savepoint(int depth) { return "chizai_sp" + std::to_string(depth); }

// The outermost transaction's statements, prepared once per connection: a
// server request that reads in one snapshot (BEGIN … ROLLBACK) would
// otherwise prepare both anew each time.
//
// A read is one snapshot on both backends: SQLite's deferred BEGIN takes it
// at the first read; PostgreSQL's default (READ COMMITTED) would give each
// query its own, so a statement could add up rows of two different moments.
// READ ONLY makes a write slipped into a read fail loudly.
struct TransactionStatements {
  explicit TransactionStatements(Database& db)
      : begin_read((soci_session(db).prepare << (db.backend() == Backend::kSqlite
                                              ? "BEGIN"
                                              : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"))),
        begin_write((soci_session(db).prepare << (db.backend() == Backend::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN"))),
        commit((soci_session(db).prepare << "COMMIT")),
        rollback((soci_session(db).prepare << "ROLLBACK")) {}
  soci::statement begin_read, begin_write, commit, rollback;
};
}  // namespace

namespace {
struct DataVersionStatement {
  explicit DataVersionStatement(Database& db)
      : statement((soci_session(db).prepare << "PRAGMA data_version", soci::into(version))) {}
  long long version = 0;
  soci::statement statement;
};
}  // namespace

std::optional<long long> Database::data_version() {
  if (backend() != Backend::kSqlite) return std::nullopt;
  auto& s = kept<DataVersionStatement>();
  if (!s.statement.execute(true)) {
    throw StoreError(StoreError::Kind::kOther, "PRAGMA data_version returned no row");
  }
  const long long version = s.version;
  // Step to the end: a statement left mid-result would hold its read lock
  // outside a transaction.
  while (s.statement.fetch()) {
  }
  return version;
}

void Database::begin_write() {
  if (depth_ > 0) {
    *session_ << "SAVEPOINT " + savepoint(depth_);
    facts_marks_.push_back(facts_pending_.size());
  } else {
    kept<TransactionStatements>().begin_write.execute(true);
    facts_pending_.clear();
    facts_marks_.clear();
  }
  ++depth_;
}

void Database::begin_read() {
  if (depth_ > 0) {
    *session_ << "SAVEPOINT " + savepoint(depth_);
    facts_marks_.push_back(facts_pending_.size());
  } else {
    kept<TransactionStatements>().begin_read.execute(true);
    facts_pending_.clear();
    facts_marks_.clear();
  }
  ++depth_;
}

// Hands the collected ids to the hook until none is left (the hook's own
// writes may change facts too), inside the still open outermost transaction.
void Database::run_facts_hook() {
  while (facts_hook_ && !facts_pending_.empty()) {
    std::vector<long long> ids = std::move(facts_pending_);
    facts_pending_.clear();
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    facts_hook_(*this, ids);
  }
}

void Database::commit() {
  if (depth_ <= 0) return;
  if (depth_ == 1) {
    // Before COMMIT: a throw leaves the transaction open for the caller's
    // rollback (WriteTransaction's destructor).
    run_facts_hook();
  }
  --depth_;
  if (depth_ > 0) {
    *session_ << "RELEASE SAVEPOINT " + savepoint(depth_);
    if (!facts_marks_.empty()) facts_marks_.pop_back();
  } else {
    kept<TransactionStatements>().commit.execute(true);
  }
}

void Database::rollback() {
  if (depth_ <= 0) return;
  --depth_;
  if (depth_ > 0) {
    if (!facts_marks_.empty()) {
      facts_pending_.resize(std::min(facts_pending_.size(), facts_marks_.back()));
      facts_marks_.pop_back();
    }
    *session_ << "ROLLBACK TO SAVEPOINT " + savepoint(depth_);
    *session_ << "RELEASE SAVEPOINT " + savepoint(depth_);
  } else {
    facts_pending_.clear();
    facts_marks_.clear();
    kept<TransactionStatements>().rollback.execute(true);
  }
}

StoreError Database::classify(const std::exception& e) {
  if (auto* se = dynamic_cast<const StoreError*>(&e)) return *se;
  const std::string msg = e.what();
  auto has = [&](const char* needle) { return msg.find(needle) != std::string::npos; };
  if (has("UNIQUE constraint") || has("FOREIGN KEY constraint") || has("CHECK constraint") ||
      has("NOT NULL constraint") || has("23505") || has("23503") || has("23514") ||
      has("duplicate key") || has("violates")) {
    return StoreError(StoreError::Kind::kConstraint, msg);
  }
  if (has("database is locked") || has("40001") || has("40P01")) {
    return StoreError(StoreError::Kind::kLocked, msg);
  }
  if (has("Cannot establish connection") || has("connection") || has("unable to open")) {
    return StoreError(StoreError::Kind::kUnavailable, msg);
  }
  return StoreError(StoreError::Kind::kOther, msg);
}

}  // namespace chizai
