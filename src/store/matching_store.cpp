#include "store/matching_store.h"

#include <soci/soci.h>

#include <limits>

#include "store/sql_util.h"
#include "store/stored_values.h"
#include "store/session.h"

namespace chizai {
namespace {

const char* kMemberOn = " AND m.added_on <= :d1 AND (m.removed_on IS NULL OR m.removed_on > :d2)";

// Runs a query of two text columns with `binds` bound in order, passing each row to fn.
void each_pair(Database& db, const std::string& sql, const std::vector<std::string>& binds,
               const MatchingStore::Pairs& fn) {
  std::string a, b;
  soci::details::prepare_temp_type prep = (soci_session(db).prepare << sql);
  for (const auto& value : binds) prep, soci::use(value);
  prep, soci::into(a), soci::into(b);
  soci::statement st(prep);
  st.execute();
  while (st.fetch()) fn(a, b);
}

// The same with `day` bound `uses` times.
void each_pair(Database& db, const std::string& sql, const std::string& day, int uses, const MatchingStore::Pairs& fn) {
  each_pair(db, sql, std::vector<std::string>(static_cast<std::size_t>(uses), day), fn);
}

// An event's key: "HELD_ON/CODE" (the date holds no '/').
std::string event_key(const EventRow& e) { return e.held_on.to_string() + "/" + e.code; }

// The same for one text column.
void each_code(Database& db, const std::string& sql, const std::string& day, int uses,
               const std::function<void(const std::string&)>& fn) {
  std::string a;
  soci::details::prepare_temp_type prep = (soci_session(db).prepare << sql);
  for (int i = 0; i < uses; ++i) prep, soci::use(day);
  prep, soci::into(a);
  soci::statement st(prep);
  st.execute();
  while (st.fetch()) fn(a);
}

}  // namespace

// ---- Companies

Page<CompanyProfile> MatchingStore::companies(const CompanyFilter& filter, const PageRequest& page) {
  const std::string where =
      " WHERE i.kind = 'company' AND (CAST(:c1 AS TEXT) = '' OR i.code = :c2)"
      " AND (CAST(:r1 AS TEXT) = '' OR cp.region = :r2) AND i.code > :after";
  std::vector<CompanyProfile> rows;
  std::vector<long long> ids;
  {
    long long id = 0;
    const long long n = fetch_limit(page);
    CompanyProfile c;
    soci::statement st = (soci_session(db_).prepare << "SELECT i.id, i.code, i.name_en, i.name_ja, i.country, "
                                               "cp.region, cp.size, cp.industry, cp.keywords "
                                               "FROM company_profile cp JOIN institution i ON "
                                               "i.id = cp.institution_id" + where + " ORDER BY i.code LIMIT :n",
                          soci::use(filter.code), soci::use(filter.code), soci::use(filter.region),
                          soci::use(filter.region), soci::use(page.after), soci::use(n), soci::into(id),
                          soci::into(c.code), soci::into(c.name_en), soci::into(c.name_ja), soci::into(c.country),
                          soci::into(c.region), soci::into(c.size), soci::into(c.industry), soci::into(c.keywords));
    st.execute();
    while (st.fetch()) {
      ids.push_back(id);
      rows.push_back(c);
    }
  }
  Page<CompanyProfile> out = page_of_rows(std::move(rows), page.limit, [](const CompanyProfile& c) { return c.code; });
  if (out.items.empty()) return out;
  std::map<long long, std::size_t> at;
  for (std::size_t i = 0; i < out.items.size(); ++i) at[ids[i]] = i;
  // The interests of the companies with codes in (after, last code]: those of the page.
  long long id = 0, weight = 0;
  std::string code;
  soci::statement st = (soci_session(db_).prepare << "SELECT ci.institution_id, ci.code, ci.weight_milli FROM company_interest ci "
                                             "JOIN institution i ON i.id = ci.institution_id "
                                             "WHERE i.code > :after AND i.code <= :last "
                                             "ORDER BY ci.institution_id, ci.code",
                        soci::use(page.after), soci::use(out.items.back().code), soci::into(id), soci::into(code),
                        soci::into(weight));
  st.execute();
  while (st.fetch()) {
    auto it = at.find(id);
    if (it != at.end()) out.items[it->second].interests.push_back({code, weight});
  }
  return out;
}

std::vector<CompanyProfile> MatchingStore::companies(const CompanyFilter& filter) {
  return companies(filter, PageRequest{"", std::numeric_limits<std::size_t>::max()}).items;
}

std::map<std::string, std::string> MatchingStore::institution_kinds() {
  std::map<std::string, std::string> kinds;
  std::string code, kind;
  soci::statement st = (soci_session(db_).prepare << "SELECT code, kind FROM institution", soci::into(code), soci::into(kind));
  st.execute();
  while (st.fetch()) kinds[code] = kind;
  return kinds;
}

void MatchingStore::write_profile(long long id, const CompanyProfile& c, bool existed) {
  if (existed) {
    soci_session(db_) << "DELETE FROM company_interest WHERE institution_id = :i", soci::use(id);
    soci_session(db_) << "UPDATE company_profile SET region = :r, size = :s, industry = :n, keywords = :k "
                 "WHERE institution_id = :i",
        soci::use(c.region), soci::use(c.size), soci::use(c.industry), soci::use(c.keywords), soci::use(id);
  } else {
    soci_session(db_) << "INSERT INTO company_profile (institution_id, region, size, industry, keywords) "
                 "VALUES (:i, :r, :s, :n, :k)",
        soci::use(id), soci::use(c.region), soci::use(c.size), soci::use(c.industry), soci::use(c.keywords);
  }
  for (const auto& in : c.interests) {
    const long long w = in.weight_milli;
    soci_session(db_) << "INSERT INTO company_interest (institution_id, code, weight_milli) VALUES (:i, :c, :w)",
        soci::use(id), soci::use(in.code), soci::use(w);
  }
}

// ---- Signals

long long MatchingStore::insert_interest(long long company_id, long long package_id, Date noted_on,
                                         const std::string& note, const std::string& recorded_at) {
  const std::string day = noted_on.to_string();
  return insert_row(db_, "interest_signal",
                    "INSERT INTO interest_signal (institution_id, package_id, noted_on, note, "
                    "recorded_at) VALUES (:i, :p, :d, :n, :r)",
                    soci::use(company_id), soci::use(package_id), soci::use(day), soci::use(note),
                    soci::use(recorded_at));
}

Page<InterestRow> MatchingStore::interests(const InterestFilter& filter, const PageRequest& page) {
  const std::size_t slash = page.after.find('/');
  const std::string noted_before = page.after.substr(0, slash);
  const long long id_before = slash == std::string::npos ? 0 : std::stoll(page.after.substr(slash + 1));
  const long long n = fetch_limit(page);
  InterestRow r;
  std::string day;
  soci::details::prepare_temp_type prep =
      (soci_session(db_).prepare << "SELECT s.id, i.code, pk.code, s.noted_on, s.note FROM interest_signal s "
                            "JOIN institution i ON i.id = s.institution_id "
                            "JOIN package pk ON pk.id = s.package_id "
                            "WHERE (CAST(:c1 AS TEXT) = '' OR i.code = :c2) "
                            "AND (CAST(:p1 AS TEXT) = '' OR pk.code = :p2) " +
                                std::string(page.after.empty() ? "" : "AND (s.noted_on, s.id) < (:d, :i) ") +
                                "ORDER BY s.noted_on DESC, s.id DESC LIMIT :n");
  prep, soci::use(filter.company), soci::use(filter.company), soci::use(filter.package), soci::use(filter.package);
  if (!page.after.empty()) prep, soci::use(noted_before), soci::use(id_before);
  prep, soci::use(n), soci::into(r.id), soci::into(r.company), soci::into(r.package), soci::into(day),
      soci::into(r.note);
  soci::statement st(prep);
  st.execute();
  std::vector<InterestRow> rows;
  while (st.fetch()) {
    r.noted_on = stored_date(day);
    rows.push_back(r);
  }
  return page_of_rows(std::move(rows), page.limit,
                      [](const InterestRow& x) { return x.noted_on.to_string() + "/" + std::to_string(x.id); });
}

std::optional<long long> MatchingStore::find_event_id(const std::string& code) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  soci_session(db_) << "SELECT id FROM matching_event WHERE code = :c", soci::use(code), soci::into(id, ind);
  if (!soci_session(db_).got_data() || ind != soci::i_ok) return std::nullopt;
  return id;
}

long long MatchingStore::insert_event(const std::string& code, const std::string& name, const std::string& kind,
                                      Date held_on, const std::vector<long long>& package_ids,
                                      const std::vector<long long>& company_ids) {
  const std::string held = held_on.to_string();
  const long long event_id = insert_row(db_, "matching_event",
                                        "INSERT INTO matching_event (code, name, kind, held_on) VALUES (:c, :n, :k, :h)",
                                        soci::use(code), soci::use(name), soci::use(kind), soci::use(held));
  for (long long p : package_ids) {
    soci_session(db_) << "INSERT INTO event_package (event_id, package_id) VALUES (:e, :p)", soci::use(event_id), soci::use(p);
  }
  for (long long c : company_ids) {
    soci_session(db_) << "INSERT INTO event_attendance (event_id, institution_id) VALUES (:e, :c)", soci::use(event_id),
        soci::use(c);
  }
  return event_id;
}

Page<EventRow> MatchingStore::events(const PageRequest& page) {
  const std::size_t slash = page.after.find('/');
  const std::string held_after = page.after.substr(0, slash);
  const std::string code_after = slash == std::string::npos ? std::string() : page.after.substr(slash + 1);
  std::vector<EventRow> rows;
  {
    EventRow e;
    std::string held;
    const long long n = fetch_limit(page);
    soci::statement st = (soci_session(db_).prepare << "SELECT code, name, kind, held_on FROM matching_event "
                                               "WHERE (held_on, code) > (:h, :c) ORDER BY held_on, code LIMIT :n",
                          soci::use(held_after), soci::use(code_after), soci::use(n), soci::into(e.code),
                          soci::into(e.name), soci::into(e.kind), soci::into(held));
    st.execute();
    while (st.fetch()) {
      e.held_on = stored_date(held);
      rows.push_back(e);
    }
  }
  Page<EventRow> out = page_of_rows(std::move(rows), page.limit, event_key);
  if (out.items.empty()) return out;
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < out.items.size(); ++i) at[out.items[i].code] = i;
  // The packages and companies of the events with keys in (after, last key]: those of the page.
  const std::string last_held = out.items.back().held_on.to_string();
  const std::vector<std::string> range{held_after, code_after, last_held, out.items.back().code};
  const std::string in_page = " WHERE (e.held_on, e.code) > (:h1, :c1) AND (e.held_on, e.code) <= (:h2, :c2) ";
  each_pair(db_,
            "SELECT e.code, pk.code FROM event_package ep JOIN matching_event e "
            "ON e.id = ep.event_id JOIN package pk ON pk.id = ep.package_id" + in_page + "ORDER BY e.code, pk.code",
            range, [&](const std::string& ev, const std::string& code) { out.items[at.at(ev)].packages.push_back(code); });
  each_pair(db_,
            "SELECT e.code, i.code FROM event_attendance a JOIN matching_event e "
            "ON e.id = a.event_id JOIN institution i ON i.id = a.institution_id" + in_page + "ORDER BY e.code, i.code",
            range, [&](const std::string& ev, const std::string& code) { out.items[at.at(ev)].companies.push_back(code); });
  return out;
}

// ---- The matching snapshot

void MatchingStore::live_packages(const std::function<void(const LivePackageRow&)>& fn) {
  LivePackageRow r;
  soci::statement st = (soci_session(db_).prepare << "SELECT code, status, name_en, name_ja FROM package "
                                                     "WHERE status <> 'retired' ORDER BY code",
                        soci::into(r.code), soci::into(r.status), soci::into(r.name_en), soci::into(r.name_ja));
  st.execute();
  while (st.fetch()) fn(r);
}

void MatchingStore::deals_at_stage(Date day, const std::string& stage, Date since, const Pairs& fn) {
  // A deal's changes are dated in the order recorded: the last one on or
  // before the day is the one with the greatest id.
  each_pair(db_,
            "SELECT i.code, pk.code FROM deal d "
            "JOIN deal_event e ON e.deal_id = d.id "
            "JOIN institution i ON i.id = d.institution_id "
            "JOIN package pk ON pk.id = d.package_id "
            "WHERE e.to_stage = :stage AND e.changed_on >= :since AND e.id = "
            "(SELECT MAX(e2.id) FROM deal_event e2 WHERE e2.deal_id = d.id AND e2.changed_on <= :d)",
            std::vector<std::string>{stage, since.to_string(), day.to_string()}, fn);
}

void MatchingStore::member_titles(Date day,
                                  const std::function<void(const std::string&, const std::string&,
                                                           const std::string&, const std::string&)>& fn) {
  const std::string d = day.to_string();
  std::string pkg, number, title, title_ja;
  soci::statement st =
      (soci_session(db_).prepare << std::string("SELECT pk.code, pt.application_number, pt.title, pt.title_ja "
                                        "FROM package_member m JOIN package pk ON pk.id = m.package_id "
                                        "JOIN patent pt ON pt.id = m.patent_id "
                                        "WHERE pk.status <> 'retired'") + kMemberOn +
                               " ORDER BY pk.code, pt.application_number",
       soci::use(d), soci::use(d), soci::into(pkg), soci::into(number), soci::into(title), soci::into(title_ja));
  st.execute();
  while (st.fetch()) fn(pkg, number, title, title_ja);
}

void MatchingStore::member_classes(Date day, const Pairs& fn) {
  each_pair(db_,
            std::string("SELECT pk.code, pc.symbol FROM package_member m "
                        "JOIN package pk ON pk.id = m.package_id "
                        "JOIN patent_class pc ON pc.patent_id = m.patent_id "
                        "WHERE pk.status <> 'retired'") + kMemberOn + " ORDER BY pk.code, pc.patent_id, pc.position",
            day.to_string(), 2, fn);
}

void MatchingStore::member_owners(Date day, const std::function<void(const std::string&, const Institution&)>& fn) {
  const std::string d = day.to_string();
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
    soci::statement st = (soci_session(db_).prepare << std::string(sql) + kMemberOn, soci::use(d), soci::use(d),
                          soci::into(number), soci::into(inst), soci::into(kind), soci::into(name_en),
                          soci::into(name_ja), soci::into(country));
    st.execute();
    while (st.fetch()) {
      fn(number, Institution{inst, stored_enum(parse_institution_kind, kind), name_en, name_ja, country});
    }
  }
}

void MatchingStore::covered_regions(Date day, const Pairs& fn) {
  each_pair(db_,
            "SELECT DISTINCT pk.code, s.region FROM project_staff s "
            "JOIN project pr ON pr.id = s.project_id "
            "JOIN package pk ON pk.id = pr.package_id "
            "WHERE s.starts_on <= :d1 AND (s.ends_on IS NULL OR s.ends_on >= :d2) "
            "ORDER BY pk.code, s.region",
            day.to_string(), 2, fn);
}

void MatchingStore::consortium_packages(const Pairs& fn) {
  each_pair(db_,
            "SELECT consortium.code, pk.code FROM consortium "
            "JOIN package pk ON pk.id = consortium.package_id",
            std::string(), 0, fn);
}

void MatchingStore::consortium_members(
    const std::function<void(const std::string&, const std::string&, bool)>& fn) {
  std::string code, inst, kind;
  soci::statement members = (soci_session(db_).prepare << "SELECT c.code, i.code, i.kind FROM consortium_member m "
                                                  "JOIN consortium c ON c.id = m.consortium_id "
                                                  "JOIN institution i ON i.id = m.institution_id",
                             soci::into(code), soci::into(inst), soci::into(kind));
  members.execute();
  while (members.fetch()) fn(code, inst, kind == "company");
}

void MatchingStore::attended(Date day, const Pairs& fn) {
  each_pair(db_,
            "SELECT DISTINCT i.code, pk.code FROM event_attendance a "
            "JOIN matching_event e ON e.id = a.event_id "
            "JOIN event_package ep ON ep.event_id = a.event_id "
            "JOIN institution i ON i.id = a.institution_id "
            "JOIN package pk ON pk.id = ep.package_id "
            "WHERE e.held_on <= :d",
            day.to_string(), 1, fn);
}

void MatchingStore::interested(Date day, const Pairs& fn) {
  each_pair(db_,
            "SELECT DISTINCT i.code, pk.code FROM interest_signal s "
            "JOIN institution i ON i.id = s.institution_id "
            "JOIN package pk ON pk.id = s.package_id "
            "WHERE s.noted_on <= :d",
            day.to_string(), 1, fn);
}

void MatchingStore::licensed_classes(Date day, const std::function<void(const LicensedClassRow&)>& fn) {
  const std::string d = day.to_string();
  LicensedClassRow r;
  long long exclusive = 0;
  soci::indicator pkg_ind = soci::i_null;
  std::string pkg;
  soci::statement st = (soci_session(db_).prepare << "SELECT i.code, a.reference, a.exclusive, a.ends_on, pc.symbol, pk.code "
                                             "FROM agreement a JOIN institution i ON i.id = a.licensee_id "
                                             "JOIN agreement_patent ap ON ap.agreement_id = a.id "
                                             "JOIN patent_class pc ON pc.patent_id = ap.patent_id "
                                             "LEFT JOIN package pk ON pk.id = a.package_id "
                                             "WHERE i.kind = 'company' AND a.starts_on <= :d "
                                             "ORDER BY i.code, a.reference",
                        soci::use(d), soci::into(r.company), soci::into(r.reference), soci::into(exclusive),
                        soci::into(r.ends_on), soci::into(r.symbol), soci::into(pkg, pkg_ind));
  st.execute();
  while (st.fetch()) {
    r.exclusive = exclusive == 1;
    r.package = pkg_ind == soci::i_ok ? pkg : std::string();
    fn(r);
  }
}

void MatchingStore::exclusive_packages(Date day, const std::function<void(const std::string&)>& fn) {
  const std::string d = day.to_string();
  each_code(db_,
            std::string("SELECT DISTINCT pk.code FROM agreement a "
                        "JOIN agreement_patent ap ON ap.agreement_id = a.id "
                        "JOIN package_member m ON m.patent_id = ap.patent_id "
                        "JOIN package pk ON pk.id = m.package_id "
                        "WHERE a.exclusive = 1 AND a.starts_on <= :d0 AND a.ends_on >= :d3") + kMemberOn,
            d, 4, fn);
  each_code(db_,
            "SELECT DISTINCT pk.code FROM agreement a "
            "JOIN package pk ON pk.id = a.package_id "
            "WHERE a.exclusive = 1 AND a.starts_on <= :d0 AND a.ends_on >= :d1",
            d, 2, fn);
}

}  // namespace chizai
