#include "api/reactor.h"

#include <Poco/Net/StreamSocketImpl.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "api/errors.h"
#include "api/head_scan.h"
#include "api/reactor_util.h"
#include "api/static_files.h"

namespace chizai::api {

namespace {

using Clock = std::chrono::steady_clock;

// A connection as the reactor keeps it.
struct Slot {
  int fd = -1;
  std::unique_ptr<ClientConnection> conn;
  std::string address;
  bool in_worker = false;  // queued for or served by a worker: the reactor does not touch it
  bool idle = false;       // between requests, no byte of the next one yet
  bool fresh = true;       // no request yet: its head's deadline runs from the accept
  bool draining = false;   // a refusal was sent: drop what comes, then close
  Clock::time_point deadline;
  std::string refusal;     // a head refused before a worker read it
  bool large_body = false; // its worker reads a large or chunked body (counted in large_readers)
  ClientConnection::After after = ClientConnection::After::kClose;
};

}  // namespace

struct Reactor::Impl {
  Poco::Net::ServerSocket& listener;
  ReactorLimits limits;
  Poco::Net::HTTPServerParams::Ptr params;
  RequestHandler& handler;
  int listen_fd = -1;
  int epfd = -1;
  int wake_fd = -1;
  std::thread loop;
  std::vector<std::thread> workers;
  std::atomic<bool> stopping{false};
  std::atomic<bool> stop_accept_asked{false};
  bool listening = false;  // the reactor thread's own view
  std::optional<Clock::time_point> paused_until;  // accepting paused: out of file descriptors

  // The reactor thread's alone.
  std::unordered_map<int, std::unique_ptr<Slot>> slots;
  std::unordered_map<std::string, int> per_address;
  std::vector<char> peek;
  Clock::time_point last_sweep = Clock::now();
  const std::string too_many = canned_reply(503, "Service Unavailable", "too_many_connections",
                                            "too many connections are open; try again in a moment");
  std::string slow_head;

  // Shared with the workers.
  mutable std::mutex m;
  std::condition_variable ready_cv;
  std::condition_variable accept_cv;
  std::deque<Slot*> ready;
  std::vector<Slot*> returned;
  bool workers_exit = false;
  bool accept_stopped = false;

  std::atomic<std::size_t> open{0}, waiting{0}, refused{0}, timed_out{0};
  std::atomic<int> large_readers{0};
  const std::string busy = canned_reply(503, "Service Unavailable", "server_busy",
                                        "too many large request bodies are being received at once; try again in a moment");

  Impl(Poco::Net::ServerSocket& l, ReactorLimits lim, Poco::Net::HTTPServerParams::Ptr p, RequestHandler& h)
      : listener(l), limits(std::move(lim)), params(std::move(p)), handler(h) {
    peek.resize(limits.max_head_bytes + limits.small_body_bytes);
    slow_head = canned_reply(408, "Request Timeout", "request_timeout",
                             "the request head did not arrive within " + std::to_string(limits.header_timeout.count()) +
                                 " seconds (api.header_timeout_seconds)");
  }

  void wake() const {
    const std::uint64_t one = 1;
    (void)!::write(wake_fd, &one, sizeof one);
  }

  bool watch(Slot& s) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLET | EPOLLRDHUP;
    ev.data.fd = s.fd;
    return ::epoll_ctl(epfd, EPOLL_CTL_ADD, s.fd, &ev) == 0;
  }

  void close_slot(int fd) {
    auto it = slots.find(fd);
    if (it == slots.end()) return;
    Slot& s = *it->second;
    if (!s.in_worker) {
      (void)::epoll_ctl(epfd, EPOLL_CTL_DEL, fd, nullptr);
      --waiting;
    }
    if (auto a = per_address.find(s.address); a != per_address.end() && --a->second <= 0) per_address.erase(a);
    --open;
    slots.erase(it);  // the connection's socket closes with it
  }

  bool exempt(const std::string& address) const {
    return std::find(limits.exempt_addresses.begin(), limits.exempt_addresses.end(), address) !=
           limits.exempt_addresses.end();
  }

  void accept_all() {
    while (listening) {
      sockaddr_storage addr{};
      socklen_t len = sizeof addr;
      const int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          // Out of descriptors: the listener would stay readable and spin
          // the loop. Stop watching it for a moment (sweep() resumes).
          (void)::epoll_ctl(epfd, EPOLL_CTL_DEL, listen_fd, nullptr);
          listening = false;
          paused_until = Clock::now() + std::chrono::milliseconds(100);
        }
        return;  // EAGAIN: all accepted
      }
      std::string address = peer_address(addr);
      const bool over_total = open.load() >= static_cast<std::size_t>(limits.max_connections);
      const bool over_address = !exempt(address) && per_address[address] >= limits.max_connections_per_address;
      if (over_total || over_address) {
        if (per_address[address] == 0) per_address.erase(address);
        ++refused;
        send_and_close(fd, too_many);
        continue;
      }
      const int on = 1;
      (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
      auto slot = std::make_unique<Slot>();
      slot->fd = fd;
      slot->address = std::move(address);
      slot->deadline = Clock::now() + limits.header_timeout;
      slot->idle = true;  // nothing sent yet: closed without a word at the deadline
      try {
        slot->conn = std::make_unique<ClientConnection>(
            Poco::Net::StreamSocket(new Poco::Net::StreamSocketImpl(fd)), params);
      } catch (...) {
        ::close(fd);
        continue;
      }
      if (!watch(*slot)) continue;  // the slot's destructor closes the socket
      ++per_address[slot->address];
      ++open;
      ++waiting;
      slots.emplace(fd, std::move(slot));
    }
  }

  void dispatch(Slot& s, std::string refusal) {
    (void)::epoll_ctl(epfd, EPOLL_CTL_DEL, s.fd, nullptr);
    --waiting;
    s.in_worker = true;
    s.refusal = std::move(refusal);
    {
      std::lock_guard lock(m);
      if (ready.size() < static_cast<std::size_t>(limits.max_queued)) {
        ready.push_back(&s);
        ready_cv.notify_one();
        return;
      }
    }
    ++refused;  // every worker busy and the queue full: as Poco's TCPServer did, drop it
    if (s.large_body) {
      s.large_body = false;
      --large_readers;
    }
    s.in_worker = false;
    ++waiting;  // close_slot counts it out of the waiting ones
    close_slot(s.fd);
  }

  void on_event(int fd, std::uint32_t events) {
    auto it = slots.find(fd);
    if (it == slots.end()) return;
    Slot& s = *it->second;
    if (s.in_worker) return;
    if (events & (EPOLLERR | EPOLLHUP)) {
      close_slot(fd);
      return;
    }
    if (s.draining) {
      char buf[16384];
      for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n > 0) continue;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        close_slot(fd);
        return;
      }
    }
    ssize_t n;
    do {
      n = ::recv(fd, peek.data(), peek.size(), MSG_PEEK | MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
      close_slot(fd);  // the client closed (or the connection failed) between requests
      return;
    }
    if (n < 0) return;
    if (s.idle) {
      // The first byte of a request: its head has header_timeout from now
      // on a kept-alive connection (the idle limit no longer applies); a new
      // connection's deadline already runs from its accept.
      s.idle = false;
      if (!s.fresh) s.deadline = Clock::now() + limits.header_timeout;
    }
    s.fresh = false;
    const auto got = static_cast<std::size_t>(n);
    const HeadScan scan = scan_head(std::string_view(peek.data(), got), limits.max_head_bytes);
    switch (scan.state) {
      case HeadScan::State::kIncomplete:
        if (events & EPOLLRDHUP) close_slot(fd);  // the client will send no more
        return;
      case HeadScan::State::kComplete:
        if (!scan.other_body && scan.content_length <= limits.small_body_bytes) {
          if (got < scan.length + scan.content_length) {  // the rest of a small body is on its way
            if (events & EPOLLRDHUP) close_slot(fd);
            return;
          }
          dispatch(s, "");
          return;
        }
        if (large_readers.load() >= limits.large_body_workers) {
          ++refused;
          (void)::send(fd, busy.data(), busy.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
          close_slot(fd);
          return;
        }
        ++large_readers;
        s.large_body = true;
        dispatch(s, "");
        return;
      case HeadScan::State::kTooLarge:
      case HeadScan::State::kMalformed:
        dispatch(s, scan.reason);
        return;
    }
  }

  void take_returned() {
    std::vector<Slot*> back;
    {
      std::lock_guard lock(m);
      back.swap(returned);
    }
    const auto now = Clock::now();
    for (Slot* s : back) {
      s->in_worker = false;
      ++waiting;
      if (stopping || s->after == ClientConnection::After::kClose) {
        close_slot(s->fd);
        continue;
      }
      s->refusal.clear();
      if (s->after == ClientConnection::After::kDrain) {
        s->draining = true;
        s->deadline = now + std::chrono::seconds(2);
      } else {
        s->idle = true;
        s->deadline = now + limits.keep_alive;
      }
      if (!watch(*s)) close_slot(s->fd);
    }
  }

  void sweep() {
    const auto now = Clock::now();
    last_sweep = now;
    if (paused_until && now >= *paused_until) {
      paused_until.reset();
      if (!stop_accept_asked && !stopping) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = listen_fd;
        listening = ::epoll_ctl(epfd, EPOLL_CTL_ADD, listen_fd, &ev) == 0;
      }
    }
    std::vector<int> expired;
    for (const auto& [fd, s] : slots) {
      if (!s->in_worker && now >= s->deadline) expired.push_back(fd);
    }
    for (const int fd : expired) {
      Slot& s = *slots[fd];
      if (!s.draining) ++timed_out;
      if (!s.idle && !s.draining) {
        // Part of a head, and no more within the deadline: say so.
        (void)::send(fd, slow_head.data(), slow_head.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
      }
      close_slot(fd);
    }
  }

  void stop_listening() {
    if (listening) {
      (void)::epoll_ctl(epfd, EPOLL_CTL_DEL, listen_fd, nullptr);
      listening = false;
    }
    std::lock_guard lock(m);
    accept_stopped = true;
    accept_cv.notify_all();
  }

  void run() {
    std::vector<epoll_event> events(256);
    bool shut = false;
    bool accept_done = false;
    for (;;) {
      if ((stop_accept_asked || stopping) && !accept_done) {
        stop_listening();
        accept_done = true;
      }
      if (stopping && !shut) {
        // Every connection between requests closes now; those in a worker
        // are shut down (their request fails fast) and close when handed back.
        shut = true;
        std::vector<int> fds;
        for (const auto& [fd, s] : slots) {
          if (s->in_worker) {
            ::shutdown(fd, SHUT_RDWR);
          } else {
            fds.push_back(fd);
          }
        }
        for (const int fd : fds) close_slot(fd);
      }
      if (stopping && slots.empty()) return;
      const int n = ::epoll_wait(epfd, events.data(), static_cast<int>(events.size()), 100);
      for (std::size_t i = 0; i < static_cast<std::size_t>(std::max(n, 0)); ++i) {
        const int fd = events[i].data.fd;
        if (fd == listen_fd) {
          accept_all();
        } else if (fd == wake_fd) {
          std::uint64_t count = 0;
          (void)!::read(wake_fd, &count, sizeof count);
          take_returned();
        } else {
          on_event(fd, events[i].events);
        }
      }
      if (Clock::now() - last_sweep >= std::chrono::milliseconds(100)) sweep();
    }
  }

  // The next request's head is already whole on `fd` (the worker looks
  // before handing a connection back, see ReactorLimits::linger).
  bool next_head_here(int fd) {
    pollfd p{fd, POLLIN, 0};
    const auto ms = std::chrono::duration_cast<std::chrono::microseconds>(limits.linger).count();
    timespec ts{0, static_cast<long>(ms * 1000)};
    if (::ppoll(&p, 1, &ts, nullptr) != 1 || !(p.revents & POLLIN)) return false;
    thread_local std::vector<char> buf;
    buf.resize(16384);
    const ssize_t n = ::recv(fd, buf.data(), buf.size(), MSG_PEEK | MSG_DONTWAIT);
    if (n <= 0) return false;
    // Only a request the reactor would hand over at once: its head and
    // (small) body all here. Anything else goes back through the reactor.
    const auto got = static_cast<std::size_t>(n);
    const HeadScan scan = scan_head(std::string_view(buf.data(), got), std::min(limits.max_head_bytes, got));
    return scan.state == HeadScan::State::kComplete && !scan.other_body &&
           scan.length + scan.content_length <= got;
  }

  void work() {
    for (;;) {
      Slot* s = nullptr;
      {
        std::unique_lock lock(m);
        ready_cv.wait(lock, [&] { return workers_exit || !ready.empty(); });
        if (ready.empty()) return;
        s = ready.front();
        ready.pop_front();
      }
      ClientConnection::After after;
      try {
        if (!s->refusal.empty()) {
          s->conn->refuse(handler, s->refusal);
          after = ClientConnection::After::kDrain;
        } else {
          for (;;) {
            after = s->conn->serve(handler, stopping);
            if (after != ClientConnection::After::kKeepAlive || stopping || limits.linger.count() == 0) break;
            bool alone;
            {
              std::lock_guard lock(m);
              alone = ready.empty();
            }
            if (!alone || !next_head_here(s->fd)) break;
          }
        }
      } catch (...) {
        after = ClientConnection::After::kClose;
      }
      if (s->large_body) {
        s->large_body = false;
        --large_readers;
      }
      s->after = after;
      {
        std::lock_guard lock(m);
        returned.push_back(s);
      }
      wake();
    }
  }
};

Reactor::Reactor(Poco::Net::ServerSocket& listener, ReactorLimits limits, Poco::Net::HTTPServerParams::Ptr params,
                 RequestHandler& handler)
    : impl_(std::make_unique<Impl>(listener, std::move(limits), std::move(params), handler)) {}

Reactor::~Reactor() {
  try {
    stop();
  } catch (...) {
  }
  if (impl_->epfd >= 0) ::close(impl_->epfd);
  if (impl_->wake_fd >= 0) ::close(impl_->wake_fd);
}

void Reactor::start() {
  Impl& r = *impl_;
  if (r.loop.joinable()) return;
  r.listen_fd = r.listener.impl()->sockfd();
  const int flags = ::fcntl(r.listen_fd, F_GETFL, 0);
  if (flags < 0 || ::fcntl(r.listen_fd, F_SETFL, flags | O_NONBLOCK) < 0) {
    throw std::runtime_error("chizai serve: cannot make the listening socket non-blocking");
  }
  r.epfd = ::epoll_create1(EPOLL_CLOEXEC);
  r.wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (r.epfd < 0 || r.wake_fd < 0) throw std::runtime_error("chizai serve: cannot create the connection reactor");
  for (const int fd : {r.listen_fd, r.wake_fd}) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    if (::epoll_ctl(r.epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
      throw std::runtime_error("chizai serve: cannot watch the listening socket");
    }
  }
  raise_file_limit(static_cast<std::size_t>(r.limits.max_connections) + 256);
  r.listening = true;
  for (int i = 0; i < r.limits.threads; ++i) r.workers.emplace_back([&r] { r.work(); });
  r.loop = std::thread([&r] { r.run(); });
}

void Reactor::stop_accepting() {
  Impl& r = *impl_;
  if (!r.loop.joinable()) return;
  r.stop_accept_asked = true;
  r.wake();
  std::unique_lock lock(r.m);
  r.accept_cv.wait(lock, [&] { return r.accept_stopped; });
}

void Reactor::stop() {
  Impl& r = *impl_;
  if (!r.loop.joinable()) return;
  r.stopping = true;
  r.wake();
  r.loop.join();
  {
    std::lock_guard lock(r.m);
    r.workers_exit = true;
  }
  r.ready_cv.notify_all();
  for (auto& t : r.workers) t.join();
  r.workers.clear();
}

ReactorCounts Reactor::counts() const {
  return ReactorCounts{impl_->open.load(), impl_->waiting.load(), impl_->refused.load(), impl_->timed_out.load()};
}

}  // namespace chizai::api
