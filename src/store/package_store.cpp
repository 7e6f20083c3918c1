#include "store/package_store.h"

#include <soci/soci.h>

#include <algorithm>
#include <stdexcept>

#include "store/stored_values.h"
#include "store/session.h"

namespace chizai {

std::optional<PackageRecord> PackageStore::find_package(const std::string& code, bool for_update) {
  std::string sql =
      "SELECT id, code, name_en, name_ja, theme, status, created_on FROM package WHERE code = :c";
  if (for_update && db_.backend() == Backend::kPostgres) sql += " FOR UPDATE";
  PackageRecord row;
  std::string status, created;
  soci::indicator ind = soci::i_null;
  soci_session(db_) << sql, soci::use(code), soci::into(row.id, ind), soci::into(row.summary.code),
      soci::into(row.summary.name_en), soci::into(row.summary.name_ja),
      soci::into(row.summary.theme), soci::into(status), soci::into(created);
  if (!soci_session(db_).got_data()) return std::nullopt;
  row.summary.status = stored_enum(parse_package_status, status);
  row.summary.created_on = stored_date(created);
  return row;
}

namespace {

// The package status rule (package_store.h) as an SQL expression over
// `package p`; it takes the day twice (two placeholders, in order).
const char* kStatusOn =
    "CASE WHEN p.status = 'retired' THEN 'retired' "
    "WHEN EXISTS (SELECT 1 FROM agreement a WHERE a.exclusive = 1 AND a.starts_on <= :s0 AND a.ends_on >= :s1 "
    "AND (a.package_id = p.id OR a.id IN (SELECT e.agreement_id FROM deal_event e JOIN deal dl ON dl.id = e.deal_id "
    "WHERE dl.package_id = p.id AND e.agreement_id IS NOT NULL))) THEN 'licensed' "
    "WHEN p.status = 'licensed' THEN 'marketed' ELSE p.status END";

}  // namespace

PackageStatus PackageStore::status_on(long long package_id, Date day) {
  const std::string d = day.to_string();
  std::string status;
  soci_session(db_) << std::string("SELECT ") + kStatusOn + " FROM package p WHERE p.id = :i", soci::use(d),
      soci::use(d), soci::use(package_id), soci::into(status);
  if (!soci_session(db_).got_data()) throw std::logic_error("package " + std::to_string(package_id) + " not found");
  return stored_enum(parse_package_status, status);
}

std::map<std::string, PackageStatus> PackageStore::statuses_on(Date day) {
  const std::string d = day.to_string();
  std::string code, status;
  std::map<std::string, PackageStatus> out;
  soci::statement st = (soci_session(db_).prepare << std::string("SELECT p.code, ") + kStatusOn + " FROM package p",
                        soci::use(d), soci::use(d), soci::into(code), soci::into(status));
  st.execute();
  while (st.fetch()) out.emplace(code, stored_enum(parse_package_status, status));
  return out;
}

Page<PackageRecord> PackageStore::list_packages(std::optional<PackageStatus> status, Date day,
                                                const PageRequest& page) {
  std::vector<PackageRecord> out;
  PackageRecord row;
  std::string status_word, created;
  const std::string wanted = status ? to_string(*status) : "", d = day.to_string();
  soci::details::prepare_temp_type prep =
      (soci_session(db_).prepare << "SELECT id, code, name_en, name_ja, theme, status_on, created_on FROM "
                                    "(SELECT p.id, p.code, p.name_en, p.name_ja, p.theme, "
                                 << kStatusOn
                                 << " AS status_on, p.created_on FROM package p WHERE p.code > :after) q"
                                 << (status ? " WHERE status_on = :status" : "") << " ORDER BY code LIMIT "
                                 << fetch_limit(page),
       soci::into(row.id), soci::into(row.summary.code), soci::into(row.summary.name_en),
       soci::into(row.summary.name_ja), soci::into(row.summary.theme), soci::into(status_word),
       soci::into(created), soci::use(d), soci::use(d), soci::use(page.after));
  if (status) prep, soci::use(wanted);
  soci::statement st(prep);
  st.execute();
  while (st.fetch()) {
    row.summary.status = stored_enum(parse_package_status, status_word);
    row.summary.created_on = stored_date(created);
    out.push_back(row);
  }
  return page_of_rows(std::move(out), page.limit, [](const PackageRecord& r) { return r.summary.code; });
}

std::map<std::string, long long> PackageStore::count_by_status(Date day) {
  const std::string d = day.to_string();
  std::map<std::string, long long> out;
  std::string status;
  long long n = 0;
  soci::statement st = (soci_session(db_).prepare <<
      std::string("SELECT status_on, CAST(COUNT(*) AS BIGINT) FROM (SELECT ") + kStatusOn +
          " AS status_on FROM package p) q GROUP BY status_on",
      soci::use(d), soci::use(d), soci::into(status), soci::into(n));
  st.execute();
  while (st.fetch()) out[status] = n;
  return out;
}

std::vector<PackageLicence> PackageStore::licences_in_force(Date day, const std::string& package) {
  // The agreements naming the package, and those linked to it by the deal
  // they made licensed (a list of patents: its sole package on the start).
  const std::string d = day.to_string();
  // Each placeholder has its own name (SQLite binds a repeated name once).
  auto in_force = [&](const char* n) {
    return std::string(" WHERE a.starts_on <= :s") + n + " AND a.ends_on >= :e" + n +
           (package.empty() ? "" : std::string(" AND p.code = :c") + n);
  };
  const std::string columns =
      "SELECT p.code AS pkg, a.reference AS ref, i.code AS licensee, a.exclusive AS excl, "
      "a.starts_on AS starts, a.ends_on AS ends FROM agreement a JOIN institution i ON i.id = a.licensee_id ";
  const std::string sql = columns + "JOIN package p ON p.id = a.package_id" + in_force("0") + " UNION " + columns +
                          "JOIN deal_event e ON e.agreement_id = a.id JOIN deal dl ON dl.id = e.deal_id "
                          "JOIN package p ON p.id = dl.package_id" + in_force("1") +
                          " ORDER BY pkg, excl DESC, ref";
  PackageLicence r;
  long long exclusive = 0;
  std::string starts, ends;
  soci::details::prepare_temp_type prep =
      (soci_session(db_).prepare << sql, soci::into(r.package), soci::into(r.agreement), soci::into(r.licensee),
       soci::into(exclusive), soci::into(starts), soci::into(ends), soci::use(d), soci::use(d));
  if (!package.empty()) prep, soci::use(package);
  prep, soci::use(d), soci::use(d);
  if (!package.empty()) prep, soci::use(package);
  soci::statement st(prep);
  st.execute();
  std::vector<PackageLicence> out;
  while (st.fetch()) {
    r.exclusive = exclusive != 0;
    r.starts_on = stored_date(starts);
    r.ends_on = stored_date(ends);
    out.push_back(r);
  }
  return out;
}

void PackageStore::insert_package(const std::string& code, const std::string& name_en,
                                  const std::string& name_ja, const std::string& theme,
                                  Date created_on) {
  const std::string status = "draft", created = created_on.to_string();
  soci_session(db_) << "INSERT INTO package (code, name_en, name_ja, theme, status, created_on) "
               "VALUES (:c, :e, :j, :t, :s, :d)",
      soci::use(code), soci::use(name_en), soci::use(name_ja), soci::use(theme), soci::use(status),
      soci::use(created);
}

void PackageStore::set_status(long long package_id, PackageStatus status) {
  const std::string word = to_string(status);
  soci_session(db_) << "UPDATE package SET status = :s WHERE id = :i", soci::use(word), soci::use(package_id);
}

std::vector<MembershipRecord> PackageStore::periods(long long package_id) {
  MembershipRecord r;
  std::string number, role, added, removed;
  long long weight = 0;
  soci::indicator removed_ind = soci::i_null;
  soci::statement st =
      (soci_session(db_).prepare << "SELECT m.id, p.application_number, m.role, m.weight, m.added_on, "
                            "m.removed_on FROM package_member m JOIN patent p ON p.id = m.patent_id "
                            "WHERE m.package_id = :p ORDER BY m.id",
       soci::use(package_id), soci::into(r.id), soci::into(number), soci::into(role),
       soci::into(weight), soci::into(added), soci::into(removed, removed_ind));
  st.execute();
  std::vector<MembershipRecord> out;
  while (st.fetch()) {
    r.period.patent = number;
    r.period.role = stored_enum(parse_member_role, role);
    r.period.weight = weight;
    r.period.added_on = stored_date(added);
    r.period.removed_on = stored_optional_date(removed, removed_ind);
    out.push_back(r);
  }
  return out;
}

std::map<long long, std::vector<Membership>> PackageStore::periods_of(
    const std::vector<long long>& package_ids) {
  std::map<long long, std::vector<Membership>> out;
  if (package_ids.empty()) return out;
  std::string ids;  // decimal row ids, written into the SQL
  for (long long id : package_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  long long package_id = 0;
  std::string role, added, removed;
  soci::indicator removed_ind = soci::i_null;
  soci::statement st = (soci_session(db_).prepare << "SELECT package_id, role, added_on, removed_on "
                                             "FROM package_member WHERE package_id IN ("
                                          << ids << ")",
                        soci::into(package_id), soci::into(role), soci::into(added),
                        soci::into(removed, removed_ind));
  st.execute();
  while (st.fetch()) {
    Membership m;
    m.role = stored_enum(parse_member_role, role);
    m.added_on = stored_date(added);
    m.removed_on = stored_optional_date(removed, removed_ind);
    out[package_id].push_back(m);
  }
  return out;
}

bool PackageStore::has_current_member(long long package_id, long long patent_id, Date day) {
  const std::string on = day.to_string();
  long long members = 0;
  soci_session(db_) << "SELECT CAST(COUNT(*) AS BIGINT) FROM package_member WHERE package_id = :k "
               "AND patent_id = :t AND (removed_on IS NULL OR removed_on > :d)",
      soci::use(package_id), soci::use(patent_id), soci::use(on), soci::into(members);
  return members != 0;
}

void PackageStore::insert_member(long long package_id, long long patent_id, MemberRole role,
                                 std::int64_t weight, Date day) {
  const std::string role_word = to_string(role), added = day.to_string();
  const long long w = weight;
  soci_session(db_) << "INSERT INTO package_member (package_id, patent_id, role, weight, added_on) "
               "VALUES (:k, :p, :r, :w, :a)",
      soci::use(package_id), soci::use(patent_id), soci::use(role_word), soci::use(w),
      soci::use(added);
}

void PackageStore::end_member(long long record_id, Date day) {
  const std::string removed = day.to_string();
  soci_session(db_) << "UPDATE package_member SET removed_on = :d WHERE id = :i", soci::use(removed),
      soci::use(record_id);
}

void PackageStore::set_member_weight(long long record_id, std::int64_t weight) {
  const long long w = weight;
  soci_session(db_) << "UPDATE package_member SET weight = :w WHERE id = :i", soci::use(w),
      soci::use(record_id);
}

std::optional<ConsortiumRecord> PackageStore::find_consortium(const std::string& code) {
  ConsortiumRecord row;
  std::string created;
  soci::indicator ind = soci::i_null;
  soci_session(db_) << "SELECT c.id, c.package_id, c.code, p.code, c.created_on FROM consortium c "
               "JOIN package p ON p.id = c.package_id WHERE c.code = :c",
      soci::use(code), soci::into(row.id, ind), soci::into(row.package_id), soci::into(row.code),
      soci::into(row.package), soci::into(created);
  if (!soci_session(db_).got_data()) return std::nullopt;
  row.created_on = stored_date(created);
  return row;
}

Page<std::string> PackageStore::list_consortia(const std::string& package, const PageRequest& page) {
  std::vector<std::string> out;
  std::string code;
  soci::details::prepare_temp_type prep =
      (soci_session(db_).prepare << "SELECT c.code FROM consortium c"
                         << (package.empty() ? "" : " JOIN package p ON p.id = c.package_id")
                         << " WHERE c.code > :after" << (package.empty() ? "" : " AND p.code = :package")
                         << " ORDER BY c.code LIMIT " << fetch_limit(page),
       soci::into(code), soci::use(page.after));
  if (!package.empty()) prep, soci::use(package);
  soci::statement st(prep);
  st.execute();
  while (st.fetch()) out.push_back(code);
  return page_of_rows(std::move(out), page.limit, [](const std::string& c) { return c; });
}

std::vector<ConsortiumMember> PackageStore::consortium_members(long long consortium_id) {
  ConsortiumMember m;
  std::string kind, role, joined, nda, nda_on;
  soci::indicator nda_ind = soci::i_null;
  soci::statement st =
      (soci_session(db_).prepare << "SELECT i.code, i.kind, i.name_en, i.name_ja, i.country, m.role, "
                            "m.joined_on, m.nda_status, m.nda_on FROM consortium_member m "
                            "JOIN institution i ON i.id = m.institution_id "
                            "WHERE m.consortium_id = :c",
       soci::use(consortium_id), soci::into(m.institution.code), soci::into(kind),
       soci::into(m.institution.name_en), soci::into(m.institution.name_ja),
       soci::into(m.institution.country), soci::into(role), soci::into(joined), soci::into(nda),
       soci::into(nda_on, nda_ind));
  st.execute();
  std::vector<ConsortiumMember> out;
  while (st.fetch()) {
    m.institution.kind = stored_enum(parse_institution_kind, kind);
    m.role = stored_enum(parse_consortium_role, role);
    m.joined_on = stored_date(joined);
    m.nda.status = stored_enum(parse_nda_status, nda);
    m.nda.on = stored_optional_date(nda_on, nda_ind);
    out.push_back(m);
  }
  std::sort(out.begin(), out.end(), [](const ConsortiumMember& a, const ConsortiumMember& b) {
    return a.institution.code < b.institution.code;
  });
  return out;
}

void PackageStore::insert_consortium(const std::string& code, long long package_id, Date created_on) {
  const std::string created = created_on.to_string();
  soci_session(db_) << "INSERT INTO consortium (code, package_id, created_on) VALUES (:c, :p, :d)",
      soci::use(code), soci::use(package_id), soci::use(created);
}

void PackageStore::insert_consortium_member(long long consortium_id, long long institution_id,
                                            ConsortiumRole role, Date joined_on,
                                            const NdaState& nda) {
  const std::string role_word = to_string(role), joined = joined_on.to_string(),
                    nda_status = to_string(nda.status), nda_on = date_text(nda.on);
  soci::indicator nda_ind = nda.on ? soci::i_ok : soci::i_null;
  soci_session(db_) << "INSERT INTO consortium_member (consortium_id, institution_id, role, joined_on, "
               "nda_status, nda_on) VALUES (:c, :i, :r, :j, :s, :n)",
      soci::use(consortium_id), soci::use(institution_id), soci::use(role_word), soci::use(joined),
      soci::use(nda_status), soci::use(nda_on, nda_ind);
}

void PackageStore::set_nda(long long consortium_id, long long institution_id, const NdaState& nda) {
  const std::string word = to_string(nda.status), on = nda.on->to_string();
  soci_session(db_) << "UPDATE consortium_member SET nda_status = :s, nda_on = :d "
               "WHERE consortium_id = :c AND institution_id = :i",
      soci::use(word), soci::use(on), soci::use(consortium_id), soci::use(institution_id);
}

}  // namespace chizai
