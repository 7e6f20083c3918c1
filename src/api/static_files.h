// The web interface's built files (web/dist, from `npm run build`), served
// by `chizai serve` beside the API on the same origin (README "Web
// interface"), and the security headers every response carries.
//
// What a GET or HEAD of a path outside /api/, /healthz and /readyz answers:
//  - an existing regular file under the root: the file, with its
//    Content-Type, ETag and Last-Modified (304 for a matching
//    If-None-Match / If-Modified-Since); FILE.gz beside it is sent instead,
//    with Content-Encoding: gzip, when the request accepts gzip;
//  - a file under /assets/ (Vite's hashed names): cached a year, immutable;
//    anything else (index.html above all): Cache-Control: no-cache;
//  - a missing path under /assets/: 404 text;
//  - any other missing path: index.html (the app's own routes, such as
//    /patents/JP2020-123456, load the app);
//  - a path with "." or ".." segments, a backslash or a NUL (after
//    percent-decoding), or one that resolves (through symlinks) outside the
//    root: 400 text, nothing read;
//  - no root directory: 404 text saying the interface is not built.
#pragma once

#include <cstdint>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/route.h"

namespace chizai::api {

// The headers of every response, pages and API alike: the
// Content-Security-Policy (nothing from another origin, no inline script),
// nosniff, Referrer-Policy and framing refused.
const std::vector<std::pair<std::string, std::string>>& security_headers();

// True for the paths the API answers (not static files): /api and /api/…,
// /healthz and /readyz.
bool is_api_path(std::string_view path);

// What a static request carries that the answer depends on.
struct StaticRequest {
  std::string method;            // GET or HEAD
  std::string path;              // percent-decoded, without the query string
  std::string accept_encoding;   // Accept-Encoding as sent
  std::string if_none_match;     // If-None-Match as sent
  std::string if_modified_since; // If-Modified-Since as sent
};

class StaticFiles {
 public:
  // `root`: the directory of the built files (made absolute against the
  // working directory). It need not exist (then every page is the "not
  // built" 404) and is looked at again on each request.
  explicit StaticFiles(const std::string& root);
  StaticFiles(const StaticFiles&) = delete;
  StaticFiles& operator=(const StaticFiles&) = delete;

  const std::string& root() const { return root_; }
  // The answer to `req` (see the top of this file). Thread-safe.
  Response serve(const StaticRequest& req);

 private:
  // A file's content as last read, reused while its inode, size and mtime
  // stay the same.
  struct Cached {
    std::uint64_t inode = 0;
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::shared_ptr<const std::string> body;
  };
  struct Found;
  // `relative` inside the root as a regular file (symlinks resolved, kept
  // only when they stay inside), with its content; false when there is none.
  bool find(const std::string& relative, Found& out);
  std::shared_ptr<const std::string> content(const std::string& real_path, const Cached& stat_now);
  Response file_response(const StaticRequest& req, const std::string& relative, bool immutable);

  std::string root_;
  std::mutex m_;
  std::map<std::string, Cached> cache_;  // by real path
  std::size_t cache_bytes_ = 0;
};

}  // namespace chizai::api
