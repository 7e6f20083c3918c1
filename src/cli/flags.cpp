#include "cli/flags.h"

#include <CLI/CLI.hpp>

#include "core/money.h"
#include "core/text.h"

namespace chizai::cli {

Date date_flag(const std::string& flag, const std::string& text) {
  if (trim(text).empty()) return today_local();
  auto d = Date::parse(trim(text));
  if (!d) throw Failure(kUsage, flag + " '" + text + "': " + d.error().message);
  return d.value();
}

std::int64_t yen_flag(const std::string& flag, const std::string& text) {
  auto m = Money::parse(trim(text), Currency::jpy());
  if (!m) throw Failure(kUsage, flag + " '" + text + "': " + m.error().message);
  return m->minor();
}

std::vector<std::string> list_flag(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    for (auto piece : split(v, ',')) {
      if (!trim(piece).empty()) out.emplace_back(trim(piece));
    }
  }
  return out;
}

void check_id_after(const PageFlags& flags) {
  if (flags.after.empty()) return;
  const auto id = parse_int64(flags.after);
  if (!id || *id < 1) throw Failure(kUsage, "--after '" + flags.after + "': use a record id");
}

void add_page_flags(CLI::App* cmd, PageFlags& flags, const std::string& key) {
  cmd->add_option("--after", flags.after, "Start after this " + key + " (paging; see --limit)");
  cmd->add_option("--limit", flags.limit, "At most this many (0 or absent: all)")->check(CLI::NonNegativeNumber);
}

}  // namespace chizai::cli
