// Each module of commands adds its subcommands to the application.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <set>
#include <string>

#include "cli/context.h"

namespace chizai::cli {

// `chizai ledger`, shared by the command files that add ledger commands:
// the first caller creates it.
CLI::App* ledger_command(CLI::App& app);
// Installs the docket recompute hook (services/docket_service.h) with the
// configured rule book on `db` (Database::set_facts_hook): every command's
// write that changes a patent's docket facts recomputes its tasks in the
// same transaction. Context::open calls it on every connection it opens.
void install_docket_hook(const Context& ctx, Database& db);
// The rule book's folder: docket.rules_dir, else docketing/ beside the
// configuration file, else config/docketing.
std::string docket_rules_directory(const Context& ctx);
// `chizai docket`, shared by the command files that add docket commands:
// the first caller creates it.
CLI::App* docket_command(CLI::App& app);
// The configuration as services read it (SettingFn), with the rule book's
// default, docket.rules_dir, at docketing/ beside the configuration file
// (as the office calendars'), else config/docketing.
std::function<std::string(const std::string&, const std::string&)> docket_settings(const Context& ctx);
// `chizai docket remind` (docket_remind_commands.cpp), under `chizai docket`.
void add_docket_remind_command(CLI::App* docket, Context& ctx);

void add_db_commands(CLI::App& app, Context& ctx);
void add_registry_commands(CLI::App& app, Context& ctx);
// `institution alias add|remove|list` and `institution resolve`, under the
// `institution` command add_registry_commands creates.
void add_institution_alias_commands(CLI::App& inst, Context& ctx);
// `patent event …`, under the `patent` command add_registry_commands creates.
void add_patent_event_commands(CLI::App& patent, Context& ctx);
void add_family_commands(CLI::App& app, Context& ctx);
void add_demo_commands(CLI::App& app, Context& ctx);
void add_aggregation_commands(CLI::App& app, Context& ctx);
void add_package_commands(CLI::App& app, Context& ctx);
void add_project_commands(CLI::App& app, Context& ctx);
void add_scheme_commands(CLI::App& app, Context& ctx);
void add_licensing_commands(CLI::App& app, Context& ctx);
void add_payment_commands(CLI::App& app, Context& ctx);
void add_close_commands(CLI::App& app, Context& ctx);
void add_company_commands(CLI::App& app, Context& ctx);  // company import, interest, events
void add_match_commands(CLI::App& app, Context& ctx);
void add_deal_commands(CLI::App& app, Context& ctx);     // deal, pipeline
// staff add|show|members; after add_project_commands (which adds staff assign|list)
void add_staff_register_commands(CLI::App& app, Context& ctx);
void add_serve_commands(CLI::App& app, Context& ctx);
void add_admin_commands(CLI::App& app, Context& ctx);    // user, token, audit
void add_portfolio_commands(CLI::App& app, Context& ctx);  // portfolio summary
void add_docket_calendar_commands(CLI::App& app, Context& ctx);  // docket calendar
// docket list|show|done|waive|undo|recompute|subscription
void add_docket_commands(CLI::App& app, Context& ctx);
void add_fees_commands(CLI::App& app, Context& ctx);  // fees forecast, docket review

}  // namespace chizai::cli
