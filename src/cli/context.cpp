#include "cli/context.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cstdlib>
#include <filesystem>

#include "store/migrate.h"

namespace chizai::cli {

void fail(const Error& e, int code) { throw Failure(code, e.message); }

Format parse_format(const std::string& text) {
  if (text == "table") return Format::kTable;
  if (text == "json") return Format::kJson;
  if (text == "csv") return Format::kCsv;
  if (text == "html") return Format::kHtml;
  throw Failure(kUsage, "unknown --format '" + text + "': use table, json or csv");
}

std::string default_config_path() {
  const char* path = "config/chizai.properties";
  return std::filesystem::exists(path) ? path : "";
}

std::string Context::database_url() const {
  if (!db_flag.empty()) return db_flag;
  if (const char* env = std::getenv("CHIZAI_DB"); env && *env) return env;
  const std::string config = config_path.empty() ? default_config_path() : config_path;
  if (!config.empty()) {
    if (!std::filesystem::exists(config)) {
      throw Failure(kNoInput, "configuration file not found: " + config);
    }
    try {
      Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> props(
          new Poco::Util::PropertyFileConfiguration(config));
      const std::string url = props->getString("db.url", "");
      if (!url.empty()) return url;
    } catch (const Poco::Exception& e) {
      throw Failure(kDataErr, "cannot read configuration " + config + ": " + e.displayText());
    }
  }
  return "sqlite3://var/chizai.db";
}

std::unique_ptr<Database> Context::open(bool require_schema) const {
  const auto url = parse_db_url(database_url());
  if (!url) fail(url.error(), kUsage);
  if (url->backend == Backend::kSqlite) {
    const auto parent = std::filesystem::path(url->path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) throw Failure(kCantCreate, "cannot create " + parent.string() + ": " + ec.message());
  }
  std::unique_ptr<Database> db;
  try {
    db = Database::open(url.value());
  } catch (const StoreError& e) {
    throw Failure(kUnavailable, e.what());
  }
  if (require_schema) {
    if (auto st = check_migrated(*db, embedded_migration_files()); !st) fail(st.error(), kUnavailable);
  }
  return db;
}

}  // namespace chizai::cli
