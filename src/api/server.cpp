#include "api/server.h"

#include <Poco/BasicEvent.h>
#include <Poco/Delegate.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>
#include <signal.h>
#include <unistd.h>
#include <soci/soci.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/date.h"
#include "core/text.h"
#include "io/digest.h"
#include "io/json_writer.h"
#include "io/strict_json.h"
#include "services/audit_service.h"
#include "services/auth_service.h"
#include "store/migrate.h"
#include "store/sql_util.h"

namespace chizai::api {

// ---------------------------------------------------------------------------
// JSON well-formedness (RFC 8259) with positions and a depth limit.

namespace {

class JsonChecker {
 public:
  JsonChecker(std::string_view text, int max_depth) : s_(text), max_depth_(max_depth) {}

  std::string run() {
    try {
      skip_ws();
      if (i_ >= s_.size()) fail("the body is empty; a JSON value was expected");
      value(0);
      skip_ws();
      if (i_ < s_.size()) fail("unexpected text after the JSON value");
    } catch (const std::string& message) {
      return message;
    }
    return {};
  }

 private:
  [[noreturn]] void fail(const std::string& why) {
    std::size_t line = 1, column = 1;
    for (std::size_t k = 0; k < i_ && k < s_.size(); ++k) {
      if (s_[k] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(s_[k]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    throw "malformed JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
        " (byte " + std::to_string(i_ + 1) + "): " + why;
  }
  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void expect(char c, const char* what) {
    if (peek() != c) fail(std::string("expected ") + what);
    ++i_;
  }
  void value(int depth) {
    skip_ws();
    if (i_ >= s_.size()) fail("unexpected end of the body");
    const char c = s_[i_];
    if (c == '{' || c == '[') {
      if (depth + 1 > max_depth_) {
        throw std::string("JSON nested deeper than the limit of ") + std::to_string(max_depth_) +
            " levels (at byte " + std::to_string(i_ + 1) + ")";
      }
      if (c == '{') {
        object(depth + 1);
      } else {
        array(depth + 1);
      }
    } else if (c == '"') {
      string();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      number();
    } else if (s_.substr(i_, 4) == "true" || s_.substr(i_, 4) == "null") {
      i_ += 4;
    } else if (s_.substr(i_, 5) == "false") {
      i_ += 5;
    } else {
      fail(std::string("unexpected character '") + c + "'");
    }
  }
  void object(int depth) {
    ++i_;  // '{'
    skip_ws();
    if (peek() == '}') {
      ++i_;
      return;
    }
    for (;;) {
      skip_ws();
      if (peek() != '"') fail("expected a member name in double quotes");
      string();
      skip_ws();
      expect(':', "':' after the member name");
      value(depth);
      skip_ws();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      expect('}', "',' or '}' in the object");
      return;
    }
  }
  void array(int depth) {
    ++i_;  // '['
    skip_ws();
    if (peek() == ']') {
      ++i_;
      return;
    }
    for (;;) {
      value(depth);
      skip_ws();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      expect(']', "',' or ']' in the array");
      return;
    }
  }
  void string() {
    ++i_;  // '"'
    while (i_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return;
      }
      if (c < 0x20) fail("control character in a string (escape it)");
      if (c == '\\') {
        ++i_;
        const char e = peek();
        if (e == 'u') {
          for (int k = 1; k <= 4; ++k) {
            if (!std::isxdigit(static_cast<unsigned char>(i_ + static_cast<std::size_t>(k) < s_.size()
                                                              ? s_[i_ + static_cast<std::size_t>(k)]
                                                              : 'x'))) {
              fail("\\u needs four hexadecimal digits");
            }
          }
          i_ += 5;
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos || e == '\0') {
          fail("unknown escape in a string");
        }
        ++i_;
        continue;
      }
      ++i_;
    }
    fail("unterminated string");
  }
  void number() {
    auto digit = [&] { return peek() >= '0' && peek() <= '9'; };
    if (peek() == '-') ++i_;
    if (peek() == '0') {
      ++i_;
    } else if (digit()) {
      while (digit()) ++i_;
    } else {
      fail("a digit was expected in the number");
    }
    if (peek() == '.') {
      ++i_;
      if (!digit()) fail("a digit was expected after the decimal point");
      while (digit()) ++i_;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      if (peek() == '+' || peek() == '-') ++i_;
      if (!digit()) fail("a digit was expected in the exponent");
      while (digit()) ++i_;
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  int max_depth_;
};

}  // namespace

std::string check_json(std::string_view text, int max_depth) {
  if (!is_valid_utf8(text)) return "the JSON body is not valid UTF-8";
  return JsonChecker(text, max_depth).run();
}

// ---------------------------------------------------------------------------
// Configuration.

ServerConfig ServerConfig::from_settings(
    const std::function<std::string(const std::string&, const std::string&)>& setting) {
  ServerConfig c;
  auto number = [&](const std::string& key, long long fallback, long long min, long long max) {
    const std::string text = std::string(trim(setting(key, "")));
    if (text.empty()) return fallback;
    auto n = parse_int64(text);
    if (!n || *n < min || *n > max) {
      throw std::invalid_argument("configuration " + key + " = '" + text + "' must be a whole number from " +
                                  std::to_string(min) + " to " + std::to_string(max));
    }
    return static_cast<long long>(*n);
  };
  c.host = std::string(trim(setting("api.host", c.host)));
  c.port = static_cast<int>(number("api.port", c.port, 0, 65535));
  c.threads = static_cast<int>(number("api.threads", c.threads, 1, 256));
  c.max_queued = static_cast<int>(number("api.max_queued", c.max_queued, 1, 100000));
  c.max_body_bytes = static_cast<std::size_t>(
      number("api.max_body_bytes", static_cast<long long>(c.max_body_bytes), 1, 1LL << 34));
  c.max_json_depth = static_cast<int>(number("api.max_json_depth", c.max_json_depth, 1, 10000));
  c.max_headers = static_cast<int>(number("api.max_headers", c.max_headers, 1, 100));
  c.idempotency_hours = static_cast<int>(number("api.idempotency_hours", c.idempotency_hours, 24, 24 * 365));
  c.idempotency_pending_seconds = static_cast<int>(
      number("api.idempotency_pending_seconds", c.idempotency_pending_seconds, 1, 86400));
  c.keep_alive_seconds = static_cast<int>(number("api.keep_alive_seconds", c.keep_alive_seconds, 1, 3600));
  c.active_requests = static_cast<int>(number("api.active_requests", c.active_requests, 0, 256));
  c.cache_bytes = static_cast<std::size_t>(number("api.cache_mb", static_cast<long long>(c.cache_bytes >> 20), 0,
                                                   1 << 20))
                  << 20;
  c.keep_alive_requests =
      static_cast<int>(number("api.keep_alive_requests", c.keep_alive_requests, 1, 1000000));
  c.settings.default_page_size = static_cast<std::size_t>(
      number("api.default_page_size", static_cast<long long>(c.settings.default_page_size), 1, 1000000));
  c.settings.max_page_size = static_cast<std::size_t>(
      number("api.max_page_size", static_cast<long long>(c.settings.max_page_size), 1, 1000000));
  if (c.settings.default_page_size > c.settings.max_page_size) {
    throw std::invalid_argument("configuration api.default_page_size must not exceed api.max_page_size");
  }
  const std::string log = to_lower_ascii(trim(setting("api.request_log", "on")));
  if (log == "on" || log == "true" || log == "yes") {
    c.request_log = true;
  } else if (log == "off" || log == "false" || log == "no") {
    c.request_log = false;
  } else {
    throw std::invalid_argument("configuration api.request_log = '" + log + "' must be on or off");
  }
  return c;
}

std::size_t ServerConfig::effective_active_requests() const {
  if (active_requests > 0) return static_cast<std::size_t>(std::min(active_requests, threads));
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return std::min(static_cast<std::size_t>(threads), static_cast<std::size_t>(4 * cores));
}

// ---------------------------------------------------------------------------
// Connection pool.

namespace {

// A pooled connection. What a request prepares on it for reuse (the token
// check, the hot reads) is kept on the Database itself (Database::kept).
using Conn = std::unique_ptr<Database>;

class DbPool {
 public:
  DbPool(DbUrl url, std::size_t size) : url_(std::move(url)), size_(size) {}

  void put(std::unique_ptr<Database> db) {
    std::lock_guard lock(m_);
    free_.push_back(std::move(db));
    ++open_;
  }

  Conn acquire() {
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

  // `broken`: the connection failed; drop it (a fresh one opens on demand).
  void release(Conn c, bool broken) {
    if (broken) c.reset();
    std::lock_guard lock(m_);
    if (!c) {
      --open_;
    } else {
      free_.push_back(std::move(c));
    }
    cv_.notify_one();
  }

 private:
  DbUrl url_;
  std::size_t size_;
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<Conn> free_;
  std::size_t open_ = 0;
};

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
  void enter() {
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
  void leave() {
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

class Lease {
 public:
  explicit Lease(DbPool& pool) : pool_(pool), conn_(pool.acquire()) {}
  ~Lease() {
    if (conn_ && conn_->in_transaction()) {
      broken_ = true;  // an unbalanced transaction: do not hand the session on
    }
    pool_.release(std::move(conn_), broken_);
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  Database& db() { return *conn_; }
  TokenAuthenticator& auth() { return conn_->kept<TokenAuthenticator>(); }
  void mark_broken() { broken_ = true; }

 private:
  DbPool& pool_;
  Conn conn_;
  bool broken_ = false;
};

bool is_mutation(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string error_body(const std::string& code, const std::string& message, const std::string& field) {
  JsonWriter w;
  w.begin_object().key("error").begin_object().field("code", code).field("message", message).key("field");
  if (field.empty()) {
    w.null();
  } else {
    w.value(field);
  }
  w.end_object().end_object();
  return w.take();
}

Response error_response(int status, const std::string& code, const std::string& message,
                        const std::string& field = {}) {
  return json(error_body(code, message, field), status);
}

std::string iso_utc(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

// ---------------------------------------------------------------------------
// The server.

struct Server::Impl {
  ServerConfig config;
  Router router;
  DbPool pool;
  FairGate gate;  // api.active_requests
  ReadCaches caches;  // api.cache_mb
  Poco::ThreadPool threads;
  Poco::Net::ServerSocket socket;
  std::unique_ptr<Poco::Net::TCPServer> http;
  Poco::BasicEvent<const bool> stopped;  // stop(): every open connection stops (true: at once)
  std::atomic<int> in_flight{0};
  bool running = false;

  Impl(ServerConfig c, Router r, DbUrl url)
      : config(std::move(c)),
        router(std::move(r)),
        pool(std::move(url), static_cast<std::size_t>(config.threads)),
        gate(config.effective_active_requests()),
        caches(config.cache_bytes),
        threads(1, config.threads, 60, 0) {}

  void log(const std::string& line) {
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

  void handle(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out);
  Response run(Poco::Net::HTTPServerRequest& in, Request& req, bool& close_connection);
  // The token's owner, from the read cache when the request may use it.
  std::optional<TokenOwner> authenticate(std::string_view token, const Request& req, Lease& lease);
  Response run_authorized(Poco::Net::HTTPServerRequest& in, const Route& route, Request& req,
                          Lease* lease, bool& close_connection);
  Response run_mutation(const Route& route, Request& req, Database& db,
                        const std::string& idempotency_key);
};

namespace {

// One keep-alive connection: the loop of Poco's HTTPServerConnection, which
// it replaces for one reason: a request Poco cannot parse (more than its 100
// header fields, a header line or request line too long or malformed) gets
// the API's JSON error body and a request-log line, where Poco's loop sends
// an empty 400 and logs nothing. The rest is Poco's: its session, request
// and response classes, keep-alive rules and the stop event.
class Connection : public Poco::Net::TCPServerConnection {
 public:
  Connection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
             Server::Impl& impl)
      : Poco::Net::TCPServerConnection(socket), params_(std::move(params)), impl_(impl) {
    impl_.stopped += Poco::delegate(this, &Connection::on_stopped);
  }
  ~Connection() override {
    try {
      impl_.stopped -= Poco::delegate(this, &Connection::on_stopped);
    } catch (...) {
    }
  }

  void run() override {
    const std::string server = params_->getSoftwareVersion();
    Poco::Net::HTTPServerSession session(socket(), params_);
    while (!stopped_ && session.hasMoreRequests()) {
      const auto started = std::chrono::steady_clock::now();
      try {
        std::lock_guard lock(m_);
        if (stopped_) break;
        Poco::Net::HTTPServerResponseImpl response(session);
        Poco::Net::HTTPServerRequestImpl request(response, session, params_);
        response.setDate(Poco::Timestamp());
        response.setVersion(request.getVersion());
        response.setKeepAlive(params_->getKeepAlive() && request.getKeepAlive() && session.canKeepAlive());
        if (!server.empty()) response.set("Server", server);
        if (request.getExpectContinue() && response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK) {
          response.sendContinue();
        }
        impl_.handle(request, response);
        session.setKeepAlive(params_->getKeepAlive() && response.getKeepAlive() && session.canKeepAlive());
      } catch (const Poco::Net::NoMessageException&) {
        break;  // the client closed the connection between requests
      } catch (const Poco::Net::MessageException& e) {
        refuse(session, e, started);
      } catch (const Poco::Exception&) {
        if (session.networkException()) session.networkException()->rethrow();
        throw;
      }
    }
  }

 private:
  // A request refused while Poco parsed its head: 400 with the API's error
  // body, and the connection closes (the rest of the request is unread).
  void refuse(Poco::Net::HTTPServerSession& session, const Poco::Net::MessageException& e,
              std::chrono::steady_clock::time_point started) {
    const std::string what = e.message().empty() ? e.displayText() : e.message();
    const bool too_many = what.find("Too many header fields") != std::string::npos;
    const std::string body =
        too_many ? error_body("too_many_headers",
                              "the request has more header fields than this server parses (" +
                                  std::to_string(Poco::Net::MessageHeader().getFieldLimit()) + ")",
                              "")
                 : error_body("bad_request", "malformed HTTP request: " + what, "");
    try {
      Poco::Net::HTTPServerResponseImpl response(session);
      response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
      response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
      response.setKeepAlive(false);
      response.setContentType("application/json");
      response.setContentLength64(static_cast<Poco::Int64>(body.size()));
      // send(), not sendBuffer(): with no request attached (it never
      // parsed), sendBuffer writes the head and leaves the body out.
      std::ostream& out = response.send();
      out.write(body.data(), static_cast<std::streamsize>(body.size()));
      out.flush();
    } catch (const Poco::Exception&) {
      // the client is gone: nothing to tell it
    }
    session.setKeepAlive(false);
    impl_.log_request("-", "-", 400, started, "");
  }

  void on_stopped(const bool& at_once) {
    stopped_ = true;
    // At once: a connection idle in keep-alive stops waiting. Otherwise
    // after the request in progress (the lock is held while one runs).
    std::unique_lock lock(m_, std::defer_lock);
    if (!at_once) lock.lock();
    try {
      socket().shutdown();
    } catch (...) {
    }
  }

  Poco::Net::HTTPServerParams::Ptr params_;
  Server::Impl& impl_;
  std::atomic<bool> stopped_{false};
  std::mutex m_;
};

class ConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
 public:
  ConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Server::Impl& impl)
      : params_(std::move(params)), impl_(impl) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new Connection(socket, params_, impl_);
  }

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Server::Impl& impl_;
};

// Reads the body, refusing (413) one larger than `max` without reading it
// all: a declared Content-Length is checked before reading anything; a
// chunked body is read only up to max + 1 bytes.
std::string read_body(Poco::Net::HTTPServerRequest& in, std::size_t max, bool& close_connection) {
  const auto too_large = [&] {
    close_connection = true;  // the rest of the body is never read
    return ApiError(413, "payload_too_large",
                    "the request body is larger than the limit of " + std::to_string(max) + " bytes");
  };
  std::string body;
  if (in.hasContentLength()) {
    const auto length = in.getContentLength64();
    if (length < 0) throw ApiError(400, "bad_request", "bad Content-Length");
    if (static_cast<std::uint64_t>(length) > max) throw too_large();
    if (length == 0) return body;
    body.resize(static_cast<std::size_t>(length));
    in.stream().read(body.data(), length);
    body.resize(static_cast<std::size_t>(in.stream().gcount()));
    if (body.size() != static_cast<std::size_t>(length)) {
      close_connection = true;
      throw ApiError(400, "bad_request", "the request body is shorter than its Content-Length");
    }
    return body;
  }
  if (!in.getChunkedTransferEncoding()) return body;
  char buf[16384];
  std::istream& s = in.stream();
  while (s) {
    s.read(buf, sizeof buf);
    const auto n = static_cast<std::size_t>(s.gcount());
    if (n == 0) break;
    if (body.size() + n > max) throw too_large();
    body.append(buf, n);
  }
  return body;
}

std::string lower_media_type(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  return to_lower_ascii(trim(t));
}

bool json_body(const Request& req) {
  const std::string& t = req.content_type;
  if (t == "application/json" || (t.size() > 5 && t.substr(t.size() - 5) == "+json")) return true;
  if (!t.empty()) return false;
  const std::string_view b = trim(req.body);
  return !b.empty() && (b.front() == '{' || b.front() == '[');
}

}  // namespace

Response Server::Impl::run_mutation(const Route& route, Request& req, Database& db,
                                    const std::string& key) {
  const std::string user = req.principal.user;
  const std::string hash = sha256_hex(req.method + " " + req.path + "\n" + req.body);
  if (!key.empty()) {
    // Phase 1, its own short transaction: look the key up, or claim it with
    // a 'pending' row that concurrent requests with the same key will see.
    const auto now = std::chrono::system_clock::now();
    const std::string retention_cutoff = iso_utc(now - std::chrono::hours(config.idempotency_hours));
    const std::string pending_cutoff =
        iso_utc(now - std::chrono::seconds(config.idempotency_pending_seconds));
    // The stored row for the key, unless it expired or was abandoned.
    struct Stored {
      std::string hash, state, content_type, body;
      long long status = 0;
    };
    auto lookup = [&]() -> std::optional<Stored> {
      Stored st;
      std::string created_at;
      db.sql() << "SELECT request_hash, state, status, content_type, body, created_at "
                  "FROM api_idempotency WHERE user_name = :u AND idem_key = :k",
          soci::use(user), soci::use(key), soci::into(st.hash), soci::into(st.state),
          soci::into(st.status), soci::into(st.content_type), soci::into(st.body),
          soci::into(created_at);
      if (!db.sql().got_data()) return std::nullopt;
      if ((st.state == "done" && created_at < retention_cutoff) ||
          (st.state == "pending" && created_at < pending_cutoff)) {
        return std::nullopt;  // expired, or left 'pending' by a process that died
      }
      return st;
    };
    // A key seen before: 422 for another request, 409 while the first
    // runs, else its stored response.
    auto decide = [&](const Stored& st) {
      if (st.hash != hash) {
        throw ApiError(422, "idempotency_key_reused",
                       "Idempotency-Key '" + key + "' was used with a different request",
                       "Idempotency-Key");
      }
      if (st.state == "pending") {
        throw ApiError(409, "idempotency_key_in_use",
                       "a request with Idempotency-Key '" + key + "' is still running",
                       "Idempotency-Key");
      }
      Response r;
      r.status = static_cast<int>(st.status);
      r.content_type = st.content_type;
      r.body = st.body;
      r.headers.emplace_back("Idempotent-Replayed", "true");
      return r;
    };
    // First without any lock (SQLite's WAL lets this read run beside a
    // writer), so a second request sees a running first one at once.
    if (auto st = lookup()) return decide(*st);
    try {
      WriteTransaction tx(db);
      if (auto st = lookup()) return decide(*st);  // claimed meanwhile (tx rolls back)
      db.sql() << "DELETE FROM api_idempotency WHERE user_name = :u AND idem_key = :k",
          soci::use(user), soci::use(key);
      const std::string at = iso_utc(now);
      db.sql() << "INSERT INTO api_idempotency (user_name, idem_key, request_hash, state, status, "
                  "content_type, body, created_at) VALUES (:u, :k, :h, 'pending', 0, '', '', :at)",
          soci::use(user), soci::use(key), soci::use(hash), soci::use(at);
      tx.commit();
    } catch (const ApiError&) {
      throw;
    } catch (const std::exception& e) {
      // PostgreSQL: a concurrent first request inserted the key and
      // committed while this one waited on the primary key.
      if (Database::classify(e).kind() == StoreError::Kind::kConstraint) {
        throw ApiError(409, "idempotency_key_in_use",
                       "a request with Idempotency-Key '" + key + "' is still running",
                       "Idempotency-Key");
      }
      throw;
    }
  }

  // Phase 2: the handler, its audit record and the idempotency record in
  // one transaction; any refusal rolls all of it back.
  auto release_key = [&] {
    if (key.empty()) return;
    try {
      WriteTransaction tx(db);
      db.sql() << "DELETE FROM api_idempotency WHERE user_name = :u AND idem_key = :k AND "
                  "state = 'pending'",
          soci::use(user), soci::use(key);
      tx.commit();
    } catch (const std::exception& e) {
      log("chizai serve: could not release an Idempotency-Key of " + user + ": " +
          Database::classify(e).what());
    }
  };
  try {
    WriteTransaction tx(db);
    Response r = route.handler(req);
    if (r.status >= 400) {
      tx.rollback();
      release_key();
      return r;
    }
    AuditRecord a;
    a.user = user;
    a.method = req.method;
    a.route = route.pattern;
    a.path = req.path;
    a.status = r.status;
    a.entity_type = req.audit_entity_type.empty() ? route.tag : req.audit_entity_type;
    a.entity_id = req.audit_entity_id;
    a.digest = sha256_hex(req.body);
    AuditService(db).append(a);
    if (!key.empty()) {
      long long status = r.status;
      std::string content_type = r.content_type, body = r.body;
      const bool secret = std::any_of(r.headers.begin(), r.headers.end(), [](const auto& h) {
        return to_lower_ascii(h.first) == "cache-control" && h.second == "no-store";
      });
      if (secret) {
        // A response shown once (a new token) is never stored: a replay
        // says so instead of acting again.
        status = 410;
        content_type = "application/json";
        body = error_body("response_not_kept",
                          "the first response to this Idempotency-Key held a secret shown only once",
                          "Idempotency-Key");
      }
      db.sql() << "UPDATE api_idempotency SET state = 'done', status = :s, content_type = :t, "
                  "body = :b WHERE user_name = :u AND idem_key = :k",
          soci::use(status), soci::use(content_type), soci::use(body), soci::use(user),
          soci::use(key);
    }
    tx.commit();
    return r;
  } catch (...) {
    // The transaction is rolled back (WriteTransaction); free the key so
    // that a retry runs.
    if (db.in_transaction()) {
      try {
        db.rollback();
      } catch (...) {
      }
    }
    release_key();
    throw;
  }
}

Response Server::Impl::run(Poco::Net::HTTPServerRequest& in, Request& req, bool& close_connection) {
  // Route.
  const std::string& uri = in.getURI();
  const auto qpos = uri.find('?');
  const std::string raw_path = uri.substr(0, qpos);
  if (!percent_decode(raw_path, req.path)) {
    throw ApiError(400, "bad_request", "malformed percent-escape in the path");
  }
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

  // Limits on the request head.
  if (static_cast<int>(in.size()) > config.max_headers) {
    close_connection = true;
    throw ApiError(400, "too_many_headers",
                   "the request has " + std::to_string(in.size()) + " header fields; the limit is " +
                       std::to_string(config.max_headers));
  }

  GatePass pass(route.public_route ? nullptr : &gate);
  std::optional<Lease> lease;
  try {
    lease.emplace(pool);
  } catch (const std::exception&) {
    if (!route.public_route) throw;
  }
  req.db = lease ? &lease->db() : nullptr;
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
    Response r = run_authorized(in, route, req, lease ? &*lease : nullptr, close_connection);
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

std::optional<TokenOwner> Server::Impl::authenticate(std::string_view token, const Request& req, Lease& lease) {
  if (!req.cache) return lease.auth().authenticate(token);
  // Keyed by the token's hash: the raw token is never kept. Only valid
  // tokens are stored (made-up ones cannot fill the cache).
  std::string key = token_hash(token);
  if (auto hit = req.cache->tokens.find(key, req.cache_epoch)) return *hit;
  auto owner = lease.auth().authenticate(token);
  if (owner) {
    const std::size_t bytes = sizeof(TokenOwner) + owner->user.size() + owner->role.size() + owner->institution.size();
    req.cache->tokens.put(std::move(key), std::make_shared<const TokenOwner>(*owner), bytes, req.cache_epoch);
  }
  return owner;
}

Response Server::Impl::run_authorized(Poco::Net::HTTPServerRequest& in, const Route& route, Request& req,
                                      Lease* lease, bool& close_connection) {
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
    const std::string auth = in.get("Authorization", "");
    const std::string_view a = trim(auth);
    if (a.empty()) {
      Response r = error_response(401, "unauthorized", "a bearer token is required (Authorization: Bearer TOKEN)");
      r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"chizai\"");
      return r;
    }
    std::optional<TokenOwner> owner;
    if (a.size() > 7 && to_lower_ascii(a.substr(0, 7)) == "bearer ") {
      owner = authenticate(trim(a.substr(7)), req, *lease);
    }
    std::optional<Role> role = owner ? parse_role(owner->role) : std::nullopt;
    if (!owner || !role) {
      Response r = error_response(401, "unauthorized", "the bearer token is not valid or was revoked");
      r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"chizai\", error=\"invalid_token\"");
      return r;
    }
    req.principal.user = owner->user;
    req.principal.role = *role;
    req.principal.institution = owner->institution;
    if (!(route.roles & static_cast<Roles>(*role))) {
      throw ApiError(403, "forbidden",
                     "role " + std::string(role_name(*role)) + " may not " + req.method + " " + route.pattern);
    }
  }

  // The body.
  req.content_type = lower_media_type(in.getContentType());
  req.accept = in.get("Accept", "");
  req.body = read_body(in, config.max_body_bytes, close_connection);
  if (json_body(req)) {
    if (const std::string problem = check_json(req.body, config.max_json_depth); !problem.empty()) {
      throw ApiError(400, problem.rfind("JSON nested", 0) == 0 ? "too_deep" : "malformed_json", problem);
    }
  }

  if (!is_mutation(req.method) || route.public_route) return route.handler(req);

  std::string key = in.get("Idempotency-Key", "");
  if (in.has("Idempotency-Key")) {
    const bool printable = std::all_of(key.begin(), key.end(), [](char c) { return c > 32 && c < 127; });
    if (key.empty() || key.size() > 200 || !printable) {
      throw ApiError(400, "bad_request",
                     "Idempotency-Key must be 1 to 200 printable ASCII characters without spaces",
                     "Idempotency-Key");
    }
  }
  return run_mutation(route, req, *req.db, key);
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
  try {
    out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.status));
    out.setContentType(r.content_type);
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
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(impl_->config.threads);
  params->setMaxQueued(impl_->config.max_queued);
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(impl_->config.keep_alive_seconds, 0));
  params->setMaxKeepAliveRequests(impl_->config.keep_alive_requests);
  params->setTimeout(Poco::Timespan(60, 0));
  params->setServerName("chizai");
  params->setSoftwareVersion("chizai/0.1");
  impl_->http = std::make_unique<Poco::Net::TCPServer>(new ConnectionFactory(params, *impl_), impl_->threads,
                                                       impl_->socket, params);
  impl_->http->start();
  impl_->running = true;
}

void Server::stop(int grace_seconds) {
  if (!impl_ || !impl_->running) return;
  impl_->running = false;
  impl_->http->stop();    // the acceptor thread ends
  impl_->socket.close();  // and the kernel stops queueing new connections
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(grace_seconds);
  while (impl_->in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  impl_->stopped(this, true);  // close idle keep-alive connections
  impl_->threads.joinAll();
  impl_->http.reset();
}

int Server::port() const { return impl_->socket.address().port(); }
const Router& Server::router() const { return impl_->router; }
int Server::in_flight() const { return impl_->in_flight.load(); }
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
