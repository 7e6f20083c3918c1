// chizai demo-data
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>

#include "cli/commands.h"
#include "demo/demo_data.h"
#include "requests/event.h"
#include "services/demo_fees_paid.h"
#include "services/docket_service.h"
#include "services/event_service.h"
#include "services/registry_service.h"
#include "store/migrate.h"

namespace chizai::cli {
namespace {

std::ifstream open_written(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure(kCantCreate, "cannot read " + path);
  return in;
}

// <out>/fees_paid.jsonl: the portfolio just written is loaded into a
// scratch SQLite database of its own (institutions, patents, events), its
// docket computed with the configured rule book, and the fees a careful
// office would have paid up to `through` written (services/demo_fees_paid.h).
void write_fees_paid(const Context& ctx, const DemoSummary& s, const std::string& out_dir, Date through) {
  const std::filesystem::path scratch = std::filesystem::path(out_dir) / ".fees_paid_scratch.db";
  auto remove_scratch = [&scratch] {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(scratch.string() + suffix);
  };
  remove_scratch();
  {
    auto url = parse_db_url("sqlite3://" + scratch.string());
    if (!url) fail(url.error());
    auto db = Database::open(url.value());
    if (auto m = migrate(*db, embedded_migration_files()); !m) fail(m.error());
    RegistryService registry(*db);
    ImportOptions opt;
    opt.scope.actor = "demo";
    std::ifstream institutions = open_written(s.institutions_file);
    std::ifstream patents = open_written(s.patents_file);
    if (!registry.import_institutions(institutions, FileFormat::kJsonl, opt).written ||
        !registry.import_patents(patents, FileFormat::kJsonl, opt).written) {
      throw Failure(kSoftware, "the demo portfolio could not be loaded to compute its fees");
    }
    std::ifstream events_file = open_written(s.patent_events_file);
    const requests::PatentEventFile events = requests::read_patent_event_file(events_file, FileFormat::kJsonl);
    if (!events.problems.empty() || !EventService(*db, "demo").import(events.rows, false).written) {
      throw Failure(kSoftware, "the demo events could not be loaded to compute the fees");
    }
    auto rules = load_docket_rules(docket_rules_directory(ctx));
    if (!rules) fail(rules.error());
    DocketService(*db, rules.value(), "demo", today_local()).recompute_all();
    const std::string path = (std::filesystem::path(out_dir) / "fees_paid.jsonl").string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw Failure(kCantCreate, "cannot write " + path);
    const DemoFeesPaid f = write_demo_fees_paid(*db, through, out);
    std::printf("wrote %lld fees paid through %s (%lld applications; %lld with their latest fee left unpaid, "
                "%lld let go before they lapsed) to %s\n",
                static_cast<long long>(f.rows), through.to_string().c_str(), static_cast<long long>(f.patents),
                static_cast<long long>(f.unpaid), static_cast<long long>(f.let_go), path.c_str());
  }
  remove_scratch();
}

}  // namespace

void add_demo_commands(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<DemoOptions>();
  auto fees_through = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("demo-data", "Write a deterministic synthetic national portfolio");
  cmd->add_option("--out", opt->out_dir, "Directory to write into")->required();
  cmd->add_option("--patents", opt->patents, "Number of patent applications")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10'000'000}));
  cmd->add_option("--seed", opt->seed, "Random seed (same seed, same files)");
  cmd->add_option("--fees-paid-through", *fees_through,
                  "Also write fees_paid.jsonl: the official fees paid up to this day (not after today), for "
                  "`chizai docket import-done` (computes the portfolio's docket with the configured rule book)");
  cmd->callback([opt, fees_through, &ctx] {
    std::optional<Date> through;
    if (!fees_through->empty()) {
      auto day = Date::parse(*fees_through);
      if (day) through = day.value();
      if (!through || today_local() < *through) {
        throw Failure(kUsage, "--fees-paid-through '" + *fees_through + "' is not a date on or before today");
      }
    }
    DemoSummary s;
    try {
      s = write_demo_data(*opt);
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
    if (through) write_fees_paid(ctx, s, opt->out_dir, *through);
  });
}

}  // namespace chizai::cli
