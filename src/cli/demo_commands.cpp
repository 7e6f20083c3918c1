// chizai demo-data
#include <cstdio>

#include "cli/commands.h"
#include "demo/demo_data.h"

namespace chizai::cli {

void add_demo_commands(CLI::App& app, Context& /*ctx*/) {
  auto opt = std::make_shared<DemoOptions>();
  auto* cmd = app.add_subcommand("demo-data", "Write a deterministic synthetic national portfolio");
  cmd->add_option("--out", opt->out_dir, "Directory to write into")->required();
  cmd->add_option("--patents", opt->patents, "Number of patent applications")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10'000'000}));
  cmd->add_option("--seed", opt->seed, "Random seed (same seed, same files)");
  cmd->callback([opt] {
    try {
      const DemoSummary s = write_demo_data(*opt);
      std::printf("wrote %lld institutions to %s\nwrote %lld patents (%lld co-owned, %lld with "
                  "priority claims) to %s\n",
                  static_cast<long long>(s.institutions), s.institutions_file.c_str(),
                  static_cast<long long>(s.patents), static_cast<long long>(s.co_owned),
                  static_cast<long long>(s.with_priority), s.patents_file.c_str());
      std::printf("wrote %lld scheme operations (%lld aggregated patents, %lld packages, %lld "
                  "Super Highway projects) to %s\n",
                  static_cast<long long>(s.scheme_operations), static_cast<long long>(s.aggregated),
                  static_cast<long long>(s.packages), static_cast<long long>(s.projects),
                  s.scheme_file.c_str());
      std::printf("  of which licensing: %lld agreements, %lld royalty reports, %lld payments, "
                  "%lld payouts, %lld month closes\n",
                  static_cast<long long>(s.agreements), static_cast<long long>(s.reports),
                  static_cast<long long>(s.payments), static_cast<long long>(s.payouts),
                  static_cast<long long>(s.closes));
      std::printf("wrote %lld companies to %s\nwrote %lld matching events to %s\n",
                  static_cast<long long>(s.companies), s.companies_file.c_str(),
                  static_cast<long long>(s.events), s.events_file.c_str());
      std::printf("wrote %lld application events to %s\n", static_cast<long long>(s.patent_events),
                  s.patent_events_file.c_str());
    } catch (const std::runtime_error& e) {
      throw Failure(kCantCreate, e.what());
    }
  });
}

}  // namespace chizai::cli
