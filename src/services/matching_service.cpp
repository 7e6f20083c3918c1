#include "services/matching_service.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "core/text.h"
#include "io/json_writer.h"
#include "io/registry_json.h"
#include "io/strict_json.h"
#include "services/history.h"
#include "store/lookup.h"
#include "store/matching_store.h"
#include "store/package_store.h"
#include "store/registry_store.h"

namespace chizai {

// ---- Configuration ------------------------------------------------------------

namespace {
using Setting = std::function<std::string(const std::string&, const std::string&)>;

Result<double> number_setting(const Setting& setting, const std::string& key, double fallback) {
  std::ostringstream def;
  def << fallback;
  const std::string text(trim(setting(key, def.str())));
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size() || !std::isfinite(v)) throw std::invalid_argument(text);
    return v;
  } catch (const std::exception&) {
    return make_error(ErrorKind::kInvalid, "bad_weights", key + " = '" + text + "' is not a number", key);
  }
}
}  // namespace

Result<matching::Weights> weights_from_settings(const Setting& setting) {
  matching::Weights w;
  struct Key {
    const char* name;
    double* target;
  };
  const Key keys[] = {
      {"matching.weight.classification", &w.classification},
      {"matching.weight.text", &w.text},
      {"matching.weight.signals", &w.signals},
      {"matching.weight.region", &w.region},
      {"matching.depth.section", &w.depth.section},
      {"matching.depth.class", &w.depth.class_level},
      {"matching.depth.subclass", &w.depth.subclass},
      {"matching.depth.main_group", &w.depth.main_group},
      {"matching.depth.subgroup", &w.depth.subgroup},
      {"matching.signal.attended", &w.signal_points.attended},
      {"matching.signal.interest", &w.signal_points.interest},
      {"matching.signal.licensed_subclass", &w.signal_points.licensed_subclass},
      {"matching.signal.cap", &w.signal_points.cap},
  };
  for (const auto& k : keys) {
    auto v = number_setting(setting, k.name, *k.target);
    if (!v) return v.error();
    *k.target = *v;
  }
  if (auto s = matching::validate(w); !s) {
    return make_error(ErrorKind::kInvalid, "bad_weights", "the matching.* weights in the configuration: " + s.error().message,
                      "matching");
  }
  return w;
}

Result<std::size_t> top_k_from_settings(const Setting& setting) {
  const std::string text(trim(setting("matching.top_k", "50")));
  auto n = parse_int64(text);
  if (!n || *n <= 0 || *n > 100000) {
    return make_error(ErrorKind::kInvalid, "bad_setting", "matching.top_k = '" + text + "' must be a whole number from 1 to 100000",
                      "matching.top_k");
  }
  return static_cast<std::size_t>(*n);
}

Result<std::int64_t> declined_days_from_settings(const Setting& setting) {
  const std::string text(trim(setting("matching.declined_days", "365")));
  auto n = parse_int64(text);
  if (!n || *n < 0 || *n > 36500) {
    return make_error(ErrorKind::kInvalid, "bad_setting",
                      "matching.declined_days = '" + text + "' must be a whole number from 0 to 36500",
                      "matching.declined_days");
  }
  return *n;
}

std::int64_t AssignmentOutcome::total_tenths() const {
  std::int64_t sum = 0;
  for (const auto& p : pairs) sum += matching::points_tenths(p.score);
  return sum;
}

std::int64_t LeftOut::total() const {
  std::int64_t n = 0;
  for (const auto& [reason, count] : by_reason) n += count;
  return n;
}

std::string Names::of(const std::map<std::string, std::string, std::less<>>& names, std::string_view code) {
  auto it = names.find(code);
  return it == names.end() ? std::string() : it->second;
}

// ---- Event files ------------------------------------------------------------------

namespace {
bool is_institution_code_like(std::string_view code) {
  if (code.empty() || code.size() > 32) return false;
  for (char c : code) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

constexpr const char* kEventKinds[] = {"fair", "briefing", "other"};
bool is_event_kind(const std::string& k) {
  return std::find(std::begin(kEventKinds), std::end(kEventKinds), k) != std::end(kEventKinds);
}

Status check_event(const MatchingEvent& e) {
  if (!is_institution_code_like(e.code)) {
    return make_error(ErrorKind::kInvalid, "bad_event", "event code '" + e.code +
                                       "' must be 1-32 characters of A-Z a-z 0-9 . _ - (e.g. EV-2025-06)",
                      "code");
  }
  if (trim(e.name).empty()) return make_error(ErrorKind::kInvalid, "bad_event", "the event needs a name", "name");
  if (!is_event_kind(e.kind)) {
    return make_error(ErrorKind::kInvalid, "bad_event", "event kind '" + e.kind + "' is not one of: fair, briefing, other", "kind");
  }
  if (e.packages.empty()) {
    return make_error(ErrorKind::kInvalid, "bad_event", "the event presents no package: list at least one", "packages");
  }
  auto dup = [](const std::vector<std::string>& v) -> std::optional<std::string> {
    std::set<std::string> seen;
    for (const auto& x : v) {
      if (!seen.insert(x).second) return x;
    }
    return std::nullopt;
  };
  if (auto d = dup(e.packages)) return make_error(ErrorKind::kInvalid, "bad_event", "package " + *d + " is listed twice", "packages");
  if (auto d = dup(e.companies)) return make_error(ErrorKind::kInvalid, "bad_event", "company " + *d + " is listed twice", "companies");
  return {};
}
}  // namespace

// ---- Local store ---------------------------------------------------------------------

namespace {

Error unknown_company(const std::string& code) {
  return make_error(ErrorKind::kNotFound, "unknown_company", "no company " + code + " (import it with chizai company import)",
                    "company");
}
Error unknown_package(const std::string& code) {
  return make_error(ErrorKind::kNotFound, "unknown_package", "no package " + code, "package");
}

// The id of a company institution, or the reason it is not one.
Result<long long> company_id(Database& db, const std::string& code) {
  auto found = find_institution(db, code);
  if (!found) return unknown_company(code);
  if (found->kind != "company") {
    return make_error(ErrorKind::kRefused, "not_a_company", code + " is an institution of kind " + found->kind + ", not a company",
                      "company");
  }
  return found->id;
}

bool same_profile(const CompanyProfile& a, const CompanyProfile& b) {
  if (a.interests.size() != b.interests.size()) return false;
  auto sorted = [](std::vector<CompanyInterest> v) {
    std::sort(v.begin(), v.end(), [](const auto& x, const auto& y) { return x.code < y.code; });
    return v;
  };
  const auto ia = sorted(a.interests), ib = sorted(b.interests);
  for (std::size_t i = 0; i < ia.size(); ++i) {
    if (ia[i].code != ib[i].code || ia[i].weight_milli != ib[i].weight_milli) return false;
  }
  return a.code == b.code && a.name_en == b.name_en && a.name_ja == b.name_ja && a.country == b.country &&
         a.region == b.region && a.size == b.size && a.industry == b.industry && a.keywords == b.keywords;
}

std::string profile_json(const CompanyProfile& c) {
  JsonWriter w;
  w.begin_object().field("region", c.region).field("size", c.size).field("interests", std::int64_t(c.interests.size()));
  w.end_object();
  return w.str();
}

}  // namespace

// ---- Snapshot -----------------------------------------------------------------------

struct MatchingService::Snapshot {
  Date day;
  std::optional<matching::Matcher> matcher;
  std::vector<matching::Company> companies;  // by code
  std::map<std::string, std::size_t, std::less<>> company_at;
  matching::Signals signals;
  std::optional<matching::CompanyIndex> index;
  MatchGraph graph;
  std::map<std::string, Institution, std::less<>> institutions;  // owners of members
  std::map<std::string, std::set<std::string>, std::less<>> package_subclasses;
  std::set<std::string, std::less<>> exclusive_packages;
  // company → (agreement reference, subclasses) of exclusive licences in force,
  // with the package they are for ("" for a patent list).
  struct Exclusive {
    std::string reference, package;
    std::set<std::string> subclasses;
  };
  std::map<std::string, std::vector<Exclusive>, std::less<>> exclusives;
  std::optional<std::size_t> candidates_k;  // candidate links in the graph for this k
  std::vector<CandidateEdgeRow> candidates;
  LeftOut candidates_left_out;
  // Packages not retired whose status is not marketed: code → status.
  std::map<std::string, std::string, std::less<>> not_marketed;
  // (company, package) → "licensed" or "declined" (licensed wins).
  std::map<std::pair<std::string, std::string>, const char*> left_out_pairs;
  Names names;

  // The reason a proposal of `package` to `company` is left out, or nullptr
  // (LeftOut's reasons but exclusive_elsewhere).
  const char* left_out_reason(const std::string& company, const std::string& package) const {
    if (auto it = left_out_pairs.find({company, package}); it != left_out_pairs.end()) return it->second;
    if (not_marketed.count(package)) return "package_not_marketed";
    return nullptr;
  }
  void leave_out(const std::string& company, const std::string& package, const char* reason) {
    auto [it, added] = left_out_pairs.emplace(std::make_pair(company, package), reason);
    if (!added && std::string_view(reason) == "licensed") it->second = reason;
  }
};

namespace {

std::string subclass_of(const std::string& symbol) {
  auto c = matching::ClassCode::parse(symbol);
  if (!c || !c->reaches(matching::ClassLevel::subclass)) return {};
  return c->prefix(matching::ClassLevel::subclass);
}

}  // namespace

Result<MatchingService::Snapshot*> MatchingService::snapshot(Date day) {
  if (snap_ && snap_->day == day) return snap_.get();
  auto s = std::make_unique<Snapshot>();
  s->day = day;
  const std::string d = day.to_string();
  ReadSnapshot read(db_);
  MatchingStore store(db_);

  // Companies.
  for (auto& p : store.companies({})) {
    matching::Company c;
    c.code = p.code;
    c.country = p.country;
    c.region = p.region;
    c.size = p.size;
    c.industry = p.industry;
    c.keywords = p.keywords;
    for (const auto& in : p.interests) {
      c.interests.push_back({in.code, static_cast<double>(in.weight_milli) / 1000.0});
    }
    s->names.companies.emplace(p.code, p.name_en.empty() ? p.name_ja : p.name_en);
    s->company_at.emplace(c.code, s->companies.size());
    s->companies.push_back(std::move(c));
  }

  // Packages (not retired) and their members on the day. Only those
  // marketed on the day are proposed: not drafts, nor packages under an
  // exclusive licence in force (licensed); a non-exclusive licence leaves a
  // package marketed (PackageStore's package status rule).
  std::map<std::string, matching::PackageDoc, std::less<>> docs;
  const std::map<std::string, PackageStatus> statuses = PackageStore(db_).statuses_on(day);
  store.live_packages([&](const LivePackageRow& p) {
    docs[p.code].code = p.code;
    s->graph.node(NodeKind::package, p.code);
    const PackageStatus on_day = statuses.at(p.code);  // the same read snapshot
    if (on_day != PackageStatus::kMarketed) s->not_marketed.emplace(p.code, to_string(on_day));
    s->names.packages.emplace(p.code, p.name_en.empty() ? p.name_ja : p.name_en);
  });
  store.member_titles(day, [&](const std::string& pkg, const std::string& number, const std::string& title,
                               const std::string& title_ja) {
    auto& doc = docs[pkg];
    doc.titles += (doc.titles.empty() ? "" : "\n") + title + "\n" + title_ja;
    s->graph.link(LinkKind::membership, NodeKind::package, pkg, NodeKind::patent, number);
  });
  store.member_classes(day, [&](const std::string& pkg, const std::string& symbol) {
    docs[pkg].member_codes.push_back(symbol);
    if (auto sc = subclass_of(symbol); !sc.empty()) s->package_subclasses[pkg].insert(sc);
  });
  // Owners of the members: of record, and the beneficiaries of patents
  // assigned to the aggregator (the universities behind them).
  store.member_owners(day, [&](const std::string& number, const Institution& owner) {
    if (!s->graph.find(NodeKind::patent, number)) return;
    const bool company = owner.kind == InstitutionKind::kCompany;
    s->graph.link(LinkKind::ownership, company ? NodeKind::company : NodeKind::institution, owner.code,
                  NodeKind::patent, number);
    s->institutions.emplace(owner.code, owner);
  });
  store.covered_regions(day, [&](const std::string& pkg, const std::string& region) {
    if (auto it = docs.find(pkg); it != docs.end()) it->second.covered_regions.push_back(region);
  });
  store.consortium_packages([&](const std::string& code, const std::string& pkg) {
    s->graph.link(LinkKind::consortium_membership, NodeKind::consortium, code, NodeKind::package, pkg);
  });
  store.consortium_members([&](const std::string& code, const std::string& inst, bool company) {
    s->graph.link(LinkKind::consortium_membership, NodeKind::consortium, code,
                  company ? NodeKind::company : NodeKind::institution, inst);
  });

  // Signals.
  store.attended(day, [&](const std::string& company, const std::string& pkg) {
    s->signals.attended.emplace(company, pkg);
  });
  store.interested(day, [&](const std::string& company, const std::string& pkg) {
    s->signals.interest.emplace(company, pkg);
  });
  store.licensed_classes(day, [&](const LicensedClassRow& r) {
    const std::string sc = subclass_of(r.symbol);
    if (sc.empty()) return;
    s->signals.licensed_subclasses[r.company].insert(sc);
    if (!r.package.empty() && r.ends_on >= d) s->leave_out(r.company, r.package, "licensed");
    if (r.exclusive && r.ends_on >= d) {
      auto& list = s->exclusives[r.company];
      if (list.empty() || list.back().reference != r.reference) list.push_back({r.reference, r.package, {}});
      list.back().subclasses.insert(sc);
    }
  });
  // Pairs licensed (their deal), and declined within declined_days.
  store.deals_at_stage(day, "licensed", *Date::from_ymd(1, 1, 1), [&](const std::string& c, const std::string& p) {
    s->leave_out(c, p, "licensed");
  });
  store.deals_at_stage(day, "declined", day.add_days(-static_cast<int>(declined_days_)), [&](const std::string& c, const std::string& p) {
    s->leave_out(c, p, "declined");
  });
  // Packages licensed exclusively: an exclusive agreement in force for the
  // package, or for any patent that is a member on the day.
  store.exclusive_packages(day, [&](const std::string& pkg) { s->exclusive_packages.insert(pkg); });

  std::vector<matching::PackageDoc> list;
  list.reserve(docs.size());
  for (auto& [code, doc] : docs) list.push_back(std::move(doc));
  auto m = matching::Matcher::build(std::move(list), weights_);
  if (!m) return m.error();
  s->matcher.emplace(std::move(m).value());
  for (const auto& c : s->companies) {
    s->graph.node(NodeKind::company, c.code);
  }
  snap_ = std::move(s);
  return snap_.get();
}

// ---- Service ------------------------------------------------------------------------------

MatchingService::MatchingService(Database& db, std::string actor, matching::Weights weights,
                                 std::int64_t declined_days)
    : db_(db), actor_(std::move(actor)), weights_(weights), declined_days_(declined_days) {}
MatchingService::~MatchingService() = default;

ImportReport MatchingService::import_companies(std::istream& in, FileFormat format, const ImportOptions& opt) {
  const auto started = std::chrono::steady_clock::now();
  ImportReport report;
  std::vector<std::pair<std::size_t, CompanyProfile>> records;
  std::set<std::string> seen;
  read_companies(in, format, [&](ParsedRecord<CompanyProfile>&& r) {
    ++report.read;
    if (!r.record) {
      for (auto& e : r.errors) report.problems.push_back({r.line, "", e.field, e.reason});
      ++report.rejected;
      return;
    }
    if (!seen.insert(r.record->code).second) {
      report.problems.push_back({r.line, r.record->code, "code", "company " + r.record->code +
                                                                     " appears twice in the file"});
      ++report.rejected;
      return;
    }
    records.emplace_back(r.line, std::move(*r.record));
    if (opt.progress && report.read % 5000 == 0) opt.progress(report.read);
  });
  if (!report.problems.empty() && !opt.skip_invalid) {
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
  }
  WriteTransaction tx(db_);
  RegistryStore store(db_);
  auto index = store.institution_index();
  MatchingStore companies(db_);
  const std::map<std::string, std::string> kinds = companies.institution_kinds();
  std::map<std::string, CompanyProfile> existing;
  for (auto& c : companies.companies({})) existing.emplace(c.code, std::move(c));
  std::vector<std::pair<std::size_t, CompanyProfile>> accepted;
  for (auto& [line, c] : records) {
    if (auto k = kinds.find(c.code); k != kinds.end() && k->second != "company") {
      report.problems.push_back({line, c.code, "code", c.code + " is an institution of kind " + k->second +
                                                           ", not a company"});
      ++report.rejected;
      continue;
    }
    accepted.emplace_back(line, std::move(c));
  }
  if (!report.problems.empty() && !opt.skip_invalid) {
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;  // the transaction rolls back: nothing written
  }
  for (auto& [line, c] : accepted) {
    const Institution inst = c.institution();
    const std::string hash = content_hash(inst);
    auto it = index.find(c.code);
    long long id = 0;
    if (it == index.end()) {
      id = store.insert_institution(inst, hash);
      index[c.code] = {id, hash};
    } else {
      id = it->second.id;
      if (it->second.hash != hash) store.update_institution(id, inst, hash);
    }
    auto old = existing.find(c.code);
    const bool had_profile = old != existing.end();
    if (had_profile && same_profile(old->second, c)) {
      ++report.unchanged;
      continue;
    }
    companies.write_profile(id, c, had_profile);
    ++(had_profile ? report.updated : report.inserted);
  }
  if (report.inserted + report.updated > 0) {
    JsonWriter w;
    w.begin_object().field("inserted", report.inserted).field("updated", report.updated).end_object();
    record_change(db_, actor_, "company.import", "company", "*", w.str());
  }
  tx.commit();
  snap_.reset();
  report.written = true;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

Result<std::string> MatchingService::put_company(const CompanyProfile& c) {
  if (auto problems = validate_company(c); !problems.empty()) {
    return make_error(ErrorKind::kInvalid, "bad_company", problems.front().field + ": " + problems.front().reason,
                      problems.front().field);
  }
  WriteTransaction tx(db_);
  RegistryStore store(db_);
  const auto found = find_institution(db_, c.code);
  if (found && found->kind != "company") {
    return make_error(ErrorKind::kRefused, "not_a_company", c.code + " is an institution of kind " + found->kind + ", not a company", "code");
  }
  const Institution inst = c.institution();
  const std::string hash = content_hash(inst);
  long long id = 0;
  if (!found) {
    id = store.insert_institution(inst, hash);
  } else {
    id = found->id;
    store.update_institution(id, inst, hash);
  }
  MatchingStore companies(db_);
  auto old = companies.companies({c.code, ""});
  const bool had = !old.empty();
  if (had && same_profile(old.front(), c)) {
    tx.commit();
    return std::string("unchanged");
  }
  companies.write_profile(id, c, had);
  record_change(db_, actor_, had ? "company.update" : "company.add", "company", c.code, profile_json(c));
  tx.commit();
  snap_.reset();
  return std::string(had ? "updated" : "inserted");
}

std::optional<CompanyProfile> MatchingService::find_company(const std::string& code) {
  ReadSnapshot read(db_);
  auto list = MatchingStore(db_).companies({code, ""});
  if (list.empty()) return std::nullopt;
  return list.front();
}

Page<CompanyProfile> MatchingService::list_companies(const std::string& region, const PageRequest& page) {
  ReadSnapshot read(db_);
  return MatchingStore(db_).companies({"", region}, page);
}

Result<InterestRecord> MatchingService::add_interest(const std::string& company, const std::string& package,
                                                     Date noted_on, const std::string& note) {
  if (utf8_length(note) > 2000) return make_error(ErrorKind::kInvalid, "bad_note", "the note is longer than 2000 characters", "note");
  WriteTransaction tx(db_);
  auto cid = company_id(db_, company);
  if (!cid) return cid.error();
  if (MatchingStore(db_).companies({company, ""}).empty()) {
    return make_error(ErrorKind::kNotFound, "unknown_company", company + " has no company profile (import it with chizai company import)",
                      "company");
  }
  auto pid = find_package_id(db_, package);
  if (!pid) return unknown_package(package);
  const long long id = MatchingStore(db_).insert_interest(*cid, *pid, noted_on, note, utc_now());
  JsonWriter w;
  w.begin_object().field("package", package).field("noted_on", noted_on.to_string()).field("note", note).end_object();
  record_change(db_, actor_, "interest.add", "company", company, w.str());
  tx.commit();
  snap_.reset();
  return InterestRecord{id, company, package, noted_on, note};
}

namespace {
// True when `key` is "<date>/<rest>" with a valid date and `rest` passing `ok`.
template <class Ok>
bool dated_key(const std::string& key, Ok ok) {
  const std::size_t slash = key.find('/');
  return slash != std::string::npos && Date::parse(key.substr(0, slash)) && ok(key.substr(slash + 1));
}

Error bad_cursor(const std::string& what, const std::string& after) {
  return make_error(ErrorKind::kInvalid, "bad_request", "'cursor' must name " + what + ", not '" + after + "'",
                    "cursor");
}
}  // namespace

Result<Page<InterestRecord>> MatchingService::list_interests(const std::string& company, const std::string& package,
                                                             const PageRequest& page) {
  const auto decimal_id = [](const std::string& t) {
    return !t.empty() && t.size() <= 18 && t.find_first_not_of("0123456789") == std::string::npos;
  };
  if (!page.after.empty() && !dated_key(page.after, decimal_id)) return bad_cursor("an interest NOTED_ON/ID", page.after);
  ReadSnapshot read(db_);
  auto rows = MatchingStore(db_).interests({company, package}, page);
  Page<InterestRecord> out;
  out.next = std::move(rows.next);
  for (auto& r : rows.items) {
    out.items.push_back(InterestRecord{r.id, std::move(r.company), std::move(r.package), r.noted_on, std::move(r.note)});
  }
  return out;
}

Status MatchingService::add_event(const MatchingEvent& e) {
  if (auto s = check_event(e); !s) return s;
  WriteTransaction tx(db_);
  MatchingStore store(db_);
  if (store.find_event_id(e.code)) {
    return make_error(ErrorKind::kConflict, "duplicate_event", "event " + e.code + " already exists", "code");
  }
  std::vector<long long> packages, companies;
  for (const auto& p : e.packages) {
    auto id = find_package_id(db_, p);
    if (!id) return make_error(ErrorKind::kNotFound, "unknown_package", "event " + e.code + ": no package " + p, "packages");
    packages.push_back(*id);
  }
  for (const auto& c : e.companies) {
    auto id = company_id(db_, c);
    if (!id) {
      Error err = id.error();
      err.message = "event " + e.code + ": " + err.message;
      err.field = "companies";
      return err;
    }
    companies.push_back(*id);
  }
  store.insert_event(e.code, e.name, e.kind, e.held_on, packages, companies);
  JsonWriter w;
  w.begin_object().field("held_on", e.held_on.to_string()).field("packages", std::int64_t(packages.size()));
  w.field("companies", std::int64_t(companies.size())).end_object();
  record_change(db_, actor_, "event.add", "event", e.code, w.str());
  tx.commit();
  snap_.reset();
  return {};
}

Status MatchingService::add_events(const std::vector<MatchingEvent>& events) {
  WriteTransaction tx(db_);
  for (const auto& e : events) {
    if (auto s = add_event(e); !s) return s;
  }
  tx.commit();
  return {};
}

Result<Page<MatchingEvent>> MatchingService::list_events(const PageRequest& page) {
  const auto some_code = [](const std::string& t) { return !t.empty(); };
  if (!page.after.empty() && !dated_key(page.after, some_code)) return bad_cursor("an event HELD_ON/CODE", page.after);
  ReadSnapshot read(db_);
  auto rows = MatchingStore(db_).events(page);
  Page<MatchingEvent> out;
  out.next = std::move(rows.next);
  for (auto& r : rows.items) {
    out.items.push_back(MatchingEvent{std::move(r.code), std::move(r.name), std::move(r.kind), r.held_on,
                                      std::move(r.packages), std::move(r.companies)});
  }
  return out;
}

namespace {
Status check_n(std::size_t n, const char* field) {
  if (n == 0) return make_error(ErrorKind::kInvalid, "bad_request", std::string(field) + " must be at least 1", field);
  return {};
}
}  // namespace

namespace {
// The first n of `ranked` that `reason` does not leave out, counting in
// `left_out` those it does that rank above the last one kept.
template <class Reason>
std::vector<matching::Match> keep_proposals(std::vector<matching::Match> ranked, std::size_t n, Reason reason,
                                            LeftOut& left_out) {
  std::vector<matching::Match> kept;
  for (auto& m : ranked) {
    if (kept.size() >= n) break;
    if (const char* why = reason(m)) {
      left_out.add(why);
    } else {
      kept.push_back(std::move(m));
    }
  }
  return kept;
}

// The n best proposals of a ranking `fetch(m)` (the m best, best first),
// without those `reason` leaves out (counted in `left_out`): asks for n, and
// for twice as many while too many were left out and there are more, so the
// usual query costs one ranking.
template <class Fetch, class Reason>
std::vector<matching::Match> best_proposals(Fetch fetch, std::size_t n, Reason reason, LeftOut& left_out) {
  for (std::size_t want = n;; want *= 2) {
    std::vector<matching::Match> ranked = fetch(want);
    const bool exhausted = ranked.size() < want;
    LeftOut counted;
    std::vector<matching::Match> kept = keep_proposals(std::move(ranked), n, reason, counted);
    if (kept.size() >= n || exhausted) {
      for (const auto& [why, count] : counted.by_reason) left_out.by_reason[why] += count;
      return kept;
    }
  }
}
}  // namespace

Result<Ranking> MatchingService::match_company(const std::string& company, std::size_t n, Date day) {
  if (auto s = check_n(n, "top"); !s) return s.error();
  auto snap = snapshot(day);
  if (!snap) return snap.error();
  Snapshot& s = **snap;
  auto it = s.company_at.find(company);
  if (it == s.company_at.end()) {
    ReadSnapshot read(db_);
    auto id = company_id(db_, company);
    if (!id) return id.error();
    return make_error(ErrorKind::kNotFound, "unknown_company", company + " has no company profile (import it with chizai company import)",
                      "company");
  }
  const matching::Company& c = s.companies[it->second];
  Ranking out;
  out.matches = best_proposals([&](std::size_t m) { return s.matcher->top_packages(c, m, s.signals); }, n,
                               [&s](const matching::Match& m) { return s.left_out_reason(m.company, m.package); },
                               out.left_out);
  out.names = s.names;
  out.weights = weights_;
  return out;
}

Result<Ranking> MatchingService::match_package(const std::string& package, std::size_t n, Date day) {
  if (auto s = check_n(n, "top"); !s) return s.error();
  auto snap = snapshot(day);
  if (!snap) return snap.error();
  Snapshot& s = **snap;
  if (!s.matcher->has_package(package)) {
    ReadSnapshot read(db_);
    if (find_package_id(db_, package)) {
      return make_error(ErrorKind::kRefused, "retired_package", "package " + package + " is retired: it is not matched", "package");
    }
    return unknown_package(package);
  }
  if (auto st = s.not_marketed.find(package); st != s.not_marketed.end()) {
    return make_error(ErrorKind::kRefused, "not_marketed",
                      "package " + package + " is " + st->second + ": only marketed packages are proposed", "package");
  }
  if (!s.index) {
    auto idx = s.matcher->index_companies(s.companies, s.signals);
    if (!idx) return idx.error();
    s.index.emplace(std::move(idx).value());
  }
  Ranking out;
  std::optional<Error> failed;
  out.matches = best_proposals(
      [&](std::size_t m) {
        auto ranked = s.matcher->top_companies(package, *s.index, m);
        if (!ranked) failed = ranked.error();
        return ranked ? std::move(ranked).value() : std::vector<matching::Match>{};
      },
      n, [&s](const matching::Match& m) { return s.left_out_reason(m.company, m.package); }, out.left_out);
  if (failed) return *failed;
  out.names = s.names;
  out.weights = weights_;
  return out;
}

Result<ConsortiumProposal> MatchingService::match_consortium(const std::string& package, std::size_t n, Date day) {
  auto snap = snapshot(day);
  if (!snap) return snap.error();
  Snapshot& s = **snap;
  ConsortiumProposal out;
  out.package = package;
  // The reference of an exclusive licence the company holds elsewhere in one
  // of the package's subclasses, or "".
  const auto blocking = [&s, &package](const std::string& company) {
    const auto& subclasses = s.package_subclasses[package];
    if (auto ex = s.exclusives.find(company); ex != s.exclusives.end()) {
      for (const auto& e : ex->second) {
        if (e.package == package) continue;  // licensed this very package: not "elsewhere"
        for (const auto& sc : e.subclasses) {
          if (subclasses.count(sc)) return e.reference;
        }
      }
    }
    return std::string();
  };
  // Ask for more than n: some may be excluded.
  std::size_t want = n;
  while (true) {
    auto ranked = match_package(package, want, day);
    if (!ranked) return ranked.error();
    out.excluded.clear();
    out.left_out = ranked->left_out;
    out.companies = keep_proposals(ranked->matches, n, [&](const matching::Match& m) -> const char* {
      const std::string ref = blocking(m.company);
      if (ref.empty()) return nullptr;
      out.excluded.emplace_back(m.company, ref);
      return "exclusive_elsewhere";
    }, out.left_out);
    if (out.companies.size() >= n || ranked->matches.size() < want) break;
    want *= 2;
  }
  out.names = s.names;
  out.weights = weights_;
  for (const auto& [kind, code] : s.graph.owners_of_package(package)) {
    if (kind != NodeKind::institution) continue;
    const auto& inst = s.institutions.at(code);
    if (inst.kind == InstitutionKind::kUniversity || inst.kind == InstitutionKind::kTlo ||
        inst.kind == InstitutionKind::kPublicLab) {
      out.universities.push_back(inst);
    }
  }
  return out;
}

Result<std::vector<CandidateEdgeRow>> MatchingService::candidate_edges(std::size_t k, Date day) {
  if (auto st = check_n(k, "top"); !st) return st.error();
  auto snap = snapshot(day);
  if (!snap) return snap.error();
  Snapshot& s = **snap;
  if (s.candidates_k == k) return s.candidates;
  if (s.candidates_k) {
    // The graph holds another k's links: rebuild from a fresh snapshot.
    snap_.reset();
    return candidate_edges(k, day);
  }
  std::vector<CandidateEdgeRow> out;
  LeftOut left_out;
  const auto reason = [&s](const matching::Match& m) { return s.left_out_reason(m.company, m.package); };
  for (const auto& c : s.companies) {
    const auto top = [&](std::size_t m) { return s.matcher->top_packages(c, m, s.signals, matching::Detail::scores); };
    for (const auto& m : best_proposals(top, k, reason, left_out)) {
      if (m.score <= 0) continue;
      out.push_back({m.company, m.package, m.score});
      s.graph.link(LinkKind::candidate, NodeKind::company, m.company, NodeKind::package, m.package, m.score);
    }
  }
  s.candidates_left_out = std::move(left_out);
  s.candidates_k = k;
  s.candidates = out;
  return out;
}

Result<AssignmentOutcome> MatchingService::assign(std::int64_t package_cap, std::int64_t company_cap, std::size_t k,
                                                  Date day) {
  if (package_cap < 1) return make_error(ErrorKind::kInvalid, "bad_request", "package_cap must be at least 1", "package_cap");
  if (company_cap < 1) return make_error(ErrorKind::kInvalid, "bad_request", "company_cap must be at least 1", "company_cap");
  auto edges = candidate_edges(k, day);
  if (!edges) return edges.error();
  Snapshot& s = *snap_;
  const CandidateProblem cp = s.graph.candidate_problem(s.exclusive_packages, package_cap, company_cap);
  const AssignmentResult r = assign_offers(cp.problem);
  AssignmentOutcome out;
  out.total = r.total;
  out.candidate_edges = cp.problem.edges.size();
  out.excluded_packages.assign(s.exclusive_packages.begin(), s.exclusive_packages.end());
  out.left_out = s.candidates_left_out;
  out.names = s.names;
  for (const auto& p : r.pairs) out.pairs.push_back({cp.companies[p.company], cp.packages[p.package], p.score});
  std::sort(out.pairs.begin(), out.pairs.end(), [](const auto& a, const auto& b) {
    return a.company != b.company ? a.company < b.company : a.package < b.package;
  });
  return out;
}

Result<const MatchGraph*> MatchingService::graph(Date day) {
  auto snap = snapshot(day);
  if (!snap) return snap.error();
  return &(*snap)->graph;
}

}  // namespace chizai
