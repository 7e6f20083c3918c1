// What every command shares: the resolved database, the output format, and
// the mapping of failures to sysexits exit codes.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "core/result.h"
#include "portfolio/settings.h"
#include "store/database.h"

namespace chizai::cli {

// sysexits.h
enum ExitCode : int {
  kOk = 0,
  kUsage = 64,
  kDataErr = 65,
  kNoInput = 66,
  kUnavailable = 69,
  kSoftware = 70,
  kCantCreate = 73,
  kIoErr = 74,
  kTempFail = 75,
};

// A failure with its exit code; main() prints "chizai: MESSAGE" and exits.
class Failure : public std::runtime_error {
 public:
  Failure(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// Throws Failure carrying the error's message, with the exit code of its
// kind (error_kind_info: 65 for data errors, 69 unavailable, 70 internal, …).
[[noreturn]] void fail(const Error& e);
// The same with an exit code the door knows better: kUsage for a flag's
// value, kNoInput for a file named on the command line.
[[noreturn]] void fail(const Error& e, int code);

enum class Format { kTable, kJson, kCsv, kHtml };
Format parse_format(const std::string& text);

struct Context {
  std::string db_flag;      // --db
  std::string config_path;  // --config
  std::string user_flag;    // --user
  std::string format_text = "table";

  // Who is acting: --user, $CHIZAI_USER, user.name in the configuration,
  // else the operating-system account (getpwuid).
  std::string actor() const;
  // A value from the configuration file, or `fallback`.
  std::string setting(const std::string& key, const std::string& fallback) const;
  // The scheme's numbers from the configuration file (defaults otherwise).
  SchemeSettings scheme_settings() const;
  // Where distribution policies live: ledger.policy_dir in the configuration,
  // else policies/ beside the configuration file, else config/policies.
  std::string policy_dir() const;

  // The database URL: --db, then $CHIZAI_DB, then db.url in the config
  // file, then sqlite3://var/chizai.db.
  std::string database_url() const;
  // Opens the database; `require_schema` refuses an unmigrated one.
  std::unique_ptr<Database> open(bool require_schema = true) const;
  Format format() const { return parse_format(format_text); }

 private:
  // ledger.fx_bounds.<CODE> and ledger.date_horizon_days into `s`.
  void read_money_plausibility(SchemeSettings& s) const;
  // The text of the file licensing.fields_of_use names; empty when unset.
  std::string fields_of_use_text() const;
  // Reads registry.institution_names (once a process) into
  // text::NameRules::use; open() calls it.
  void use_name_rules() const;
};

// The default configuration file, looked up relative to the working
// directory (config/chizai.properties), or empty when there is none.
std::string default_config_path();

}  // namespace chizai::cli
