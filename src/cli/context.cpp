#include "cli/context.h"

#include "text/names.h"
#include "cli/commands.h"
#include "cli/request_flags.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/fraction.h"
#include "core/money.h"
#include "core/text.h"
#include "store/migrate.h"

namespace chizai::cli {

namespace {
// The message, with the flag that carries the error's field when the
// command took it from one ("… (--fx-rate)").
std::string with_flag(const Error& e) {
  const std::string flag = e.field.empty() ? "" : flag_for_field(e.field);
  return flag.empty() ? e.message : e.message + " (" + flag + ")";
}
}  // namespace

// A list's --after naming nothing is a bad flag value, like any other:
// exit 64 on every list command.
void fail(const Error& e) {
  if (e.field == "after") throw Failure(kUsage, e.message + " (--after)");
  throw Failure(error_kind_info(e.kind).exit_code, with_flag(e));
}
void fail(const Error& e, int code) { throw Failure(code, with_flag(e)); }

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

std::string Context::setting(const std::string& key, const std::string& fallback) const {
  const std::string config = config_path.empty() ? default_config_path() : config_path;
  if (config.empty()) return fallback;
  if (!std::filesystem::exists(config)) {
    throw Failure(kNoInput, "configuration file not found: " + config);
  }
  try {
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> props(
        new Poco::Util::PropertyFileConfiguration(config));
    return props->getString(key, fallback);
  } catch (const Poco::Exception& e) {
    throw Failure(kDataErr, "cannot read configuration " + config + ": " + e.displayText());
  }
}

std::string Context::database_url() const {
  if (!db_flag.empty()) return db_flag;
  if (const char* env = std::getenv("CHIZAI_DB"); env && *env) return env;
  const std::string url = setting("db.url", "");
  return url.empty() ? "sqlite3://var/chizai.db" : url;
}

std::string Context::policy_dir() const {
  const std::string configured = setting("ledger.policy_dir", "");
  if (!configured.empty()) return configured;
  const std::string config = config_path.empty() ? default_config_path() : config_path;
  if (config.empty()) return "config/policies";
  return (std::filesystem::path(config).parent_path() / "policies").string();
}

std::string Context::actor() const {
  if (!user_flag.empty()) return user_flag;
  if (const char* v = std::getenv("CHIZAI_USER"); v && *v) return v;
  if (std::string configured = setting("user.name", ""); !configured.empty()) return configured;
  // The operating-system account, whatever the environment says ($USER
  // and $LOGNAME are unset under cron, systemd and many containers).
  if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name && *pw->pw_name) return pw->pw_name;
  return "uid:" + std::to_string(::geteuid());
}

SchemeSettings Context::scheme_settings() const {
  SchemeSettings s;
  s.aggregator_code = setting("scheme.aggregator", s.aggregator_code);
  auto yen = [&](const std::string& key, std::int64_t fallback) {
    const std::string text = setting(key, "");
    if (text.empty()) return fallback;
    auto m = Money::parse(text, Currency::jpy());
    if (!m || m->minor() <= 0) {
      throw Failure(kDataErr, "configuration " + key + " = '" + text + "' is not a positive JPY amount");
    }
    return m->minor();
  };
  s.project_budget_default_minor = yen("superhighway.default_budget", s.project_budget_default_minor);
  s.project_budget_max_minor = yen("superhighway.max_budget", s.project_budget_max_minor);
  const std::string max_projects = setting("superhighway.max_projects", "");
  if (!max_projects.empty()) {
    auto n = parse_int64(max_projects);
    if (!n || *n < 0) {
      throw Failure(kDataErr, "configuration superhighway.max_projects = '" + max_projects +
                                  "' is not a whole number");
    }
    s.max_projects = *n;
  }
  read_money_plausibility(s);
  s.fields_of_use = fields_of_use_text();
  return s;
}

std::string Context::fields_of_use_text() const {
  const std::string path = setting("licensing.fields_of_use", "");
  if (path.empty()) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure(kDataErr, "configuration licensing.fields_of_use: cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().empty()) throw Failure(kDataErr, "configuration licensing.fields_of_use: " + path + " is empty");
  return text.str();
}

void Context::read_money_plausibility(SchemeSettings& s) const {
  for (auto& [code, bounds] : s.fx_bounds) {
    const std::string key = "ledger.fx_bounds." + code;
    const std::string text = setting(key, "");
    if (text.empty()) continue;
    const auto dots = text.find("..");
    const auto low = dots == std::string::npos ? std::nullopt : std::optional(Fraction::parse(trim(text.substr(0, dots))));
    const auto high = dots == std::string::npos ? std::nullopt : std::optional(Fraction::parse(trim(text.substr(dots + 2))));
    if (!low || !high || !*low || !*high || **high < **low) {
      throw Failure(kDataErr, "configuration " + key + " = '" + text + "' is not LOW..HIGH (JPY per unit, LOW ≤ HIGH)");
    }
    bounds = {std::string(trim(text.substr(0, dots))), std::string(trim(text.substr(dots + 2)))};
  }
  const std::string horizon = setting("ledger.date_horizon_days", "");
  if (!horizon.empty()) {
    auto n = parse_int64(horizon);
    if (!n || *n < 0 || *n > 3660) {
      throw Failure(kDataErr, "configuration ledger.date_horizon_days = '" + horizon + "' is not 0..3660 days");
    }
    s.date_horizon_days = static_cast<int>(*n);
  }
  for (auto [key, target] : {std::pair{"licensing.payment_terms_days", &s.payment_terms_days},
                             std::pair{"licensing.reporting_days", &s.reporting_days}}) {
    const std::string text = setting(key, "");
    if (text.empty()) continue;
    auto n = parse_int64(text);
    if (!n || *n < 0 || *n > 365) {
      throw Failure(kDataErr, std::string("configuration ") + key + " = '" + text + "' is not 0..365 days");
    }
    *target = *n;
  }
}

void Context::use_name_rules() const {
  // Once a process: the file registry.institution_names names replaces the
  // built-in institution name rules (config/institution_names.txt).
  static bool done = false;
  if (done) return;
  done = true;
  const std::string path = setting("registry.institution_names", "");
  if (path.empty()) return;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure(kDataErr, "configuration registry.institution_names: cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  auto rules = text::NameRules::parse(text.str());
  if (!rules) throw Failure(kDataErr, "configuration registry.institution_names (" + path + "): " + rules.error().message);
  text::NameRules::use(std::move(*rules));
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
  install_docket_hook(*this, *db);
  use_name_rules();
  if (require_schema) {
    if (auto st = check_migrated(*db, embedded_migration_files()); !st) fail(st.error());
  }
  return db;
}

}  // namespace chizai::cli
