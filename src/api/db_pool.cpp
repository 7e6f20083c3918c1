#include "api/db_pool.h"

namespace chizai::api {

void DbPool::put(Conn db) {
  std::lock_guard lock(m_);
  free_.push_back(std::move(db));
  ++open_;
}

Conn DbPool::acquire() {
  {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return !free_.empty() || open_ < size_; });
    if (!free_.empty()) {
      Conn c = std::move(free_.back());
      free_.pop_back();
      return c;
    }
    ++open_;  // reserve a slot, open outside the lock
  }
  try {
    return Database::open(url_);
  } catch (...) {
    std::lock_guard lock(m_);
    --open_;
    cv_.notify_one();
    throw;
  }
}

void DbPool::release(Conn c, bool broken) {
  if (broken) c.reset();
  std::lock_guard lock(m_);
  if (!c) {
    --open_;
  } else {
    free_.push_back(std::move(c));
  }
  cv_.notify_one();
}

Lease::~Lease() {
  if (conn_ && conn_->in_transaction()) {
    broken_ = true;  // an unbalanced transaction: do not hand the session on
  }
  pool_.release(std::move(conn_), broken_);
}

}  // namespace chizai::api
