// The server pipeline: routing, authentication, limits, idempotency, the
// error boundary, the request log, OpenAPI, graceful shutdown — with test
// routes registered beside the real ones, on both backends.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <soci/soci.h>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <chrono>
#include <set>
#include <sstream>
#include <thread>

#include "api/router.h"
#include "api/limits.h"
#include "api/idempotency.h"
#include "api/server.h"
#include "api_fixture.h"
#include "api_harness.h"
#include "io/strict_json.h"
#include "services/auth_service.h"
#include "store/sql_util.h"
#include "store/session.h"

namespace chizai::testing {
namespace {

using api::Request;
using api::Response;
using api::Role;
using api::Route;

long long count_rows(Database& db, const std::string& table) {
  long long n = 0;
  soci_session(db) << "SELECT CAST(COUNT(*) AS BIGINT) FROM " + table, soci::into(n);
  return n;
}

// A table the test routes write to (created by the test, not a migration).
void create_note_table(Database& db) { soci_session(db) << "CREATE TABLE note (text TEXT NOT NULL)"; }

void insert_note(Request& req, const std::string& text) {
  soci_session(*req.db) << "INSERT INTO note (text) VALUES (:t)", soci::use(text);
}

// Test routes: a strict body reader, a writer that can be made to fail at
// every stage, a slow writer, a slow reader, a crash, and paging.
void test_routes(api::Router& router) {
  const api::Roles all = api::kAllRoles;
  router.add(Route{"GET", "/api/v1/test/echo/{name}", all, "echo a path parameter",
                   [](Request& req) { return api::json("\"" + req.param("name") + "\""); }, "test"});
  router.add(Route{"GET", "/api/v1/test/echo/special", all, "a literal beside a parameter",
                   [](Request&) { return api::json("\"literal\""); }, "test"});
  router.add(Route{"GET", "/api/v1/test/items", all, "list", [](Request& req) {
                     const auto p = api::page(req);
                     return api::json("{\"limit\":" + std::to_string(p.limit) + ",\"after\":\"" + p.after +
                                      "\",\"next\":\"" + api::next_cursor("k-42") + "\"}");
                   },
                   "test"});
  router.add(Route{"POST", "/api/v1/test/items", api::roles({Role::kAdmin, Role::kFinance}),
                   "strict body, then write; ?fail=api|file|throw|sql|status after writing",
                   [](Request& req) {
                     simdjson::dom::parser parser;
                     simdjson::dom::element root;
                     if (parser.parse(req.body).get(root) != simdjson::SUCCESS) {
                       api::bad_request("body must be JSON");
                     }
                     Fields f(root, "", {"text", "count"});
                     const std::string text = f.text("text");
                     const auto n = f.optional_integer("count").value_or(1);
                     insert_note(req, text);
                     const std::string fail = req.query_value("fail").value_or("");
                     if (fail == "api") throw api::ApiError(422, "test_refusal", "refused after writing");
                     if (fail == "file") file_error("count", "refused after writing");
                     if (fail == "throw") throw std::runtime_error("secret internal detail");
                     if (fail == "sql") soci_session(*req.db) << "SELECT no_such_column FROM note";
                     if (fail == "status") return api::json(R"({"error":"returned"})", 409);
                     req.audit_entity_type = "note";
                     req.audit_entity_id = text;
                     return api::json("{\"text\":\"" + text + "\",\"count\":" + std::to_string(n) + "}", 201);
                   },
                   "test"});
  router.add(Route{"POST", "/api/v1/test/parsed", all, "reads the body through JsonBody",
                   [](Request& req) {
                     const bool by_server = req.json != nullptr;
                     const std::string text = api::JsonBody(req).fields({"text"}).text("text");
                     return api::json(std::string("{\"server_parsed\":") + (by_server ? "true" : "false") +
                                      ",\"text\":\"" + text + "\"}");
                   },
                   "test"});
  router.add(Route{"DELETE", "/api/v1/test/items", api::roles({Role::kAdmin}), "another method",
                   [](Request&) { return api::json("{}"); }, "test"});
  router.add(Route{"POST", "/api/v1/test/slow", all, "writes, then takes a while",
                   [](Request& req) {
                     insert_note(req, "slow");
                     std::this_thread::sleep_for(std::chrono::milliseconds(1500));
                     return api::json(R"({"done":true})", 201);
                   },
                   "test"});
  router.add(Route{"GET", "/api/v1/test/slow-read", all, "takes a while",
                   [](Request&) {
                     std::this_thread::sleep_for(std::chrono::milliseconds(1000));
                     return api::json(R"({"finished":true})");
                   },
                   "test"});
}

HarnessOptions options(std::map<std::string, std::string> config = {}) {
  HarnessOptions o;
  o.routes = test_routes;
  o.config = std::move(config);
  return o;
}

class ServerApiTest : public BackendTest {
 protected:
  void start(std::map<std::string, std::string> config = {}) {
    h_ = std::make_unique<ApiHarness>(GetParam(), options(std::move(config)));
    create_note_table(h_->db());
    admin_ = h_->token_for("root", Role::kAdmin);
  }
  std::string error_code(const Reply& r) {
    const auto at = r.body.find("\"code\":\"");
    if (at == std::string::npos) return "";
    return r.body.substr(at + 8, r.body.find('"', at + 8) - at - 8);
  }
  std::unique_ptr<ApiHarness> h_;
  std::string admin_;
};

TEST_P(ServerApiTest, HealthAndReadinessNeedNoToken) {
  start();
  auto health = h_->get("/healthz", "");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  auto ready = h_->get("/readyz", "");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body, R"({"status":"ready"})");
}

TEST_P(ServerApiTest, ReadinessFollowsTheDatabaseConnection) {
  start();
  ASSERT_EQ(h_->get("/readyz", "").status, 200);
  if (GetParam() != "postgresql") return;  // an open SQLite file cannot be taken away
  // The database drops the server's connections (a restart, a failover). Only this test's: the
  // tests share one database, and each test's connections carry its schema as application name.
  soci_session(h_->db()) << "SELECT CAST(COUNT(pg_terminate_backend(pid)) AS BIGINT) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND application_name = current_setting('application_name')";
  auto down = h_->get("/readyz", "");
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_NE(down.body.find("not_ready"), std::string::npos);
  // The dead connection is dropped and a fresh one opened: ready again.
  int status = 0;
  for (int i = 0; i < 5 && status != 200; ++i) status = h_->get("/readyz", "").status;
  EXPECT_EQ(status, 200);
  for (int i = 0; i < 5 && status == 200; ++i) status = h_->get("/api/v1/test/items", admin_).status;
  EXPECT_EQ(status, 200);
}

TEST_P(ServerApiTest, RoutesMatchLiteralsFirstAndDecodeParameters) {
  start();
  EXPECT_EQ(h_->get("/api/v1/test/echo/abc", admin_).body, "\"abc\"");
  EXPECT_EQ(h_->get("/api/v1/test/echo/special", admin_).body, "\"literal\"");
  EXPECT_EQ(h_->get("/api/v1/test/echo/JP%202020", admin_).body, "\"JP 2020\"");
  EXPECT_EQ(h_->get("/api/v1/test/echo/abc?x=1", admin_).body, "\"abc\"");
}

TEST_P(ServerApiTest, UnknownRouteIs404AndWrongMethodIs405WithAllow) {
  start();
  for (const std::string path : {"/api/v1/nothing", "/api/v1/test/echo", "/api/v1/test/echo/a/b",
                                 "/api/v1/test/items/", "/api"}) {
    auto r = h_->get(path, admin_);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(error_code(r), "not_found") << path;
    EXPECT_EQ(r.headers["content-type"], "application/json");
  }
  // Outside /api/ the web interface answers (web_api_test.cpp): here it is
  // not built, so a plain-text 404.
  auto page = h_->get("/", admin_);
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(page.headers["content-type"], "text/plain; charset=utf-8");
  auto r = h_->request("PUT", "/api/v1/test/items", "{}", admin_);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["allow"], "DELETE, GET, POST");
  EXPECT_EQ(error_code(r), "method_not_allowed");
  // Without a token too: the route table is not a secret, the data is.
  EXPECT_EQ(h_->request("PATCH", "/healthz", "{}", "").headers["allow"], "GET");
}

TEST_P(ServerApiTest, MissingBadOrRevokedTokenIs401AndWrongRoleIs403) {
  start();
  auto none = h_->get("/api/v1/test/items", "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(error_code(none), "unauthorized");
  EXPECT_EQ(none.headers["www-authenticate"].rfind("Bearer", 0), 0u);
  EXPECT_EQ(h_->get("/api/v1/test/items", "chz_" + std::string(64, 'a')).status, 401);
  EXPECT_EQ(h_->get("/api/v1/test/items", "garbage").status, 401);
  EXPECT_EQ(h_->request("GET", "/api/v1/test/items", "", "", {{"Authorization", "Basic " + admin_}}).status,
            401);
  EXPECT_EQ(h_->request("GET", "/api/v1/test/items", "", "", {{"Authorization", "bearer " + admin_}}).status,
            200);
  const std::string tt = h_->token_for("tt", Role::kTechTransfer);
  EXPECT_EQ(h_->get("/api/v1/test/items", tt).status, 200);
  auto forbidden = h_->post("/api/v1/test/items", R"({"text":"x"})", tt);
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(error_code(forbidden), "forbidden");
  ASSERT_TRUE(AuthService(h_->db()).revoke("tt"));
  EXPECT_EQ(h_->get("/api/v1/test/items", tt).status, 401);
  EXPECT_EQ(count_rows(h_->db(), "note"), 0);
}

TEST_P(ServerApiTest, BadBodiesAreRefusedWith400NamingTheProblemOrField) {
  start({{"api.max_json_depth", "8"}});
  struct Case {
    std::string body;
    std::string code;
    std::string needle;  // in the message or the field
  };
  const std::vector<Case> cases = {
      // simdjson names the kind of error, not its position.
      {R"({"text": "a",})", "malformed_json", "malformed JSON: The JSON document has an improper structure"},
      {"{\n  \"text\": tru\n}", "malformed_json", "malformed JSON: Problem while parsing an atom"},
      {R"({"text": "a"} x)", "malformed_json", "improper structure"},
      {R"({"text": "a)", "malformed_json", "A string is opened, but never closed"},
      {R"({"a":[[[[[[[[[1]]]]]]]]]})", "too_deep", "limit of 8"},
      {R"({"text":"a","colour":"red"})", "bad_request", "\"field\":\"colour\""},
      {R"({"text":5})", "bad_request", "\"field\":\"text\""},
      {R"({"text":"a","count":"5"})", "bad_request", "\"field\":\"count\""},
      {R"({"text":"a","count":1.5})", "bad_request", "\"field\":\"count\""},
      {R"({"count":1})", "bad_request", "\"field\":\"text\""},
      {"", "bad_request", "must be JSON"},
  };
  const std::string before = dump_content(h_->db());
  for (const auto& c : cases) {
    auto r = h_->post("/api/v1/test/items", c.body, admin_);
    EXPECT_EQ(r.status, 400) << c.body << " → " << r.body;
    EXPECT_EQ(error_code(r), c.code) << c.body << " → " << r.body;
    EXPECT_NE(r.body.find(c.needle), std::string::npos) << c.body << " → " << r.body;
    EXPECT_NE(r.body.find("\"field\":"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("\"message\":"), std::string::npos) << r.body;
  }
  // Within the limit is fine.
  auto ok = h_->post("/api/v1/test/items", R"({"text":"deep","count":7})", admin_);
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.body, R"({"text":"deep","count":7})");
  EXPECT_EQ(count_rows(h_->db(), "note"), 1);
  (void)before;
}

TEST_P(ServerApiTest, AJsonBodyIsParsedOnceByTheServerForTheHandler) {
  start();
  auto r = h_->post("/api/v1/test/parsed", R"({"text":"once"})", admin_);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, R"({"server_parsed":true,"text":"once"})");
  // Another content type is not the server's to parse: the handler does.
  auto other = h_->request("POST", "/api/v1/test/parsed", R"({"text":"twice"})", admin_,
                           {{"Content-Type", "text/plain"}});
  EXPECT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(other.body, R"({"server_parsed":false,"text":"twice"})");
}

TEST_P(ServerApiTest, PageSizeAboveTheMaximumIs400) {
  start({{"api.default_page_size", "20"}, {"api.max_page_size", "50"}});
  EXPECT_EQ(h_->get("/api/v1/test/items", admin_).body, R"({"limit":20,"after":"","next":"6b2d3432"})");
  EXPECT_EQ(h_->get("/api/v1/test/items?limit=50&cursor=6b2d3432", admin_).body,
            R"({"limit":50,"after":"k-42","next":"6b2d3432"})");
  for (const std::string q : {"limit=51", "limit=0", "limit=-1", "limit=ten"}) {
    auto r = h_->get("/api/v1/test/items?" + q, admin_);
    EXPECT_EQ(r.status, 400) << q;
    EXPECT_NE(r.body.find("\"field\":\"limit\""), std::string::npos) << r.body;
  }
  auto bad_cursor = h_->get("/api/v1/test/items?cursor=xyz", admin_);
  EXPECT_EQ(bad_cursor.status, 400);
  EXPECT_NE(bad_cursor.body.find("\"field\":\"cursor\""), std::string::npos);
}

TEST_P(ServerApiTest, OversizedBodyIs413WithoutReadingIt) {
  start({{"api.max_body_bytes", "1000"}});
  // A declared length over the limit: the answer comes before the body is sent.
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(h_->port())));
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  const std::string head = "POST /api/v1/test/items HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin_ +
                           "\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{\"te";
  socket.sendBytes(head.data(), static_cast<int>(head.size()));
  std::string answer;
  char buf[4096];
  for (;;) {
    const int n = socket.receiveBytes(buf, sizeof buf);
    if (n <= 0) break;
    answer.append(buf, static_cast<std::size_t>(n));
    if (answer.find("}}") != std::string::npos) break;
  }
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer;
  EXPECT_NE(answer.find("payload_too_large"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Connection: Close"), std::string::npos) << answer;

  // Chunked (no length): read only up to the limit.
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(h_->port()));
  Poco::Net::HTTPRequest req("POST", "/api/v1/test/items", Poco::Net::HTTPMessage::HTTP_1_1);
  req.setChunkedTransferEncoding(true);
  req.set("Authorization", "Bearer " + admin_);
  req.setContentType("application/json");
  std::ostream& out = session.sendRequest(req);
  out << "{\"text\":\"" << std::string(5000, 'a') << "\"}";
  Poco::Net::HTTPResponse resp;
  std::istream& in = session.receiveResponse(resp);
  std::ostringstream body;
  Poco::StreamCopier::copyStream(in, body);
  EXPECT_EQ(resp.getStatus(), 413);
  // Exactly at the limit is fine.
  const std::string fits = "{\"text\":\"" + std::string(1000 - 11, 'b') + "\"}";
  ASSERT_EQ(fits.size(), 1000u);
  EXPECT_EQ(h_->post("/api/v1/test/items", fits, admin_).status, 201);
  EXPECT_EQ(count_rows(h_->db(), "note"), 1);
}

TEST_P(ServerApiTest, TooManyHeadersIs400) {
  start({{"api.max_headers", "20"}});
  std::vector<std::pair<std::string, std::string>> headers;
  for (int i = 0; i < 25; ++i) headers.emplace_back("X-Filler-" + std::to_string(i), "x");
  auto r = h_->request("GET", "/api/v1/test/items", "", admin_, headers);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_code(r), "too_many_headers");
  // Beyond Poco's own limit of 100 fields the request is refused while
  // parsing: the same error body, and a request-log line.
  for (int i = 25; i < 120; ++i) headers.emplace_back("X-Filler-" + std::to_string(i), "x");
  auto beyond = h_->request("GET", "/api/v1/test/items", "", admin_, headers);
  EXPECT_EQ(beyond.status, 400);
  EXPECT_EQ(error_code(beyond), "too_many_headers") << beyond.body;
  headers.resize(10);
  EXPECT_EQ(h_->request("GET", "/api/v1/test/items", "", admin_, headers).status, 200);
  const auto lines = h_->log_lines();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[1].find(" - - 400 "), std::string::npos) << lines[1];
}

// A request whose head Poco cannot parse gets the API's error body too, and
// the connection closes.
TEST_P(ServerApiTest, MalformedRequestHeadIs400WithTheErrorBody) {
  start();
  auto send = [&](const std::string& raw) { return exchange_raw(h_->port(), raw); };
  // (A line without a colon is refused before Poco reads the head — Poco
  // itself skipped a short one; connection_api_test.cpp has the other forms.)
  const std::string no_colon = send("GET /healthz HTTP/1.1\r\nHost: x\r\n" + std::string(300, 'N') + "\r\n\r\n");
  EXPECT_EQ(no_colon.rfind("HTTP/1.1 400", 0), 0u) << no_colon;
  EXPECT_NE(no_colon.find("Content-Type: application/json"), std::string::npos) << no_colon;
  EXPECT_NE(no_colon.find(R"({"error":{"code":"bad_request","message":"malformed HTTP request: )"),
            std::string::npos)
      << no_colon;
  EXPECT_NE(no_colon.find("Connection: Close"), std::string::npos) << no_colon;
  const std::string long_value =
      send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: " + std::string(10000, 'v') + "\r\n\r\n");
  EXPECT_EQ(long_value.rfind("HTTP/1.1 400", 0), 0u) << long_value.substr(0, 200);
  EXPECT_NE(long_value.find("\"bad_request\""), std::string::npos) << long_value.substr(0, 400);
  const std::string bad_line = send("\x01\x02 garbage\r\n\r\n");
  EXPECT_EQ(bad_line.rfind("HTTP/1.1 400", 0), 0u) << bad_line;
  EXPECT_NE(bad_line.find("\"bad_request\""), std::string::npos) << bad_line;
  // The server goes on serving.
  EXPECT_EQ(h_->get("/healthz", "").status, 200);
}

// Request smuggling (issue 23, section 8): a head whose body length two
// readers could take differently is refused with 400 and the connection
// closed, so the bytes after it never run as a second request; and a body
// the server did not read (a refused request's) closes the connection too.
TEST_P(ServerApiTest, AmbiguousFramingIs400AndNothingAfterItRuns) {
  start();
  auto send = [&](const std::string& raw) { return exchange_raw(h_->port(), raw); };
  const auto responses = [](const std::string& answer) {
    std::size_t n = 0;
    for (std::size_t at = answer.find("HTTP/1.1 "); at != std::string::npos; at = answer.find("HTTP/1.1 ", at + 1)) ++n;
    return n;
  };
  const std::string smuggled = "GET /api/v1/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin_ + "\r\n\r\n";
  const std::string body = "{\"text\":\"a\"}";
  const std::string post = "POST /api/v1/test/items HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin_ +
                           "\r\nContent-Type: application/json\r\n";
  struct Case {
    const char* what;
    std::string head;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"both framings", post + "Content-Length: " + std::to_string(body.size()) + "\r\nTransfer-Encoding: chunked\r\n",
       "Transfer-Encoding"},
      {"two lengths", post + "Content-Length: " + std::to_string(body.size()) + "\r\nContent-Length: 0\r\n",
       "Content-Length"},
      {"a signed length", post + "Content-Length: +" + std::to_string(body.size()) + "\r\n", "Content-Length"},
      {"a hex length", post + "Content-Length: 0x" + std::to_string(body.size()) + "\r\n", "Content-Length"},
      {"another coding", post + "Transfer-Encoding: gzip\r\n", "Transfer-Encoding"},
      {"two credentials", post + "Authorization: Bearer other\r\nContent-Length: " + std::to_string(body.size()) + "\r\n",
       "Authorization"},
  };
  for (const Case& c : cases) {
    const std::string answer = send(c.head + "\r\n" + body + smuggled);
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << c.what << ": " << answer.substr(0, 300);
    EXPECT_NE(answer.find("\"field\":\"" + c.field + "\""), std::string::npos) << c.what << ": " << answer;
    EXPECT_NE(answer.find("Connection: Close"), std::string::npos) << c.what;
    EXPECT_EQ(responses(answer), 1u) << c.what << ": the smuggled request ran: " << answer;
  }
  EXPECT_EQ(count_rows(h_->db(), "note"), 0);
  // A body left unread by a refusal (an unknown route) is not read as the next request.
  const std::string unknown = "POST /api/v1/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " +
                              std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled;
  const std::string answer = send(unknown);
  EXPECT_EQ(answer.rfind("HTTP/1.1 404", 0), 0u) << answer.substr(0, 300);
  EXPECT_EQ(responses(answer), 1u) << answer;
  // A plain request still keeps its connection.
  EXPECT_EQ(h_->post("/api/v1/test/items", body, admin_).status, 201);
}

TEST_P(ServerApiTest, RefusedMutationsWriteNothingAndFailuresHideInternals) {
  start();
  const std::string before = dump_content(h_->db());
  struct Case {
    std::string fail;
    int status;
    std::string code;
  };
  for (const Case& c : {Case{"api", 422, "test_refusal"}, Case{"file", 400, "bad_request"},
                        Case{"throw", 500, "internal"}, Case{"sql", 500, "internal"},
                        Case{"status", 409, ""}}) {
    auto r = h_->post("/api/v1/test/items?fail=" + c.fail, R"({"text":"never"})", admin_,
                      {{"Idempotency-Key", "k-" + c.fail}});
    EXPECT_EQ(r.status, c.status) << c.fail << " → " << r.body;
    if (!c.code.empty()) {
      EXPECT_EQ(error_code(r), c.code) << r.body;
    }
    EXPECT_EQ(r.body.find("secret internal detail"), std::string::npos);
    EXPECT_EQ(r.body.find("no_such_column"), std::string::npos);
    EXPECT_EQ(r.body.find("SELECT"), std::string::npos);
    if (c.status == 500) {
      EXPECT_EQ(r.body, R"({"error":{"code":"internal","message":"internal server error","field":null}})");
    }
  }
  // Nothing written: no note, no audit record, no idempotency key left behind.
  EXPECT_EQ(dump_content(h_->db()), before);
  // So a retry with the same key runs.
  auto retry = h_->post("/api/v1/test/items", R"({"text":"now"})", admin_, {{"Idempotency-Key", "k-api"}});
  EXPECT_EQ(retry.status, 201) << retry.body;
  EXPECT_EQ(count_rows(h_->db(), "note"), 1);
  EXPECT_EQ(count_rows(h_->db(), "api_audit"), 1);
}

TEST_P(ServerApiTest, EveryMutationIsAudited) {
  start();
  ASSERT_EQ(h_->post("/api/v1/test/items", R"({"text":"n1"})", admin_).status, 201);
  std::string user, method, route, path, type, id, digest;
  long long status = 0;
  soci_session(h_->db()) << "SELECT user_name, method, route, path, status, entity_type, entity_id, digest FROM api_audit",
      soci::into(user), soci::into(method), soci::into(route), soci::into(path), soci::into(status),
      soci::into(type), soci::into(id), soci::into(digest);
  EXPECT_EQ(user, "root");
  EXPECT_EQ(method, "POST");
  EXPECT_EQ(route, "/api/v1/test/items");
  EXPECT_EQ(status, 201);
  EXPECT_EQ(type, "note");
  EXPECT_EQ(id, "n1");
  EXPECT_EQ(digest.size(), 64u);
  // Reads are not audited.
  ASSERT_EQ(h_->get("/api/v1/test/items", admin_).status, 200);
  EXPECT_EQ(count_rows(h_->db(), "api_audit"), 1);
}

TEST_P(ServerApiTest, IdempotencyKeyReplaysAndRefusesAnotherBody) {
  start();
  const std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "order-1"}};
  auto first = h_->post("/api/v1/test/items", R"({"text":"once"})", admin_, key);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.headers.count("idempotent-replayed"), 0u);
  auto again = h_->post("/api/v1/test/items", R"({"text":"once"})", admin_, key);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers["idempotent-replayed"], "true");
  EXPECT_EQ(count_rows(h_->db(), "note"), 1);  // acted once
  EXPECT_EQ(count_rows(h_->db(), "api_audit"), 1);

  auto other = h_->post("/api/v1/test/items", R"({"text":"twice"})", admin_, key);
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(error_code(other), "idempotency_key_reused");
  EXPECT_NE(other.body.find("\"field\":\"Idempotency-Key\""), std::string::npos);
  // Keys belong to their user: another user's same key is a new request.
  const std::string finance = h_->token_for("fin", Role::kFinance);
  EXPECT_EQ(h_->post("/api/v1/test/items", R"({"text":"once"})", finance, key).status, 201);
  EXPECT_EQ(count_rows(h_->db(), "note"), 2);
  // A malformed key is refused.
  auto bad = h_->post("/api/v1/test/items", R"({"text":"x"})", admin_, {{"Idempotency-Key", "has space"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(count_rows(h_->db(), "note"), 2);
}

// A reused key with another query string or media type is another request
// (issue 23, section 8): refused with 422, never the first reply replayed.
TEST_P(ServerApiTest, IdempotencyKeyCoversTheQueryAndTheMediaType) {
  start();
  const std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "import-7"}};
  ASSERT_EQ(h_->post("/api/v1/test/items", R"({"text":"once"})", admin_, key).status, 201);
  auto other_query = h_->post("/api/v1/test/items?skip_invalid=true", R"({"text":"once"})", admin_, key);
  EXPECT_EQ(other_query.status, 422) << other_query.body;
  EXPECT_EQ(error_code(other_query), "idempotency_key_reused");
  EXPECT_EQ(count_rows(h_->db(), "note"), 1);
  // The same query again is the same request: replayed.
  const std::vector<std::pair<std::string, std::string>> key2 = {{"Idempotency-Key", "import-8"}};
  ASSERT_EQ(h_->post("/api/v1/test/items?skip_invalid=true", R"({"text":"q"})", admin_, key2).status, 201);
  auto same = h_->post("/api/v1/test/items?skip_invalid=true", R"({"text":"q"})", admin_, key2);
  EXPECT_EQ(same.status, 201);
  EXPECT_EQ(same.headers["idempotent-replayed"], "true");
  EXPECT_EQ(count_rows(h_->db(), "note"), 2);

  // The media type: the same bytes as CSV or as JSONL are two requests.
  api::Request a;
  a.method = "POST";
  a.path = "/api/v1/patents/import";
  a.body = "number\nJP2020-000001\n";
  a.content_type = "text/csv";
  api::Request b = a;
  b.content_type = "application/x-ndjson";
  EXPECT_NE(api::request_hash(a), api::request_hash(b));
  // Query parts cannot run into each other: {a: "b&c=d"} is not {a: "b", c: "d"}.
  api::Request c = a, d = a;
  c.query = {{"a", "b&c=d"}};
  d.query = {{"a", "b"}, {"c", "d"}};
  EXPECT_NE(api::request_hash(c), api::request_hash(d));
  EXPECT_EQ(api::request_hash(a), api::request_hash(api::Request(a)));
}

TEST_P(ServerApiTest, IdempotencyKeyExpiresAfterItsRetention) {
  start();
  const std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "old"}};
  ASSERT_EQ(h_->post("/api/v1/test/items", R"({"text":"a"})", admin_, key).status, 201);
  // 25 hours later (the default retention is 24 h) the key is free again.
  soci_session(h_->db()) << "UPDATE api_idempotency SET created_at = '2000-01-01T00:00:00Z'";
  auto r = h_->post("/api/v1/test/items", R"({"text":"b"})", admin_, key);
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.headers.count("idempotent-replayed"), 0u);
  EXPECT_EQ(count_rows(h_->db(), "note"), 2);
}

// api.active_requests = 1: two slow reads run one after the other (the
// second waits for the first), while a public route still answers at once.
TEST_P(ServerApiTest, ActiveRequestsLimitQueuesAuthenticatedRequestsOnly) {
  start({{"api.active_requests", "1"}, {"api.threads", "4"}});
  const auto t0 = std::chrono::steady_clock::now();
  Reply first, second;
  std::thread a([&] { first = h_->get("/api/v1/test/slow-read", admin_); });
  for (int i = 0; i < 200 && h_->server().in_flight() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::thread b([&] { second = h_->get("/api/v1/test/slow-read", admin_); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto health_at = std::chrono::steady_clock::now();
  EXPECT_EQ(h_->get("/healthz", "").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - health_at, std::chrono::milliseconds(500));
  a.join();
  b.join();
  EXPECT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(second.status, 200) << second.body;
  // Each read takes 1 s; one at a time, both are done after about 2 s.
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(1900));
}

TEST_P(ServerApiTest, ConcurrentRequestsWithOneKeyAct409AndOnce) {
  start();
  const std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "same"}};
  Reply first, second;
  std::thread a([&] { first = h_->post("/api/v1/test/slow", "{}", admin_, key); });
  // Let the first claim the key and enter its (slow) handler.
  for (int i = 0; i < 200 && h_->server().in_flight() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::thread b([&] { second = h_->post("/api/v1/test/slow", "{}", admin_, key); });
  a.join();
  b.join();
  EXPECT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(error_code(second), "idempotency_key_in_use");
  EXPECT_EQ(count_rows(h_->db(), "note"), 1);
  // Once the first is done, the key replays it.
  auto third = h_->post("/api/v1/test/slow", "{}", admin_, key);
  EXPECT_EQ(third.status, 201);
  EXPECT_EQ(third.headers["idempotent-replayed"], "true");
  EXPECT_EQ(count_rows(h_->db(), "note"), 1);
}

TEST_P(ServerApiTest, AbandonedPendingKeyIsFreedAfterTheConfiguredTime) {
  start({{"api.idempotency_pending_seconds", "60"}});
  // A process died between claiming the key and finishing: its row stays 'pending'.
  const std::string hash_placeholder(64, '0');
  soci_session(h_->db()) << "INSERT INTO api_idempotency (user_name, idem_key, request_hash, state, status, "
                    "content_type, body, created_at) VALUES ('root', 'crash', :h, 'pending', 0, '', '', "
                    "'2000-01-01T00:00:00Z')",
      soci::use(hash_placeholder);
  auto r = h_->post("/api/v1/test/items", R"({"text":"after crash"})", admin_, {{"Idempotency-Key", "crash"}});
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_P(ServerApiTest, RequestLogHasOneLinePerRequestAndNeverTheToken) {
  start();
  ASSERT_EQ(h_->get("/api/v1/test/items?limit=3", admin_).status, 200);
  ASSERT_EQ(h_->get("/api/v1/nothing", admin_).status, 404);
  ASSERT_EQ(h_->get("/api/v1/test/items", "").status, 401);
  const auto lines = h_->log_lines();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[0].find(" GET /api/v1/test/items 200 "), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("ms user=root"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find(" GET /api/v1/nothing 404 "), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find(" 401 "), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("user=-"), std::string::npos) << lines[2];
  for (const auto& l : lines) {
    EXPECT_EQ(l.find(admin_), std::string::npos);
    EXPECT_EQ(l.find(admin_.substr(4, 16)), std::string::npos);
  }
}

// A decoded path with a line feed cannot forge a second log line (issue 23,
// section 8): every request is one line, its control characters escaped.
TEST_P(ServerApiTest, RequestLogEscapesControlCharactersAClientSends) {
  start();
  const std::string forged = "2026-12-08T00:00:00Z POST /api/v1/users 201 1.000ms user=root";
  const Reply r = h_->get("/api/v1/nothing%0a" + std::string("2026-12-08T00:00:00Z%20POST%20/api/v1/users%20201%201.000ms%20user=root"), "");
  EXPECT_NE(r.status, 200);
  ASSERT_NE(h_->get("/api/v1/x%0d%1b%5c", "").status, 200);
  const auto lines = h_->log_lines();
  ASSERT_EQ(lines.size(), 2u);
  for (const auto& l : lines) {
    for (const char c : l) EXPECT_GE(static_cast<unsigned char>(c), 0x20) << l;
    EXPECT_NE(l.rfind(forged, 0), 0u) << "a line that starts like a forged entry: " << l;
  }
  EXPECT_NE(lines[0].find("/api/v1/nothing\\x0A2026-12-08T00:00:00Z POST /api/v1/users"), std::string::npos)
      << lines[0];
  EXPECT_NE(lines[1].find("/api/v1/x\\x0D\\x1B\\\\ "), std::string::npos) << lines[1];
}

TEST_P(ServerApiTest, OpenApiDocumentListsExactlyTheRoutedRoutes) {
  start();
  auto r = h_->get("/api/v1/openapi.json", "");
  ASSERT_EQ(r.status, 200);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.body).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(std::string_view(doc["openapi"]), "3.0.3");
  EXPECT_EQ(std::string_view(doc["components"]["securitySchemes"]["bearerAuth"]["scheme"]), "bearer");
  std::set<std::pair<std::string, std::string>> documented, routed;
  for (auto [path, item] : simdjson::dom::object(doc["paths"])) {
    for (auto [method, op] : simdjson::dom::object(item)) {
      std::string m(method);
      for (char& ch : m) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      documented.emplace(m, std::string(path));
      // Every {name} of the path is a documented path parameter.
      std::set<std::string> params;
      simdjson::dom::array list;
      if (op["parameters"].get(list) == simdjson::SUCCESS) {
        for (auto p : list) {
          if (std::string_view(p["in"]) == "path") params.emplace(std::string_view(p["name"]));
        }
      }
      std::set<std::string> expected;
      for (std::size_t at = std::string_view(path).find('{'); at != std::string_view::npos;
           at = std::string_view(path).find('{', at + 1)) {
        expected.emplace(std::string_view(path).substr(at + 1, std::string_view(path).find('}', at) - at - 1));
      }
      EXPECT_EQ(params, expected) << path;
      EXPECT_FALSE(std::string_view(op["summary"]).empty()) << path;
    }
  }
  for (const auto& route : h_->server().router().routes()) routed.emplace(route.method, route.pattern);
  for (const auto& d : documented) EXPECT_TRUE(routed.count(d)) << "documented but not routed: " << d.first << " " << d.second;
  for (const auto& rt : routed) EXPECT_TRUE(documented.count(rt)) << "routed but not documented: " << rt.first << " " << rt.second;
  EXPECT_TRUE(documented.count({"GET", "/api/v1/test/echo/{name}"}));
  EXPECT_TRUE(documented.count({"GET", "/healthz"}));
  // Public routes need no token; the rest say who may call them.
  simdjson::dom::array security;
  ASSERT_EQ(doc["paths"]["/healthz"]["get"]["security"].get(security), simdjson::SUCCESS);
  EXPECT_EQ(security.size(), 0u);
  simdjson::dom::array roles;
  ASSERT_EQ(doc["paths"]["/api/v1/test/items"]["post"]["x-roles"].get(roles), simdjson::SUCCESS);
  EXPECT_EQ(roles.size(), 2u);
}

TEST_P(ServerApiTest, GracefulShutdownFinishesInFlightRequests) {
  start();
  Reply slow;
  std::thread client([&] { slow = h_->get("/api/v1/test/slow-read", admin_); });
  for (int i = 0; i < 400 && h_->server().in_flight() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(h_->server().in_flight(), 1);
  const auto t0 = std::chrono::steady_clock::now();
  h_->server().stop(30);
  const auto waited = std::chrono::steady_clock::now() - t0;
  client.join();
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(slow.body, R"({"finished":true})");
  EXPECT_GT(waited, std::chrono::milliseconds(300));  // it waited for the request
  // No longer accepting.
  EXPECT_ANY_THROW(h_->get("/healthz", ""));
}

TEST_P(ServerApiTest, TwoServersOnOneDatabaseServeOneState) {
  start();
  api::ServerConfig c;
  c.db_url = h_->db_url();
  c.port = 0;
  c.threads = 2;
  c.log = [](const std::string&) {};
  api::Router router;
  api::add_admin_routes(router);
  api::Server second(std::move(c), std::move(router));
  second.start();
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(second.port()));
  auto get_users = [&](const std::string& token) {
    Poco::Net::HTTPRequest req("GET", "/api/v1/users", Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Authorization", "Bearer " + token);
    session.sendRequest(req);
    Poco::Net::HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    std::ostringstream body;
    Poco::StreamCopier::copyStream(in, body);
    return std::make_pair(static_cast<int>(resp.getStatus()), body.str());
  };
  // Write through the harness's server, read through the second one.
  ASSERT_EQ(h_->post("/api/v1/users", R"({"name":"via_one","role":"admin"})", admin_).status, 201);
  const auto [status, body] = get_users(admin_);
  EXPECT_EQ(status, 200);
  EXPECT_NE(body.find("\"name\":\"via_one\""), std::string::npos) << body;

  // A token the second server has checked (and, on SQLite, keeps in its read
  // cache), revoked through the first: refused by the second at once.
  const Reply issued = h_->post("/api/v1/users/via_one/tokens", "{}", admin_);
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string token = Json(issued.body).str("/token");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(get_users(token).first, 200);
  ASSERT_EQ(h_->request("DELETE", "/api/v1/tokens/" + std::to_string(Json(issued.body).num("/id")), "", admin_)
                .status,
            200);
  EXPECT_EQ(get_users(token).first, 401);
  second.stop(5);
}

// The read cache's epoch (read_cache.h) follows SQLite's data_version: a
// commit by another connection, or bump() after this process's own write,
// ends the epoch; PostgreSQL never caches.
TEST_P(ServerApiTest, ReadEpochEndsWhenAnythingIsCommitted) {
  start();
  const DbUrl url = parse_db_url(h_->db_url()).value();
  auto reader = Database::open(url);
  auto writer = Database::open(url);
  api::ReadEpoch epoch;
  auto enter = [&] {
    ReadSnapshot snapshot(*reader);
    return epoch.enter(*reader);
  };
  if (GetParam() != "sqlite") {
    EXPECT_FALSE(enter());
    EXPECT_FALSE(enter());
    return;
  }
  EXPECT_FALSE(enter()) << "a connection's first request uses no cache";
  const auto first = enter();
  ASSERT_TRUE(first);
  EXPECT_EQ(enter(), first) << "nothing committed: the same epoch";

  soci_session(*writer) << "INSERT INTO note (text) VALUES ('elsewhere')";
  EXPECT_FALSE(enter()) << "another connection committed";
  const auto second = enter();
  ASSERT_TRUE(second);
  EXPECT_GT(*second, *first);

  // A connection's own commit does not move its data_version; the server
  // bumps after every mutation.
  soci_session(*reader) << "INSERT INTO note (text) VALUES ('here')";
  EXPECT_EQ(enter(), second);
  epoch.bump();
  const auto third = enter();
  ASSERT_TRUE(third);
  EXPECT_GT(*third, *second);
}

TEST(ReadCacheTest, ValuesLiveForTheirEpochWithinTheByteLimit) {
  api::EpochCache<std::string> cache(16 * 1000);  // 16 shards of 1000 bytes
  ASSERT_TRUE(cache.enabled());
  auto value = [](const std::string& s) { return std::make_shared<const std::string>(s); };
  cache.put("a", value("A"), 1, 5);
  ASSERT_NE(cache.find("a", 5), nullptr);
  EXPECT_EQ(*cache.find("a", 5), "A");
  EXPECT_EQ(cache.find("b", 5), nullptr);
  EXPECT_EQ(cache.find("a", 6), nullptr) << "a newer epoch: gone";
  EXPECT_EQ(cache.find("a", 5), nullptr) << "and not back for a request of the older epoch";
  cache.put("a", value("stale"), 1, 5);  // read before a change already seen: dropped
  EXPECT_EQ(cache.find("a", 6), nullptr);
  cache.put("a", value("A2"), 1, 6);
  EXPECT_EQ(*cache.find("a", 6), "A2");
  cache.put("a", value("A3"), 1, 6);  // the first value stays
  EXPECT_EQ(*cache.find("a", 6), "A2");

  // Full shards keep what they hold and store nothing more.
  for (int i = 0; i < 2000; ++i) cache.put("k" + std::to_string(i), value(std::string(200, 'x')), 200, 6);
  const api::CacheStats full = cache.stats();
  EXPECT_LE(full.bytes, 16u * 1000u);
  EXPECT_GT(full.entries, 16u);
  EXPECT_LT(full.entries, 2000u);
  EXPECT_EQ(full.hits, 4u);
  EXPECT_EQ(full.misses, 4u);
  EXPECT_EQ(*cache.find("a", 6), "A2");

  api::EpochCache<std::string> off(0);
  EXPECT_FALSE(off.enabled());
  off.put("a", value("A"), 1, 1);
  EXPECT_EQ(off.find("a", 1), nullptr);
}

TEST(ServerConfigTest, ReadsApiKeysAndRefusesBadValues) {
  std::map<std::string, std::string> values = {{"api.port", "9090"},          {"api.threads", "3"},
                                               {"api.max_body_bytes", "2048"}, {"api.max_json_depth", "5"},
                                               {"api.max_headers", "30"},      {"api.request_log", "off"},
                                               {"api.max_page_size", "500"},  {"api.default_page_size", "50"},
                                               {"api.active_requests", "2"},   {"api.cache_mb", "64"}};
  auto setting = [&](const std::string& k, const std::string& f) {
    auto it = values.find(k);
    return it == values.end() ? f : it->second;
  };
  const auto c = api::ServerConfig::from_settings(setting);
  EXPECT_EQ(c.port, 9090);
  EXPECT_EQ(c.threads, 3);
  EXPECT_EQ(c.max_body_bytes, 2048u);
  EXPECT_EQ(c.max_json_depth, 5);
  EXPECT_EQ(c.max_headers, 30);
  EXPECT_FALSE(c.request_log);
  EXPECT_EQ(c.settings.max_page_size, 500u);
  EXPECT_EQ(c.settings.default_page_size, 50u);
  EXPECT_EQ(c.active_requests, 2);
  EXPECT_EQ(c.effective_active_requests(), 2u);
  EXPECT_EQ(c.cache_bytes, std::size_t{64} << 20);
  api::ServerConfig unset;
  unset.threads = 64;
  EXPECT_EQ(unset.effective_active_requests(),
            std::min<std::size_t>(64, 4 * std::max(1u, std::thread::hardware_concurrency())));
  unset.threads = 2;
  EXPECT_EQ(unset.effective_active_requests(), 2u);  // never more than the threads
  for (const auto& [key, bad] : std::vector<std::pair<std::string, std::string>>{
           {"api.port", "70000"}, {"api.threads", "0"}, {"api.max_body_bytes", "lots"},
           {"api.max_headers", "500"}, {"api.request_log", "maybe"}, {"api.idempotency_hours", "1"},
           {"api.default_page_size", "600"}, {"api.active_requests", "-1"}, {"api.cache_mb", "-1"}}) {
    auto copy = values;
    values[key] = bad;
    try {
      (void)api::ServerConfig::from_settings(setting);
      ADD_FAILURE() << key << " = " << bad << " was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(key.substr(4)), std::string::npos) << e.what();
    }
    values = copy;
  }
}

namespace {

// parse_json_body's refusal as "status code: message", or "" when it parses.
std::string json_problem(const std::string& text, int max_depth) {
  api::JsonDocument doc;
  try {
    api::parse_json_body(text, max_depth, doc);
    return "";
  } catch (const api::ApiError& e) {
    return std::to_string(e.status()) + " " + e.code() + ": " + e.what();
  }
}

}  // namespace

TEST(JsonLimitsTest, KindsOfMalformedJsonAndDepth) {
  EXPECT_EQ(json_problem(R"({"a":[1,2.5e3,-0,true,false,null,"\u00e9\n"]})", 5), "");
  EXPECT_NE(json_problem("[01]", 5).find("400 malformed_json: malformed JSON: Problem while parsing a number"),
            std::string::npos);
  EXPECT_NE(json_problem("[1,]", 5).find("400 malformed_json: malformed JSON: The JSON document has an improper"),
            std::string::npos);
  EXPECT_NE(json_problem("\"a\tb\"", 5).find("unescaped characters"), std::string::npos);
  EXPECT_NE(json_problem("\"\\x\"", 5).find("Problem while parsing a string"), std::string::npos);
  EXPECT_EQ(json_problem("[[[]]]", 2), "400 too_deep: JSON nested deeper than the limit of 2 levels");
  EXPECT_EQ(json_problem("[[]]", 2), "");
  EXPECT_EQ(json_problem("\"\xff\"", 5), "400 malformed_json: the JSON body is not valid UTF-8");
  EXPECT_EQ(json_problem(" \n", 5), "400 malformed_json: malformed JSON: the body is empty; a JSON value was expected");
  // Deep nesting far past the limit is refused without recursing into it;
  // unclosed, it is malformed (simdjson checks the brackets' balance first).
  EXPECT_NE(json_problem(std::string(100000, '[') + std::string(100000, ']'), 64).find("400 too_deep"),
            std::string::npos);
  EXPECT_NE(json_problem(std::string(100000, '['), 64).find("400 malformed_json"), std::string::npos);
}

TEST(RouterTest, RefusesMalformedAndDuplicatePatterns) {
  api::Router router;
  auto h = [](Request&) { return api::json("{}"); };
  router.add(Route{"GET", "/a/{id}", 1, "x", h, "t"});
  EXPECT_THROW(router.add(Route{"GET", "/a/{id}", 1, "x", h, "t"}), std::logic_error);
  EXPECT_THROW(router.add(Route{"GET", "a/b", 1, "x", h, "t"}), std::logic_error);
  EXPECT_THROW(router.add(Route{"GET", "/a//b", 1, "x", h, "t"}), std::logic_error);
  EXPECT_THROW(router.add(Route{"GET", "/a/{x}/{x}", 1, "x", h, "t"}), std::logic_error);
  EXPECT_THROW(router.add(Route{"GET", "/a/b{x}", 1, "x", h, "t"}), std::logic_error);
  EXPECT_NO_THROW(router.add(Route{"POST", "/a/{id}", 1, "x", h, "t"}));
  auto m = router.match("DELETE", "/a/7");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "POST"}));
  auto g = router.match("GET", "/a/x%2Fy");
  ASSERT_NE(g.route, nullptr);
  EXPECT_EQ(g.params.at("id"), "x/y");
  EXPECT_EQ(router.match("GET", "/a/%zz").route, nullptr);
}

TEST(RefuseTest, TheKindDecidesTheStatusNotTheCode) {
  auto status_of = [](ErrorKind kind, const std::string& code) {
    try {
      api::refuse(make_error(kind, code, "m", "f"));
    } catch (const api::ApiError& e) {
      EXPECT_EQ(e.code(), code);
      EXPECT_EQ(e.field(), "f");
      return e.status();
    }
    return 0;
  };
  EXPECT_EQ(status_of(ErrorKind::kNotFound, "unknown_patent"), 404);
  EXPECT_EQ(status_of(ErrorKind::kConflict, "already_member"), 409);
  EXPECT_EQ(status_of(ErrorKind::kInvalid, "bad_date"), 400);
  EXPECT_EQ(status_of(ErrorKind::kRefused, "month_closed"), 422);
  EXPECT_EQ(status_of(ErrorKind::kForbidden, "not_yours"), 403);
  EXPECT_EQ(status_of(ErrorKind::kUnavailable, "not_migrated"), 503);
  // The spelling of a code decides nothing: the same words, other kinds.
  EXPECT_EQ(status_of(ErrorKind::kRefused, "unknown_patent"), 422);
  EXPECT_EQ(status_of(ErrorKind::kInvalid, "reference_conflict"), 400);
  EXPECT_EQ(status_of(ErrorKind::kNotFound, "bad_date"), 404);
}

TEST(RefuseTest, AnInternalErrorKeepsItsDetailFromTheClient) {
  for (ErrorKind kind : {ErrorKind::kInternal, ErrorKind::kIo}) {
    try {
      api::refuse(make_error(kind, "invariant_violated", "split of 7 lost 1 yen"));
      ADD_FAILURE() << "refuse returned";
    } catch (const api::ApiError& e) {
      ADD_FAILURE() << "an internal error became a client error " << e.status();
    } catch (const std::exception& e) {
      // Not an ApiError: the server's boundary logs what() and answers a bare 500.
      EXPECT_NE(std::string(e.what()).find("invariant_violated"), std::string::npos);
    }
  }
}

TEST(NegotiateTest, FormatQueryFirstThenAccept) {
  Request req;
  using api::Format;
  EXPECT_EQ(api::negotiate(req, {Format::kJson, Format::kCsv}), Format::kJson);
  req.accept = "text/csv";
  EXPECT_EQ(api::negotiate(req, {Format::kJson, Format::kCsv}), Format::kCsv);
  req.accept = "text/html;q=0.5, text/csv;q=0.9";
  EXPECT_EQ(api::negotiate(req, {Format::kJson, Format::kCsv, Format::kHtml}), Format::kCsv);
  req.accept = "*/*";
  EXPECT_EQ(api::negotiate(req, {Format::kHtml, Format::kJson}), Format::kHtml);
  req.accept = "image/png";
  EXPECT_THROW(api::negotiate(req, {Format::kJson}), api::ApiError);
  req.query["format"] = "html";
  EXPECT_EQ(api::negotiate(req, {Format::kJson, Format::kHtml}), Format::kHtml);
  try {
    api::negotiate(req, {Format::kJson});
    ADD_FAILURE();
  } catch (const api::ApiError& e) {
    EXPECT_EQ(e.status(), 406);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerApiTest, ::testing::ValuesIn(backends()), BackendName());

}  // namespace
}  // namespace chizai::testing
