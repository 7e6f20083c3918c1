// A database connection chosen at run time from a URL: SQLite (embedded
// default) or PostgreSQL (production). SOCI is linked through soci_core only;
// the backend library is loaded when the session opens.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace soci {
class session;
}

namespace chizai {

enum class Backend { kSqlite, kPostgres };

struct DbUrl {
  Backend backend = Backend::kSqlite;
  std::string connect;  // the SOCI connect string for the backend
  std::string path;     // SQLite file path (empty for PostgreSQL)
  std::string display;  // the URL without any password, for messages
};

// Parses "sqlite3://PATH", "postgresql://host=… dbname=…" (SOCI form) or
// "postgresql://user@host:port/db" (libpq URI; "postgres://" too).
Result<DbUrl> parse_db_url(std::string_view url);

// What went wrong talking to the database, classified for the doors.
class StoreError : public std::runtime_error {
 public:
  enum class Kind { kUnavailable, kConstraint, kConflict, kLocked, kOther };
  StoreError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class Database {
 public:
  // Opens and configures a session: on SQLite WAL, foreign_keys=ON,
  // synchronous=FULL and a busy timeout. Throws StoreError(kUnavailable).
  static std::unique_ptr<Database> open(const DbUrl& url);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Backend backend() const { return url_.backend; }
  const DbUrl& url() const { return url_; }

  // Transactions. Writers take the write lock up front (BEGIN IMMEDIATE on
  // SQLite) so a read-then-write transaction cannot fail half-way. A
  // transaction begun inside another is a savepoint: its commit keeps its
  // work for the outer one to commit, its rollback undoes only its own work.
  // So a service (one transaction) can run inside a batch (one transaction
  // for many operations, all or nothing).
  void begin_write();
  void begin_read();
  void commit();
  void rollback();
  bool in_transaction() const { return depth_ > 0; }

  // Facts changed (the docket's: what store/docket_facts_store.h reads — a
  // patent's record, owners, priority claims, its owners' kinds and
  // countries, its aggregation, its events). The stores that write such a
  // fact call facts_changed(patent_id) inside the write transaction; the
  // ids are collected (a savepoint rolled back drops its own) and, when the
  // outermost write transaction commits, the hook is called once with every
  // distinct id (ascending) before COMMIT. So a bulk import calls it once,
  // at the end, for every patent it touched. The hook runs inside the
  // transaction: a throw aborts the commit (the caller's WriteTransaction
  // then rolls the write back). Facts changed by the hook itself are handed
  // to it again. No hook (the default): the ids are dropped.
  using FactsHook = std::function<void(Database&, const std::vector<long long>& patent_ids)>;
  void set_facts_hook(FactsHook hook) { facts_hook_ = std::move(hook); }
  bool has_facts_hook() const { return static_cast<bool>(facts_hook_); }
  void facts_changed(long long patent_id) {
    if (facts_hook_ && depth_ > 0) facts_pending_.push_back(patent_id);
  }

  // SQLite's PRAGMA data_version: a number that changes when another
  // connection (of this process or any other) has committed since this
  // connection last asked. Inside a read transaction the first call takes
  // the transaction's snapshot, so the number describes what the
  // transaction reads. Nothing on PostgreSQL, which has no such counter.
  // The server's read cache (api/read_cache.h) is built on it.
  std::optional<long long> data_version();

  // Runs `fn` and rethrows any SOCI error as a classified StoreError.
  static StoreError classify(const std::exception& e);

  // An object kept as long as this connection, made from it on first use:
  // prepared statements that a hot read path reuses instead of preparing
  // anew each time (the server's pooled connections live as long as the
  // server; on SQLite, preparing cost more than running the query). One per
  // type T, which must be constructible from Database&. Not thread-safe: a
  // connection is used by one thread at a time.
  template <class T>
  T& kept() {
    std::shared_ptr<void>& slot = kept_[std::type_index(typeid(T))];
    if (!slot) slot = std::make_shared<T>(*this);
    return *static_cast<T*>(slot.get());
  }

 private:
  explicit Database(DbUrl url);
  // The session is the stores' alone (store/session.h): no door or service
  // can reach SQL through a Database.
  friend soci::session& soci_session(Database& db);
  DbUrl url_;
  std::unique_ptr<soci::session> session_;
  int depth_ = 0;  // nesting of open transactions (>1: savepoints)
  FactsHook facts_hook_;
  std::vector<long long> facts_pending_;  // facts_changed ids of the open transaction
  std::vector<std::size_t> facts_marks_;  // facts_pending_'s size when each savepoint began
  void run_facts_hook();
  // Declared after session_, so destroyed before it (statements need their session).
  std::unordered_map<std::type_index, std::shared_ptr<void>> kept_;
};

// RAII write transaction: commits on commit(), rolls back otherwise.
class WriteTransaction {
 public:
  explicit WriteTransaction(Database& db) : db_(db) { db_.begin_write(); }
  ~WriteTransaction() {
    if (!done_) {
      try {
        db_.rollback();
      } catch (...) {
        // A failed rollback leaves the transaction to the server, which
        // discards it when the session closes.
      }
    }
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit() {
    db_.commit();
    done_ = true;
  }
  void rollback() {
    db_.rollback();
    done_ = true;
  }

 private:
  Database& db_;
  bool done_ = false;
};

// A read-only transaction for reads made of several queries (one consistent
// snapshot), unless the caller already holds a transaction.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Database& db) : db_(db), mine_(!db.in_transaction()) {
    if (mine_) db_.begin_read();
  }
  ~ReadSnapshot() {
    if (!mine_) return;
    try {
      db_.rollback();
    } catch (...) {
      // Nothing was written; the server drops the transaction with the session.
    }
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Database& db_;
  bool mine_;
};

}  // namespace chizai
