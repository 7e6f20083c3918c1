// The server's database connections: a pool of at most one per worker
// thread, opened on demand, and the lease a request holds one by.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "store/database.h"

namespace chizai::api {

// A pooled connection. What a request prepares on it for reuse (the token
// check, the hot reads) is kept on the Database itself (Database::kept).
using Conn = std::unique_ptr<Database>;

class DbPool {
 public:
  // At most `size` connections to `url` open at once.
  DbPool(DbUrl url, std::size_t size) : url_(std::move(url)), size_(size) {}

  // Adds an open connection (the one the server checked migrations on).
  void put(Conn db);

  // Returns a free connection, opening one when fewer than `size` are
  // open, else waits for one. Throws StoreError when it cannot be opened.
  Conn acquire();

  // Gives `c` back. `broken`: the connection failed; drop it (a fresh one
  // opens on demand).
  void release(Conn c, bool broken);

 private:
  DbUrl url_;
  std::size_t size_;
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<Conn> free_;
  std::size_t open_ = 0;
};

// One request's connection, given back to the pool when the lease ends; a
// connection left inside a transaction, or marked broken, is dropped.
class Lease {
 public:
  explicit Lease(DbPool& pool) : pool_(pool), conn_(pool.acquire()) {}
  ~Lease();
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  Database& db() { return *conn_; }
  void mark_broken() { broken_ = true; }

 private:
  DbPool& pool_;
  Conn conn_;
  bool broken_ = false;
};

}  // namespace chizai::api
