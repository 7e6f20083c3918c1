// ServerConfig: the api.* configuration keys (server.h).
#include "api/server.h"

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "core/text.h"

namespace chizai::api {

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
  c.web_root = std::string(trim(setting("web.root", c.web_root)));
  if (c.web_root.empty()) c.web_root = "web/dist";
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

}  // namespace chizai::api
