// An in-process `chizai serve` on an ephemeral loopback port over a fresh
// migrated test database (TestDb), for the API tests: real HTTP through
// Poco's client, so routing, authentication, limits, idempotency and audit
// are exercised as a network client sees them.
#pragma once

#include <Poco/Net/StreamSocket.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/route.h"
#include "test_db.h"

namespace chizai::api {
class Router;
class Server;
}  // namespace chizai::api

namespace chizai::testing {

struct Reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower case
};

// What a test may change about the in-process server.
struct HarnessOptions {
  // Extra routes added after all_routes() (tests of the server itself).
  std::function<void(api::Router&)> routes;
  // Configuration values (api.max_body_bytes, api.max_json_depth, …, and
  // any key handlers read through Settings::setting).
  std::map<std::string, std::string> config;
  // Use only the server's own routes plus `routes` (not all_routes()).
  bool server_routes_only = false;
  // The server's clock for sessions and sign-in throttling (seconds since
  // 1970 UTC); empty: the system's.
  std::function<long long()> clock;
};

class ApiHarness {
 public:
  // `backend`: "sqlite" or "postgresql" (as BackendTest's parameter).
  explicit ApiHarness(const std::string& backend);
  ApiHarness(const std::string& backend, HarnessOptions options);
  ~ApiHarness();
  ApiHarness(const ApiHarness&) = delete;
  ApiHarness& operator=(const ApiHarness&) = delete;

  // A connection of its own for setting up and checking the database.
  Database& db();
  const std::string& db_url() const;
  int port() const;

  // Creates a user with `role` (and institution, for scoped roles) and
  // returns a fresh bearer token for it.
  std::string token(api::Role role, const std::string& institution = "");

  // Creates a user named `name` (role, institution) and returns a token.
  std::string token_for(const std::string& name, api::Role role, const std::string& institution = "");

  // The request-log lines written so far.
  std::vector<std::string> log_lines() const;
  // The server (to stop it, look at in-flight requests).
  api::Server& server();

  Reply request(const std::string& method, const std::string& path, const std::string& body,
                const std::string& token,
                const std::vector<std::pair<std::string, std::string>>& headers = {});
  Reply get(const std::string& path, const std::string& token) {
    return request("GET", path, "", token);
  }
  Reply post(const std::string& path, const std::string& body, const std::string& token,
             const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return request("POST", path, body, token, headers);
  }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A client connection to the server on `port` from `from` (any 127.x.y.z
// address: each is a client address of its own).
Poco::Net::StreamSocket connect_from(int port, const std::string& from);

// What the server sends on `socket` until it closes the connection (or
// `seconds` pass without a byte).
std::string read_until_closed(Poco::Net::StreamSocket& socket, int seconds);

// Sends `raw` bytes on a new connection (from `from`, any 127.x.y.z
// address, so a test can be several clients) and returns everything the
// server answers until it closes the connection (or `timeout_seconds` pass).
std::string exchange_raw(int port, const std::string& raw, const std::string& from = "127.0.0.1",
                         int timeout_seconds = 10);

}  // namespace chizai::testing
