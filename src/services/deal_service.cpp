#include "services/deal_service.h"

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>
#include <utility>

#include "io/json_writer.h"
#include "portfolio/project.h"
#include "services/history.h"
#include "services/staff_service.h"
#include "store/deal_store.h"
#include "store/lookup.h"

namespace chizai {
namespace {

constexpr std::array<std::pair<DealStage, const char*>, 6> kStages = {{
    {DealStage::kLead, "lead"},
    {DealStage::kContacted, "contacted"},
    {DealStage::kNda, "nda"},
    {DealStage::kNegotiation, "negotiation"},
    {DealStage::kLicensed, "licensed"},
    {DealStage::kDeclined, "declined"},
}};

// The pipeline steps in order: lead (0) … licensed (4). declined has no rank.
std::optional<int> rank_of(DealStage s) {
  if (s == DealStage::kDeclined) return std::nullopt;
  return static_cast<int>(s);
}
constexpr int kPipelineSteps = 5;

DealStage stage_from_db(const std::string& text) {
  auto s = parse_deal_stage(text);
  if (!s) throw std::runtime_error("deal stage '" + text + "' in the database is not a stage");
  return *s;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

Result<long long> company_id(Database& db, const std::string& code) {
  auto c = find_institution(db, code);
  if (!c) {
    return make_error(ErrorKind::kNotFound, "unknown_company", "unknown company: no institution with code '" + code + "'",
                      "company");
  }
  if (c->kind != "company") {
    return make_error(ErrorKind::kRefused, "not_a_company",
                      "institution " + code + " is a " + c->kind + ", not a company: deals are with companies",
                      "company");
  }
  return c->id;
}

Result<long long> package_id(Database& db, const std::string& code) {
  auto id = find_package_id(db, code);
  if (!id) {
    return make_error(ErrorKind::kNotFound, "unknown_package", "unknown package: no package with code '" + code + "'", "package");
  }
  return *id;
}

// The stored deal row of a pair.
struct DealRow {
  long long id = 0;
  DealStage stage = DealStage::kLead;
  std::string staff;
  Date changed_on;
};

std::optional<DealRow> find_deal(DealStore& store, long long company, long long package) {
  auto r = store.find(company, package);
  if (!r) return std::nullopt;
  return DealRow{r->id, stage_from_db(r->stage), r->staff, r->changed_on};
}

// A manual change of an existing deal: not of a licensed one, to another
// stage, dated on or after the previous change.
Status check_move(const DealRow& before, DealStage to, Date on, const std::string& pair) {
  if (before.stage == DealStage::kLicensed) {
    return make_error(ErrorKind::kRefused, "deal_licensed", "the deal " + pair +
                                           " is licensed by an agreement; a licensed deal cannot go back to " +
                                           to_string(to),
                      "stage");
  }
  if (before.stage == to) {
    return make_error(ErrorKind::kConflict, "already_at_stage", "the deal " + pair + " is already at stage " + to_string(to), "stage");
  }
  if (on < before.changed_on) {
    return make_error(ErrorKind::kRefused, "date_before_previous_change",
                      "date " + on.to_string() + " is before the deal's previous change on " +
                          before.changed_on.to_string(),
                      "date");
  }
  return {};
}

// What one change writes: the deal row (inserted or updated) and its event.
struct Move {
  long long company = 0, package = 0;
  std::optional<DealRow> before;
  DealStage to = DealStage::kLead;
  Date on;
  std::string staff, note;
  std::optional<long long> agreement;
};

void write_move(DealStore& store, const Move& m) {
  DealMoveRecord r;
  if (m.before) {
    r.deal_id = m.before->id;
    r.from = to_string(m.before->stage);
  }
  r.company = m.company;
  r.package = m.package;
  r.to = to_string(m.to);
  r.on = m.on;
  r.staff = m.staff;
  r.note = m.note;
  r.agreement = m.agreement;
  r.recorded_at = utc_now();
  store.write_move(r);
}

std::string move_detail(const std::string& company, const std::string& package, const Move& m,
                        const std::string& agreement) {
  JsonWriter w;
  w.begin_object().field("company", company).field("package", package).key("from");
  if (m.before) {
    w.value(to_string(m.before->stage));
  } else {
    w.null();
  }
  w.field("to", to_string(m.to)).field("on", m.on.to_string()).field("staff", m.staff).field("note", m.note);
  if (!agreement.empty()) w.field("agreement", agreement);
  return w.end_object().take();
}

// ---- reading ----------------------------------------------------------------

DealSummary summary_of(const DealSummaryRecord& r) {
  DealSummary d;
  d.company = r.company;
  d.company_name = r.company_name;
  d.package = r.package;
  d.package_name = r.package_name;
  d.region = r.region;
  d.stage = stage_from_db(r.stage);
  d.staff = r.staff;
  d.staff_name = display_name(r.staff_latin, r.staff_ja);
  d.opened_on = r.opened_on;
  d.changed_on = r.changed_on;
  d.agreement = r.agreement;
  return d;
}

std::vector<DealEvent> history_of(DealStore& store, long long deal_id) {
  std::vector<DealEvent> out;
  for (auto& r : store.history(deal_id)) {
    DealEvent e;
    e.id = r.id;
    if (r.from) e.from = stage_from_db(*r.from);
    e.to = stage_from_db(r.to);
    e.on = r.on;
    e.staff = std::move(r.staff);
    e.staff_name = display_name(r.staff_latin, r.staff_ja);
    e.note = std::move(r.note);
    e.agreement = std::move(r.agreement);
    e.recorded_at = std::move(r.recorded_at);
    out.push_back(std::move(e));
  }
  return out;
}

// ---- the report -------------------------------------------------------------

AgeStats stats_of(std::vector<std::int64_t> ages) {
  AgeStats a;
  a.count = static_cast<std::int64_t>(ages.size());
  if (ages.empty()) return a;
  std::sort(ages.begin(), ages.end());
  a.min_days = ages.front();
  a.max_days = ages.back();
  a.median_days = ages[(ages.size() - 1) / 2];
  std::int64_t sum = 0;
  for (auto x : ages) sum += x;
  a.mean_days = (2 * sum + a.count) / (2 * a.count);  // nearest, half up (ages are >= 0)
  return a;
}

// One deal as it stood on the report date.
struct DealState {
  std::string staff, region;
  DealStage stage = DealStage::kLead;
  std::int64_t age_days = 0;
  int max_rank = -1;  // the furthest pipeline step reached; -1: only declined
};

using AgesByStage = std::map<DealStage, std::vector<std::int64_t>>;

std::vector<StageCell> cells_of(const AgesByStage& ages, bool all_stages) {
  std::vector<StageCell> out;
  for (DealStage s : all_deal_stages()) {
    auto it = ages.find(s);
    if (it == ages.end() && !all_stages) continue;
    out.push_back(StageCell{s, it == ages.end() ? AgeStats{} : stats_of(it->second)});
  }
  return out;
}

std::vector<PipelineGroup> groups_of(const std::map<std::string, AgesByStage>& by_key) {
  std::vector<PipelineGroup> out;
  for (const auto& [key, ages] : by_key) {
    PipelineGroup g;
    g.key = key;
    for (const auto& [stage, list] : ages) g.deals += static_cast<std::int64_t>(list.size());
    g.stages = cells_of(ages, false);
    out.push_back(std::move(g));
  }
  return out;
}

std::map<long long, DealState> states_as_of(Database& db, Date as_of) {
  std::map<long long, DealState> states;
  // Events in the order recorded: the last one on or before the day is the
  // deal's state (an agreement may be dated before a later-recorded change).
  for (const auto& step : DealStore(db).steps_until(as_of)) {
    DealState& s = states[step.deal_id];
    s.stage = stage_from_db(step.to);
    s.staff = step.staff;
    s.region = step.region;
    s.age_days = as_of.days_since_epoch() - step.on.days_since_epoch();
    if (auto r = rank_of(s.stage)) s.max_rank = std::max(s.max_rank, *r);
  }
  return states;
}

}  // namespace

const char* to_string(DealStage stage) {
  for (const auto& [s, name] : kStages) {
    if (s == stage) return name;
  }
  return "?";
}

std::optional<DealStage> parse_deal_stage(std::string_view text) {
  for (const auto& [s, name] : kStages) {
    if (text == name) return s;
  }
  return std::nullopt;
}

std::string allowed_words_deal_stage() { return "lead, contacted, nda, negotiation, licensed or declined"; }

const std::vector<DealStage>& all_deal_stages() {
  static const std::vector<DealStage> all = [] {
    std::vector<DealStage> v;
    for (const auto& [s, name] : kStages) v.push_back(s);
    return v;
  }();
  return all;
}

Result<DealView> DealService::set_stage(const DealChange& c) {
  auto stage = parse_deal_stage(c.stage);
  if (!stage) {
    return make_error(ErrorKind::kInvalid, "bad_stage", "unknown stage '" + c.stage + "': use " + allowed_words_deal_stage(), "stage");
  }
  const std::string staff = trim(c.staff);
  if (staff.empty()) {
    return make_error(ErrorKind::kInvalid, "bad_staff", "the staff member making the change (a staff code) is required",
                      "staff");
  }
  WriteTransaction tx(db_);
  DealStore store(db_);
  store.lock();
  if (auto known = find_staff(db_, staff, "staff"); !known) return known.error();
  auto company = company_id(db_, c.company);
  if (!company) return company.error();
  auto package = package_id(db_, c.package);
  if (!package) return package.error();
  if (*stage == DealStage::kLicensed) {
    return make_error(ErrorKind::kRefused, "agreement_required",
                      "a deal becomes licensed only when a licence agreement is recorded "
                      "(chizai agreement add); it cannot be set by hand",
                      "stage");
  }
  Move m{*company, *package, find_deal(store, *company, *package), *stage, c.on, staff, c.note, std::nullopt};
  if (m.before) {
    if (Status st = check_move(*m.before, *stage, c.on, c.company + " / " + c.package); !st) return st.error();
  }
  write_move(store, m);
  record_change(db_, actor_, "deal.set", "deal", c.company + "/" + c.package,
                move_detail(c.company, c.package, m, ""));
  tx.commit();
  return show(c.company, c.package);
}

void DealService::record_agreement(long long company, long long package, long long agreement_id,
                                   const std::string& reference, Date on) {
  DealStore store(db_);
  store.lock();
  Move m{company, package, find_deal(store, company, package), DealStage::kLicensed, on, std::string(),
         "agreement " + reference, agreement_id};
  if (m.before) {
    m.staff = m.before->staff;
  } else if (find_staff(db_, actor_, "staff")) {
    m.staff = actor_;
  }
  write_move(store, m);
  const auto [company_code, package_code] = store.codes_of(company, package);
  record_change(db_, actor_, "deal.licensed", "deal", company_code + "/" + package_code,
                move_detail(company_code, package_code, m, reference));
}

std::optional<long long> DealService::sole_package_of(const std::vector<long long>& patent_ids, Date on) {
  if (patent_ids.empty()) return std::nullopt;
  const long long wanted = static_cast<long long>(patent_ids.size());
  std::vector<long long> found;
  for (const auto& [package, members] : DealStore(db_).packages_holding(patent_ids, on)) {
    if (members == wanted) found.push_back(package);
  }
  if (found.size() != 1) return std::nullopt;
  return found.front();
}

Result<DealView> DealService::show(const std::string& company_code, const std::string& package_code) {
  ReadSnapshot snapshot(db_);
  auto company = find_institution(db_, company_code);
  if (!company) {
    return make_error(ErrorKind::kNotFound, "unknown_company", "unknown company: no institution with code '" + company_code + "'",
                      "company");
  }
  auto package = package_id(db_, package_code);
  if (!package) return package.error();
  DealStore store(db_);
  auto row = store.summary(company->id, *package);
  if (!row) {
    return make_error(ErrorKind::kNotFound, "unknown_deal", "no deal for company " + company_code + " and package " + package_code,
                      "package");
  }
  DealView v;
  v.deal = summary_of(*row);
  v.history = history_of(store, row->id);
  return v;
}

Result<Page<DealSummary>> DealService::list(const DealFilter& f, const PageRequest& page) {
  const std::optional<DealStage> stage = f.stage.empty() ? std::nullopt : parse_deal_stage(f.stage);
  if (!f.stage.empty() && !stage) {
    return make_error(ErrorKind::kInvalid, "bad_stage", "unknown stage '" + f.stage + "': use " + allowed_words_deal_stage(), "stage");
  }
  if (!f.region.empty() && !parse_staff_region(f.region)) {
    return make_error(ErrorKind::kInvalid, "bad_region", "unknown region '" + f.region + "': use " + allowed_words_staff_region(),
                      "region");
  }
  const std::size_t slash = page.after.rfind('/');
  if (!page.after.empty() && (slash == std::string::npos || slash == 0 || slash + 1 == page.after.size())) {
    return make_error(ErrorKind::kInvalid, "bad_request", "'cursor' must name a deal COMPANY/PACKAGE, not '" + page.after + "'",
                      "cursor");
  }
  ReadSnapshot snapshot(db_);
  auto rows = DealStore(db_).summaries(DealListFilter{stage ? to_string(*stage) : "", f.staff, f.region}, page);
  Page<DealSummary> out;
  out.next = std::move(rows.next);
  for (const auto& r : rows.items) out.items.push_back(summary_of(r));
  return out;
}

PipelineReport DealService::report(Date as_of) {
  ReadSnapshot snapshot(db_);
  PipelineReport r;
  r.as_of = as_of;
  AgesByStage by_stage;
  std::map<std::string, AgesByStage> by_staff, by_region;
  std::array<std::int64_t, kPipelineSteps> reached{};
  for (const auto& [id, s] : states_as_of(db_, as_of)) {
    ++r.deals;
    by_stage[s.stage].push_back(s.age_days);
    by_staff[s.staff][s.stage].push_back(s.age_days);
    by_region[s.region][s.stage].push_back(s.age_days);
    for (int i = 0; i <= s.max_rank; ++i) ++reached[static_cast<std::size_t>(i)];
  }
  r.by_stage = cells_of(by_stage, true);
  r.by_staff = groups_of(by_staff);
  for (auto& g : r.by_staff) {
    if (auto member = find_staff(db_, g.key, "staff")) g.name = display_name(member->name_latin, member->name_ja);
  }
  r.by_region = groups_of(by_region);
  for (int i = 0; i + 1 < kPipelineSteps; ++i) {
    Conversion c;
    c.from = all_deal_stages()[static_cast<std::size_t>(i)];
    c.to = all_deal_stages()[static_cast<std::size_t>(i + 1)];
    c.reached = reached[static_cast<std::size_t>(i)];
    c.advanced = reached[static_cast<std::size_t>(i + 1)];
    c.rate_bps = c.reached == 0 ? 0 : c.advanced * 10000 / c.reached;
    r.conversion.push_back(c);
  }
  return r;
}

}  // namespace chizai
