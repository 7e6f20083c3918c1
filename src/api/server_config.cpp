// ServerConfig: the api.* configuration keys (server.h).
#include "api/server.h"

#include <algorithm>
#include <stdexcept>
#include <thread>
#include <ctime>

#include <Poco/Net/IPAddress.h>

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
  c.header_timeout_seconds =
      static_cast<int>(number("api.header_timeout_seconds", c.header_timeout_seconds, 1, 3600));
  c.body_timeout_seconds = static_cast<int>(number("api.body_timeout_seconds", c.body_timeout_seconds, 1, 86400));
  c.max_head_bytes = static_cast<std::size_t>(
      number("api.max_head_bytes", static_cast<long long>(c.max_head_bytes), 1024, 1 << 20));
  c.max_connections = static_cast<int>(number("api.max_connections", c.max_connections, 1, 1000000));
  c.max_connections_per_address =
      static_cast<int>(number("api.max_connections_per_address", c.max_connections_per_address, 1, 1000000));
  const std::string proxies = setting("api.proxy_addresses", "");
  for (const auto& part : split(proxies, ',')) {
    const std::string address = std::string(trim(part));
    if (address.empty()) continue;
    Poco::Net::IPAddress parsed;
    if (!Poco::Net::IPAddress::tryParse(address, parsed)) {
      throw std::invalid_argument("configuration api.proxy_addresses: '" + address + "' is not an IP address");
    }
    c.proxy_addresses.push_back(parsed.toString());
  }
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
  auto on_off = [&](const std::string& key, bool fallback) {
    const std::string text = to_lower_ascii(trim(setting(key, fallback ? "on" : "off")));
    if (text == "on" || text == "true" || text == "yes") return true;
    if (text == "off" || text == "false" || text == "no") return false;
    throw std::invalid_argument("configuration " + key + " = '" + text + "' must be on or off (true or false)");
  };
  c.request_log = on_off("api.request_log", true);
  c.web_root = std::string(trim(setting("web.root", c.web_root)));
  if (c.web_root.empty()) c.web_root = "web/dist";
  WebSettings& web = c.settings.web;
  web.secure_cookies = on_off("web.secure_cookies", web.secure_cookies);
  web.trust_proxy = on_off("web.trust_proxy", web.trust_proxy);
  web.session_idle_minutes =
      static_cast<int>(number("web.session_idle_minutes", web.session_idle_minutes, 1, 24 * 60));
  web.session_hours = static_cast<int>(number("web.session_hours", web.session_hours, 1, 24 * 30));
  return c;
}

long long WebSettings::now() const {
  return clock ? clock() : static_cast<long long>(std::time(nullptr));
}

std::size_t ServerConfig::effective_active_requests() const {
  if (active_requests > 0) return static_cast<std::size_t>(std::min(active_requests, threads));
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return std::min(static_cast<std::size_t>(threads), static_cast<std::size_t>(4 * cores));
}

}  // namespace chizai::api
