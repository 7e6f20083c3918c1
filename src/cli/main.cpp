// chizai: the command-line door onto the services.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/context.h"
#include "store/database.h"

namespace {

int run(int argc, char** argv) {
  using namespace chizai::cli;
  CLI::App app{"Chizai (知財): patent portfolio and licensing tracker", "chizai"};
  app.set_version_flag("--version", "chizai 0.1.0");
  app.require_subcommand(1);
  app.fallthrough();  // global options are accepted after the subcommand too
  Context ctx;
  app.add_option("--db", ctx.db_flag,
                 "Database URL: sqlite3://PATH or postgresql://… (else $CHIZAI_DB, db.url in the "
                 "config file, sqlite3://var/chizai.db)");
  app.add_option("--config", ctx.config_path, "Configuration file (default config/chizai.properties)");
  app.add_option("--user", ctx.user_flag,
                 "Who is acting, for the change history (else $CHIZAI_USER, else user.name in the config "
                 "file, else the operating-system account)");
  add_db_commands(app, ctx);
  add_registry_commands(app, ctx);
  add_family_commands(app, ctx);
  add_portfolio_commands(app, ctx);
  add_fees_commands(app, ctx);
  add_demo_commands(app, ctx);
  add_aggregation_commands(app, ctx);
  add_package_commands(app, ctx);
  add_project_commands(app, ctx);
  add_scheme_commands(app, ctx);
  add_licensing_commands(app, ctx);
  add_payment_commands(app, ctx);
  add_close_commands(app, ctx);
  add_company_commands(app, ctx);
  add_match_commands(app, ctx);
  add_deal_commands(app, ctx);
  add_staff_register_commands(app, ctx);
  add_serve_commands(app, ctx);
  add_admin_commands(app, ctx);
  add_docket_calendar_commands(app, ctx);
  add_docket_commands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "chizai: " << e.what() << " (see chizai --help)\n";
    return kUsage;
  }
  return kOk;
}

}  // namespace

namespace chizai::cli {
CLI::App* ledger_command(CLI::App& app) {
  auto found = app.get_subcommands([](CLI::App* sub) { return sub->get_name() == "ledger"; });
  if (!found.empty()) return found.front();
  auto* ledger = app.add_subcommand("ledger", "The double-entry ledger: check, export");
  ledger->require_subcommand(1);
  return ledger;
}
}  // namespace chizai::cli

int main(int argc, char** argv) {
  using namespace chizai::cli;
  try {
    return run(argc, argv);
  } catch (const Failure& f) {
    std::cerr << "chizai: " << f.what() << '\n';
    return f.code();
  } catch (const chizai::StoreError& e) {
    std::cerr << "chizai: database error: " << e.what() << '\n';
    return e.kind() == chizai::StoreError::Kind::kUnavailable ? kUnavailable : kSoftware;
  } catch (const std::exception& e) {
    const auto classified = chizai::Database::classify(e);
    std::cerr << "chizai: " << classified.what() << '\n';
    return classified.kind() == chizai::StoreError::Kind::kUnavailable ? kUnavailable : kSoftware;
  }
}
