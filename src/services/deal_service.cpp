#include "services/deal_service.h"

#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>
#include <utility>

#include "io/json_writer.h"
#include "portfolio/project.h"
#include "services/history.h"
#include "store/sql_util.h"

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

Date date_from_db(const std::string& text) {
  auto d = Date::parse(text);
  if (!d) throw std::runtime_error("date '" + text + "' in the database is not a date");
  return *d;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// PostgreSQL runs writers concurrently at READ COMMITTED: a check-then-write
// must first lock what it checks (SQLite's BEGIN IMMEDIATE already does).
void lock_deal_table(Database& db) {
  if (db.backend() == Backend::kPostgres) db.sql() << "LOCK TABLE deal IN SHARE ROW EXCLUSIVE MODE";
}

struct Company {
  long long id = 0;
  std::string kind;
};

std::optional<Company> find_company(Database& db, const std::string& code) {
  Company c;
  db.sql() << "SELECT id, kind FROM institution WHERE code = :c", soci::use(code), soci::into(c.id),
      soci::into(c.kind);
  if (!db.sql().got_data()) return std::nullopt;
  return c;
}

Result<long long> company_id(Database& db, const std::string& code) {
  auto c = find_company(db, code);
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
  long long id = 0;
  db.sql() << "SELECT id FROM package WHERE code = :c", soci::use(code), soci::into(id);
  if (!db.sql().got_data()) {
    return make_error(ErrorKind::kNotFound, "unknown_package", "unknown package: no package with code '" + code + "'", "package");
  }
  return id;
}

// The stored deal row of a pair.
struct DealRow {
  long long id = 0;
  DealStage stage = DealStage::kLead;
  std::string staff;
  Date changed_on;
};

std::optional<DealRow> find_deal(Database& db, long long company, long long package) {
  DealRow r;
  std::string stage, changed;
  db.sql() << "SELECT id, stage, staff, changed_on FROM deal WHERE institution_id = :i AND package_id = :p",
      soci::use(company), soci::use(package), soci::into(r.id), soci::into(stage), soci::into(r.staff),
      soci::into(changed);
  if (!db.sql().got_data()) return std::nullopt;
  r.stage = stage_from_db(stage);
  r.changed_on = date_from_db(changed);
  return r;
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

long long write_move(Database& db, const Move& m) {
  const std::string stage = to_string(m.to), on = m.on.to_string(), now = utc_now();
  const long long agreement = m.agreement.value_or(0);
  soci::indicator agreement_i = m.agreement ? soci::i_ok : soci::i_null;
  long long deal_id = 0;
  if (m.before) {
    deal_id = m.before->id;
    db.sql() << "UPDATE deal SET stage = :s, staff = :f, changed_on = :d, agreement_id = :a WHERE id = :i",
        soci::use(stage), soci::use(m.staff), soci::use(on), soci::use(agreement, agreement_i),
        soci::use(deal_id);
  } else {
    deal_id = insert_row(db, "deal",
                         "INSERT INTO deal (institution_id, package_id, stage, staff, changed_on, opened_on, "
                         "agreement_id) VALUES (:i, :p, :s, :f, :d, :o, :a)",
                         soci::use(m.company), soci::use(m.package), soci::use(stage), soci::use(m.staff),
                         soci::use(on), soci::use(on), soci::use(agreement, agreement_i));
  }
  const std::string from = m.before ? to_string(m.before->stage) : "";
  soci::indicator from_i = m.before ? soci::i_ok : soci::i_null;
  db.sql() << "INSERT INTO deal_event (deal_id, from_stage, to_stage, changed_on, staff, note, agreement_id, "
              "recorded_at) VALUES (:d, :f, :t, :o, :s, :n, :a, :r)",
      soci::use(deal_id), soci::use(from, from_i), soci::use(stage), soci::use(on), soci::use(m.staff),
      soci::use(m.note), soci::use(agreement, agreement_i), soci::use(now);
  return deal_id;
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

const char* kSummarySelect =
    "SELECT d.id, i.code, i.name_en, k.code, COALESCE(cp.region, ''), d.stage, d.staff, d.opened_on, "
    "d.changed_on, COALESCE(a.reference, '') FROM deal d JOIN institution i ON i.id = d.institution_id "
    "JOIN package k ON k.id = d.package_id LEFT JOIN company_profile cp ON cp.institution_id = d.institution_id "
    "LEFT JOIN agreement a ON a.id = d.agreement_id";

std::vector<std::pair<long long, DealSummary>> load_summaries(Database& db, const std::string& where,
                                                              long long company = 0, long long package = 0) {
  std::vector<std::pair<long long, DealSummary>> out;
  long long id = 0;
  DealSummary s;
  std::string stage, opened, changed;
  const std::string sql = std::string(kSummarySelect) + where + " ORDER BY i.code, k.code";
  soci::details::prepare_temp_type prep = (db.sql().prepare << sql);
  prep, soci::into(id), soci::into(s.company), soci::into(s.company_name), soci::into(s.package),
      soci::into(s.region), soci::into(stage), soci::into(s.staff), soci::into(opened), soci::into(changed),
      soci::into(s.agreement);
  if (!where.empty()) prep, soci::use(company), soci::use(package);
  soci::statement st(prep);
  st.execute();
  while (st.fetch()) {
    s.stage = stage_from_db(stage);
    s.opened_on = date_from_db(opened);
    s.changed_on = date_from_db(changed);
    out.emplace_back(id, s);
  }
  return out;
}

std::vector<DealEvent> load_history(Database& db, long long deal_id) {
  std::vector<DealEvent> out;
  DealEvent e;
  std::string from, to, on;
  soci::indicator from_i = soci::i_null;
  soci::statement st =
      (db.sql().prepare << "SELECT e.id, e.from_stage, e.to_stage, e.changed_on, e.staff, e.note, "
                           "COALESCE(a.reference, ''), e.recorded_at FROM deal_event e "
                           "LEFT JOIN agreement a ON a.id = e.agreement_id WHERE e.deal_id = :d ORDER BY e.id",
       soci::use(deal_id), soci::into(e.id), soci::into(from, from_i), soci::into(to), soci::into(on),
       soci::into(e.staff), soci::into(e.note), soci::into(e.agreement), soci::into(e.recorded_at));
  st.execute();
  while (st.fetch()) {
    e.from = from_i == soci::i_null ? std::nullopt : std::optional<DealStage>(stage_from_db(from));
    e.to = stage_from_db(to);
    e.on = date_from_db(on);
    out.push_back(e);
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
  long long deal = 0;
  std::string to, on, staff, region;
  const std::string day = as_of.to_string();
  // Events in the order recorded: the last one on or before the day is the
  // deal's state (an agreement may be dated before a later-recorded change).
  soci::statement st =
      (db.sql().prepare << "SELECT e.deal_id, e.to_stage, e.changed_on, e.staff, COALESCE(cp.region, '') "
                           "FROM deal_event e JOIN deal d ON d.id = e.deal_id "
                           "LEFT JOIN company_profile cp ON cp.institution_id = d.institution_id "
                           "WHERE e.changed_on <= :a ORDER BY e.deal_id, e.id",
       soci::use(day), soci::into(deal), soci::into(to), soci::into(on), soci::into(staff), soci::into(region));
  st.execute();
  while (st.fetch()) {
    DealState& s = states[deal];
    s.stage = stage_from_db(to);
    s.staff = staff;
    s.region = region;
    s.age_days = as_of.days_since_epoch() - date_from_db(on).days_since_epoch();
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
  if (staff.empty()) return make_error(ErrorKind::kInvalid, "bad_staff", "the staff member making the change is required", "staff");
  WriteTransaction tx(db_);
  lock_deal_table(db_);
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
  Move m{*company, *package, find_deal(db_, *company, *package), *stage, c.on, staff, c.note, std::nullopt};
  if (m.before) {
    if (Status st = check_move(*m.before, *stage, c.on, c.company + " / " + c.package); !st) return st.error();
  }
  write_move(db_, m);
  record_change(db_, actor_, "deal.set", "deal", c.company + "/" + c.package,
                move_detail(c.company, c.package, m, ""));
  tx.commit();
  return show(c.company, c.package);
}

void DealService::record_agreement(long long company, long long package, long long agreement_id,
                                   const std::string& reference, Date on) {
  lock_deal_table(db_);
  Move m{company, package, find_deal(db_, company, package), DealStage::kLicensed, on, actor_,
         "agreement " + reference, agreement_id};
  if (m.before) m.staff = m.before->staff;
  write_move(db_, m);
  std::string company_code, package_code;
  db_.sql() << "SELECT code FROM institution WHERE id = :i", soci::use(company), soci::into(company_code);
  db_.sql() << "SELECT code FROM package WHERE id = :i", soci::use(package), soci::into(package_code);
  record_change(db_, actor_, "deal.licensed", "deal", company_code + "/" + package_code,
                move_detail(company_code, package_code, m, reference));
}

std::optional<long long> DealService::sole_package_of(const std::vector<long long>& patent_ids, Date on) {
  if (patent_ids.empty()) return std::nullopt;
  std::string ids;
  for (long long id : patent_ids) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
  const std::string day = on.to_string();
  const long long wanted = static_cast<long long>(patent_ids.size());
  long long package = 0, members = 0;
  std::vector<long long> found;
  soci::statement st =
      (db_.sql().prepare << "SELECT package_id, CAST(COUNT(DISTINCT patent_id) AS BIGINT) FROM package_member "
                            "WHERE patent_id IN (" + ids + ") AND added_on <= :d AND "
                            "(removed_on IS NULL OR removed_on > :e) GROUP BY package_id ORDER BY package_id",
       soci::use(day), soci::use(day), soci::into(package), soci::into(members));
  st.execute();
  while (st.fetch()) {
    if (members == wanted) found.push_back(package);
  }
  if (found.size() != 1) return std::nullopt;
  return found.front();
}

Result<DealView> DealService::show(const std::string& company_code, const std::string& package_code) {
  ReadSnapshot snapshot(db_);
  auto company = find_company(db_, company_code);
  if (!company) {
    return make_error(ErrorKind::kNotFound, "unknown_company", "unknown company: no institution with code '" + company_code + "'",
                      "company");
  }
  auto package = package_id(db_, package_code);
  if (!package) return package.error();
  auto rows = load_summaries(db_, " WHERE d.institution_id = :i AND d.package_id = :p", company->id, *package);
  if (rows.empty()) {
    return make_error(ErrorKind::kNotFound, "unknown_deal", "no deal for company " + company_code + " and package " + package_code,
                      "package");
  }
  DealView v;
  v.deal = rows.front().second;
  v.history = load_history(db_, rows.front().first);
  return v;
}

Result<std::vector<DealSummary>> DealService::list(const DealFilter& f) {
  std::optional<DealStage> stage;
  if (!f.stage.empty()) {
    stage = parse_deal_stage(f.stage);
    if (!stage) {
      return make_error(ErrorKind::kInvalid, "bad_stage", "unknown stage '" + f.stage + "': use " + allowed_words_deal_stage(), "stage");
    }
  }
  if (!f.region.empty() && !parse_staff_region(f.region)) {
    return make_error(ErrorKind::kInvalid, "bad_region", "unknown region '" + f.region + "': use " + allowed_words_staff_region(),
                      "region");
  }
  ReadSnapshot snapshot(db_);
  std::vector<DealSummary> out;
  for (auto& [id, s] : load_summaries(db_, "")) {
    if (stage && s.stage != *stage) continue;
    if (!f.staff.empty() && s.staff != f.staff) continue;
    if (!f.region.empty() && s.region != f.region) continue;
    out.push_back(std::move(s));
  }
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
