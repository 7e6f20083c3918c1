// The connection reactor of `chizai serve`: one thread (epoll) accepts
// connections and watches every one that is between requests, so that
// accepting, waiting and reading a head never occupy a worker.
//
// Why not Poco's TCPServer: it gives each connection a worker thread from
// accept to close, so `api.threads` clients that connect and send nothing
// (or trickle a header a byte at a time) stopped every route, /healthz
// included (issue 23 §8). Poco 1.11's SocketReactor and PollSet offer no
// way to wake the poll from a worker (handing a connection back) and no
// deadlines; epoll with an eventfd is a page of code on this Linux-only product.
//
// A connection waits in the reactor until the whole head of its next
// request is in the kernel's receive buffer (peeked, not read: the worker's
// Poco session then reads it as usual), then is queued for a worker, which
// serves it and hands it back (keep-alive) or closes it. Limits:
//   - header deadline (api.header_timeout_seconds) from the connection's
//     first byte, or from its accept, to the end of the head — and of its
//     body, when that is small (ReactorLimits::small_body_bytes);
//   - idle limit between requests (api.keep_alive_seconds);
//   - head size (api.max_head_bytes), framing checked (head_scan.h);
//   - connections per client address (api.max_connections_per_address;
//     addresses in api.proxy_addresses are exempt) and in all
//     (api.max_connections), refused with 503 and the API's error body.
#pragma once

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "api/connection.h"
#include "api/connection_counts.h"

namespace chizai::api {

struct ReactorLimits {
  int threads = 8;                       // workers
  int max_queued = 256;                  // heads waiting for a worker (more: closed)
  std::chrono::seconds header_timeout{20};
  std::chrono::seconds keep_alive{15};
  std::size_t max_head_bytes = 32768;
  // A body of at most this many bytes (declared by Content-Length) must
  // arrive with its head, within the header deadline, before a worker is
  // given the request; larger and chunked bodies are read by the worker
  // (within api.body_timeout_seconds), at most `large_body_workers` at once
  // (more: 503 server_busy), so slow uploads cannot take every worker.
  std::size_t small_body_bytes = 65536;
  int large_body_workers = 4;
  int max_connections = 1000;
  int max_connections_per_address = 128;
  std::vector<std::string> exempt_addresses;  // proxies: no per-address cap
  // How long a worker that just answered waits for the same connection's
  // next request before handing it back, when no other request is waiting
  // (saves the hand-off's wake-ups for a busy client; 0: never).
  std::chrono::microseconds linger{500};
};

class Reactor {
 public:
  Reactor(Poco::Net::ServerSocket& listener, ReactorLimits limits, Poco::Net::HTTPServerParams::Ptr params,
          RequestHandler& handler);
  ~Reactor();
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  void start();
  // Stops accepting (the listener is left to its owner to close).
  void stop_accepting();
  // Closes every connection (those in a worker once their request ends,
  // or at once: their sockets are shut down) and joins the threads.
  void stop();
  ReactorCounts counts() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace chizai::api
