#include "cli/flags.h"

#include <CLI/CLI.hpp>

#include <algorithm>

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

namespace {

// "patent show": the sub-command names from under `chizai` down to `cmd`.
std::string command_path(const CLI::App* cmd) {
  std::string path;
  for (const CLI::App* app = cmd; app != nullptr && app->get_parent() != nullptr; app = app->get_parent()) {
    path = app->get_name() + (path.empty() ? "" : " " + path);
  }
  return path;
}

}  // namespace

void add_format_option(CLI::App* cmd, std::string& target, std::vector<std::string> allowed,
                       const std::string& note) {
  std::string names;
  for (const std::string& f : allowed) names += (names.empty() ? "" : ", ") + f;
  const std::string help = "Output format: " + names + (note.empty() ? "" : " (" + note + ")");
  cmd->add_option("--format", target, help)
      ->check(CLI::Validator(
          [cmd, allowed, names](std::string& value) -> std::string {
            if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return {};
            return "'" + value + "' is not supported by " + command_path(cmd) + ": use " + names;
          },
          "{" + names + "}", "format"));
}

void add_format_option(CLI::App* cmd, Context& ctx, std::initializer_list<Format> allowed,
                       const std::string& note) {
  std::vector<std::string> names;
  for (Format f : allowed) names.push_back(format_name(f));
  add_format_option(cmd, ctx.format_text, std::move(names), note);
}

std::string format_name(Format f) {
  switch (f) {
    case Format::kTable: return "table";
    case Format::kJson: return "json";
    case Format::kCsv: return "csv";
    case Format::kHtml: return "html";
  }
  return "table";
}

void add_page_flags(CLI::App* cmd, PageFlags& flags, const std::string& key) {
  cmd->add_option("--after", flags.after, "Start after this " + key + " (paging; see --limit)");
  cmd->add_option("--limit", flags.limit, "At most this many (0 or absent: all)")->check(CLI::NonNegativeNumber);
}

}  // namespace chizai::cli
