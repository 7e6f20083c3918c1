// A read transaction held for a scope, without SOCI (for the server too).
#pragma once

#include "store/database.h"

namespace chizai {

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
