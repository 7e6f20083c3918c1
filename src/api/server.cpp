#include "api/server.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/URI.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>

#include "api/auth.h"
#include "api/body.h"
#include "api/connection.h"
#include "api/db_pool.h"
#include "api/errors.h"
#include "api/fair_gate.h"
#include "api/idempotency.h"
#include "api/limits.h"
#include "api/reactor.h"
#include "api/static_files.h"
#include "core/date.h"
#include "core/text.h"
#include "io/digest.h"
#include "io/strict_json.h"
#include "api/route.h"
#include "services/audit_service.h"
#include "services/docket_service.h"
#include "services/session_service.h"
#include "store/migrate.h"
#include "store/database.h"

namespace chizai::api {

namespace {

// The value of the session cookie in the request's Cookie headers ("" when absent).
std::string session_cookie_value(const Poco::Net::HTTPServerRequest& in) {
  Poco::Net::NameValueCollection cookies;
  in.getCookies(cookies);
  return cookies.get(kSessionCookie, "");
}

bool is_mutation(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string lower_media_type(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  return to_lower_ascii(trim(t));
}

// The audit record of a mutation that succeeded with `status`.
void append_audit(Database& db, const Route& route, const Request& req, int status) {
  AuditRecord a;
  a.user = req.principal.user;
  a.method = req.method;
  a.route = route.pattern;
  a.path = req.path;
  a.status = status;
  a.entity_type = req.audit_entity_type.empty() ? route.tag : req.audit_entity_type;
  a.entity_id = req.audit_entity_id;
  a.digest = sha256_hex(req.secret_body ? std::string_view() : std::string_view(req.body));
  AuditService(db).append(a);
}

// Phase 2 of a mutation: the handler, its audit record and the
// Idempotency-Key's response in one write transaction, committed only when
// the handler succeeded (a status under 400); otherwise all of it rolls back.
Response run_in_write_transaction(const Route& route, Request& req, IdempotentRun& idempotency) {
  WriteTransaction tx(*req.db);
  Response r = route.handler(req);
  if (r.status >= 400) {
    tx.rollback();
    return r;
  }
  append_audit(*req.db, route, req, r.status);
  idempotency.complete(r);
  tx.commit();
  return r;
}

void rollback_quietly(Database& db) {
  if (!db.in_transaction()) return;
  try {
    db.rollback();
  } catch (...) {
  }
}

}  // namespace

// The request pipeline (server.h); the connections call handle().
struct Server::Impl final : RequestHandler {
  ServerConfig config;
  Router router;
  DbPool pool;
  FairGate gate;  // api.active_requests
  ReadCaches caches;  // api.cache_mb
  StaticFiles statics;  // web.root
  Poco::Net::ServerSocket socket;
  std::unique_ptr<Reactor> reactor;
  std::atomic<int> in_flight{0};
  bool running = false;

  Impl(ServerConfig c, Router r, DbUrl url)
      : config(std::move(c)),
        router(std::move(r)),
        pool(std::move(url), static_cast<std::size_t>(config.threads)),
        gate(config.effective_active_requests()),
        caches(config.cache_bytes),
        statics(config.web_root) {
    config.settings.log = [this](const std::string& line) { log(line); };
  }

  void log(const std::string& raw) {
    // Every field of a line may come from a client (a decoded path, a
    // method, a user name): control characters and the backslash are
    // escaped (\xNN, \\), so a request cannot forge a line of its own.
    const std::string line = escape_log_text(raw);
    if (config.log) {
      config.log(line);
      return;
    }
    // One write(2) per line and no lock: the kernel keeps one write whole
    // (a pipe up to PIPE_BUF; a file's offset moves atomically), so lines of
    // concurrent requests never interleave, and a worker never waits for
    // another's write to finish (it did, behind a mutex, under load).
    const std::string whole = line + '\n';
    const char* p = whole.data();
    std::size_t left = whole.size();
    while (left > 0) {
      const ssize_t n = ::write(STDERR_FILENO, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // nowhere to log: the request is still served
      p += n;
      left -= static_cast<std::size_t>(n);
    }
  }

  // The request-log line: time, method, path, status, duration, user (never a token).
  void log_request(const std::string& method, const std::string& path, int status,
                   std::chrono::steady_clock::time_point started, const std::string& user) {
    if (!config.request_log) return;
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.3fms", ms);
    log(utc_timestamp() + " " + method + " " + path + " " + std::to_string(status) + " " + duration +
        " user=" + (user.empty() ? "-" : user));
  }

  void handle(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) override;
  void log_unparsed(std::chrono::steady_clock::time_point started) override {
    log_request("-", "-", 400, started, "");
  }
  // The client's address and the headers the CSRF checks read.
  void read_client(Poco::Net::HTTPServerRequest& in, Request& req) const;
  // A path outside the API: the web interface's files (GET, HEAD).
  Response serve_static(Poco::Net::HTTPServerRequest& in, const Request& req);
  // Route, head limits, the fair gate and a pooled connection.
  Response run(Poco::Net::HTTPServerRequest& in, Request& req, bool& close_connection);
  // Authentication, the body and its limits, then the handler.
  Response run_authorized(Poco::Net::HTTPServerRequest& in, const Route& route, Request& req,
                          bool& close_connection);
  // A mutation with its Idempotency-Key (empty: none).
  Response run_mutation(const Route& route, Request& req, const std::string& idempotency_key);
};

// Phase 1 claims the Idempotency-Key (or answers with its stored response);
// phase 2 runs in one write transaction; a refusal or failure frees the key
// so that a retry runs.
Response Server::Impl::run_mutation(const Route& route, Request& req, const std::string& key) {
  IdempotentRun idempotency(*req.db, {config.idempotency_hours, config.idempotency_pending_seconds},
                            req.principal.user, key, request_hash(req));
  if (auto replayed = idempotency.claim()) return *replayed;
  const auto log_line = [this](const std::string& line) { log(line); };
  try {
    Response r = run_in_write_transaction(route, req, idempotency);
    if (r.status >= 400) idempotency.release(log_line);
    return r;
  } catch (...) {
    rollback_quietly(*req.db);
    idempotency.release(log_line);
    throw;
  }
}

void Server::Impl::read_client(Poco::Net::HTTPServerRequest& in, Request& req) const {
  const WebSettings& web = config.settings.web;
  req.client_address = in.clientAddress().host().toString();
  req.host = in.getHost();
  if (web.trust_proxy) {
    const std::string forwarded = in.get("X-Forwarded-For", "");
    const auto parts = split(forwarded, ',');
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
      if (!trim(*it).empty()) {
        req.client_address = std::string(trim(*it));
        break;
      }
    }
    const std::string forwarded_host = std::string(trim(in.get("X-Forwarded-Host", "")));
    if (!forwarded_host.empty()) req.host = forwarded_host;
  }
  req.origin = in.get("Origin", "");
  req.csrf_header = std::string(trim(in.get("X-CSRF-Token", "")));
}

Response Server::Impl::serve_static(Poco::Net::HTTPServerRequest& in, const Request& req) {
  if (req.method != "GET" && req.method != "HEAD") {
    Response r = error_response(405, "method_not_allowed",
                                req.method + " is not allowed on " + req.path + "; use GET, HEAD");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  return statics.serve(StaticRequest{req.method, req.path, in.get("Accept-Encoding", ""),
                                     in.get("If-None-Match", ""), in.get("If-Modified-Since", "")});
}

Response Server::Impl::run(Poco::Net::HTTPServerRequest& in, Request& req, bool& close_connection) {
  // Framing first, whatever the path: a request whose length two readers
  // could take differently is refused and its connection closed.
  check_framing(in, close_connection);
  // Route.
  const std::string& uri = in.getURI();
  const auto qpos = uri.find('?');
  const std::string raw_path = uri.substr(0, qpos);
  if (!percent_decode(raw_path, req.path)) {
    throw ApiError(400, "bad_request", "malformed percent-escape in the path");
  }
  if (!is_api_path(req.path)) return serve_static(in, req);
  if (qpos != std::string::npos) {
    try {
      Poco::URI parsed(uri);
      for (auto& [k, v] : parsed.getQueryParameters()) req.query[k] = v;
    } catch (const Poco::Exception&) {
      throw ApiError(400, "bad_request", "malformed query string");
    }
  }
  const Match m = router.match(req.method, raw_path);
  if (!m.route) {
    if (!m.allowed.empty()) {
      std::string allow;
      for (const auto& method : m.allowed) allow += (allow.empty() ? "" : ", ") + method;
      Response r = error_response(405, "method_not_allowed",
                                  req.method + " is not allowed on " + req.path + "; use " + allow);
      r.headers.emplace_back("Allow", allow);
      return r;
    }
    throw ApiError(404, "not_found", "no route for " + req.path);
  }
  const Route& route = *m.route;
  req.params = m.params;
  req.secret_body = route.secret_body;
  read_client(in, req);

  // Limits on the request head.
  check_header_count(in.size(), config.max_headers, close_connection);

  GatePass pass(route.public_route ? nullptr : &gate);
  std::optional<Lease> lease;
  try {
    lease.emplace(pool);
  } catch (const std::exception&) {
    if (!route.public_route) throw;
  }
  req.db = lease ? &lease->db() : nullptr;
  // Every write on the connection that changes patents' docket facts
  // recomputes their tasks in its transaction (the rule book of
  // docket.rules_dir; recomputing records no actor).
  if (lease && !lease->db().has_facts_hook()) {
    const std::string dir = docket_rules_dir(config.settings.setting);
    lease->db().set_facts_hook(
        docket_recompute_hook([dir] { return value_or_refuse(load_docket_rules(dir)); }, "docket"));
  }
  // A write of this server: cached reads are stale from now on. Declared
  // after the lease, so the epoch moves before the connection is reused
  // (its own data_version does not move for its own commits).
  struct BumpAfterWrite {
    ReadEpoch* epoch;
    ~BumpAfterWrite() {
      if (epoch) epoch->bump();
    }
  } bump_after_write{is_mutation(req.method) ? &caches.epoch : nullptr};
  req.settings = &config.settings;
  req.router = &router;
  try {
    Response r = run_authorized(in, route, req, close_connection);
    // /readyz found the connection dead: open a fresh one next time.
    if (r.status == 503 && lease) lease->mark_broken();
    return r;
  } catch (const std::exception& e) {
    // A lost connection is not handed to the next request: a fresh one
    // opens in its place.
    if (lease && !dynamic_cast<const ApiError*>(&e) &&
        Database::classify(e).kind() == StoreError::Kind::kUnavailable) {
      lease->mark_broken();
    }
    throw;
  }
}

Response Server::Impl::run_authorized(Poco::Net::HTTPServerRequest& in, const Route& route, Request& req,
                                      bool& close_connection) {
  // Without a bearer token, the session cookie: looked up (and its last-seen
  // time moved, a write) before the read snapshot.
  const std::string authorization = in.get("Authorization", "");
  std::optional<SessionView> session;
  bool had_cookie = false;
  if (!route.public_route && trim(authorization).empty()) {
    const std::string cookie = session_cookie_value(in);
    if (!cookie.empty()) {
      had_cookie = true;
      const WebSettings& web = config.settings.web;
      session = SessionService(*req.db, {web.session_idle_minutes, web.session_hours}, web.now()).authenticate(cookie);
    }
  }

  // A read checks its token and answers in one read transaction (one
  // snapshot, one BEGIN … ROLLBACK a request instead of two).
  std::optional<ReadSnapshot> snapshot;
  if (!route.public_route && !is_mutation(req.method)) {
    snapshot.emplace(*req.db);
    if (caches.enabled()) {
      if (const auto epoch = caches.epoch.enter(*req.db)) {
        req.cache = &caches;
        req.cache_epoch = *epoch;
      }
    }
  }

  // Authentication and the route's roles.
  if (!route.public_route) {
    if (auto refused = authenticate(authorization, session ? &*session : nullptr, had_cookie, route, req)) {
      return *refused;
    }
  }

  // The body, parsed here once when it is JSON (the handler reads req.json).
  req.content_type = lower_media_type(in.getContentType());
  req.accept = in.get("Accept", "");
  req.body = read_request_body(in, config.max_body_bytes, std::chrono::seconds(config.body_timeout_seconds),
                               close_connection);
  req.body_read = true;
  JsonDocument json;
  if (is_json_body(req)) {
    parse_json_body(req.body, config.max_json_depth, json);
    req.json = &json;
  }

  if (!is_mutation(req.method) || route.public_route) return route.handler(req);
  return run_mutation(route, req, idempotency_key(in.has("Idempotency-Key"), in.get("Idempotency-Key", "")));
}

void Server::Impl::handle(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) {
  ++in_flight;
  const auto started = std::chrono::steady_clock::now();
  Request req;
  req.method = in.getMethod();
  bool close_connection = false;
  Response r;
  try {
    r = run(in, req, close_connection);
  } catch (const ApiError& e) {
    r = error_response(e.status(), e.code(), e.what(), e.field());
  } catch (const FileError& e) {
    r = error_response(400, "bad_request", e.message, e.field);
  } catch (const std::exception& e) {
    // Never the exception's text to the client: it may hold SQL.
    log("chizai serve: internal error on " + req.method + " " + req.path + ": " +
        Database::classify(e).what());
    r = error_response(500, "internal", "internal server error");
  } catch (...) {
    log("chizai serve: internal error on " + req.method + " " + req.path);
    r = error_response(500, "internal", "internal server error");
  }
  if (!req.body_read && !close_connection) {
    drop_unread_body(in, config.max_body_bytes, std::chrono::seconds(config.body_timeout_seconds), close_connection);
  }
  try {
    out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.status));
    out.setContentType(r.content_type);
    for (const auto& [name, value] : security_headers()) out.set(name, value);
    for (const auto& [name, value] : r.headers) out.set(name, value);
    if (close_connection) out.setKeepAlive(false);
    out.setContentLength64(static_cast<Poco::Int64>(r.body.size()));
    out.sendBuffer(r.body.data(), r.body.size());
  } catch (const std::exception& e) {
    log(std::string("chizai serve: could not send the response: ") + e.what());
  }
  if (config.request_log) {
    log_request(req.method, req.path.empty() ? in.getURI().substr(0, in.getURI().find('?')) : req.path,
                r.status, started, req.principal.user);
  }
  --in_flight;
}

Server::Server(ServerConfig config, Router router) {
  auto url = parse_db_url(config.db_url);
  if (!url) throw StoreError(StoreError::Kind::kUnavailable, url.error().message);
  impl_ = std::make_unique<Impl>(std::move(config), std::move(router), url.value());
  auto first = Database::open(url.value());
  if (auto st = check_migrated(*first, embedded_migration_files()); !st) {
    throw StoreError(StoreError::Kind::kUnavailable, st.error().message);
  }
  impl_->pool.put(std::move(first));
  Poco::Net::SocketAddress address(impl_->config.host, static_cast<Poco::UInt16>(impl_->config.port));
  impl_->socket.bind(address, true);
  impl_->socket.listen(impl_->config.max_queued);
}

Server::~Server() {
  try {
    stop(5);
  } catch (...) {
  }
}

void Server::start() {
  if (impl_->running) return;
  prepare_sign_in();
  const ServerConfig& c = impl_->config;
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setKeepAlive(true);
  params->setMaxKeepAliveRequests(c.keep_alive_requests);
  params->setTimeout(Poco::Timespan(c.body_timeout_seconds, 0));  // each read and write of a worker
  params->setServerName("chizai");
  params->setSoftwareVersion("chizai/0.1");
  ReactorLimits limits;
  limits.threads = c.threads;
  limits.max_queued = c.max_queued;
  limits.header_timeout = std::chrono::seconds(c.header_timeout_seconds);
  limits.keep_alive = std::chrono::seconds(c.keep_alive_seconds);
  limits.max_head_bytes = c.max_head_bytes;
  limits.large_body_workers = std::max(1, c.threads / 2);
  limits.max_connections = c.max_connections;
  limits.max_connections_per_address = c.max_connections_per_address;
  limits.exempt_addresses = c.proxy_addresses;
  impl_->reactor = std::make_unique<Reactor>(impl_->socket, std::move(limits), params, *impl_);
  impl_->reactor->start();
  impl_->running = true;
}

void Server::stop(int grace_seconds) {
  if (!impl_ || !impl_->running) return;
  impl_->running = false;
  impl_->reactor->stop_accepting();
  impl_->socket.close();  // and the kernel stops queueing new connections
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(grace_seconds);
  while (impl_->in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  impl_->reactor->stop();  // idle connections close; the rest once their request ends
  impl_->reactor.reset();
}

int Server::port() const { return impl_->socket.address().port(); }
const Router& Server::router() const { return impl_->router; }
int Server::in_flight() const { return impl_->in_flight.load(); }
ReactorCounts Server::connection_counts() const {
  return impl_->reactor ? impl_->reactor->counts() : ReactorCounts{};
}
CacheStats Server::token_cache_stats() const { return impl_->caches.tokens.stats(); }
CacheStats Server::patent_cache_stats() const { return impl_->caches.patents.stats(); }

// ---------------------------------------------------------------------------
// Signals.

void block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int wait_for_stop_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int sig = 0;
  while (sigwait(&set, &sig) != 0) {
  }
  return sig;
}

}  // namespace chizai::api
