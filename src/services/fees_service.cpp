#include "services/fees_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "io/format_common.h"
#include "services/matching_service.h"
#include "services/docket_service.h"
#include "services/project_service.h"
#include "store/docket_facts_store.h"
#include "store/fees_store.h"

namespace chizai {

Result<DocketConfig> load_docket_config(const SettingFn& setting) {
  // Read once per process and directory (load_docket_rules), not per request.
  auto loaded = load_docket_rules(docket_rules_dir(setting));
  if (!loaded) return loaded.error();
  return DocketConfig{loaded.value()->rules, loaded.value()->calendars};
}

ComputeTasks engine_tasks(const DocketConfig& config) {
  return [&config](const docket::Application& app) {
    return docket::compute_tasks(app, config.rules, config.calendars);
  };
}

Result<docket::FxRates> read_fx_csv(std::istream& in, const std::string& name) {
  docket::FxRates out;
  std::vector<std::string> cells;
  std::size_t lines = 0;
  std::string error;
  const std::vector<std::string> header = {"date", "currency", "rate", "source"};
  bool first = true;
  while (read_csv_record(in, cells, lines, error)) {
    const std::string where = cat(name, " line ", std::to_string(lines));
    if (first) {
      first = false;
      if (!cells.empty() && cells[0].rfind("\xEF\xBB\xBF", 0) == 0) cells[0].erase(0, 3);  // a BOM
      if (cells != header) {
        return make_error(ErrorKind::kInvalid, "bad_fx_file",
                          cat(where, ": the header must be 'date,currency,rate,source'"), "fx");
      }
      continue;
    }
    if (cells.size() == 1 && cells[0].empty()) continue;  // a blank line
    if (cells.size() != header.size()) {
      return make_error(ErrorKind::kInvalid, "bad_fx_file",
                        cat(where, ": expected 4 columns (date,currency,rate,source), found ", std::to_string(cells.size())), "fx");
    }
    const auto date = Date::parse(cells[0]);
    if (!date) {
      return make_error(ErrorKind::kInvalid, "bad_fx_file", cat(where, ", column date: ", date.error().message),
                        "date");
    }
    if (auto s = out.add(docket::FxRate{*date, cells[1], cells[2], cells[3]}); !s) {
      return with_message(s.error(), cat(where, ", column ", s.error().field, ": ", s.error().message));
    }
  }
  if (!error.empty()) return make_error(ErrorKind::kInvalid, "bad_fx_file", cat(name, ": ", error), "fx");
  if (first) return make_error(ErrorKind::kInvalid, "bad_fx_file", cat(name, " is empty"), "fx");
  return out;
}

Status FeesService::for_each_application(const std::string& institution, std::size_t batch,
                                         const Visit& visit) {
  DocketFactsStore facts(db_);
  long long after = 0;
  for (;;) {
    const std::vector<docket::Application> apps = facts.load_batch(after, batch);
    if (apps.empty()) return {};
    after = apps.back().patent_id;
    for (const docket::Application& app : apps) {
      if (!institution.empty() &&
          std::none_of(app.owners.begin(), app.owners.end(),
                       [&](const docket::OwnerFacts& o) { return o.institution == institution; })) {
        continue;
      }
      auto tasks = compute_(app);
      if (!tasks) {
        return with_message(tasks.error(), cat("application ", app.number, ": ", tasks.error().message));
      }
      if (auto s = visit(app, *tasks); !s) return s;
    }
  }
}

namespace {

Status check_years(int years) {
  if (years < 1 || years > 50) {
    return make_error(ErrorKind::kInvalid, "bad_years", cat("years must be 1 to 50 (given ", std::to_string(years), ")"), "years");
  }
  return {};
}

const std::vector<std::string> kNoPackages;

}  // namespace

Result<docket::Forecast> FeesService::forecast(const ForecastRequest& r) {
  if (auto s = check_years(r.years); !s) return s.error();
  ReadSnapshot snapshot(db_);
  std::map<long long, std::vector<std::string>> packages;
  if (r.by == docket::ForecastGrouping::kPackage) packages = FeesStore(db_).packages_on(r.as_of.to_string());
  docket::ForecastBuilder builder(r.as_of, r.years, r.by, r.fx);
  auto s = for_each_application(r.institution, 1000, [&](const docket::Application& app,
                                                         const std::vector<docket::Task>& tasks) {
    const auto it = packages.find(app.patent_id);
    return builder.add(app, it == packages.end() ? kNoPackages : it->second, tasks);
  });
  if (!s) return s.error();
  return builder.finish();
}

Result<docket::Forecast> FeesService::stored_forecast(const ForecastRequest& r,
                                                     std::shared_ptr<const DocketRules> rules,
                                                     const std::string& actor, StaleDocket stale) {
  if (auto s = check_years(r.years); !s) return s.error();
  DocketService docket(db_, std::move(rules), actor, today_local());
  if (stale == StaleDocket::kRecompute) {
    docket.ensure_current();
  } else if (!docket.current()) {
    return make_error(ErrorKind::kUnavailable, "docket_stale",
                      "the docket is being recomputed for a new rule book or calendars: try again shortly");
  }
  ReadSnapshot snapshot(db_);
  FeesStore store(db_);
  StoredFeeQuery q;
  q.from = r.as_of.to_string();
  q.until = r.as_of.add_years(r.years).to_string();
  q.institution = r.institution;
  q.split_foreign = r.fx != nullptr;
  docket::ForecastBuilder builder(r.as_of, r.years, r.by, r.fx);
  auto add = [&builder](const std::vector<StoredFeeSum>& sums, bool totals) -> Status {
    for (const StoredFeeSum& s : sums) {
      const docket::ForecastBuilder::FeeSum f{s.fiscal_year, s.group, s.currency, s.unit, s.amount, s.fees};
      if (auto added = totals ? builder.add_total_sum(f) : builder.add_sum(f); !added) return added;
    }
    return {};
  };
  StoredFeeQuery grouped = q;
  grouped.by = docket::to_string(r.by);
  if (r.by == docket::ForecastGrouping::kPackage) grouped.package_day = q.from;
  const std::vector<StoredFeeSum> lines = store.stored_fee_sums(grouped);
  // By jurisdiction and by payer each fee is in exactly one line, whole:
  // the totals are the lines without their group (one read, not two). By
  // institution a line holds parts, by package a fee is in each of its
  // packages: the totals are read apart.
  std::vector<StoredFeeSum> totals;
  if (r.by == docket::ForecastGrouping::kJurisdiction || r.by == docket::ForecastGrouping::kPayer) {
    totals = lines;
    for (StoredFeeSum& t : totals) t.group.clear();
  } else {
    totals = store.stored_fee_sums(q);
  }
  if (auto s = add(totals, true); !s) return s.error();
  if (auto s = add(lines, false); !s) return s.error();
  builder.set_applications(store.count_applications(r.institution));
  return builder.finish();
}

bool review_order(const ReviewRow& a, const ReviewRow& b) {
  if (a.due != b.due) return a.due < b.due;
  if (a.unsupported() != b.unsupported()) return a.unsupported();
  if (a.keep.jpy_minor.has_value() != b.keep.jpy_minor.has_value()) return a.keep.jpy_minor.has_value();
  if (a.keep.jpy_minor && *a.keep.jpy_minor != *b.keep.jpy_minor) return *a.keep.jpy_minor > *b.keep.jpy_minor;
  return a.number < b.number;
}

Result<Review> FeesService::review(const ReviewRequest& r) {
  if (r.within_days < 1 || r.within_days > 3660) {
    return make_error(ErrorKind::kInvalid, "bad_within",
                      cat("within must be 1 to 3660 days (given ", std::to_string(r.within_days), ")"), "within");
  }
  ReadSnapshot snapshot(db_);
  Review out;
  out.as_of = r.as_of;
  out.within_days = r.within_days;
  out.converted = r.fx != nullptr;
  const Date last = r.as_of.add_days(r.within_days);
  auto s = for_each_application(r.institution, 1000, [&](const docket::Application& app,
                                                         const std::vector<docket::Task>& tasks) -> Status {
    const docket::Task* next = nullptr;
    bool late = false;
    std::optional<Date> expiry;
    for (const docket::Task& t : tasks) {
      if (t.kind == "expiry") expiry = t.due;
      if (!t.fee || next != nullptr) continue;
      if (r.as_of <= t.due && t.due <= last) {
        next = &t;
      } else if (t.due < r.as_of && t.grace_end && r.as_of <= *t.grace_end) {
        next = &t;
        late = true;
      }
    }
    if (next == nullptr) return {};
    ReviewRow row;
    row.patent_id = app.patent_id;
    row.number = app.number;
    row.jurisdiction = app.jurisdiction;
    for (const auto& o : app.owners) row.owners.push_back(o.institution);
    row.payer = app.payer == docket::Payer::kAggregator ? "aggregator" : "owners";
    row.task_key = next->key;
    row.task_label = next->label;
    row.due = next->due;
    row.late = late;
    row.fee_minor = late ? next->fee->late_amount : next->fee->amount;
    row.currency = next->fee->currency;
    if (row.currency == "JPY") {
      row.fee_jpy = row.fee_minor;
    } else if (r.fx != nullptr) {
      auto v = docket::jpy_value(row.fee_minor, row.currency, *r.fx, r.as_of);
      if (!v) return v.error();
      row.fee_jpy = *v;
    }
    row.expiry = expiry;
    auto keep = docket::keep_cost(tasks, next->due, r.fx, r.as_of);
    if (!keep) return keep.error();
    row.keep = std::move(keep).value();
    out.rows.push_back(std::move(row));
    return {};
  });
  if (!s) return s.error();
  if (out.rows.empty()) return out;

  // One read per kind of fact, for the whole set.
  FeesStore store(db_);
  const std::string day = r.as_of.to_string();
  const auto packages = store.packages_on(day);
  const auto licences = store.licences_on(day);
  const auto income = store.income_by_patent();
  const auto projects = store.projects_on(day);
  const auto deals = store.open_deals_by_package();
  bool any_package = false;
  for (ReviewRow& row : out.rows) {
    if (auto it = packages.find(row.patent_id); it != packages.end()) row.packages = it->second;
    if (auto it = licences.find(row.patent_id); it != licences.end()) row.licences = it->second;
    if (auto it = income.find(row.patent_id); it != income.end()) row.earned_jpy = it->second;
    if (auto it = projects.find(row.patent_id); it != projects.end()) row.projects = it->second;
    for (const std::string& p : row.packages) {
      if (auto it = deals.find(p); it != deals.end()) row.open_deals += it->second;
    }
    any_package = any_package || !row.packages.empty();
  }
  // Companies matching: the candidate edges (each company's top K packages,
  // as `match edges` lists them), computed once, only when some reviewed
  // application is in a package.
  if (any_package) {
    SettingFn setting = setting_ ? setting_ : SettingFn([](const std::string&, const std::string& f) { return f; });
    auto weights = weights_from_settings(setting);
    if (!weights) return weights.error();
    auto declined = declined_days_from_settings(setting);
    if (!declined) return declined.error();
    auto k = top_k_from_settings(setting);
    if (!k) return k.error();
    MatchingService matching(db_, "", *weights, *declined);
    auto edges = matching.candidate_edges(*k, r.as_of);
    if (!edges) return edges.error();
    std::map<std::string, std::set<std::string>, std::less<>> companies;
    for (const CandidateEdgeRow& e : *edges) companies[e.package].insert(e.company);
    for (ReviewRow& row : out.rows) {
      std::set<std::string> seen;
      for (const std::string& p : row.packages) {
        if (auto it = companies.find(p); it != companies.end()) seen.insert(it->second.begin(), it->second.end());
      }
      row.companies = static_cast<std::int64_t>(seen.size());
    }
  }
  std::sort(out.rows.begin(), out.rows.end(), review_order);
  return out;
}

Result<FiscalYearFees> FeesService::fiscal_year_fees(FiscalYear fy, const docket::FxRates* fx) {
  ReadSnapshot snapshot(db_);
  FiscalYearFees out;
  out.fiscal_year = fy;
  out.converted = fx != nullptr;
  docket::ForecastBuilder builder(fy.first_day(), 1, docket::ForecastGrouping::kPayer, fx);
  auto s = for_each_application("", 1000, [&](const docket::Application& app,
                                               const std::vector<docket::Task>& tasks) {
    return builder.add(app, kNoPackages, tasks);
  });
  if (!s) return s.error();
  const docket::Forecast f = builder.finish();
  out.due.fiscal_year = fy.year;
  out.due.jpy_minor = 0;
  for (const docket::ForecastYear& y : f.totals) {
    if (y.fiscal_year == fy.year) out.due = y;
  }
  return out;
}

void mark_fees_due_unavailable(ProgrammeReport& report, const std::string& why) {
  report.fees_due.clear();
  report.fees_due_jpy.reset();
  report.fees_due_count = 0;
  report.fees_unavailable = why;
}

void add_fiscal_year_fees_paid(Database& db, ProgrammeReport& report, const docket::FxRates* fx) {
  report.fees_paid.clear();
  report.fees_paid_jpy = 0;
  report.fees_paid_count = 0;
  const Date last = report.fiscal_year.last_day();
  for (const FeesPaidTotal& t : DocketStore(db).fees_paid_between(report.fiscal_year.first_day(), last)) {
    ProgrammeReport::FeesDue f{t.currency, t.amount_minor, std::nullopt, t.fees};
    if (t.currency == "JPY") {
      f.jpy_minor = t.amount_minor;
    } else if (fx != nullptr) {
      if (auto v = docket::jpy_value(t.amount_minor, t.currency, *fx, last)) f.jpy_minor = *v;
    }
    if (f.jpy_minor && report.fees_paid_jpy) {
      *report.fees_paid_jpy += *f.jpy_minor;
    } else {
      report.fees_paid_jpy.reset();
    }
    report.fees_paid_count += t.fees;
    report.fees_paid.push_back(std::move(f));
  }
}

void add_fiscal_year_fees(ProgrammeReport& report, const FiscalYearFees& fees) {
  report.fees_due.clear();
  for (const docket::ForecastLine& l : fees.due.by_currency) {
    report.fees_due.push_back({l.currency, l.amount_minor, l.jpy_minor, l.fees});
  }
  report.fees_due_jpy = fees.due.jpy_minor;
  report.fees_due_count = fees.due.fees;
}

}  // namespace chizai
