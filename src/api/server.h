// `chizai serve`: a connection reactor (reactor.h: one thread waits for
// every connection's next request head; workers serve whole heads with
// Poco's HTTP session classes, connection.h), a pool of database connections
// (db_pool.h, one per worker thread), and the request pipeline every route
// goes through (server.cpp; route.h describes it for handler writers):
//
//   parse (400) → [not /api/…, /healthz, /readyz: the web interface's
//   files (static_files.h), GET and HEAD only] → match (404 / 405 + Allow) → header count (400, limits.h)
//   → fair gate (fair_gate.h) → Bearer token (401, auth.h) → role (403)
//   → body size (413, without reading an oversized body)
//   → JSON parsed once, well-formed and within the depth limit (400, limits.h)
//   → [mutation: Idempotency-Key (replay / 409 / 422, idempotency.h), one
//      write transaction around handler + audit record + idempotency record]
//   → handler → error boundary → one request-log line.
// ServerConfig::from_settings is in server_config.cpp.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/connection_counts.h"
#include "api/read_cache.h"
#include "api/route.h"
#include "api/router.h"

namespace chizai::api {

struct ServerConfig {
  std::string db_url;            // the database every worker connects to
  std::string host = "127.0.0.1";
  int port = 8080;               // 0: an ephemeral port (see Server::port())
  int threads = 8;               // worker threads = database connections
  int max_queued = 256;          // accepted connections waiting for a worker
  std::size_t max_body_bytes = 16 * 1024 * 1024;
  int max_json_depth = 64;
  int max_headers = 64;          // Poco parses at most 100 (more: 400 too_many_headers)
  int idempotency_hours = 24;    // how long a key's response is kept
  int idempotency_pending_seconds = 300;  // a 'pending' key older than this was abandoned (crash)
  int keep_alive_seconds = 15;     // a connection idle between requests is closed after this
  int header_timeout_seconds = 20;  // from a connection's first byte (or its accept) to its head's end
  int body_timeout_seconds = 30;    // to read a request's whole body; also each write of a reply
  std::size_t max_head_bytes = 32768;  // a request line and its header fields together
  int max_connections = 1000;
  int max_connections_per_address = 128;
  // Reverse proxies' addresses (api.proxy_addresses, comma-separated): no
  // per-address connection cap for them, as every client comes through them.
  std::vector<std::string> proxy_addresses;
  // Requests one keep-alive connection may make before it is closed.
  int keep_alive_requests = 100;
  // Authenticated requests running at once; the rest wait their turn, first
  // come first served (public routes such as /healthz never wait). 0: four
  // per CPU core, at most `threads`. Fewer than threads keeps a CPU-bound
  // request from being preempted behind dozens of others (the p99), see the
  // README.
  int active_requests = 0;
  // active_requests as it applies (0 resolved).
  std::size_t effective_active_requests() const;
  // The read cache (read_cache.h; SQLite only): the most it holds, in bytes
  // (api.cache_mb; 0: no cache).
  std::size_t cache_bytes = std::size_t{128} << 20;
  bool request_log = true;
  // The web interface's built files (web.root; static_files.h), made
  // absolute against the working directory when the server starts.
  std::string web_root = "web/dist";
  Settings settings;             // handed to handlers
  // Where request-log lines (and internal error notes) go; stderr when empty.
  std::function<void(const std::string& line)> log;

  // The api.* keys of the configuration (see the README), read through
  // `setting(key, fallback)`. Throws std::invalid_argument naming a bad key.
  static ServerConfig from_settings(
      const std::function<std::string(const std::string&, const std::string&)>& setting);
};

class Server {
 public:
  // Opens the connection pool (throws StoreError when the database cannot
  // be opened or is not migrated) and binds the socket (throws
  // Poco::Exception when the address is taken). Not yet serving.
  Server(ServerConfig config, Router router);
  ~Server();  // stops if still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void start();
  // Graceful stop: stop accepting, let in-flight requests finish (at most
  // `grace_seconds`), close idle connections, join the workers.
  void stop(int grace_seconds = 30);

  int port() const;  // the bound port (the ephemeral one when 0 was asked)
  const Router& router() const;
  // Requests being handled right now.
  int in_flight() const;
  // Connections open, waiting between requests, refused and timed out.
  ReactorCounts connection_counts() const;
  // The read cache's counts so far (all zero on PostgreSQL or when off).
  CacheStats token_cache_stats() const;
  CacheStats patent_cache_stats() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Blocks SIGTERM and SIGINT in the calling thread (call it before starting
// any thread, so every thread inherits the mask), then `wait_for_stop_signal`
// returns the signal number when one arrives.
void block_stop_signals();
int wait_for_stop_signal();

}  // namespace chizai::api
