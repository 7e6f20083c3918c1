#include "store/deal_store.h"

#include <soci/soci.h>

#include <stdexcept>

#include "store/sql_util.h"
#include "store/session.h"

namespace chizai {
namespace {

Date date_from_db(const std::string& text) {
  auto d = Date::parse(text);
  if (!d) throw std::runtime_error("date '" + text + "' in the database is not a date");
  return *d;
}

const char* kSummaryColumns =
    "SELECT d.id, i.code, i.name_en, k.code, k.name_en, COALESCE(cp.region, ''), d.stage, d.staff, "
    "COALESCE(st.name_latin, ''), COALESCE(st.name_ja, ''), d.opened_on, d.changed_on, COALESCE(a.reference, '') ";
const char* kSummaryJoins =
    " JOIN package k ON k.id = d.package_id LEFT JOIN company_profile cp ON cp.institution_id = d.institution_id "
    "LEFT JOIN agreement a ON a.id = d.agreement_id LEFT JOIN staff st ON st.code = d.staff";

std::string deal_key(const DealSummaryRecord& d) { return d.company + "/" + d.package; }

}  // namespace

void DealStore::lock() {
  if (db_.backend() == Backend::kPostgres) soci_session(db_) << "LOCK TABLE deal IN SHARE ROW EXCLUSIVE MODE";
}

std::optional<DealRecord> DealStore::find(long long company, long long package) {
  DealRecord r;
  std::string changed;
  soci_session(db_) << "SELECT id, stage, staff, changed_on FROM deal WHERE institution_id = :i AND package_id = :p",
      soci::use(company), soci::use(package), soci::into(r.id), soci::into(r.stage), soci::into(r.staff),
      soci::into(changed);
  if (!soci_session(db_).got_data()) return std::nullopt;
  r.changed_on = date_from_db(changed);
  return r;
}

long long DealStore::write_move(const DealMoveRecord& m) {
  const std::string on = m.on.to_string();
  const long long agreement = m.agreement.value_or(0);
  soci::indicator agreement_i = m.agreement ? soci::i_ok : soci::i_null;
  long long deal_id = 0;
  if (m.deal_id) {
    deal_id = *m.deal_id;
    soci_session(db_) << "UPDATE deal SET stage = :s, staff = :f, changed_on = :d, agreement_id = :a WHERE id = :i",
        soci::use(m.to), soci::use(m.staff), soci::use(on), soci::use(agreement, agreement_i), soci::use(deal_id);
  } else {
    deal_id = insert_row(db_, "deal",
                         "INSERT INTO deal (institution_id, package_id, stage, staff, changed_on, opened_on, "
                         "agreement_id) VALUES (:i, :p, :s, :f, :d, :o, :a)",
                         soci::use(m.company), soci::use(m.package), soci::use(m.to), soci::use(m.staff),
                         soci::use(on), soci::use(on), soci::use(agreement, agreement_i));
  }
  const std::string from = m.from.value_or("");
  soci::indicator from_i = m.from ? soci::i_ok : soci::i_null;
  soci_session(db_) << "INSERT INTO deal_event (deal_id, from_stage, to_stage, changed_on, staff, note, agreement_id, "
               "recorded_at) VALUES (:d, :f, :t, :o, :s, :n, :a, :r)",
      soci::use(deal_id), soci::use(from, from_i), soci::use(m.to), soci::use(on), soci::use(m.staff),
      soci::use(m.note), soci::use(agreement, agreement_i), soci::use(m.recorded_at);
  return deal_id;
}

template <class Bind>
std::vector<DealSummaryRecord> DealStore::load_summaries(const std::string& from_where, Bind bind) {
  std::vector<DealSummaryRecord> out;
  DealSummaryRecord s;
  std::string opened, changed;
  soci::details::prepare_temp_type prep = (soci_session(db_).prepare << std::string(kSummaryColumns) + from_where);
  prep, soci::into(s.id), soci::into(s.company), soci::into(s.company_name), soci::into(s.package),
      soci::into(s.package_name), soci::into(s.region), soci::into(s.stage), soci::into(s.staff),
      soci::into(s.staff_latin), soci::into(s.staff_ja), soci::into(opened), soci::into(changed),
      soci::into(s.agreement);
  bind(prep);
  soci::statement st(prep);
  st.execute();
  while (st.fetch()) {
    s.opened_on = date_from_db(opened);
    s.changed_on = date_from_db(changed);
    out.push_back(s);
  }
  return out;
}

std::optional<DealSummaryRecord> DealStore::summary(long long company, long long package) {
  auto rows = load_summaries(std::string("FROM deal d JOIN institution i ON i.id = d.institution_id") + kSummaryJoins +
                                 " WHERE d.institution_id = :i AND d.package_id = :p",
                             [&](auto& prep) { prep, soci::use(company), soci::use(package); });
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

// Keyset on (company code, package code): i.code >= :c narrows the walk of
// institution's code index; the rest of the comparison is the tuple's.
// CROSS JOIN keeps SQLite's join order (institution by code, then deal by
// its (institution_id, package_id) index) so no page sorts every deal.
Page<DealSummaryRecord> DealStore::summaries(const DealListFilter& f, const PageRequest& page) {
  const std::size_t slash = page.after.rfind('/');
  const std::string company = slash == std::string::npos ? page.after : page.after.substr(0, slash);
  const std::string package = slash == std::string::npos ? std::string() : page.after.substr(slash + 1);
  const long long n = fetch_limit(page);
  auto rows = load_summaries(
      std::string("FROM institution i CROSS JOIN deal d") + kSummaryJoins +
          " WHERE i.id = d.institution_id AND (CAST(:s1 AS TEXT) = '' OR d.stage = :s2)"
          " AND (CAST(:f1 AS TEXT) = '' OR d.staff = :f2) AND (CAST(:r1 AS TEXT) = '' OR cp.region = :r2)"
      " AND i.code >= :c1 AND (i.code > :c2 OR k.code > :p) ORDER BY i.code, k.code LIMIT :n",
      [&](auto& prep) {
        prep, soci::use(f.stage), soci::use(f.stage), soci::use(f.staff), soci::use(f.staff), soci::use(f.region),
            soci::use(f.region), soci::use(company), soci::use(company), soci::use(package), soci::use(n);
      });
  return page_of_rows(std::move(rows), page.limit, deal_key);
}

std::vector<DealEventRecord> DealStore::history(long long deal_id) {
  std::vector<DealEventRecord> out;
  DealEventRecord e;
  std::string from, on;
  soci::indicator from_i = soci::i_null;
  soci::statement st =
      (soci_session(db_).prepare << "SELECT e.id, e.from_stage, e.to_stage, e.changed_on, e.staff, "
                            "COALESCE(st.name_latin, ''), COALESCE(st.name_ja, ''), e.note, "
                            "COALESCE(a.reference, ''), e.recorded_at FROM deal_event e "
                            "LEFT JOIN agreement a ON a.id = e.agreement_id LEFT JOIN staff st ON st.code = e.staff "
                            "WHERE e.deal_id = :d ORDER BY e.id",
       soci::use(deal_id), soci::into(e.id), soci::into(from, from_i), soci::into(e.to), soci::into(on),
       soci::into(e.staff), soci::into(e.staff_latin), soci::into(e.staff_ja), soci::into(e.note),
       soci::into(e.agreement), soci::into(e.recorded_at));
  st.execute();
  while (st.fetch()) {
    e.from = from_i == soci::i_null ? std::nullopt : std::optional<std::string>(from);
    e.on = date_from_db(on);
    out.push_back(e);
  }
  return out;
}

std::vector<DealStepRecord> DealStore::steps_until(Date day) {
  std::vector<DealStepRecord> out;
  DealStepRecord r;
  std::string on;
  const std::string until = day.to_string();
  soci::statement st =
      (soci_session(db_).prepare << "SELECT e.deal_id, e.to_stage, e.changed_on, e.staff, COALESCE(cp.region, '') "
                            "FROM deal_event e JOIN deal d ON d.id = e.deal_id "
                            "LEFT JOIN company_profile cp ON cp.institution_id = d.institution_id "
                            "WHERE e.changed_on <= :a ORDER BY e.deal_id, e.id",
       soci::use(until), soci::into(r.deal_id), soci::into(r.to), soci::into(on), soci::into(r.staff),
       soci::into(r.region));
  st.execute();
  while (st.fetch()) {
    r.on = date_from_db(on);
    out.push_back(r);
  }
  return out;
}

std::pair<std::string, std::string> DealStore::codes_of(long long company, long long package) {
  std::string company_code, package_code;
  soci_session(db_) << "SELECT code FROM institution WHERE id = :i", soci::use(company), soci::into(company_code);
  soci_session(db_) << "SELECT code FROM package WHERE id = :i", soci::use(package), soci::into(package_code);
  return {company_code, package_code};
}

std::vector<std::pair<long long, long long>> DealStore::packages_holding(const std::vector<long long>& patent_ids,
                                                                         Date on) {
  std::string ids;
  for (long long id : patent_ids) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
  const std::string day = on.to_string();
  long long package = 0, members = 0;
  std::vector<std::pair<long long, long long>> out;
  soci::statement st =
      (soci_session(db_).prepare << "SELECT package_id, CAST(COUNT(DISTINCT patent_id) AS BIGINT) FROM package_member "
                            "WHERE patent_id IN (" + ids + ") AND added_on <= :d AND "
                            "(removed_on IS NULL OR removed_on > :e) GROUP BY package_id ORDER BY package_id",
       soci::use(day), soci::use(day), soci::into(package), soci::into(members));
  st.execute();
  while (st.fetch()) out.emplace_back(package, members);
  return out;
}

}  // namespace chizai
