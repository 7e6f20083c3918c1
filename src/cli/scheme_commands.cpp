// chizai scheme load FILE
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "services/scheme_loader.h"

namespace chizai::cli {

void add_scheme_commands(CLI::App& app, Context& ctx) {
  auto* scheme = app.add_subcommand("scheme", "The aggregation scheme as a whole");
  scheme->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto* load = scheme->add_subcommand(
      "load", "Apply a file of scheme operations (scheme.jsonl), all or nothing");
  load->add_option("FILE", *file, "One JSON operation per line (see README)")->required();
  load->callback([&ctx, file] {
    if (!std::filesystem::exists(*file)) throw Failure(kNoInput, "no such file: " + *file);
    std::ifstream in(*file, std::ios::binary);
    auto db = ctx.open();
    auto r = load_scheme(*db, in, ctx.scheme_settings(), ctx.actor(), ctx.policy_dir());
    if (!r) fail(with_message(r.error(), *file + ": " + r.error().message));
    std::printf("scheme load %s: %lld operations in %.2f s\n", file->c_str(),
                static_cast<long long>(r->operations), r->seconds);
    for (const auto& [op, n] : r->by_op) std::printf("  %-18s %lld\n", op.c_str(), static_cast<long long>(n));
  });
}

}  // namespace chizai::cli
