#include "api_harness.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "api/router.h"
#include "api/routes.h"
#include "api/server.h"
#include "core/text.h"
#include "io/json_writer.h"
#include "services/auth_service.h"

#ifndef CHIZAI_SOURCE_DIR
#define CHIZAI_SOURCE_DIR "."
#endif

namespace chizai::testing {

struct ApiHarness::Impl {
  explicit Impl(const std::string& backend) : tdb(backend) {}
  TestDb tdb;
  std::unique_ptr<Database> db;
  std::unique_ptr<api::Server> server;
  mutable std::mutex log_mutex;
  std::vector<std::string> log;
  int users = 0;
  // Replies are recorded for the OpenAPI check (CHIZAI_API_RECORD_DIR) only
  // when the server has the product's routes and nothing else.
  bool record = false;
};

namespace {

// Appends one request and its reply to $CHIZAI_API_RECORD_DIR/<pid>.jsonl,
// for web/tools/check-responses.mjs to validate against the OpenAPI
// document.
void record_exchange(const std::string& method, const std::string& path, const Reply& reply) {
  const char* dir = std::getenv("CHIZAI_API_RECORD_DIR");
  if (dir == nullptr || *dir == '\0') return;
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  JsonWriter w;
  const auto type = reply.headers.find("content-type");
  w.begin_object().field("method", method).field("path", path).field("status", reply.status)
      .field("content_type", type == reply.headers.end() ? "" : type->second).field("body", reply.body)
      .end_object();
  std::ofstream out(std::string(dir) + "/" + std::to_string(::getpid()) + ".jsonl", std::ios::app);
  out << w.str() << '\n';
}

}  // namespace

ApiHarness::ApiHarness(const std::string& backend) : ApiHarness(backend, HarnessOptions{}) {}

ApiHarness::ApiHarness(const std::string& backend, HarnessOptions options)
    : impl_(std::make_unique<Impl>(backend)) {
  impl_->db = impl_->tdb.open_migrated();
  impl_->record = !options.server_routes_only && !options.routes;
  const auto config = options.config;
  auto setting = [config](const std::string& key, const std::string& fallback) {
    auto it = config.find(key);
    if (it != config.end()) return it->second;
    // The source tree's rule book and office calendars (tests run elsewhere).
    if (key == "docket.rules_dir") return std::string(CHIZAI_SOURCE_DIR) + "/config/docketing";
    return fallback;
  };
  api::ServerConfig c = api::ServerConfig::from_settings(setting);
  c.db_url = impl_->tdb.url();
  c.host = "127.0.0.1";
  c.port = 0;
  if (!config.count("api.threads")) c.threads = 4;
  c.settings.policy_dir = setting("ledger.policy_dir", std::string(CHIZAI_SOURCE_DIR) + "/config/policies");
  c.settings.scheme.aggregator_code = setting("scheme.aggregator", c.settings.scheme.aggregator_code);
  c.settings.setting = setting;
  c.settings.web.clock = options.clock;
  Impl* impl = impl_.get();
  c.log = [impl](const std::string& line) {
    std::lock_guard lock(impl->log_mutex);
    impl->log.push_back(line);
  };
  api::Router router;
  if (options.server_routes_only) {
    api::add_server_routes(router);
  } else {
    api::all_routes(router);
  }
  if (options.routes) options.routes(router);
  impl_->server = std::make_unique<api::Server>(std::move(c), std::move(router));
  impl_->server->start();
}

ApiHarness::~ApiHarness() {
  if (impl_ && impl_->server) impl_->server->stop(10);
}

Database& ApiHarness::db() { return *impl_->db; }
const std::string& ApiHarness::db_url() const { return impl_->tdb.url(); }
int ApiHarness::port() const { return impl_->server->port(); }
api::Server& ApiHarness::server() { return *impl_->server; }

std::vector<std::string> ApiHarness::log_lines() const {
  std::lock_guard lock(impl_->log_mutex);
  return impl_->log;
}

std::string ApiHarness::token_for(const std::string& name, api::Role role, const std::string& institution) {
  AuthService auth(*impl_->db);
  auto user = auth.add_user(name, std::string(api::role_name(role)), institution);
  if (!user) throw std::runtime_error("cannot add user " + name + ": " + user.error().message);
  auto token = auth.create_token(name);
  if (!token) throw std::runtime_error("cannot create a token: " + token.error().message);
  return token->token;
}

std::string ApiHarness::token(api::Role role, const std::string& institution) {
  const std::string name = std::string(api::role_name(role)) + "_" + std::to_string(++impl_->users);
  return token_for(name, role, institution);
}

Reply ApiHarness::request(const std::string& method, const std::string& path, const std::string& body,
                          const std::string& token,
                          const std::vector<std::pair<std::string, std::string>>& headers) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port()));
  session.setTimeout(Poco::Timespan(120, 0));
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  bool has_type = false;
  for (const auto& [name, value] : headers) {
    if (to_lower_ascii(name) == "content-type") has_type = true;
    req.add(name, value);
  }
  if (!token.empty() && !req.has("Authorization")) req.set("Authorization", "Bearer " + token);
  if (!body.empty() && !has_type) req.setContentType("application/json");
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    req.setContentLength64(static_cast<Poco::Int64>(body.size()));
  }
  std::ostream& out = session.sendRequest(req);
  out << body;
  Poco::Net::HTTPResponse resp;
  std::istream& in = session.receiveResponse(resp);
  Reply reply;
  reply.status = static_cast<int>(resp.getStatus());
  std::ostringstream text;
  Poco::StreamCopier::copyStream(in, text);
  reply.body = text.str();
  for (const auto& [name, value] : resp) reply.headers[to_lower_ascii(name)] = value;
  // Only the API's exchanges: the web interface's files are no operation of the document.
  const bool api = path.rfind("/api/", 0) == 0 || path.rfind("/healthz", 0) == 0 || path.rfind("/readyz", 0) == 0;
  if (impl_->record && api) record_exchange(method, path, reply);
  return reply;
}

Poco::Net::StreamSocket connect_from(int port, const std::string& from) {
  Poco::Net::StreamSocket socket;
  socket.impl()->bind(Poco::Net::SocketAddress(from, 0));  // Poco 1.11's StreamSocket has no bind()
  socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
  return socket;
}

std::string read_until_closed(Poco::Net::StreamSocket& socket, int seconds) {
  socket.setReceiveTimeout(Poco::Timespan(seconds, 0));
  std::string answer;
  char buf[4096];
  for (;;) {
    int n = 0;
    try {
      n = socket.receiveBytes(buf, sizeof buf);
    } catch (const Poco::Exception&) {
      break;  // a timeout, or a reset after the answer
    }
    if (n <= 0) break;  // the server closed the connection
    answer.append(buf, static_cast<std::size_t>(n));
  }
  return answer;
}

std::string exchange_raw(int port, const std::string& raw, const std::string& from, int timeout_seconds) {
  Poco::Net::StreamSocket socket = connect_from(port, from);
  socket.sendBytes(raw.data(), static_cast<int>(raw.size()));
  return read_until_closed(socket, timeout_seconds);
}

}  // namespace chizai::testing
