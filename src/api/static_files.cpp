#include "api/static_files.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <Poco/Timestamp.h>
#include <sys/stat.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/text.h"

namespace chizai::api {

namespace {

// Files up to this size are kept in memory (the built app is a few hundred KB).
constexpr std::int64_t kCacheFileBytes = 4 << 20;
constexpr std::size_t kCacheTotalBytes = std::size_t{64} << 20;

const char* const kNotBuilt =
    "The web interface is not built: run scripts/setup.sh (it builds web/ into web/dist), "
    "or set web.root in the configuration. The API is served under /api/v1/.\n";

Response text(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

std::string content_type_of(std::string_view path) {
  const auto dot = path.rfind('.');
  const std::string ext = dot == std::string_view::npos ? "" : to_lower_ascii(path.substr(dot + 1));
  static const std::map<std::string, std::string, std::less<>> types = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"webp", "image/webp"},
      {"gif", "image/gif"},
      {"json", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"map", "application/json"},
      {"woff2", "font/woff2"},
      {"woff", "font/woff"},
      {"ico", "image/x-icon"},
      {"txt", "text/plain; charset=utf-8"},
      {"pdf", "application/pdf"},
  };
  const auto it = types.find(ext);
  return it == types.end() ? "application/octet-stream" : it->second;
}

// True when `accept_encoding` accepts gzip (a "gzip" coding whose q is not 0).
bool accepts_gzip(std::string_view accept_encoding) {
  for (const std::string_view part : split(accept_encoding, ',')) {
    const std::string item = to_lower_ascii(trim(part));
    const auto semi = item.find(';');
    if (std::string(trim(item.substr(0, semi))) != "gzip") continue;
    if (semi == std::string::npos) return true;
    const std::string params = item.substr(semi + 1);
    const auto q = params.find("q=");
    if (q == std::string::npos) return true;
    const double value = std::atof(params.c_str() + q + 2);
    return value > 0;
  }
  return false;
}

// True when the percent-decoded `path` may name a file: it starts with '/',
// and has no backslash, NUL, "." or ".." segment.
bool safe_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) return false;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

std::string http_date(std::int64_t mtime_ns) {
  const Poco::Timestamp t = Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(mtime_ns / 1000000000));
  return Poco::DateTimeFormatter::format(t, Poco::DateTimeFormat::HTTP_FORMAT);
}

// True when the If-Modified-Since date is at or after the file's mtime (seconds).
bool not_modified_since(const std::string& since, std::int64_t mtime_ns) {
  if (since.empty()) return false;
  try {
    int tz = 0;
    const Poco::DateTime at = Poco::DateTimeParser::parse(std::string(trim(since)), tz);
    return at.timestamp().epochTime() - tz >= static_cast<std::time_t>(mtime_ns / 1000000000);
  } catch (const Poco::Exception&) {
    return false;
  }
}

// True when the If-None-Match list names `etag` (or is "*").
bool etag_matches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.empty()) return false;
  if (trim(if_none_match) == "*") return true;
  const std::string bare = etag.substr(2);  // without W/
  for (const std::string_view part : split(if_none_match, ',')) {
    std::string tag(trim(part));
    if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);
    if (tag == bare) return true;
  }
  return false;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& security_headers() {
  static const std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "same-origin"},
      {"X-Frame-Options", "DENY"},
  };
  return headers;
}

bool is_api_path(std::string_view path) {
  return path == "/api" || path.rfind("/api/", 0) == 0 || path == "/healthz" || path == "/readyz";
}

struct StaticFiles::Found {
  std::string real_path;
  Cached stat;
};

StaticFiles::StaticFiles(const std::string& root) {
  std::error_code ec;
  auto absolute = std::filesystem::absolute(root.empty() ? "web/dist" : root, ec);
  root_ = ec ? root : absolute.lexically_normal().string();
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

bool StaticFiles::find(const std::string& relative, Found& out) {
  char resolved[PATH_MAX];
  const std::string candidate = root_ + relative;
  if (::realpath(candidate.c_str(), resolved) == nullptr) return false;
  char real_root[PATH_MAX];
  if (::realpath(root_.c_str(), real_root) == nullptr) return false;
  const std::string path(resolved), base(real_root);
  // Inside the root, symlinks resolved: a link leading out is as if absent.
  if (path.size() <= base.size() || path.compare(0, base.size(), base) != 0 || path[base.size()] != '/') {
    return false;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  out.real_path = path;
  out.stat.inode = static_cast<std::uint64_t>(st.st_ino);
  out.stat.size = static_cast<std::int64_t>(st.st_size);
  out.stat.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return true;
}

std::shared_ptr<const std::string> StaticFiles::content(const std::string& real_path, const Cached& now) {
  {
    std::lock_guard lock(m_);
    const auto it = cache_.find(real_path);
    if (it != cache_.end() && it->second.inode == now.inode && it->second.size == now.size &&
        it->second.mtime_ns == now.mtime_ns) {
      return it->second.body;
    }
  }
  std::ifstream in(real_path, std::ios::binary);
  if (!in) return nullptr;
  std::string body;
  body.resize(static_cast<std::size_t>(now.size));
  in.read(body.data(), now.size);
  body.resize(static_cast<std::size_t>(in.gcount()));
  auto shared = std::make_shared<const std::string>(std::move(body));
  if (now.size <= kCacheFileBytes) {
    std::lock_guard lock(m_);
    Cached& slot = cache_[real_path];
    if (slot.body) cache_bytes_ -= slot.body->size();
    if (cache_bytes_ + shared->size() <= kCacheTotalBytes) {
      slot = now;
      slot.body = shared;
      cache_bytes_ += shared->size();
    } else {
      cache_.erase(real_path);
    }
  }
  return shared;
}

Response StaticFiles::file_response(const StaticRequest& req, const std::string& relative, bool immutable) {
  Found plain;
  if (!find(relative, plain)) return text(404, "not found: " + req.path + "\n");
  Found gz;
  const bool has_gz = find(relative + ".gz", gz);
  const bool send_gz = has_gz && accepts_gzip(req.accept_encoding);
  const Found& chosen = send_gz ? gz : plain;

  Response r;
  r.content_type = content_type_of(relative);
  char etag[96];
  std::snprintf(etag, sizeof etag, "W/\"%llx-%llx%s\"", static_cast<unsigned long long>(chosen.stat.size),
                static_cast<unsigned long long>(chosen.stat.mtime_ns), send_gz ? "-gz" : "");
  r.headers.emplace_back("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("ETag", etag);
  r.headers.emplace_back("Last-Modified", http_date(chosen.stat.mtime_ns));
  if (has_gz) r.headers.emplace_back("Vary", "Accept-Encoding");
  if (send_gz) r.headers.emplace_back("Content-Encoding", "gzip");
  const bool fresh = req.if_none_match.empty() ? not_modified_since(req.if_modified_since, chosen.stat.mtime_ns)
                                               : etag_matches(req.if_none_match, etag);
  if (fresh) {
    r.status = 304;
    return r;
  }
  auto body = content(chosen.real_path, chosen.stat);
  if (!body) return text(404, "not found: " + req.path + "\n");
  r.body = *body;
  return r;
}

Response StaticFiles::serve(const StaticRequest& req) {
  if (!safe_path(req.path)) return text(400, "bad path: '.', '..', backslashes and NUL are refused\n");
  struct stat st {};
  if (::stat(root_.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return text(404, kNotBuilt);
  const bool asset = req.path.rfind("/assets/", 0) == 0;
  if (req.path != "/") {
    Found found;
    if (find(req.path, found)) return file_response(req, req.path, asset);
    if (asset) return text(404, "not found: " + req.path + "\n");
  }
  // The app's own routes (and /): index.html, never cached.
  Found index;
  if (!find("/index.html", index)) return text(404, kNotBuilt);
  return file_response(req, "/index.html", false);
}

}  // namespace chizai::api
