// The fair gate: at most `n` authenticated requests run at once
// (api.active_requests); the others wait their turn, first come first
// served.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>

namespace chizai::api {

// At most `n` holders at once; the others wait in arrival order, each on its
// own condition variable, and a leaving holder hands its place to the first
// waiter directly (no thundering herd, no overtaking). The hand-over is made
// after the gate's mutex is released, and the waiter sleeps on a mutex of its
// own: woken under the gate's lock, every admitted request first queued again
// for the mutex its waker still held (the server's busiest futex under load).
// (std::binary_semaphore was tried instead: libstdc++ spins with sched_yield
// before sleeping, which cost 17% of the server's CPU with 64 workers.)
class FairGate {
 public:
  explicit FairGate(std::size_t n) : free_(n) {}
  // Returns once the caller holds a place (at once when one is free and
  // nobody waits).
  void enter();
  // Gives the caller's place to the first waiter, or frees it.
  // REQUIRES: the caller entered.
  void leave();

 private:
  struct Waiter {
    std::mutex m;
    std::condition_variable cv;
    bool admitted = false;
  };
  std::mutex m_;
  std::size_t free_;
  std::deque<std::shared_ptr<Waiter>> waiting_;
};

// A place in `gate` for as long as it lives; no gate (null): no wait.
class GatePass {
 public:
  explicit GatePass(FairGate* gate) : gate_(gate) {
    if (gate_) gate_->enter();
  }
  ~GatePass() {
    if (gate_) gate_->leave();
  }
  GatePass(const GatePass&) = delete;
  GatePass& operator=(const GatePass&) = delete;

 private:
  FairGate* gate_;
};

}  // namespace chizai::api
