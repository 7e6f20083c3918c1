// chizai db migrate | backup | restore | verify
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "services/db_service.h"
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

  auto out = std::make_shared<std::string>();
  auto* backup = db->add_subcommand(
      "backup", "Write a consistent copy of the database to a new file while the server runs "
                "(SQLite: online backup API; PostgreSQL: pg_dump --format=custom)");
  backup->add_option("--out", *out, "The backup file to create (never overwritten)")->required();
  backup->callback([&ctx, out] {
    auto database = ctx.open();
    const Status s = backup_database(*database, *out);
    if (!s && s.error().kind == ErrorKind::kIo) fail(s.error(), kCantCreate);
    if (!s) fail(s.error());
    std::cout << "backed up " << database->url().display << " to " << *out << '\n';
  });

  auto file = std::make_shared<std::string>();
  auto* restore = db->add_subcommand("restore", "Restore a backup into an empty database (refuses a non-empty one)");
  restore->add_option("FILE", *file, "The backup made by `chizai db backup`")->required();
  restore->callback([&ctx, file] {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(*file, ec)) throw Failure(kNoInput, "cannot read " + *file);
    auto database = ctx.open(false);
    if (auto s = restore_database(*database, *file); !s) fail(s.error());
    if (auto s = check_migrated(*database, embedded_migration_files()); !s) {
      std::cout << "restored " << *file << " into " << database->url().display << "; " << s.error().message << '\n';
      return;
    }
    std::cout << "restored " << *file << " into " << database->url().display
              << "; run `chizai db verify` to check it\n";
  });

  auto* verify = db->add_subcommand(
      "verify", "Check migrations' hashes, SQLite's integrity, the whole ledger and every issued statement");
  verify->callback([&ctx] {
    auto database = ctx.open(false);
    auto r = verify_database(*database, embedded_migration_files());
    if (!r) fail(r.error());
    std::cout << "migrations: " << r->migrations << " applied, each matching its file's SHA-256\n";
    if (r->integrity_checked) std::cout << "integrity_check: ok\n";
    std::cout << "ledger check: ok (" << r->ledger.entries << " entries, " << r->ledger.postings << " postings, "
              << r->ledger.payments << " payments, " << r->ledger.payouts << " payouts)\n";
    std::cout << "statements: " << r->statements
              << " issued, each matching its SHA-256 and re-rendering in its format version\n";
    std::cout << "database " << database->url().display << " verified\n";
  });
}

}  // namespace chizai::cli
