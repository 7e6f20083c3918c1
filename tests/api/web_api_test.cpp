// `chizai serve` as the web interface's server: the built files of web/dist
// (a directory of the test's own here), the app's routes falling back to
// index.html, cache headers, gzip, path traversal refused, and the security
// headers on every response, pages and API alike. On both backends.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "api_fixture.h"
#include "api_harness.h"

namespace chizai::testing {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A built app: index.html, a hashed script and stylesheet (with a .gz of
// the script), an icon, and a secret beside the root a symlink points to.
class WebRoot {
 public:
  WebRoot() {
    base_ = fs::temp_directory_path() / ("chizai-web-" + std::to_string(::getpid()) + "-" + std::to_string(++n_));
    fs::remove_all(base_);
    root_ = base_ / "dist";
    write_file(root_ / "index.html", "<!doctype html><title>Chizai</title><script src=/assets/app-1a2b.js></script>");
    write_file(root_ / "assets/app-1a2b.js", "console.log('app');");
    write_file(root_ / "assets/app-1a2b.js.gz", "GZIPPED-BYTES");
    write_file(root_ / "assets/style-3c4d.css", "body{margin:0}");
    write_file(root_ / "favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
    write_file(root_ / "fonts/noto.woff2", "wOF2");
    write_file(base_ / "secret.txt", "top secret");
    fs::create_symlink(base_ / "secret.txt", root_ / "leak.txt");
  }
  ~WebRoot() {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }
  std::string root() const { return root_.string(); }

 private:
  static inline int n_ = 0;
  fs::path base_, root_;
};

class WebApiTest : public BackendTest {
 protected:
  void start(const std::string& root) {
    HarnessOptions o;
    o.config = {{"web.root", root}};
    h_ = std::make_unique<ApiHarness>(GetParam(), o);
  }
  Reply get(const std::string& path, std::vector<std::pair<std::string, std::string>> headers = {}) {
    return h_->request("GET", path, "", "", headers);
  }
  WebRoot web_;
  std::unique_ptr<ApiHarness> h_;
};

void expect_security_headers(const Reply& r, const std::string& what) {
  ASSERT_TRUE(r.headers.count("content-security-policy")) << what;
  const std::string csp = r.headers.at("content-security-policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << what;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << what;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << what;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << what;
  EXPECT_EQ(r.headers.count("x-content-type-options") ? r.headers.at("x-content-type-options") : "", "nosniff")
      << what;
  EXPECT_EQ(r.headers.count("referrer-policy") ? r.headers.at("referrer-policy") : "", "same-origin") << what;
  EXPECT_EQ(r.headers.count("x-frame-options") ? r.headers.at("x-frame-options") : "", "DENY") << what;
}

TEST_P(WebApiTest, ServesIndexAndAssetsWithCacheHeaders) {
  start(web_.root());
  auto index = get("/");
  ASSERT_EQ(index.status, 200) << index.body;
  EXPECT_NE(index.body.find("<title>Chizai</title>"), std::string::npos);
  EXPECT_EQ(index.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(index.headers["cache-control"], "no-cache");
  EXPECT_FALSE(index.headers["etag"].empty());
  EXPECT_FALSE(index.headers["last-modified"].empty());
  expect_security_headers(index, "/");

  auto css = get("/assets/style-3c4d.css");
  ASSERT_EQ(css.status, 200);
  EXPECT_EQ(css.body, "body{margin:0}");
  EXPECT_EQ(css.headers["content-type"], "text/css; charset=utf-8");
  EXPECT_EQ(css.headers["cache-control"], "public, max-age=31536000, immutable");
  expect_security_headers(css, "css");

  auto svg = get("/favicon.svg");
  EXPECT_EQ(svg.headers["content-type"], "image/svg+xml");
  EXPECT_EQ(svg.headers["cache-control"], "no-cache");
  EXPECT_EQ(get("/fonts/noto.woff2").headers["content-type"], "font/woff2");
}

TEST_P(WebApiTest, GzipSiblingSentWhenAccepted) {
  start(web_.root());
  auto plain = get("/assets/app-1a2b.js");
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body, "console.log('app');");
  EXPECT_EQ(plain.headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_EQ(plain.headers.count("content-encoding"), 0u);
  EXPECT_EQ(plain.headers["vary"], "Accept-Encoding");

  auto gz = get("/assets/app-1a2b.js", {{"Accept-Encoding", "br, gzip"}});
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.body, "GZIPPED-BYTES");
  EXPECT_EQ(gz.headers["content-encoding"], "gzip");
  EXPECT_EQ(gz.headers["vary"], "Accept-Encoding");
  EXPECT_EQ(gz.headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_NE(gz.headers["etag"], plain.headers["etag"]);

  auto refused = get("/assets/app-1a2b.js", {{"Accept-Encoding", "gzip;q=0"}});
  EXPECT_EQ(refused.body, "console.log('app');");
}

TEST_P(WebApiTest, AppRoutesFallBackToIndexButMissingAssetsAre404) {
  start(web_.root());
  for (const char* path : {"/patents/JP2020-123456", "/statements/U-TOKYO/2026-06", "/no/such/page"}) {
    auto r = get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_NE(r.body.find("<title>Chizai</title>"), std::string::npos) << path;
    EXPECT_EQ(r.headers["cache-control"], "no-cache") << path;
  }
  auto missing = get("/assets/gone-9999.js");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body.find("<title>"), std::string::npos);
  expect_security_headers(missing, "missing asset");
  // The API's own 404 stays JSON.
  auto api = get("/api/v1/no-such-thing");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(error_of(api).code, "not_found");
}

TEST_P(WebApiTest, ConditionalGetAndHead) {
  start(web_.root());
  auto first = get("/assets/style-3c4d.css");
  auto again = get("/assets/style-3c4d.css", {{"If-None-Match", first.headers["etag"]}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  auto since = get("/assets/style-3c4d.css", {{"If-Modified-Since", first.headers["last-modified"]}});
  EXPECT_EQ(since.status, 304);
  auto head = h_->request("HEAD", "/", "", "");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.headers["content-type"], "text/html; charset=utf-8");
  auto post = h_->request("POST", "/patents", "x", "");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.headers["allow"], "GET, HEAD");
}

TEST_P(WebApiTest, TraversalAndSymlinksOutOfTheRootRefused) {
  start(web_.root());
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                           "/assets/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt", "/a%00b", "/./index.html"}) {
    auto r = get(path);
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_EQ(r.body.find("top secret"), std::string::npos) << path;
  }
  // A symlink leading out of the root is as if absent: the app, not the file.
  auto link = get("/leak.txt");
  EXPECT_EQ(link.body.find("top secret"), std::string::npos);
  EXPECT_NE(link.body.find("<title>Chizai</title>"), std::string::npos);
}

TEST_P(WebApiTest, NotBuiltSays404WithWhatToDo) {
  start(web_.root() + "/missing");
  auto r = get("/");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("scripts/setup.sh"), std::string::npos);
  expect_security_headers(r, "not built");
}

TEST_P(WebApiTest, SecurityHeadersOnApiResponses) {
  start(web_.root());
  expect_security_headers(get("/healthz"), "/healthz");
  expect_security_headers(get("/api/v1/patents"), "401");
  const std::string token = h_->token(api::Role::kAdmin);
  expect_security_headers(h_->get("/api/v1/users", token), "200");
  expect_security_headers(h_->request("PATCH", "/api/v1/users", "", token), "405");
}

INSTANTIATE_TEST_SUITE_P(Backends, WebApiTest, ::testing::ValuesIn(backends()), BackendName());

}  // namespace
}  // namespace chizai::testing
