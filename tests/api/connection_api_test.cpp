// How `chizai serve` holds connections (api/reactor.h): idle and slow
// clients do not take workers, connection limits, deadlines, and heads
// refused before they are read (issue 23 §8). The connection layer does not
// touch the database, so these run on SQLite only.
#include <gtest/gtest.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "api/server.h"
#include "api_harness.h"

namespace chizai::testing {
namespace {

using Clock = std::chrono::steady_clock;

HarnessOptions with(std::map<std::string, std::string> config) {
  HarnessOptions o;
  o.config = std::move(config);
  return o;
}

std::string from_address(int i) { return "127.0." + std::to_string(1 + i / 200) + "." + std::to_string(2 + i % 200); }

// Issue 23 §8: api.threads clients that connect and send nothing, or
// trickle a header, stopped every route. Now 100 idle and 20 trickling
// connections (from 120 addresses) leave /healthz answering at once with
// two workers, and the header deadline closes them.
TEST(ConnectionTest, IdleAndTricklingConnectionsDoNotStopTheServer) {
  ApiHarness h("sqlite", with({{"api.threads", "2"}, {"api.header_timeout_seconds", "2"}}));
  std::vector<Poco::Net::StreamSocket> idle, trickling;
  for (int i = 0; i < 100; ++i) idle.push_back(connect_from(h.port(), from_address(i)));
  for (int i = 0; i < 20; ++i) {
    trickling.push_back(connect_from(h.port(), from_address(100 + i)));
    const std::string part = "GET /healthz HTTP/1.1\r\nHo";
    trickling.back().sendBytes(part.data(), static_cast<int>(part.size()));
  }
  double slowest_ms = 0;
  for (int i = 0; i < 20; ++i) {
    const auto started = Clock::now();
    EXPECT_EQ(h.get("/healthz", "").status, 200);
    slowest_ms = std::max(slowest_ms, std::chrono::duration<double, std::milli>(Clock::now() - started).count());
  }
  std::printf("20 GET /healthz beside 100 idle and 20 trickling connections, 2 workers: slowest %.2f ms\n",
              slowest_ms);
  EXPECT_LT(slowest_ms, 1000.0);
  EXPECT_GE(h.server().connection_counts().open, 120u);
  // A trickler adds a byte a second: the deadline runs from its first byte, not its last.
  for (auto& s : trickling) s.sendBytes("s", 1);
  // At the deadline: the idle ones are closed without a word, the
  // tricklers get 408 with the API's error body.
  for (auto& s : idle) EXPECT_EQ(read_until_closed(s, 5), "");
  for (auto& s : trickling) {
    const std::string answer = read_until_closed(s, 5);
    EXPECT_EQ(answer.rfind("HTTP/1.1 408 Request Timeout", 0), 0u) << answer;
    EXPECT_NE(answer.find(R"({"error":{"code":"request_timeout")"), std::string::npos) << answer;
  }
  EXPECT_GE(h.server().connection_counts().timed_out, 120u);
  EXPECT_EQ(h.get("/healthz", "").status, 200);
}

TEST(ConnectionTest, ConnectionsPerAddressAreCappedExceptAProxys) {
  ApiHarness h("sqlite", with({{"api.max_connections_per_address", "3"}, {"api.proxy_addresses", "127.0.9.9"}}));
  std::vector<Poco::Net::StreamSocket> open;
  for (int i = 0; i < 3; ++i) open.push_back(connect_from(h.port(), "127.0.9.1"));
  // The fourth from the same address: 503 with the API's error body, closed.
  Poco::Net::StreamSocket fourth = connect_from(h.port(), "127.0.9.1");
  const std::string refused = read_until_closed(fourth, 5);
  EXPECT_EQ(refused.rfind("HTTP/1.1 503 Service Unavailable", 0), 0u) << refused;
  EXPECT_NE(refused.find("Retry-After: 1"), std::string::npos) << refused;
  EXPECT_NE(refused.find(R"({"error":{"code":"too_many_connections")"), std::string::npos) << refused;
  // Another address is not affected, and a proxy's address has no cap.
  EXPECT_EQ(exchange_raw(h.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "127.0.9.2")
                .rfind("HTTP/1.1 200", 0),
            0u);
  std::vector<Poco::Net::StreamSocket> proxy;
  for (int i = 0; i < 6; ++i) proxy.push_back(connect_from(h.port(), "127.0.9.9"));
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  proxy.back().sendBytes(request.data(), static_cast<int>(request.size()));
  EXPECT_EQ(read_until_closed(proxy.back(), 5).rfind("HTTP/1.1 200", 0), 0u);
  // When one of the three closes, the address may connect again.
  open.front().close();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(exchange_raw(h.port(), request, "127.0.9.1").rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_EQ(h.server().connection_counts().refused, 1u);
}

// Heads refused before any reader takes them apart, each answered with the
// API's JSON 400 (not a reset connection), and the server goes on.
TEST(ConnectionTest, MalformedAndOversizedHeadsGetTheApiError) {
  ApiHarness h("sqlite", with({}));
  struct Case {
    const char* what;
    std::string raw;
    std::string message;
  };
  std::string many_headers;
  for (int i = 0; i < 10000; ++i) many_headers += "X-H" + std::to_string(i) + ": v\r\n";
  const std::vector<Case> cases = {
      {"bare LF", "GET /healthz HTTP/1.1\nHost: x\n\n", "line 1 of the head ends in a bare LF (not CRLF)"},
      {"a short line without a colon", "GET /healthz HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n",
       "header line 2 has no colon"},
      {"whitespace before a colon", "GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n",
       "header line 1 has whitespace before its colon"},
      {"a folded line", "GET /healthz HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n", "header line 2 begins with whitespace"},
      {"a 100 KB URI", "GET /" + std::string(100 * 1024, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n",
       "the request head is larger than 32768 bytes"},
      {"10,000 header fields", "GET /healthz HTTP/1.1\r\nHost: x\r\n" + many_headers + "\r\n",
       "the request head is larger than 32768 bytes"},
  };
  for (const Case& c : cases) {
    const std::string answer = exchange_raw(h.port(), c.raw);
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << c.what << ": " << answer.substr(0, 200);
    EXPECT_NE(answer.find("Content-Type: application/json"), std::string::npos) << c.what;
    EXPECT_NE(answer.find(R"({"error":{"code":"bad_request","message":"malformed HTTP request: )" + c.message),
              std::string::npos)
        << c.what << ": " << answer;
  }
  EXPECT_EQ(h.get("/healthz", "").status, 200);
}

// A small body (up to 64 KiB, by Content-Length) must come with its head
// within the header deadline, and takes no worker while it trickles; a
// larger one is read by a worker within api.body_timeout_seconds, and only
// half the workers may be reading one at once (503 server_busy beyond).
TEST(ConnectionTest, TricklingBodiesTakeNoWorkerOrOnlyHalfOfThem) {
  ApiHarness h("sqlite", with({{"api.threads", "2"},
                               {"api.header_timeout_seconds", "1"},
                               {"api.body_timeout_seconds", "2"}}));
  const std::string token = h.token(api::Role::kAdmin);
  const auto post_head = [&](std::size_t length) {
    return "POST /api/v1/companies HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n{\"code\":";
  };
  // Two small bodies trickling and one large: the two workers stay free for /healthz.
  std::vector<Poco::Net::StreamSocket> small;
  for (int i = 0; i < 2; ++i) {
    small.push_back(connect_from(h.port(), from_address(i)));
    const std::string head = post_head(100);
    small.back().sendBytes(head.data(), static_cast<int>(head.size()));
  }
  Poco::Net::StreamSocket large = connect_from(h.port(), from_address(2));
  const std::string large_head = post_head(100000);
  large.sendBytes(large_head.data(), static_cast<int>(large_head.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // A second large body while the first is read: refused, the one worker left is kept.
  Poco::Net::StreamSocket second = connect_from(h.port(), from_address(3));
  second.sendBytes(large_head.data(), static_cast<int>(large_head.size()));
  const std::string busy = read_until_closed(second, 5);
  EXPECT_EQ(busy.rfind("HTTP/1.1 503", 0), 0u) << busy;
  EXPECT_NE(busy.find(R"("code":"server_busy")"), std::string::npos) << busy;
  const auto started = Clock::now();
  EXPECT_EQ(h.get("/healthz", "").status, 200);
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - started).count(), 0.5);
  // The small ones: 408 from the header deadline; the large one: 408 from its body deadline.
  for (auto& s : small) {
    const std::string answer = read_until_closed(s, 5);
    EXPECT_EQ(answer.rfind("HTTP/1.1 408", 0), 0u) << answer;
    EXPECT_NE(answer.find("api.header_timeout_seconds"), std::string::npos) << answer;
  }
  const std::string answer = read_until_closed(large, 5);
  EXPECT_EQ(answer.rfind("HTTP/1.1 408", 0), 0u) << answer;
  EXPECT_NE(answer.find(R"("code":"request_timeout")"), std::string::npos) << answer;
  EXPECT_NE(answer.find("api.body_timeout_seconds"), std::string::npos) << answer;
  EXPECT_EQ(h.get("/healthz", "").status, 200);
}

// The idle limit ends with the first byte of the next request: from then
// its head has the whole header deadline, even if it started just before
// the idle limit would have closed the connection.
TEST(ConnectionTest, AHeadBegunJustBeforeTheIdleLimitHasItsWholeDeadline) {
  ApiHarness h("sqlite", with({{"api.keep_alive_seconds", "2"}, {"api.header_timeout_seconds", "3"}}));
  Poco::Net::StreamSocket s = connect_from(h.port(), "127.0.0.1");
  const std::string first = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  s.sendBytes(first.data(), static_cast<int>(first.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // idle 1.5 s of 2
  const std::string part = "GET /readyz HTTP/1.1\r\nHo";
  s.sendBytes(part.data(), static_cast<int>(part.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // 2.7 s after the first reply: past the idle limit
  const std::string rest = "st: x\r\nConnection: close\r\n\r\n";
  s.sendBytes(rest.data(), static_cast<int>(rest.size()));
  const std::string answer = read_until_closed(s, 5);
  EXPECT_NE(answer.find("\"status\":\"ok\""), std::string::npos) << answer;
  EXPECT_NE(answer.find("\"status\":\"ready\""), std::string::npos) << answer;
}

// Keep-alive goes through the reactor between requests; requests sent
// back to back on one connection (pipelined) are each answered, in order.
TEST(ConnectionTest, KeepAliveAndPipelinedRequestsAreServedInOrder) {
  ApiHarness h("sqlite", with({{"api.keep_alive_seconds", "1"}}));
  Poco::Net::StreamSocket s = connect_from(h.port(), "127.0.0.1");
  const std::string one = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string two = "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string both = one + two;
  s.sendBytes(both.data(), static_cast<int>(both.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  s.sendBytes(one.data(), static_cast<int>(one.size()));  // a third, after the two were answered
  // Then the idle limit closes the connection.
  const std::string answer = read_until_closed(s, 5);
  std::size_t replies = 0;
  for (auto at = answer.find("HTTP/1.1 200"); at != std::string::npos; at = answer.find("HTTP/1.1 200", at + 1)) {
    ++replies;
  }
  EXPECT_EQ(replies, 3u) << answer;
  EXPECT_LT(answer.find("\"status\":\"ok\""), answer.find("\"ready\"")) << answer;
}

}  // namespace
}  // namespace chizai::testing
