// Docket benchmark (scripts/bench.sh docket).
//
//   docket_bench generate DB.sqlite N
//       Writes N applications with owners and events straight into a
//       migrated SQLite database (sqlite3, one transaction, prepared
//       statements): 200 universities and an aggregator; JP 60%, US 25%,
//       EP 15%; filed 2005-2025; one owner (85%) or two (1/2 each); events
//       consistent with each history: examination request (JP, EP),
//       publication at 18 months, allowance and grant for about 70% (with a
//       registration number and a claim count), a small or micro entity
//       status for some US applications, a lapse for some granted ones.
//       Deterministic (fixed seed). Prints what it wrote and how long it took.
//
//   docket_bench run DB.sqlite RULES_DIR YEARS
//       In one process, on the same database:
//         floor    the columns the rules read (patent, owners, priority
//                  claims, aggregations, events), plain SELECTs through
//                  sqlite3, every row read to the end;
//         compute  every application's tasks: DocketFactsStore::load_batch
//                  (1000 at a time) + docket::compute_tasks, through SOCI;
//         forecast the YEARS-year fees forecast by institution
//                  (FeesService::forecast: load, compute and aggregate),
//                  and the aggregation alone (ForecastBuilder::add, timed
//                  inside the compute pass);
//       and prints the times, compute / floor and the peak RSS (getrusage).
//
//   docket_bench stored DB.sqlite RULES_DIR YEARS [scan]
//       The forecast as the doors give it: from the stored docket
//       (recomputed and written first when not current, timed apart), end
//       to end for each grouping; prints the times and the peak RSS. With
//       `scan`, also the sums alone from docket_fee_sum and by scanning the
//       tasks (the SQL before migration 0032), timed and checked equal.
#include <sqlite3.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <tuple>
#include <random>
#include <string>

#include "docket/forecast.h"
#include "services/docket_service.h"
#include "services/fees_service.h"
#include "store/database.h"
#include "store/fees_store.h"

namespace chizai {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

long long peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

[[noreturn]] void die(const std::string& what) {
  std::cerr << "docket_bench: " << what << "\n";
  std::exit(1);
}

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) die(std::string(what) + ": " + sqlite3_errmsg(db));
}

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  check(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), db, sql);
  return st;
}

void run_step(sqlite3* db, sqlite3_stmt* st) {
  if (sqlite3_step(st) != SQLITE_DONE) die(std::string("insert: ") + sqlite3_errmsg(db));
  sqlite3_reset(st);
}

void bind_text(sqlite3_stmt* st, int i, const std::string& s) {
  sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

// ---- generate ------------------------------------------------------------------------------

int generate(const char* path, long long n) {
  sqlite3* db = nullptr;
  check(sqlite3_open(path, &db), db, "open");
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144", nullptr, nullptr,
               nullptr);
  const auto t0 = Clock::now();
  check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db, "begin");
  sqlite3_stmt* ins_inst = prepare(db,
      "INSERT INTO institution (code, kind, name_en, country, content_hash) VALUES (?1, ?2, ?3, 'JP', 'bench')");
  const int universities = 200;
  bind_text(ins_inst, 1, "AGG-JST");
  bind_text(ins_inst, 2, "aggregator");
  bind_text(ins_inst, 3, "Japan Science and Technology Agency");
  run_step(db, ins_inst);
  const sqlite3_int64 aggregator = sqlite3_last_insert_rowid(db);
  std::vector<sqlite3_int64> inst;
  for (int i = 1; i <= universities; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "U-%04d", i);
    bind_text(ins_inst, 1, code);
    bind_text(ins_inst, 2, "university");
    bind_text(ins_inst, 3, std::string("University ") + code);
    run_step(db, ins_inst);
    inst.push_back(sqlite3_last_insert_rowid(db));
  }
  sqlite3_stmt* ins_patent = prepare(db,
      "INSERT INTO patent (application_number, jurisdiction, filing_date, kind, title, status, claim_count, stage, "
      "content_hash) VALUES (?1, ?2, ?3, 'patent', 'Bench application', ?4, ?5, ?6, 'bench')");
  sqlite3_stmt* ins_owner = prepare(db,
      "INSERT INTO patent_owner (patent_id, position, institution_id, share_num, share_den) VALUES (?1, ?2, ?3, ?4, ?5)");
  sqlite3_stmt* ins_event = prepare(db,
      "INSERT INTO patent_event (patent_id, kind, event_date, reference, value, recorded_at, actor) "
      "VALUES (?1, ?2, ?3, ?4, ?5, '2026-12-01T00:00:00Z', 'bench')");
  sqlite3_stmt* ins_aggregation = prepare(db,
      "INSERT INTO aggregation (patent_id, aggregator_id, mode, aggregated_on, reason) "
      "VALUES (?1, ?2, 'assignment', ?3, 'bench')");
  std::mt19937_64 rng(2026);
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const Date cutoff = Date::parse("2026-12-01").value();
  long long owners = 0, events = 0, aggregations = 0;
  auto event = [&](sqlite3_int64 id, const char* kind, Date on, const std::string& reference,
                   const std::string& value) {
    if (cutoff < on) return;
    sqlite3_bind_int64(ins_event, 1, id);
    sqlite3_bind_text(ins_event, 2, kind, -1, SQLITE_STATIC);
    bind_text(ins_event, 3, on.to_string());
    bind_text(ins_event, 4, reference);
    bind_text(ins_event, 5, value);
    run_step(db, ins_event);
    ++events;
  };
  for (long long k = 0; k < n; ++k) {
    const int j = pick(0, 99);
    const char* jurisdiction = j < 60 ? "JP" : j < 85 ? "US" : "EP";
    const Date filed = Date::from_ymd(pick(2005, 2025), pick(1, 12), pick(1, 28)).value();
    const bool granted = pick(0, 99) < 70 && filed.add_years(4) < cutoff;
    const bool lapsed = granted && pick(0, 99) < 10;
    char number[32];
    std::snprintf(number, sizeof number, "%s%04d%07lldA", jurisdiction, filed.year(), k);
    bind_text(ins_patent, 1, number);
    sqlite3_bind_text(ins_patent, 2, jurisdiction, -1, SQLITE_STATIC);
    bind_text(ins_patent, 3, filed.to_string());
    sqlite3_bind_text(ins_patent, 4, lapsed ? "lapsed" : granted ? "granted" : "pending", -1, SQLITE_STATIC);
    if (granted) {
      sqlite3_bind_int64(ins_patent, 5, pick(3, 25));
    } else {
      sqlite3_bind_null(ins_patent, 5);
    }
    sqlite3_bind_text(ins_patent, 6, granted ? "utilization" : "domestic_filing", -1, SQLITE_STATIC);
    run_step(db, ins_patent);
    const sqlite3_int64 id = sqlite3_last_insert_rowid(db);
    const bool two = pick(0, 99) < 15;
    const sqlite3_int64 first = inst[static_cast<std::size_t>(pick(0, universities - 1))];
    sqlite3_int64 second = inst[static_cast<std::size_t>(pick(0, universities - 1))];
    if (second == first) second = inst[(static_cast<std::size_t>(pick(0, universities - 2)) + 1) % inst.size()];
    for (int pos = 0; pos < (two && second != first ? 2 : 1); ++pos) {
      sqlite3_bind_int64(ins_owner, 1, id);
      sqlite3_bind_int64(ins_owner, 2, pos);
      sqlite3_bind_int64(ins_owner, 3, pos == 0 ? first : second);
      sqlite3_bind_int64(ins_owner, 4, 1);
      sqlite3_bind_int64(ins_owner, 5, two && second != first ? 2 : 1);
      run_step(db, ins_owner);
      ++owners;
    }
    if (pick(0, 99) < 5) {  // aggregated under assignment: the aggregator pays
      sqlite3_bind_int64(ins_aggregation, 1, id);
      sqlite3_bind_int64(ins_aggregation, 2, aggregator);
      bind_text(ins_aggregation, 3, "2026-01-10");
      run_step(db, ins_aggregation);
      ++aggregations;
    }
    const std::string j_code = jurisdiction;
    if (j_code != "US") event(id, "examination_request", filed.add_months(pick(1, 30)), "", "");
    event(id, "publication", filed.add_months(18), "", "");
    if (j_code == "US" && pick(0, 99) < 30) event(id, "entity_status", filed, "", pick(0, 3) == 0 ? "micro" : "small");
    if (granted) {
      const Date granted_on = filed.add_months(pick(30, 48));
      event(id, "allowance", granted_on.add_days(-40), "", "");
      event(id, "grant", granted_on, std::string("R") + std::to_string(id), "");
      if (lapsed) event(id, "lapse", granted_on.add_years(pick(3, 8)), "", "");
    }
  }
  check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  for (sqlite3_stmt* st : {ins_inst, ins_patent, ins_owner, ins_event, ins_aggregation}) sqlite3_finalize(st);
  sqlite3_exec(db, "ANALYZE", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  std::printf("generated %lld applications, %lld owners, %lld events, %lld aggregations in %.1f s\n", n, owners,
              events, aggregations, seconds_since(t0));
  return 0;
}

// ---- run ---------------------------------------------------------------------------------------

// Reads every row of `sql` to the end, touching every column; returns rows.
long long read_all(sqlite3* db, const char* sql, std::size_t& bytes) {
  sqlite3_stmt* st = prepare(db, sql);
  long long rows = 0;
  const int columns = sqlite3_column_count(st);
  while (sqlite3_step(st) == SQLITE_ROW) {
    for (int c = 0; c < columns; ++c) {
      if (sqlite3_column_type(st, c) == SQLITE_INTEGER) {
        bytes += static_cast<std::size_t>(sqlite3_column_int64(st, c) & 1);
      } else {
        const unsigned char* t = sqlite3_column_text(st, c);
        if (t != nullptr) bytes += static_cast<std::size_t>(sqlite3_column_bytes(st, c));
      }
    }
    ++rows;
  }
  sqlite3_finalize(st);
  return rows;
}

double floor_seconds(const char* path, long long& rows) {
  sqlite3* db = nullptr;
  check(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nullptr), db, "open");
  std::size_t bytes = 0;
  const auto t0 = Clock::now();
  rows = read_all(db, "SELECT id, application_number, jurisdiction, filing_date, kind, claim_count FROM patent "
                      "ORDER BY id", bytes);
  rows += read_all(db, "SELECT o.patent_id, i.code, i.kind, i.country, o.share_num, o.share_den FROM patent_owner o "
                       "JOIN institution i ON i.id = o.institution_id ORDER BY o.patent_id, o.position", bytes);
  rows += read_all(db, "SELECT patent_id, claim_date, kind, active FROM priority_claim ORDER BY patent_id", bytes);
  rows += read_all(db, "SELECT g.patent_id, g.mode, i.code FROM aggregation g JOIN institution i "
                       "ON i.id = g.aggregator_id ORDER BY g.patent_id", bytes);
  rows += read_all(db, "SELECT patent_id, id, kind, event_date, reference, value, days, months, withdrawn_event_id "
                       "FROM patent_event ORDER BY patent_id, event_date, id", bytes);
  const double s = seconds_since(t0);
  sqlite3_close(db);
  if (bytes == 0) die("the floor read nothing");
  return s;
}

int run(const char* path, const std::string& rules_dir, int years) {
  auto url = parse_db_url(std::string("sqlite3://") + path);
  if (!url) die(url.error().message);
  auto database = Database::open(*url);
  SettingFn setting = [&rules_dir](const std::string& k, const std::string& f) {
    return k == "docket.rules_dir" ? rules_dir : f;
  };
  auto config = load_docket_config(setting);
  if (!config) die(config.error().message);

  long long floor_rows = 0;
  const double floor_s = floor_seconds(path, floor_rows);
  std::printf("floor:    %.2f s (%lld rows: patents, owners, priority claims, aggregations, events; sqlite3)\n", floor_s,
              floor_rows);

  // Compute every task; time the forecast's aggregation inside the same pass.
  docket::FxRates fx;
  for (const char* c : {"USD", "EUR", "GBP", "CNY"}) {
    if (auto s = fx.add({Date::parse("2026-11-30").value(), c, "150", "bench"}); !s) die(s.error().message);
  }
  const Date as_of = Date::parse("2026-12-07").value();
  docket::ForecastBuilder builder(as_of, years, docket::ForecastGrouping::kInstitution, &fx);
  FeesService service(*database, *config, setting);
  long long apps = 0, tasks = 0, fees = 0;
  double aggregate_s = 0;
  const auto t1 = Clock::now();
  auto s = service.for_each_application("", 1000, [&](const docket::Application& app,
                                                      const std::vector<docket::Task>& t) -> Status {
    ++apps;
    tasks += static_cast<long long>(t.size());
    for (const auto& task : t) fees += task.fee ? 1 : 0;
    const auto a0 = Clock::now();
    auto r = builder.add(app, {}, t);
    aggregate_s += seconds_since(a0);
    return r;
  });
  const double compute_total_s = seconds_since(t1);
  if (!s) die(s.error().message);
  const double compute_s = compute_total_s - aggregate_s;
  std::printf("compute:  %.2f s (%lld applications, %lld tasks, %lld with a fee; load_batch + compute_tasks)\n",
              compute_s, apps, tasks, fees);
  std::printf("compute / floor: %.2fx (goal <= 3x)\n", compute_s / floor_s);
  const auto t2 = Clock::now();
  const docket::Forecast done = builder.finish();
  aggregate_s += seconds_since(t2);
  std::printf("forecast aggregation alone (%d years, by institution, %zu lines): %.3f s\n", years, done.lines.size(),
              aggregate_s);

  ForecastRequest r;
  r.as_of = as_of;
  r.years = years;
  r.fx = &fx;
  const auto t3 = Clock::now();
  auto f = service.forecast(r);
  const double forecast_s = seconds_since(t3);
  if (!f) die(f.error().message);
  std::int64_t jpy = 0;
  for (const auto& y : f->totals) jpy += y.jpy_minor.value_or(0);
  std::printf("forecast end to end (load + compute + aggregate): %.2f s, %zu fiscal years, %lld JPY (goal < 2 s)\n",
              forecast_s, f->totals.size(), static_cast<long long>(jpy));
  std::printf("peak RSS: %lld MB (goal < 1024 MB)\n", peak_rss_mb());
  return 0;
}

// The forecast from the stored docket (FeesService::stored_forecast, what
// `chizai fees forecast` and GET /api/v1/fees/forecast run): first the
// stored tasks brought up to date (DocketService::ensure_current: every
// task computed and written when the database has none, or they were
// computed with other rules), timed apart; then the YEARS-year forecast end
// to end (SQL sums + conversion) for each grouping, with the same rates as
// `run`.
int stored(const char* path, const std::string& rules_dir, int years, bool scan) {
  auto url = parse_db_url(std::string("sqlite3://") + path);
  if (!url) die(url.error().message);
  auto database = Database::open(*url);
  auto rules = load_docket_rules(rules_dir);
  if (!rules) die(rules.error().message);
  const auto t0 = Clock::now();
  const bool recomputed = DocketService(*database, *rules, "bench", today_local()).ensure_current();
  if (recomputed) {
    std::printf("stored docket: recomputed and written in %.1f s (once; kept for later runs)\n", seconds_since(t0));
  } else {
    std::printf("stored docket: current (computed by an earlier run)\n");
  }
  docket::FxRates fx;
  for (const char* c : {"USD", "EUR", "GBP", "CNY", "CHF"}) {
    if (auto s = fx.add({Date::parse("2026-11-30").value(), c, "150", "bench"}); !s) die(s.error().message);
  }
  FeesService service(*database, (*rules)->compute);
  for (auto by : {docket::ForecastGrouping::kInstitution, docket::ForecastGrouping::kJurisdiction,
                  docket::ForecastGrouping::kPayer, docket::ForecastGrouping::kPackage}) {
    ForecastRequest r;
    r.as_of = Date::parse("2026-12-07").value();
    r.years = years;
    r.by = by;
    r.fx = &fx;
    const auto t1 = Clock::now();
    auto f = service.stored_forecast(r, *rules, "bench");
    const double s = seconds_since(t1);
    if (!f) die(f.error().message);
    std::int64_t jpy = 0, fees = 0;
    for (const auto& y : f->totals) {
      jpy += y.jpy_minor.value_or(0);
      fees += y.fees;
    }
    std::printf("forecast from the stored docket, by %-12s end to end: %.2f s (%zu lines, %lld fees, %lld JPY; goal < 2 s)\n",
                docket::to_string(by), s, f->lines.size(), static_cast<long long>(fees), static_cast<long long>(jpy));
  }
  if (scan) {
    // The sums alone, from docket_fee_sum (stored_fee_sums) and from the
    // tasks (stored_fee_sums_scan, the forecast's SQL before migration
    // 0032), same period and grouping; they must be equal.
    FeesStore store(*database);
    for (const char* by : {"institution", "jurisdiction", "payer", "package"}) {
      StoredFeeQuery q;
      q.by = by;
      q.from = "2026-12-07";
      q.until = Date::parse("2026-12-07").value().add_years(years).to_string();
      q.split_foreign = true;
      if (q.by == "package") q.package_day = q.from;
      using Key = std::tuple<int, std::string, std::string, long long>;
      auto normal = [](const std::vector<StoredFeeSum>& rows) {
        std::map<Key, std::pair<long long, long long>> out;
        for (const auto& r : rows) {
          auto& v = out[{r.fiscal_year, r.group, r.currency, r.unit}];
          v.first += r.amount;
          v.second += r.fees;
        }
        return out;
      };
      auto t1 = Clock::now();
      const auto fast = normal(store.stored_fee_sums(q));
      const double fast_s = seconds_since(t1);
      t1 = Clock::now();
      const auto slow = normal(store.stored_fee_sums_scan(q));
      const double slow_s = seconds_since(t1);
      std::printf("sums by %-12s: docket_fee_sum %.3f s, tasks scanned %.2f s, %zu keys, %s\n", by, fast_s, slow_s,
                  fast.size(), fast == slow ? "equal" : "DIFFERENT");
      if (fast != slow) return 1;
    }
  }
  std::printf("peak RSS (stored): %lld MB (goal < 1024 MB)\n", peak_rss_mb());
  return 0;
}

}  // namespace
}  // namespace chizai

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "generate" && argc == 4) return chizai::generate(argv[2], std::atoll(argv[3]));
  if (mode == "run" && argc == 5) return chizai::run(argv[2], argv[3], std::atoi(argv[4]));
  if (mode == "stored" && (argc == 5 || (argc == 6 && std::string(argv[5]) == "scan"))) {
    return chizai::stored(argv[2], argv[3], std::atoi(argv[4]), argc == 6);
  }
  std::fprintf(stderr, "usage: docket_bench generate DB.sqlite N | run|stored DB.sqlite RULES_DIR YEARS [scan]\n");
  return 64;
}
