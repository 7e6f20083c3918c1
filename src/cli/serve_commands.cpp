// chizai serve: the HTTP API (src/api) on this database.
#include <Poco/Exception.h>

#include <iostream>
#include <memory>

#include "api/routes.h"
#include "api/server.h"
#include "api/openapi.h"
#include "cli/commands.h"
#include "services/docket_service.h"

namespace chizai::cli {
namespace {

struct ServeFlags {
  std::string host;
  int port = -1;
  int threads = -1;
};

void serve(Context& ctx, const ServeFlags& flags) {
  api::ServerConfig config;
  try {
    config = api::ServerConfig::from_settings(
        [&ctx](const std::string& key, const std::string& fallback) { return ctx.setting(key, fallback); });
  } catch (const std::invalid_argument& e) {
    throw Failure(kDataErr, e.what());
  }
  if (!flags.host.empty()) config.host = flags.host;
  if (flags.port >= 0) config.port = flags.port;
  if (flags.threads > 0) config.threads = flags.threads;
  config.db_url = ctx.database_url();
  config.settings.scheme = ctx.scheme_settings();
  config.settings.policy_dir = ctx.policy_dir();
  const Context copy = ctx;
  // The rule book's default beside the configuration file, as the CLI's.
  config.settings.setting = [copy](const std::string& key, const std::string& fallback) {
    return docket_settings(copy)(key, fallback);
  };

  const std::string host = config.host;
  const std::string web_root = config.web_root;
  api::Router router;
  api::all_routes(router);
  // Signals are blocked before any thread starts, so every worker inherits
  // the mask and only the main thread takes SIGTERM/SIGINT (sigwait).
  api::block_stop_signals();
  std::unique_ptr<api::Server> server;
  try {
    server = std::make_unique<api::Server>(std::move(config), std::move(router));
  } catch (const StoreError& e) {
    throw Failure(kUnavailable, e.what());
  } catch (const Poco::Exception& e) {
    throw Failure(kUnavailable, "cannot listen: " + e.displayText());
  }
  {
    // Never a stale due date: tasks computed with another rule book or
    // other calendars are recomputed before the first request.
    auto db = ctx.open();
    // Without a readable rule book the server still serves everything
    // else; the docket's routes answer with the loader's error.
    auto rules = load_docket_rules(docket_settings(ctx)("docket.rules_dir", "config/docketing"));
    if (!rules) {
      std::cerr << "chizai serve: warning: the docket is unavailable (" << rules.error().message
                << "): set docket.rules_dir\n";
    } else {
      DocketService docket(*db, rules.value(), ctx.actor(), today_local());
      if (docket.ensure_current()) std::cerr << "chizai serve: docket recomputed for the loaded rules and calendars\n";
    }
  }
  server->start();
  std::cerr << "chizai serve: listening on http://" << host
            << ":" << server->port() << " (" << server->router().routes().size() << " routes; web interface from "
            << web_root << ")" << std::endl;
  const int sig = api::wait_for_stop_signal();
  std::cerr << "chizai serve: signal " << sig << ", finishing in-flight requests" << std::endl;
  server->stop(30);
  const auto line = [](const char* what, const api::CacheStats& c) {
    std::cerr << "chizai serve: read cache, " << what << ": " << c.hits << " hits, " << c.misses << " misses, "
              << c.entries << " kept (" << (c.bytes + (1 << 19)) / (1 << 20) << " MiB)" << std::endl;
  };
  line("tokens", server->token_cache_stats());
  line("patents", server->patent_cache_stats());
  std::cerr << "chizai serve: stopped" << std::endl;
}

}  // namespace

void add_serve_commands(CLI::App& app, Context& ctx) {
  auto flags = std::make_shared<ServeFlags>();
  auto* cmd = app.add_subcommand("serve", "Serve the HTTP API (stops cleanly on SIGTERM/SIGINT)");
  cmd->add_option("--host", flags->host, "Address to listen on (api.host, default 127.0.0.1)");
  cmd->add_option("--port", flags->port, "Port (api.port, default 8080; 0 = any free port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--threads", flags->threads, "Worker threads and database connections (api.threads)")
      ->check(CLI::Range(1, 256));
  cmd->callback([&ctx, flags] { serve(ctx, *flags); });

  // The same document GET /api/v1/openapi.json serves, without a server or
  // a database: for generating clients (web/) and for checking it.
  auto* doc = app.add_subcommand("openapi", "Print the HTTP API's OpenAPI 3 document (JSON)");
  doc->callback([] {
    api::Router router;
    api::all_routes(router);
    std::cout << api::openapi_document(router) << '\n';
  });
}

}  // namespace chizai::cli
