// chizai db migrate | db status
#include <iostream>

#include "cli/commands.h"
#include "store/migrate.h"

namespace chizai::cli {

void add_db_commands(CLI::App& app, Context& ctx) {
  auto* db = app.add_subcommand("db", "Database schema");
  db->require_subcommand(1);
  auto* migrate_cmd = db->add_subcommand("migrate", "Apply pending migrations from sql/ in order");
  auto sql_dir = std::make_shared<std::string>();
  migrate_cmd->add_option("--sql-dir", *sql_dir,
                          "Read migrations from this directory instead of those built in");
  migrate_cmd->callback([&ctx, sql_dir] {
    auto database = ctx.open(false);
    std::vector<MigrationFile> files = embedded_migration_files();
    if (!sql_dir->empty()) {
      auto read = read_migration_files(*sql_dir);
      if (!read) fail(read.error(), kNoInput);
      files = std::move(read).value();
    }
    auto report = migrate(*database, files);
    if (!report) fail(report.error());
    for (const auto& name : report->applied) std::cout << "applied " << name << '\n';
    std::cout << "database " << database->url().display << " is at migration " << files.size()
              << " (" << report->applied.size() << " applied now, " << report->already_applied
              << " before)\n";
  });
}

}  // namespace chizai::cli
