// Month-close benchmark (scripts/bench.sh close; scripts/bench/close.sh).
//
//   close_bench generate DB_URL POLICY_DIR
//       Fills a fresh, migrated database through the services (the same
//       code paths as `chizai agreement add`, `report add`, `milestone
//       reach`, `payment record` and `payout record`), in date order over
//       2026: institutions, patents with random co-owners and their
//       consents, packages, agreements, quarterly licensee reports, the
//       payments that settle them and monthly payouts. Deterministic (fixed
//       seed). Sizes from the environment:
//         BENCH_AGREEMENTS    (default 100000)
//         BENCH_LINES         (report lines, default 1000000)
//         BENCH_INSTITUTIONS  (default 800)
//       Not timed as close; prints what it wrote.
//
//   close_bench close DB_URL POLICY_DIR OUT_DIR
//       Closes 2026-01 … 2026-12 with the real close hooks (true-ups and
//       the ledger check, as `chizai close` does), then renders every
//       statement issued, as `chizai statement --format json` and
//       `--format html` do (CloseService::statement, then the renderers),
//       writing each to a file under OUT_DIR. Prints
//         close 12 months: X s wall, peak RSS Y MB (N statements rendered)
//       (wall time of the closes and rendering; peak RSS of this process,
//       from getrusage).
//
//   close_bench check DB_URL
//       Times one full ledger check (what every close runs).
//
//   close_bench payments DB_URL POLICY_DIR COUNT ROUND
//       Records COUNT payments and COUNT/10 payouts on a generated database
//       and prints the time per 1,000 of each with the ledger's posting
//       count (scripts/bench.sh close: at ~50,000 and ~5,000,000 postings).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "ledger/statement.h"
#include "services/aggregation_service.h"
#include "services/close_hooks.h"
#include "services/close_service.h"
#include "render/statement_print.h"
#include "services/licensing_service.h"
#include "services/package_service.h"
#include "services/payment_service.h"
#include "services/registry_service.h"
#include "store/database.h"
#include "store/journal_store.h"
#include "store/migrate.h"

namespace chizai {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

long long peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;  // ru_maxrss is in KiB on Linux
}

long long env_size(const char* name, long long fallback) {
  const char* text = std::getenv(name);
  if (!text || !*text) return fallback;
  char* end = nullptr;
  const long long v = std::strtoll(text, &end, 10);
  if (*end != '\0' || v <= 0) {
    std::cerr << name << " must be a positive whole number, not '" << text << "'\n";
    std::exit(64);
  }
  return v;
}

template <class T>
T must(Result<T> r, const std::string& what) {
  if (!r) {
    std::cerr << "close_bench: " << what << ": " << r.error().message << "\n";
    std::exit(1);
  }
  return std::move(r).value();
}

std::unique_ptr<Database> open_db(const std::string& url) {
  auto parsed = must(parse_db_url(url), "database url");
  return Database::open(parsed);
}

Date day(int year, int month, int d) { return Date::from_ymd(year, month, d).value(); }

std::string pad(long long n, int width) {
  std::string s = std::to_string(n);
  return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(s.size()))), '0') + s;
}

// Minor units as the decimal text of a report file ("1234.56" for USD).
std::string decimal(std::int64_t minor, bool cents) {
  if (!cents) return std::to_string(minor);
  return std::to_string(minor / 100) + "." + pad(minor % 100, 2);
}

// ---- generate -------------------------------------------------------------------

struct Sizes {
  long long agreements, lines, institutions;
};

struct Generator {
  Generator(Database& database, std::string policies, Sizes sizes)
      : db(database), policy_dir(std::move(policies)), n(sizes) {}
  Database& db;
  std::string policy_dir;
  Sizes n;
  std::mt19937_64 rng{20260101};
  std::vector<std::string> universities, companies, patents, packages;
  struct Agr {
    std::string reference;
    bool usd = false;
    int offset = 0;          // reports for quarters ending in months offset+3k
    std::int64_t open = 0;   // invoiced − applied, as far as this program knows
    std::string milestone;   // empty: none
    int milestone_month = 0;
    int payments = 0;
  };
  std::vector<Agr> agreements;
  long long reports = 0, report_lines = 0, payments = 0, payouts = 0, milestones = 0;

  long long pick(long long lo, long long hi) {
    return lo + static_cast<long long>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
  }

  void registry() {
    const long long owners = std::max<long long>(2, n.institutions * 3 / 4 - 1);
    const long long firms = std::max<long long>(1, n.institutions - 1 - owners);
    std::ostringstream inst;
    inst << R"({"code":"AGG-JST","kind":"aggregator","name_en":"Japan Science and Technology Agency","name_ja":"科学技術振興機構","country":"JP"})"
         << "\n";
    for (long long i = 1; i <= owners; ++i) {
      universities.push_back("U-" + pad(i, 4));
      inst << R"({"code":")" << universities.back() << R"(","kind":"university","name_en":"University )" << i
           << R"(","name_ja":"大学 )" << i << R"(","country":"JP"})" << "\n";
    }
    for (long long i = 1; i <= firms; ++i) {
      companies.push_back("C-" + pad(i, 4));
      inst << R"({"code":")" << companies.back() << R"(","kind":"company","name_en":"Company )" << i
           << R"( K.K.","country":"JP"})" << "\n";
    }
    const long long patent_count = std::max<long long>(50, n.agreements / 5);
    std::ostringstream pat;
    std::vector<std::pair<std::string, std::vector<std::string>>> co_owned;
    for (long long i = 1; i <= patent_count; ++i) {
      patents.push_back("JP2020" + pad(i, 6) + "A");
      const long long k = pick(0, 9) < 6 ? 1 : (pick(0, 2) < 2 ? 2 : 3);
      std::vector<std::string> who;
      while (static_cast<long long>(who.size()) < k) {
        const auto& u = universities[static_cast<std::size_t>(pick(0, owners - 1))];
        if (std::find(who.begin(), who.end(), u) == who.end()) who.push_back(u);
      }
      const std::vector<std::string> shares =
          k == 1 ? std::vector<std::string>{"1"}
                 : k == 2 ? (pick(0, 1) ? std::vector<std::string>{"1/2", "1/2"} : std::vector<std::string>{"1/3", "2/3"})
                          : std::vector<std::string>{"1/3", "1/3", "1/3"};
      pat << R"({"application_number":")" << patents.back()
          << R"(","jurisdiction":"JP","filing_date":"2020-03-01","title":"Invention )" << i << R"(","owners":[)";
      for (std::size_t j = 0; j < who.size(); ++j) {
        pat << (j ? "," : "") << R"({"institution":")" << who[j] << R"(","share":")" << shares[j] << R"("})";
      }
      pat << "]}\n";
      if (k > 1) co_owned.emplace_back(patents.back(), who);
    }
    RegistryService registry(db);
    std::istringstream inst_in(inst.str()), pat_in(pat.str());
    auto ri = registry.import_institutions(inst_in, FileFormat::kJsonl, {});
    if (!ri.written || ri.rejected) { std::cerr << "close_bench: institutions refused\n"; std::exit(1); }
    auto rp = registry.import_patents(pat_in, FileFormat::kJsonl, {});
    if (!rp.written || rp.rejected) { std::cerr << "close_bench: patents refused\n"; std::exit(1); }
    // Every co-owner consents to licensing (art. 73) before the agreements.
    WriteTransaction tx(db);
    AggregationService aggregation(db, SchemeSettings{}, "bench");
    for (const auto& [number, who] : co_owned) {
      for (const auto& u : who) {
        must(aggregation.add_consent(number, Consent{u, ConsentScope::kLicensing, day(2025, 12, 1)}), "consent");
      }
    }
    tx.commit();
    std::cerr << "generate: " << 1 + owners + firms << " institutions, " << patent_count << " patents ("
              << co_owned.size() << " co-owned)\n";
  }

  void make_packages() {
    const long long count = std::max<long long>(1, n.agreements / 100);
    WriteTransaction tx(db);
    PackageService service(db, "bench");
    for (long long i = 1; i <= count; ++i) {
      PackageDraft d;
      d.code = "PKG-" + pad(i, 5);
      d.name_en = "Package " + std::to_string(i);
      d.created_on = day(2025, 12, 1);
      const long long members = pick(3, 6);
      while (static_cast<long long>(d.core.size()) < members) {
        const auto& p = patents[static_cast<std::size_t>(pick(0, static_cast<long long>(patents.size()) - 1))];
        if (std::find(d.core.begin(), d.core.end(), p) == d.core.end()) d.core.push_back(p);
      }
      must(service.create(d), "package " + d.code);
      packages.push_back(d.code);
    }
    tx.commit();
  }

  void make_agreements() {
    LicensingService licensing(db, SchemeSettings{}, "bench", policy_dir);
    const auto t0 = Clock::now();
    for (long long i = 1; i <= n.agreements; ++i) {
      if ((i - 1) % 2000 == 0) db.begin_write();
      AgreementTerms t;
      t.reference = "L-" + pad(i, 6);
      t.licensee = companies[static_cast<std::size_t>(pick(0, static_cast<long long>(companies.size()) - 1))];
      if (pick(0, 1) == 0) {
        t.package = packages[static_cast<std::size_t>(pick(0, static_cast<long long>(packages.size()) - 1))];
      } else {
        const long long k = pick(1, 3);
        while (static_cast<long long>(t.patents.size()) < k) {
          const auto& p = patents[static_cast<std::size_t>(pick(0, static_cast<long long>(patents.size()) - 1))];
          if (std::find(t.patents.begin(), t.patents.end(), p) == t.patents.end()) t.patents.push_back(p);
        }
      }
      t.exclusive = false;
      t.field = "all fields";
      t.territory = {"JP", "US"};
      t.start = day(2026, 1, 1);
      t.end = pick(0, 1) ? day(2026, 12, 31) : day(2027, 12, 31);
      const bool usd = pick(0, 9) == 0;
      t.currency = usd ? "USD" : "JPY";
      // USD amounts in cents, about the JPY ones at 150 JPY/USD.
      auto money = [usd](std::int64_t yen) { return usd ? yen * 100 / 150 : yen; };
      if (pick(0, 9) < 3) t.upfront_minor = money(pick(1, 50) * 100'000);
      t.tiers = {{money(10'000'000), pick(100, 500)}, {std::nullopt, pick(50, 300)}};
      if (pick(0, 4) == 0) t.minimum_annual_minor = money(800'000);
      Agr a;
      a.reference = t.reference;
      a.usd = usd;
      a.offset = static_cast<int>(i % 3);
      if (pick(0, 9) == 0) {
        a.milestone = "first sale";
        a.milestone_month = static_cast<int>(pick(2, 11));
        t.milestones = {{a.milestone, money(1'500'000)}};
      }
      t.sublicense_share_bps = pick(0, 1) ? 2500 : 0;
      auto v = must(licensing.add_agreement(t), "agreement " + t.reference);
      for (const auto& inv : v.invoices) a.open += inv.amount_minor;
      agreements.push_back(std::move(a));
      if (i % 2000 == 0 || i == n.agreements) db.commit();
    }
    std::cerr << "generate: " << n.agreements << " agreements in " << seconds_since(t0) << " s\n";
  }

  // The quarter of agreement `a` that ends in `month` (1..12), if any:
  // [first, last]. Every agreement has 4 quarters ending in 2026 (offset 0:
  // Mar … Dec; 1: Jan … Oct; 2: Feb … Nov).
  static std::optional<std::pair<Date, Date>> period_ending(const Agr& a, int month) {
    if ((month - a.offset) % 3 != 0 || month < 1) return std::nullopt;
    const int first_month = std::max(1, month - 2);
    return std::make_pair(day(2026, first_month, 1), day(2026, month, 1).month_end());
  }

  void month(int m, LicensingService& licensing, PaymentService& pay) {
    // Milestones on the 1st.
    for (auto& a : agreements) {
      if (a.milestone.empty() || a.milestone_month != m) continue;
      auto inv = must(licensing.reach_milestone(a.reference, a.milestone, day(2026, m, 1)), "milestone");
      a.open += inv.amount_minor;
      ++milestones;
    }
    // Payments between the 5th and the 25th for what the last report
    // invoiced (and anything else open): mostly exact, some partial, some
    // over (the rest stays as the licensee's credit).
    if (m > 1) {
      for (auto& a : agreements) {
        if (!period_ending(a, m - 1) || a.open <= 0) continue;
        const long long kind = pick(0, 9);
        std::int64_t amount = a.open;
        if (kind == 0) amount = std::max<std::int64_t>(1, a.open / 2);
        if (kind == 1) amount = a.open + a.open / 10 + 1;
        PaymentRequest r;
        r.agreement = a.reference;
        r.received_on = day(2026, m, static_cast<int>(pick(5, 25)));
        r.currency = a.usd ? "USD" : "JPY";
        r.amount_minor = amount;
        if (a.usd) r.fx_rate = "1" + pad(pick(40, 59), 2) + "." + pad(pick(0, 999999), 6);
        r.reference = "PAY-" + a.reference + "-" + std::to_string(++a.payments);
        auto out = must(pay.record_payment(r), "payment " + r.reference);
        a.open -= out.payment.applied_minor;
        ++payments;
      }
    }
    // Payouts on the 28th: about a third of the institutions owed money
    // get part of it.
    for (const auto& b : pay.payables()) {
      if (b.balance_minor <= 0 || pick(0, 2) != 0) continue;
      PayoutRequest r{b.institution, day(2026, m, 28), std::max<std::int64_t>(1, b.balance_minor / pick(1, 4)),
                      "OUT-" + b.institution + "-" + pad(m, 2)};
      must(pay.record_payout(r), "payout " + r.reference);
      ++payouts;
    }
    // Reports for the quarters ending this month, dated the month end.
    for (auto& a : agreements) {
      auto period = period_ending(a, m);
      if (!period) continue;
      ReportFile r;
      r.agreement = a.reference;
      r.period_start = period->first;
      r.period_end = period->second;
      // Lines vary by report; the running total keeps to BENCH_LINES.
      const long long due = n.lines * (reports + 1) / (4 * n.agreements);
      const long long k = std::max<long long>(1, due - report_lines + pick(-1, 1));
      for (long long j = 0; j < k; ++j) {
        const std::int64_t yen = pick(100'000, 20'000'000);
        const std::int64_t sales = a.usd ? yen * 100 / 150 : yen;
        r.lines.push_back({j % 2 ? "US" : "JP", "Product " + std::to_string(j % 7), decimal(sales, a.usd)});
      }
      if (pick(0, 19) == 0) {
        const std::int64_t yen = pick(100'000, 5'000'000);
        r.sublicense_income = decimal(a.usd ? yen * 100 / 150 : yen, a.usd);
      }
      auto out = must(licensing.add_report(r), "report of " + a.reference);
      for (const auto& inv : out.invoices) a.open += inv.amount_minor;
      ++reports;
      report_lines += k;
    }
  }

  void run() {
    const auto t0 = Clock::now();
    registry();
    make_packages();
    make_agreements();
    LicensingService licensing(db, SchemeSettings{}, "bench", policy_dir);
    PaymentService pay(db, SchemeSettings{}, "bench", policy_dir);
    for (int m = 1; m <= 12; ++m) {
      const auto tm = Clock::now();
      db.begin_write();
      month(m, licensing, pay);
      db.commit();
      std::cerr << "generate: 2026-" << pad(m, 2) << " done in " << seconds_since(tm) << " s (" << reports
                << " reports, " << report_lines << " lines, " << payments << " payments, " << payouts
                << " payouts so far)\n";
    }
    std::cout << "generated: " << n.institutions << " institutions, " << patents.size() << " patents, "
              << packages.size() << " packages, " << agreements.size() << " agreements, " << reports
              << " reports with " << report_lines << " lines, " << milestones << " milestones, " << payments
              << " payments, " << payouts << " payouts in " << seconds_since(t0) << " s\n";
  }
};

int generate(const std::string& url, const std::string& policy_dir) {
  Sizes n{env_size("BENCH_AGREEMENTS", 100'000), env_size("BENCH_LINES", 1'000'000),
          env_size("BENCH_INSTITUTIONS", 800)};
  if (n.institutions < 4) {
    std::cerr << "BENCH_INSTITUTIONS must be at least 4\n";
    return 64;
  }
  auto db = open_db(url);
  must(migrate(*db, embedded_migration_files()), "migrate");
  Generator g(*db, policy_dir, n);
  g.run();
  return 0;
}

// ---- close ------------------------------------------------------------------------

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "close_bench: cannot write " << path << "\n";
    std::exit(1);
  }
}

int close_all(const std::string& url, const std::string& policy_dir, const std::string& out_dir) {
  std::filesystem::create_directories(out_dir);
  auto db = open_db(url);
  const auto t0 = Clock::now();
  long long rendered = 0;
  double closing = 0, rendering = 0;
  for (int m = 1; m <= 12; ++m) {
    const std::string month = "2026-" + pad(m, 2);
    const auto tc = Clock::now();
    CloseService service(*db, "bench", standard_close_hooks(SchemeSettings{}, "bench", policy_dir),
                         SchemeSettings{}.aggregator_code);
    const CloseOutcome out = must(service.close(month), "close " + month);
    const double c = seconds_since(tc);
    const auto tr = Clock::now();
    // As `chizai statement --format json|html --output FILE` does.
    CloseService reader(*db, "bench", {}, SchemeSettings{}.aggregator_code);
    for (const auto& s : out.statements) {
      const StatementView v = must(reader.statement(s.institution, month), "statement " + s.institution);
      if (v.sha256 != s.sha256) {
        std::cerr << "close_bench: " << s.institution << " " << month << " renders another sha256\n";
        return 1;
      }
      const std::string base = out_dir + "/" + s.institution + "-" + month;
      write_file(base + ".json", statement_json(v.canonical, v.sha256) + "\n");
      write_file(base + ".html", statement_html(v.statement, v.sha256));
      ++rendered;
    }
    const double r = seconds_since(tr);
    closing += c;
    rendering += r;
    std::cerr << "close " << month << ": " << out.statements.size() << " statements, close " << c << " s, render "
              << r << " s" << (out.already_closed ? " (already closed)" : "") << "\n";
  }
  const double wall = seconds_since(t0);
  std::printf("close 12 months: %.2f s wall, peak RSS %lld MB (%lld statements rendered)\n", wall, peak_rss_mb(),
              rendered);
  std::printf("  of which closing %.2f s, rendering json+html %.2f s\n", closing, rendering);
  return 0;
}

// How long one full ledger check (`chizai ledger check`, run by every
// close) takes on the database: the part of a close that grows with the
// whole ledger rather than the month.
int time_check(const std::string& url) {
  auto db = open_db(url);
  const auto t0 = Clock::now();
  const LedgerSummary s = must(verify_ledger(*db), "ledger check");
  std::printf("ledger check: %.2f s (%lld entries, %lld postings)\n", seconds_since(t0), s.entries, s.postings);
  return 0;
}

// ---- payments: the cost of recording, which must not grow with the ledger (issue 23 §6) ----

// Records `count` payments (round-robin over the agreements L-000001 …,
// of 1,000 JPY or 10.00 USD at 150, received 2026-12-20) and then `count`/2
// payouts of 1 JPY (round-robin over the institutions with a payable), each
// set in one write transaction, and prints the time of each per 1,000 and
// the ledger's size. `round` keeps the references of repeated runs apart.
int time_payments(const std::string& url, const std::string& policy_dir, long long count, const std::string& round) {
  auto db = open_db(url);
  PaymentService pay(*db, SchemeSettings{}, "bench", policy_dir);
  const long long agreements = env_size("BENCH_AGREEMENTS", 100'000);
  const LedgerSummary before = ledger_summary(*db);
  auto t0 = Clock::now();
  db->begin_write();
  for (long long i = 0; i < count; ++i) {
    PaymentRequest r;
    r.agreement = "L-" + pad(1 + i % agreements, 6);
    r.received_on = day(2026, 12, 20);
    r.currency = "JPY";
    r.amount_minor = 1000;
    r.reference = "PAY-BENCH-" + round + "-" + std::to_string(i);
    r.confirm_duplicate = true;
    auto out = pay.record_payment(r);
    if (!out && out.error().code == "currency_mismatch") {
      r.currency = "USD";
      r.fx_rate = "150";
      out = pay.record_payment(r);
    }
    must(std::move(out), "payment " + r.reference);
  }
  db->commit();
  const double payments_s = seconds_since(t0);
  std::vector<std::string> owed;
  for (const auto& b : pay.payables()) {
    if (b.balance_minor > count) owed.push_back(b.institution);
  }
  const long long payouts = owed.empty() ? 0 : std::max<long long>(1, count / 2);
  t0 = Clock::now();
  db->begin_write();
  for (long long i = 0; i < payouts; ++i) {
    PayoutRequest r{owed[static_cast<std::size_t>(i) % owed.size()], day(2026, 12, 28), 1,
                    "OUT-BENCH-" + round + "-" + std::to_string(i)};
    must(pay.record_payout(r), "payout " + r.reference);
  }
  db->commit();
  const double payouts_s = seconds_since(t0);
  std::printf("record at %lld postings: %.3f s per 1,000 payments, %.3f s per 1,000 payouts (%lld payments, %lld payouts)\n",
              before.postings, payments_s * 1000.0 / static_cast<double>(count),
              payouts ? payouts_s * 1000.0 / static_cast<double>(payouts) : 0.0, count, payouts);
  return 0;
}

}  // namespace
}  // namespace chizai

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "";
  try {
    if (what == "generate" && argc == 4) return chizai::generate(argv[2], argv[3]);
    if (what == "close" && argc == 5) return chizai::close_all(argv[2], argv[3], argv[4]);
    if (what == "check" && argc == 3) return chizai::time_check(argv[2]);
    if (what == "payments" && argc == 6) {
      return chizai::time_payments(argv[2], argv[3], std::stoll(argv[4]), argv[5]);
    }
  } catch (const std::exception& e) {
    std::cerr << "close_bench: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: close_bench generate DB_URL POLICY_DIR\n"
               "       close_bench close DB_URL POLICY_DIR OUT_DIR\n"
               "       close_bench check DB_URL\n"
               "       close_bench payments DB_URL POLICY_DIR COUNT ROUND\n";
  return 64;
}
