#include "services/matching_service.h"

#include <soci/soci.h>

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
#include "store/registry_store.h"
#include "store/sql_util.h"
#include "store/stored_values.h"

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

Result<MatchingEvent> parse_event_json(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto err = parser.parse(text).get(doc); err) {
    return make_error(ErrorKind::kInvalid, "bad_event", std::string("the event file is not valid JSON: ") +
                                       simdjson::error_message(err));
  }
  try {
    Fields f(doc, "", {"code", "name", "kind", "held_on", "packages", "companies"});
    MatchingEvent e;
    e.code = f.text("code");
    e.name = f.text("name");
    e.kind = f.text_or("kind", "briefing");
    e.held_on = f.date("held_on");
    e.packages = f.texts("packages", true);
    e.companies = f.texts("companies", false);
    if (auto s = check_event(e); !s) return s.error();
    return e;
  } catch (const FileError& fe) {
    return make_error(ErrorKind::kInvalid, "bad_event", fe.message, fe.field);
  }
}

// ---- Local store ---------------------------------------------------------------------

namespace {

std::optional<long long> id_of(Database& db, const char* table, const std::string& code) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  db.sql() << std::string("SELECT id FROM ") + table + " WHERE code = :c", soci::use(code),
      soci::into(id, ind);
  if (!db.sql().got_data() || ind != soci::i_ok) return std::nullopt;
  return id;
}

Error unknown_company(const std::string& code) {
  return make_error(ErrorKind::kNotFound, "unknown_company", "no company " + code + " (import it with chizai company import)",
                    "company");
}
Error unknown_package(const std::string& code) {
  return make_error(ErrorKind::kNotFound, "unknown_package", "no package " + code, "package");
}

// The id of a company institution with a profile, or the reason it is not one.
Result<long long> company_id(Database& db, const std::string& code) {
  long long id = 0;
  std::string kind;
  soci::indicator ind = soci::i_null;
  db.sql() << "SELECT id, kind FROM institution WHERE code = :c", soci::use(code), soci::into(id, ind),
      soci::into(kind);
  if (!db.sql().got_data() || ind != soci::i_ok) return unknown_company(code);
  if (kind != "company") {
    return make_error(ErrorKind::kRefused, "not_a_company", code + " is an institution of kind " + kind + ", not a company",
                      "company");
  }
  return id;
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

std::vector<CompanyProfile> load_companies(Database& db, const std::string& only_code,
                                           const std::string& region) {
  const std::string where =
      " WHERE i.kind = 'company' AND (CAST(:c1 AS TEXT) = '' OR i.code = :c2)"
      " AND (CAST(:r1 AS TEXT) = '' OR cp.region = :r2)";
  std::vector<CompanyProfile> out;
  std::map<long long, std::size_t> at;
  {
    long long id = 0;
    CompanyProfile c;
    soci::statement st = (db.sql().prepare << "SELECT i.id, i.code, i.name_en, i.name_ja, i.country, "
                                               "cp.region, cp.size, cp.industry, cp.keywords "
                                               "FROM company_profile cp JOIN institution i ON "
                                               "i.id = cp.institution_id" + where + " ORDER BY i.code",
                          soci::use(only_code), soci::use(only_code), soci::use(region), soci::use(region),
                          soci::into(id), soci::into(c.code), soci::into(c.name_en), soci::into(c.name_ja),
                          soci::into(c.country), soci::into(c.region), soci::into(c.size),
                          soci::into(c.industry), soci::into(c.keywords));
    st.execute();
    while (st.fetch()) {
      at[id] = out.size();
      out.push_back(c);
    }
  }
  if (out.empty()) return out;
  long long id = 0, weight = 0;
  std::string code;
  const long long first_id = only_code.empty() ? 0 : at.begin()->first;
  soci::statement st = (db.sql().prepare << "SELECT ci.institution_id, ci.code, ci.weight_milli FROM company_interest ci "
                                            "WHERE (:a = 0 OR ci.institution_id = :b) "
                                            "ORDER BY ci.institution_id, ci.code",
                        soci::use(first_id), soci::use(first_id), soci::into(id), soci::into(code),
                        soci::into(weight));
  st.execute();
  while (st.fetch()) {
    auto it = at.find(id);
    if (it != at.end()) out[it->second].interests.push_back({code, weight});
  }
  return out;
}

void write_profile(Database& db, long long id, const CompanyProfile& c, bool existed) {
  if (existed) {
    db.sql() << "DELETE FROM company_interest WHERE institution_id = :i", soci::use(id);
    db.sql() << "UPDATE company_profile SET region = :r, size = :s, industry = :n, keywords = :k "
                "WHERE institution_id = :i",
        soci::use(c.region), soci::use(c.size), soci::use(c.industry), soci::use(c.keywords), soci::use(id);
  } else {
    db.sql() << "INSERT INTO company_profile (institution_id, region, size, industry, keywords) "
                "VALUES (:i, :r, :s, :n, :k)",
        soci::use(id), soci::use(c.region), soci::use(c.size), soci::use(c.industry), soci::use(c.keywords);
  }
  for (const auto& in : c.interests) {
    const long long w = in.weight_milli;
    db.sql() << "INSERT INTO company_interest (institution_id, code, weight_milli) VALUES (:i, :c, :w)",
        soci::use(id), soci::use(in.code), soci::use(w);
  }
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
};

namespace {

std::string subclass_of(const std::string& symbol) {
  auto c = matching::ClassCode::parse(symbol);
  if (!c || !c->reaches(matching::ClassLevel::subclass)) return {};
  return c->prefix(matching::ClassLevel::subclass);
}

const char* kMemberOn =
    " AND m.added_on <= :d1 AND (m.removed_on IS NULL OR m.removed_on > :d2)";

}  // namespace

Result<MatchingService::Snapshot*> MatchingService::snapshot(Date day) {
  if (snap_ && snap_->day == day) return snap_.get();
  auto s = std::make_unique<Snapshot>();
  s->day = day;
  const std::string d = day.to_string();
  ReadSnapshot read(db_);

  // Companies.
  for (auto& p : load_companies(db_, "", "")) {
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
    s->company_at.emplace(c.code, s->companies.size());
    s->companies.push_back(std::move(c));
  }

  // Packages (not retired) and their members on the day.
  std::map<std::string, matching::PackageDoc, std::less<>> docs;
  {
    std::string code;
    soci::statement st = (db_.sql().prepare << "SELECT code FROM package WHERE status <> 'retired'",
                          soci::into(code));
    st.execute();
    while (st.fetch()) {
      docs[code].code = code;
      s->graph.node(NodeKind::package, code);
    }
  }
  {
    std::string pkg, number, title, title_ja;
    soci::statement st =
        (db_.sql().prepare << std::string("SELECT pk.code, pt.application_number, pt.title, pt.title_ja "
                                          "FROM package_member m JOIN package pk ON pk.id = m.package_id "
                                          "JOIN patent pt ON pt.id = m.patent_id "
                                          "WHERE pk.status <> 'retired'") + kMemberOn +
                                 " ORDER BY pk.code, pt.application_number",
         soci::use(d), soci::use(d), soci::into(pkg), soci::into(number), soci::into(title),
         soci::into(title_ja));
    st.execute();
    while (st.fetch()) {
      auto& doc = docs[pkg];
      doc.titles += (doc.titles.empty() ? "" : "\n") + title + "\n" + title_ja;
      s->graph.link(LinkKind::membership, NodeKind::package, pkg, NodeKind::patent, number);
    }
  }
  {
    std::string pkg, symbol;
    soci::statement st =
        (db_.sql().prepare << std::string("SELECT pk.code, pc.symbol FROM package_member m "
                                          "JOIN package pk ON pk.id = m.package_id "
                                          "JOIN patent_class pc ON pc.patent_id = m.patent_id "
                                          "WHERE pk.status <> 'retired'") + kMemberOn +
                                 " ORDER BY pk.code, pc.patent_id, pc.position",
         soci::use(d), soci::use(d), soci::into(pkg), soci::into(symbol));
    st.execute();
    while (st.fetch()) {
      docs[pkg].member_codes.push_back(symbol);
      if (auto sc = subclass_of(symbol); !sc.empty()) s->package_subclasses[pkg].insert(sc);
    }
  }
  {
    // Owners of the members: of record, and the beneficiaries of patents
    // assigned to the aggregator (the universities behind them).
    std::string number, inst, kind, name_en, name_ja, country;
    for (const char* sql :
         {"SELECT DISTINCT pt.application_number, i.code, i.kind, i.name_en, i.name_ja, i.country "
          "FROM package_member m JOIN patent pt ON pt.id = m.patent_id "
          "JOIN patent_owner po ON po.patent_id = m.patent_id "
          "JOIN institution i ON i.id = po.institution_id WHERE 1 = 1",
          "SELECT DISTINCT pt.application_number, i.code, i.kind, i.name_en, i.name_ja, i.country "
          "FROM package_member m JOIN patent pt ON pt.id = m.patent_id "
          "JOIN beneficiary b ON b.patent_id = m.patent_id "
          "JOIN institution i ON i.id = b.institution_id WHERE 1 = 1"}) {
      soci::statement st = (db_.sql().prepare << std::string(sql) + kMemberOn, soci::use(d), soci::use(d),
                            soci::into(number), soci::into(inst), soci::into(kind), soci::into(name_en),
                            soci::into(name_ja), soci::into(country));
      st.execute();
      while (st.fetch()) {
        const bool company = kind == "company";
        if (!s->graph.find(NodeKind::patent, number)) continue;
        s->graph.link(LinkKind::ownership, company ? NodeKind::company : NodeKind::institution, inst,
                      NodeKind::patent, number);
        Institution i{inst, stored_enum(parse_institution_kind, kind), name_en, name_ja, country};
        s->institutions.emplace(inst, std::move(i));
      }
    }
  }
  {
    std::string pkg, region;
    soci::statement st = (db_.sql().prepare << "SELECT DISTINCT pk.code, s.region FROM project_staff s "
                                               "JOIN project pr ON pr.id = s.project_id "
                                               "JOIN package pk ON pk.id = pr.package_id "
                                               "WHERE s.starts_on <= :d1 AND (s.ends_on IS NULL OR s.ends_on >= :d2) "
                                               "ORDER BY pk.code, s.region",
                          soci::use(d), soci::use(d), soci::into(pkg), soci::into(region));
    st.execute();
    while (st.fetch()) {
      if (auto it = docs.find(pkg); it != docs.end()) it->second.covered_regions.push_back(region);
    }
  }
  {
    std::string code, pkg;
    soci::statement st = (db_.sql().prepare << "SELECT consortium.code, pk.code FROM consortium "
                                               "JOIN package pk ON pk.id = consortium.package_id",
                          soci::into(code), soci::into(pkg));
    st.execute();
    while (st.fetch()) {
      s->graph.link(LinkKind::consortium_membership, NodeKind::consortium, code, NodeKind::package, pkg);
    }
    std::string inst, kind;
    soci::statement members = (db_.sql().prepare << "SELECT c.code, i.code, i.kind FROM consortium_member m "
                                                    "JOIN consortium c ON c.id = m.consortium_id "
                                                    "JOIN institution i ON i.id = m.institution_id",
                               soci::into(code), soci::into(inst), soci::into(kind));
    members.execute();
    while (members.fetch()) {
      s->graph.link(LinkKind::consortium_membership, NodeKind::consortium, code,
                    kind == "company" ? NodeKind::company : NodeKind::institution, inst);
    }
  }

  // Signals.
  {
    std::string company, pkg;
    soci::statement st = (db_.sql().prepare << "SELECT DISTINCT i.code, pk.code FROM event_attendance a "
                                               "JOIN matching_event e ON e.id = a.event_id "
                                               "JOIN event_package ep ON ep.event_id = a.event_id "
                                               "JOIN institution i ON i.id = a.institution_id "
                                               "JOIN package pk ON pk.id = ep.package_id "
                                               "WHERE e.held_on <= :d",
                          soci::use(d), soci::into(company), soci::into(pkg));
    st.execute();
    while (st.fetch()) s->signals.attended.emplace(company, pkg);
    soci::statement interest = (db_.sql().prepare << "SELECT DISTINCT i.code, pk.code FROM interest_signal s "
                                                     "JOIN institution i ON i.id = s.institution_id "
                                                     "JOIN package pk ON pk.id = s.package_id "
                                                     "WHERE s.noted_on <= :d",
                                soci::use(d), soci::into(company), soci::into(pkg));
    interest.execute();
    while (interest.fetch()) s->signals.interest.emplace(company, pkg);
  }
  {
    std::string company, reference, symbol, ends;
    long long exclusive = 0;
    soci::indicator pkg_ind = soci::i_null;
    std::string pkg;
    soci::statement st = (db_.sql().prepare << "SELECT i.code, a.reference, a.exclusive, a.ends_on, pc.symbol, pk.code "
                                               "FROM agreement a JOIN institution i ON i.id = a.licensee_id "
                                               "JOIN agreement_patent ap ON ap.agreement_id = a.id "
                                               "JOIN patent_class pc ON pc.patent_id = ap.patent_id "
                                               "LEFT JOIN package pk ON pk.id = a.package_id "
                                               "WHERE i.kind = 'company' AND a.starts_on <= :d "
                                               "ORDER BY i.code, a.reference",
                          soci::use(d), soci::into(company), soci::into(reference), soci::into(exclusive),
                          soci::into(ends), soci::into(symbol), soci::into(pkg, pkg_ind));
    st.execute();
    while (st.fetch()) {
      const std::string sc = subclass_of(symbol);
      if (sc.empty()) continue;
      s->signals.licensed_subclasses[company].insert(sc);
      if (exclusive == 1 && ends >= d) {
        auto& list = s->exclusives[company];
        if (list.empty() || list.back().reference != reference) {
          list.push_back({reference, pkg_ind == soci::i_ok ? pkg : std::string(), {}});
        }
        list.back().subclasses.insert(sc);
      }
    }
  }
  {
    // Packages licensed exclusively: an exclusive agreement in force for the
    // package, or for any patent that is a member on the day.
    std::string pkg;
    soci::statement st =
        (db_.sql().prepare << std::string("SELECT DISTINCT pk.code FROM agreement a "
                                          "JOIN agreement_patent ap ON ap.agreement_id = a.id "
                                          "JOIN package_member m ON m.patent_id = ap.patent_id "
                                          "JOIN package pk ON pk.id = m.package_id "
                                          "WHERE a.exclusive = 1 AND a.starts_on <= :d0 AND a.ends_on >= :d3") +
                                 kMemberOn,
         soci::use(d), soci::use(d), soci::use(d), soci::use(d), soci::into(pkg));
    st.execute();
    while (st.fetch()) s->exclusive_packages.insert(pkg);
    soci::statement direct = (db_.sql().prepare << "SELECT DISTINCT pk.code FROM agreement a "
                                                   "JOIN package pk ON pk.id = a.package_id "
                                                   "WHERE a.exclusive = 1 AND a.starts_on <= :d0 AND a.ends_on >= :d1",
                              soci::use(d), soci::use(d), soci::into(pkg));
    direct.execute();
    while (direct.fetch()) s->exclusive_packages.insert(pkg);
  }

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

MatchingService::MatchingService(Database& db, std::string actor, matching::Weights weights)
    : db_(db), actor_(std::move(actor)), weights_(weights) {}
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
  std::map<std::string, std::string> kinds;
  {
    std::string code, kind;
    soci::statement st = (db_.sql().prepare << "SELECT code, kind FROM institution", soci::into(code),
                          soci::into(kind));
    st.execute();
    while (st.fetch()) kinds[code] = kind;
  }
  std::map<std::string, CompanyProfile> existing;
  for (auto& c : load_companies(db_, "", "")) existing.emplace(c.code, std::move(c));
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
    write_profile(db_, id, c, had_profile);
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
  std::string kind;
  long long id = 0;
  soci::indicator ind = soci::i_null;
  db_.sql() << "SELECT id, kind FROM institution WHERE code = :c", soci::use(c.code), soci::into(id, ind),
      soci::into(kind);
  const bool exists = db_.sql().got_data() && ind == soci::i_ok;
  if (exists && kind != "company") {
    return make_error(ErrorKind::kRefused, "not_a_company", c.code + " is an institution of kind " + kind + ", not a company", "code");
  }
  const Institution inst = c.institution();
  const std::string hash = content_hash(inst);
  if (!exists) {
    id = store.insert_institution(inst, hash);
  } else {
    store.update_institution(id, inst, hash);
  }
  auto old = load_companies(db_, c.code, "");
  const bool had = !old.empty();
  if (had && same_profile(old.front(), c)) {
    tx.commit();
    return std::string("unchanged");
  }
  write_profile(db_, id, c, had);
  record_change(db_, actor_, had ? "company.update" : "company.add", "company", c.code, profile_json(c));
  tx.commit();
  snap_.reset();
  return std::string(had ? "updated" : "inserted");
}

std::optional<CompanyProfile> MatchingService::find_company(const std::string& code) {
  ReadSnapshot read(db_);
  auto list = load_companies(db_, code, "");
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::vector<CompanyProfile> MatchingService::list_companies(const std::string& region) {
  ReadSnapshot read(db_);
  return load_companies(db_, "", region);
}

Result<InterestRecord> MatchingService::add_interest(const std::string& company, const std::string& package,
                                                     Date noted_on, const std::string& note) {
  if (utf8_length(note) > 2000) return make_error(ErrorKind::kInvalid, "bad_note", "the note is longer than 2000 characters", "note");
  WriteTransaction tx(db_);
  auto cid = company_id(db_, company);
  if (!cid) return cid.error();
  if (load_companies(db_, company, "").empty()) {
    return make_error(ErrorKind::kNotFound, "unknown_company", company + " has no company profile (import it with chizai company import)",
                      "company");
  }
  auto pid = id_of(db_, "package", package);
  if (!pid) return unknown_package(package);
  const std::string day = noted_on.to_string(), now = utc_now();
  const long long id = insert_row(db_, "interest_signal",
                                  "INSERT INTO interest_signal (institution_id, package_id, noted_on, note, "
                                  "recorded_at) VALUES (:i, :p, :d, :n, :r)",
                                  soci::use(*cid), soci::use(*pid), soci::use(day), soci::use(note),
                                  soci::use(now));
  JsonWriter w;
  w.begin_object().field("package", package).field("noted_on", day).field("note", note).end_object();
  record_change(db_, actor_, "interest.add", "company", company, w.str());
  tx.commit();
  snap_.reset();
  return InterestRecord{id, company, package, noted_on, note};
}

std::vector<InterestRecord> MatchingService::list_interests(const std::string& company, const std::string& package) {
  ReadSnapshot read(db_);
  InterestRecord r;
  std::string day;
  soci::statement st = (db_.sql().prepare << "SELECT s.id, i.code, pk.code, s.noted_on, s.note FROM interest_signal s "
                                             "JOIN institution i ON i.id = s.institution_id "
                                             "JOIN package pk ON pk.id = s.package_id "
                                             "WHERE (CAST(:c1 AS TEXT) = '' OR i.code = :c2) "
                                             "AND (CAST(:p1 AS TEXT) = '' OR pk.code = :p2) "
                                             "ORDER BY s.noted_on DESC, s.id DESC",
                        soci::use(company), soci::use(company), soci::use(package), soci::use(package),
                        soci::into(r.id), soci::into(r.company), soci::into(r.package), soci::into(day),
                        soci::into(r.note));
  st.execute();
  std::vector<InterestRecord> out;
  while (st.fetch()) {
    r.noted_on = stored_date(day);
    out.push_back(r);
  }
  return out;
}

Status MatchingService::add_event(const MatchingEvent& e) {
  if (auto s = check_event(e); !s) return s;
  WriteTransaction tx(db_);
  if (id_of(db_, "matching_event", e.code)) {
    return make_error(ErrorKind::kConflict, "duplicate_event", "event " + e.code + " already exists", "code");
  }
  std::vector<long long> packages, companies;
  for (const auto& p : e.packages) {
    auto id = id_of(db_, "package", p);
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
  const std::string held = e.held_on.to_string();
  const long long event_id = insert_row(db_, "matching_event",
                                        "INSERT INTO matching_event (code, name, kind, held_on) VALUES (:c, :n, :k, :h)",
                                        soci::use(e.code), soci::use(e.name), soci::use(e.kind), soci::use(held));
  for (long long p : packages) {
    db_.sql() << "INSERT INTO event_package (event_id, package_id) VALUES (:e, :p)", soci::use(event_id), soci::use(p);
  }
  for (long long c : companies) {
    db_.sql() << "INSERT INTO event_attendance (event_id, institution_id) VALUES (:e, :c)", soci::use(event_id),
        soci::use(c);
  }
  JsonWriter w;
  w.begin_object().field("held_on", held).field("packages", std::int64_t(packages.size()));
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

std::vector<MatchingEvent> MatchingService::list_events() {
  ReadSnapshot read(db_);
  std::vector<MatchingEvent> out;
  std::map<std::string, std::size_t> at;
  {
    MatchingEvent e;
    std::string held;
    soci::statement st = (db_.sql().prepare << "SELECT code, name, kind, held_on FROM matching_event "
                                               "ORDER BY held_on, code",
                          soci::into(e.code), soci::into(e.name), soci::into(e.kind), soci::into(held));
    st.execute();
    while (st.fetch()) {
      e.held_on = stored_date(held);
      at[e.code] = out.size();
      out.push_back(e);
    }
  }
  std::string ev, code;
  soci::statement p = (db_.sql().prepare << "SELECT e.code, pk.code FROM event_package ep JOIN matching_event e "
                                            "ON e.id = ep.event_id JOIN package pk ON pk.id = ep.package_id "
                                            "ORDER BY e.code, pk.code",
                       soci::into(ev), soci::into(code));
  p.execute();
  while (p.fetch()) out[at.at(ev)].packages.push_back(code);
  soci::statement c = (db_.sql().prepare << "SELECT e.code, i.code FROM event_attendance a JOIN matching_event e "
                                            "ON e.id = a.event_id JOIN institution i ON i.id = a.institution_id "
                                            "ORDER BY e.code, i.code",
                       soci::into(ev), soci::into(code));
  c.execute();
  while (c.fetch()) out[at.at(ev)].companies.push_back(code);
  return out;
}

namespace {
Status check_n(std::size_t n, const char* field) {
  if (n == 0) return make_error(ErrorKind::kInvalid, "bad_request", std::string(field) + " must be at least 1", field);
  return {};
}
}  // namespace

Result<std::vector<matching::Match>> MatchingService::match_company(const std::string& company, std::size_t n,
                                                                    Date day) {
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
  return s.matcher->top_packages(s.companies[it->second], n, s.signals);
}

Result<std::vector<matching::Match>> MatchingService::match_package(const std::string& package, std::size_t n,
                                                                    Date day) {
  if (auto s = check_n(n, "top"); !s) return s.error();
  auto snap = snapshot(day);
  if (!snap) return snap.error();
  Snapshot& s = **snap;
  if (!s.matcher->has_package(package)) {
    ReadSnapshot read(db_);
    if (id_of(db_, "package", package)) {
      return make_error(ErrorKind::kRefused, "retired_package", "package " + package + " is retired: it is not matched", "package");
    }
    return unknown_package(package);
  }
  if (!s.index) {
    auto idx = s.matcher->index_companies(s.companies, s.signals);
    if (!idx) return idx.error();
    s.index.emplace(std::move(idx).value());
  }
  return s.matcher->top_companies(package, *s.index, n);
}

Result<ConsortiumProposal> MatchingService::match_consortium(const std::string& package, std::size_t n, Date day) {
  auto snap = snapshot(day);
  if (!snap) return snap.error();
  Snapshot& s = **snap;
  ConsortiumProposal out;
  out.package = package;
  // Ask for more than n: some may be excluded.
  std::size_t want = n;
  while (true) {
    auto ranked = match_package(package, want, day);
    if (!ranked) return ranked.error();
    out.companies.clear();
    out.excluded.clear();
    const auto& subclasses = s.package_subclasses[package];
    for (auto& m : *ranked) {
      std::string blocking;
      if (auto ex = s.exclusives.find(m.company); ex != s.exclusives.end()) {
        for (const auto& e : ex->second) {
          if (e.package == package) continue;  // licensed this very package: not "elsewhere"
          for (const auto& sc : e.subclasses) {
            if (subclasses.count(sc)) blocking = e.reference;
          }
          if (!blocking.empty()) break;
        }
      }
      if (!blocking.empty()) {
        out.excluded.emplace_back(m.company, blocking);
      } else if (out.companies.size() < n) {
        out.companies.push_back(std::move(m));
      }
    }
    if (out.companies.size() >= n || ranked->size() < want) break;
    want *= 2;
  }
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
  for (const auto& c : s.companies) {
    for (const auto& m : s.matcher->top_packages(c, k, s.signals, matching::Detail::scores)) {
      if (m.score <= 0) continue;
      out.push_back({m.company, m.package, m.score});
      s.graph.link(LinkKind::candidate, NodeKind::company, m.company, NodeKind::package, m.package, m.score);
    }
  }
  s.candidates_k = k;
  s.candidates = out;
  return out;
}

Result<AssignmentOutcome> MatchingService::assign(std::int64_t package_cap, std::int64_t company_cap, std::size_t k,
                                                  Date day) {
  if (package_cap < 1) return make_error(ErrorKind::kInvalid, "bad_request", "--package-cap must be at least 1", "package_cap");
  if (company_cap < 1) return make_error(ErrorKind::kInvalid, "bad_request", "--company-cap must be at least 1", "company_cap");
  auto edges = candidate_edges(k, day);
  if (!edges) return edges.error();
  Snapshot& s = *snap_;
  const CandidateProblem cp = s.graph.candidate_problem(s.exclusive_packages, package_cap, company_cap);
  const AssignmentResult r = assign_offers(cp.problem);
  AssignmentOutcome out;
  out.total = r.total;
  out.candidate_edges = cp.problem.edges.size();
  out.excluded_packages.assign(s.exclusive_packages.begin(), s.exclusive_packages.end());
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
