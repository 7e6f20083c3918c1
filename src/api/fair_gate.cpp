#include "api/fair_gate.h"

namespace chizai::api {

void FairGate::enter() {
  std::shared_ptr<Waiter> w;
  {
    std::lock_guard lock(m_);
    if (free_ > 0 && waiting_.empty()) {
      --free_;
      return;
    }
    w = std::make_shared<Waiter>();
    waiting_.push_back(w);
  }
  std::unique_lock lock(w->m);
  w->cv.wait(lock, [&] { return w->admitted; });
}

void FairGate::leave() {
  std::shared_ptr<Waiter> next;  // shared: outlives the waiter's return
  {
    std::lock_guard lock(m_);
    if (waiting_.empty()) {
      ++free_;
      return;
    }
    next = std::move(waiting_.front());
    waiting_.pop_front();
  }
  {
    std::lock_guard lock(next->m);
    next->admitted = true;
  }
  next->cv.notify_one();
}

}  // namespace chizai::api
