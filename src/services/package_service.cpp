#include "services/package_service.h"

#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

#include "core/text.h"
#include "io/json_writer.h"
#include "services/history.h"
#include "services/registry_service.h"
#include "store/registry_store.h"
#include "store/stored_values.h"

namespace chizai {
namespace {

// ---- Local store: the package and consortium tables --------------------

struct PackageRow {
  long long id = 0;
  PackageSummary summary;
};

// The package row, locked against concurrent changes on PostgreSQL when
// `for_update` (SQLite's BEGIN IMMEDIATE already holds the write lock).
std::optional<PackageRow> load_package(Database& db, const std::string& code, bool for_update) {
  std::string sql =
      "SELECT id, code, name_en, name_ja, theme, status, created_on FROM package WHERE code = :c";
  if (for_update && db.backend() == Backend::kPostgres) sql += " FOR UPDATE";
  PackageRow row;
  std::string status, created;
  soci::indicator ind = soci::i_null;
  db.sql() << sql, soci::use(code), soci::into(row.id, ind), soci::into(row.summary.code),
      soci::into(row.summary.name_en), soci::into(row.summary.name_ja),
      soci::into(row.summary.theme), soci::into(status), soci::into(created);
  if (!db.sql().got_data()) return std::nullopt;
  row.summary.status = stored_enum(parse_package_status, status);
  row.summary.created_on = stored_date(created);
  return row;
}

std::vector<MembershipRecord> load_periods(Database& db, long long package_id) {
  MembershipRecord r;
  std::string number, role, added, removed;
  long long weight = 0;
  soci::indicator removed_ind = soci::i_null;
  soci::statement st =
      (db.sql().prepare << "SELECT m.id, p.application_number, m.role, m.weight, m.added_on, "
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
    r.period.removed_on.reset();
    if (removed_ind == soci::i_ok) r.period.removed_on = stored_date(removed);
    out.push_back(r);
  }
  return out;
}

std::vector<Membership> periods_of(const std::vector<MembershipRecord>& records) {
  std::vector<Membership> out;
  out.reserve(records.size());
  for (const auto& r : records) out.push_back(r.period);
  return out;
}

// The id of the open period of `number` (REQUIRES: there is one).
long long open_record_id(const std::vector<MembershipRecord>& records, const std::string& number) {
  for (const auto& r : records) {
    if (r.period.patent == number && !r.period.removed_on) return r.id;
  }
  throw std::logic_error("no open membership period of " + number);
}

std::optional<long long> patent_id(Database& db, const std::string& canonical) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  db.sql() << "SELECT id FROM patent WHERE application_number = :n", soci::use(canonical),
      soci::into(id, ind);
  if (!db.sql().got_data()) return std::nullopt;
  return id;
}

void insert_member(Database& db, long long package_id, long long patent, MemberRole role,
                   std::int64_t weight, Date day) {
  const std::string role_word = to_string(role), added = day.to_string();
  const long long w = weight;
  db.sql() << "INSERT INTO package_member (package_id, patent_id, role, weight, added_on) "
              "VALUES (:k, :p, :r, :w, :a)",
      soci::use(package_id), soci::use(patent), soci::use(role_word), soci::use(w),
      soci::use(added);
}

void end_member(Database& db, long long record_id, Date day) {
  const std::string removed = day.to_string();
  db.sql() << "UPDATE package_member SET removed_on = :d WHERE id = :i", soci::use(removed),
      soci::use(record_id);
}

struct InstitutionRow {
  long long id = 0;
  Institution inst;
};

std::optional<InstitutionRow> load_institution(Database& db, const std::string& code) {
  InstitutionRow row;
  std::string kind;
  soci::indicator ind = soci::i_null;
  db.sql() << "SELECT id, code, kind, name_en, name_ja, country FROM institution WHERE code = :c",
      soci::use(code), soci::into(row.id, ind), soci::into(row.inst.code), soci::into(kind),
      soci::into(row.inst.name_en), soci::into(row.inst.name_ja), soci::into(row.inst.country);
  if (!db.sql().got_data()) return std::nullopt;
  row.inst.kind = stored_enum(parse_institution_kind, kind);
  return row;
}

struct ConsortiumRow {
  long long id = 0;
  long long package_id = 0;
  std::string code, package;
  Date created_on;
};

std::optional<ConsortiumRow> load_consortium(Database& db, const std::string& code) {
  ConsortiumRow row;
  std::string created;
  soci::indicator ind = soci::i_null;
  db.sql() << "SELECT c.id, c.package_id, c.code, p.code, c.created_on FROM consortium c "
              "JOIN package p ON p.id = c.package_id WHERE c.code = :c",
      soci::use(code), soci::into(row.id, ind), soci::into(row.package_id), soci::into(row.code),
      soci::into(row.package), soci::into(created);
  if (!db.sql().got_data()) return std::nullopt;
  row.created_on = stored_date(created);
  return row;
}

std::vector<ConsortiumMember> load_consortium_members(Database& db, long long consortium_id) {
  ConsortiumMember m;
  std::string kind, role, joined, nda, nda_on;
  soci::indicator nda_ind = soci::i_null;
  soci::statement st =
      (db.sql().prepare << "SELECT i.code, i.kind, i.name_en, i.name_ja, i.country, m.role, "
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
    m.nda.on.reset();
    if (nda_ind == soci::i_ok) m.nda.on = stored_date(nda_on);
    out.push_back(m);
  }
  std::sort(out.begin(), out.end(), [](const ConsortiumMember& a, const ConsortiumMember& b) {
    return a.institution.code < b.institution.code;
  });
  return out;
}

// ---- Checks shared by the use cases -------------------------------------

Error unknown_package(const std::string& code) {
  return make_error(ErrorKind::kNotFound, "unknown_package", "unknown package code '" + code + "'", "package");
}

Error unknown_patent(const std::string& raw) {
  return make_error(ErrorKind::kNotFound, "unknown_patent", "unknown patent '" + raw + "': no such application in the registry",
                    "number");
}

Status check_text(const char* field, const std::string& text, bool required) {
  if (required && trim(text).empty()) {
    return make_error(ErrorKind::kInvalid, "missing", std::string(field) + " is required", field);
  }
  if (!is_valid_utf8(text)) return make_error(ErrorKind::kInvalid, "bad_text", std::string(field) + " is not valid UTF-8", field);
  if (utf8_length(text) > 1000) {
    return make_error(ErrorKind::kInvalid, "too_long", std::string(field) + " is longer than 1000 characters", field);
  }
  return {};
}

Status check_not_retired(const PackageSummary& p) {
  if (p.status != PackageStatus::kRetired) return {};
  return make_error(ErrorKind::kRefused, "retired", "package " + p.code + " is retired: its membership can no longer change",
                    "package");
}

// A registered patent: canonical number and row id.
struct PatentRef {
  std::string number;
  long long id = 0;
};

Result<PatentRef> resolve_patent(Database& db, const std::string& raw) {
  auto p = RegistryService(db).find_patent(raw);
  if (!p) return unknown_patent(raw);
  auto id = patent_id(db, p->patent.application_number);
  if (!id) return unknown_patent(raw);
  return PatentRef{p->patent.application_number, *id};
}

// The package for a membership change, locked, and not retired.
Result<PackageRow> package_for_change(Database& db, const std::string& code) {
  auto row = load_package(db, code, true);
  if (!row) return unknown_package(code);
  if (auto s = check_not_retired(row->summary); !s) return s.error();
  return *row;
}

std::string membership_detail(const std::string& patent, MemberRole role, std::int64_t weight,
                              Date day, const std::string& family = {}) {
  JsonWriter w;
  w.begin_object().field("patent", patent).field("role", to_string(role)).field("weight", weight);
  w.field("date", day.to_string());
  if (!family.empty()) w.field("family", family);
  w.end_object();
  return w.take();
}

// The first day of `m`'s unbroken membership: earlier periods of the same
// patent that end on the day the next starts (a weight change) join up.
Date member_since(const std::vector<Membership>& periods, const Membership& m) {
  Date since = m.added_on;
  for (bool found = true; found;) {
    found = false;
    for (const auto& p : periods) {
      if (p.patent == m.patent && p.removed_on == since && p.added_on < since) {
        since = p.added_on;
        found = true;
      }
    }
  }
  return since;
}

// Members sorted core first, then by number.
void sort_members(std::vector<Membership>& members) {
  std::sort(members.begin(), members.end(), [](const Membership& a, const Membership& b) {
    if (a.role != b.role) return a.role == MemberRole::kCore;
    return a.patent < b.patent;
  });
}

Result<std::vector<PatentRef>> resolve_all(Database& db, const std::vector<std::string>& raw,
                                           std::map<std::string, std::string>& seen) {
  std::vector<PatentRef> out;
  for (const auto& r : raw) {
    auto ref = resolve_patent(db, r);
    if (!ref) return ref.error();
    auto [it, fresh] = seen.emplace(ref->number, r);
    if (!fresh) {
      return make_error(ErrorKind::kConflict, "duplicate_member", ref->number + " is listed twice ('" + it->second +
                                                "' and '" + r + "')",
                        "number");
    }
    out.push_back(ref.value());
  }
  return out;
}

Status check_draft(const PackageDraft& d) {
  if (auto s = check_code("package", d.code); !s) return s;
  if (auto s = check_text("name_en", d.name_en, true); !s) return s;
  if (auto s = check_text("name_ja", d.name_ja, false); !s) return s;
  if (auto s = check_text("theme", d.theme, false); !s) return s;
  if (d.core.empty()) {
    return make_error(ErrorKind::kRefused, "no_core", "package " + d.code + " needs at least one core patent (--core)",
                      "core");
  }
  return {};
}

std::string create_detail(const PackageDraft& d, const std::vector<PatentRef>& core,
                          const std::vector<PatentRef>& peripheral) {
  JsonWriter w;
  w.begin_object().field("name_en", d.name_en).field("name_ja", d.name_ja).field("theme", d.theme);
  w.field("status", "draft").field("date", d.created_on.to_string());
  w.key("core").begin_array();
  for (const auto& p : core) w.value(p.number);
  w.end_array().key("peripheral").begin_array();
  for (const auto& p : peripheral) w.value(p.number);
  w.end_array().end_object();
  return w.take();
}

}  // namespace

// ---- Packages -----------------------------------------------------------

Result<PackageSummary> PackageService::create(const PackageDraft& draft) {
  if (auto s = check_draft(draft); !s) return s.error();
  WriteTransaction tx(db_);
  if (load_package(db_, draft.code, false)) {
    return make_error(ErrorKind::kConflict, "duplicate_package", "package " + draft.code + " already exists", "code");
  }
  std::map<std::string, std::string> seen;
  auto core = resolve_all(db_, draft.core, seen);
  if (!core) return core.error();
  auto peripheral = resolve_all(db_, draft.peripheral, seen);
  if (!peripheral) return peripheral.error();
  const std::string status = "draft", created = draft.created_on.to_string();
  db_.sql() << "INSERT INTO package (code, name_en, name_ja, theme, status, created_on) "
               "VALUES (:c, :e, :j, :t, :s, :d)",
      soci::use(draft.code), soci::use(draft.name_en), soci::use(draft.name_ja),
      soci::use(draft.theme), soci::use(status), soci::use(created);
  const PackageRow row = load_package(db_, draft.code, false).value();
  for (const auto& p : core.value()) insert_member(db_, row.id, p.id, MemberRole::kCore, 1, draft.created_on);
  for (const auto& p : peripheral.value()) {
    insert_member(db_, row.id, p.id, MemberRole::kPeripheral, 1, draft.created_on);
  }
  record_change(db_, actor_, "package.create", "package", draft.code,
                create_detail(draft, core.value(), peripheral.value()));
  tx.commit();
  PackageSummary out = row.summary;
  out.core = static_cast<std::int64_t>(core->size());
  out.peripheral = static_cast<std::int64_t>(peripheral->size());
  return out;
}

Result<AddOutcome> PackageService::add_member(const std::string& code, const std::string& raw_number,
                                              MemberRole role, std::optional<std::int64_t> weight,
                                              Date day) {
  const std::int64_t w = weight.value_or(1);
  if (auto s = check_weight(w); !s) return s.error();
  WriteTransaction tx(db_);
  auto pkg = package_for_change(db_, code);
  if (!pkg) return pkg.error();
  auto ref = resolve_patent(db_, raw_number);
  if (!ref) return ref.error();
  const auto periods = periods_of(load_periods(db_, pkg->id));
  if (auto s = check_can_add(code, pkg->summary.created_on, periods, ref->number, day); !s) {
    return s.error();
  }
  insert_member(db_, pkg->id, ref->id, role, w, day);
  record_change(db_, actor_, "package.add", "package", code, membership_detail(ref->number, role, w, day));
  tx.commit();
  AddOutcome out;
  out.added.push_back(ref->number);
  return out;
}

Result<AddOutcome> PackageService::add_family(const std::string& code, const std::string& raw_number,
                                              MemberRole role, std::optional<std::int64_t> weight,
                                              Date day) {
  const std::int64_t w = weight.value_or(1);
  if (auto s = check_weight(w); !s) return s.error();
  WriteTransaction tx(db_);
  auto pkg = package_for_change(db_, code);
  if (!pkg) return pkg.error();
  auto family = RegistryService(db_).families_of(raw_number);
  if (!family) {
    return make_error(ErrorKind::kNotFound, "unknown_family", "package member from an unknown family: no patent '" +
                                            raw_number + "' in the registry",
                      "family");
  }
  const auto periods = periods_of(load_periods(db_, pkg->id));
  AddOutcome out;
  out.family = family->simple.id;
  std::vector<PatentRef> to_add;
  for (const auto& number : family->simple.members) {
    auto s = check_can_add(code, pkg->summary.created_on, periods, number, day);
    if (!s && s.error().code == "already_member") {
      out.skipped.push_back(number);
      continue;
    }
    if (!s) return s.error();
    auto id = patent_id(db_, number);
    if (!id) return unknown_patent(number);
    to_add.push_back({number, *id});
  }
  for (const auto& p : to_add) {
    insert_member(db_, pkg->id, p.id, role, w, day);
    record_change(db_, actor_, "package.add", "package", code,
                  membership_detail(p.number, role, w, day, out.family));
    out.added.push_back(p.number);
  }
  tx.commit();
  return out;
}

Status PackageService::remove_member(const std::string& code, const std::string& raw_number, Date day) {
  WriteTransaction tx(db_);
  auto pkg = package_for_change(db_, code);
  if (!pkg) return pkg.error();
  auto ref = resolve_patent(db_, raw_number);
  if (!ref) return ref.error();
  const auto records = load_periods(db_, pkg->id);
  if (auto s = check_can_remove(code, periods_of(records), ref->number, day); !s) return s;
  const long long id = open_record_id(records, ref->number);
  end_member(db_, id, day);
  JsonWriter w;
  w.begin_object().field("patent", ref->number).field("date", day.to_string()).end_object();
  record_change(db_, actor_, "package.remove", "package", code, w.take());
  tx.commit();
  return {};
}

Result<std::int64_t> PackageService::set_weight(const std::string& code, const std::string& raw_number,
                                                std::int64_t weight, Date day) {
  WriteTransaction tx(db_);
  auto pkg = package_for_change(db_, code);
  if (!pkg) return pkg.error();
  auto ref = resolve_patent(db_, raw_number);
  if (!ref) return ref.error();
  const auto records = load_periods(db_, pkg->id);
  const auto periods = periods_of(records);
  if (auto s = check_can_reweight(code, periods, ref->number, weight, day); !s) return s.error();
  const Membership old = *open_period(periods, ref->number);
  const long long id = open_record_id(records, ref->number);
  if (old.added_on == day) {
    // Same-day correction: the period has not been in force a day yet.
    const long long w = weight;
    db_.sql() << "UPDATE package_member SET weight = :w WHERE id = :i", soci::use(w), soci::use(id);
  } else {
    end_member(db_, id, day);
    insert_member(db_, pkg->id, ref->id, old.role, weight, day);
  }
  JsonWriter w;
  w.begin_object().field("patent", ref->number).field("from", old.weight).field("to", weight);
  w.field("date", day.to_string()).end_object();
  record_change(db_, actor_, "package.weight", "package", code, w.take());
  tx.commit();
  return old.weight;
}

Result<PackageStatus> PackageService::set_status(const std::string& code, PackageStatus status, Date day) {
  WriteTransaction tx(db_);
  auto pkg = load_package(db_, code, true);
  if (!pkg) return unknown_package(code);
  const PackageStatus old = pkg->summary.status;
  if (auto s = check_status_move(code, old, status); !s) return s.error();
  const std::string word = to_string(status);
  db_.sql() << "UPDATE package SET status = :s WHERE id = :i", soci::use(word), soci::use(pkg->id);
  JsonWriter w;
  w.begin_object().field("from", to_string(old)).field("to", word).field("date", day.to_string());
  w.end_object();
  record_change(db_, actor_, "package.status", "package", code, w.take());
  tx.commit();
  return old;
}

Result<std::vector<PackageMember>> PackageService::members_at(const std::string& code, Date day) {
  auto pkg = load_package(db_, code, false);
  if (!pkg) return unknown_package(code);
  const auto periods = periods_of(load_periods(db_, pkg->id));
  auto members = members_on(periods, day);
  if (members.empty()) {
    std::string why = day < pkg->summary.created_on
                          ? " (it was created on " + pkg->summary.created_on.to_string() + ")"
                          : "";
    return make_error(ErrorKind::kRefused, "no_members",
                      "package " + code + " had no members on " + day.to_string() + why, "date");
  }
  sort_members(members);
  auto shares = allocation_shares(members);
  if (!shares) return shares.error();
  RegistryStore store(db_);
  std::vector<PackageMember> out;
  for (std::size_t i = 0; i < members.size(); ++i) {
    PackageMember m;
    m.application_number = members[i].patent;
    m.role = members[i].role;
    m.weight = members[i].weight;
    m.share = (*shares)[i].share;
    m.added_on = member_since(periods, members[i]);
    m.weight_since = members[i].added_on;
    if (auto p = store.find_patent(m.application_number)) {
      m.title = p->patent.title;
      m.simple_family = p->simple_family;
      m.owners = p->patent.owners;
    }
    out.push_back(std::move(m));
  }
  return out;
}

Result<PackageView> PackageService::show(const std::string& code, Date day) {
  auto pkg = load_package(db_, code, false);
  if (!pkg) return unknown_package(code);
  auto members = members_at(code, day);
  if (!members) return members.error();
  PackageView view;
  view.package = pkg->summary;
  view.at = day;
  for (const auto& m : members.value()) {
    view.total_weight += m.weight;
    ++(m.role == MemberRole::kCore ? view.package.core : view.package.peripheral);
  }
  view.members = std::move(members.value());
  return view;
}

Result<std::vector<MembershipRecord>> PackageService::history(const std::string& code) {
  auto pkg = load_package(db_, code, false);
  if (!pkg) return unknown_package(code);
  return load_periods(db_, pkg->id);
}

namespace {

// Every membership period by package id (patent numbers left empty).
std::map<long long, std::vector<Membership>> load_all_periods(Database& db) {
  std::map<long long, std::vector<Membership>> out;
  long long package_id = 0;
  std::string role, added, removed;
  soci::indicator removed_ind = soci::i_null;
  soci::statement st = (db.sql().prepare << "SELECT package_id, role, added_on, removed_on "
                                            "FROM package_member",
                        soci::into(package_id), soci::into(role), soci::into(added),
                        soci::into(removed, removed_ind));
  st.execute();
  while (st.fetch()) {
    Membership m;
    m.role = stored_enum(parse_member_role, role);
    m.added_on = stored_date(added);
    if (removed_ind == soci::i_ok) m.removed_on = stored_date(removed);
    out[package_id].push_back(m);
  }
  return out;
}

}  // namespace

std::vector<PackageSummary> PackageService::list(std::optional<PackageStatus> status, Date day) {
  auto periods = load_all_periods(db_);
  std::vector<PackageSummary> out;
  PackageRow row;
  std::string status_word, created;
  soci::statement st =
      (db_.sql().prepare << "SELECT id, code, name_en, name_ja, theme, status, created_on "
                            "FROM package",
       soci::into(row.id), soci::into(row.summary.code), soci::into(row.summary.name_en),
       soci::into(row.summary.name_ja), soci::into(row.summary.theme), soci::into(status_word),
       soci::into(created));
  st.execute();
  while (st.fetch()) {
    PackageSummary p = row.summary;
    p.status = stored_enum(parse_package_status, status_word);
    if (status && p.status != *status) continue;
    p.created_on = stored_date(created);
    const RoleCounts counts = count_roles(periods[row.id], day);
    p.core = counts.core;
    p.peripheral = counts.peripheral;
    out.push_back(std::move(p));
  }
  // Byte order of the codes on every backend, whatever the collation.
  std::sort(out.begin(), out.end(),
            [](const PackageSummary& a, const PackageSummary& b) { return a.code < b.code; });
  return out;
}

// ---- Consortia ------------------------------------------------------------

namespace {

Error unknown_consortium(const std::string& code) {
  return make_error(ErrorKind::kNotFound, "unknown_consortium", "unknown consortium code '" + code + "'", "consortium");
}

Error unknown_institution(const std::string& code) {
  return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution code '" + code + "'", "institution");
}

std::optional<ConsortiumMember> find_member(Database& db, long long consortium_id,
                                            const std::string& institution) {
  for (auto& m : load_consortium_members(db, consortium_id)) {
    if (m.institution.code == institution) return m;
  }
  return std::nullopt;
}

void write_nda(JsonWriter& w, const NdaState& nda) {
  w.field("nda_status", to_string(nda.status));
  w.key("nda_date");
  if (nda.on) {
    w.value(nda.on->to_string());
  } else {
    w.null();
  }
}

}  // namespace

Status ConsortiumService::create(const std::string& code, const std::string& package, Date day) {
  if (auto s = check_code("consortium", code); !s) return s;
  WriteTransaction tx(db_);
  if (load_consortium(db_, code)) {
    return make_error(ErrorKind::kConflict, "duplicate_consortium", "consortium " + code + " already exists", "code");
  }
  auto pkg = load_package(db_, package, false);
  if (!pkg) return unknown_package(package);
  if (pkg->summary.status == PackageStatus::kRetired) {
    return make_error(ErrorKind::kRefused, "retired", "package " + package + " is retired: no consortium can form around it",
                      "package");
  }
  if (day < pkg->summary.created_on) {
    return make_error(ErrorKind::kRefused, "before_package", "consortium " + code + " cannot be formed on " +
                                            day.to_string() + ": package " + package +
                                            " was created on " + pkg->summary.created_on.to_string(),
                      "date");
  }
  const std::string created = day.to_string();
  db_.sql() << "INSERT INTO consortium (code, package_id, created_on) VALUES (:c, :p, :d)",
      soci::use(code), soci::use(pkg->id), soci::use(created);
  JsonWriter w;
  w.begin_object().field("package", package).field("date", created).end_object();
  record_change(db_, actor_, "consortium.create", "consortium", code, w.take());
  tx.commit();
  return {};
}

Status ConsortiumService::add_member(const std::string& code, const ConsortiumJoin& join) {
  WriteTransaction tx(db_);
  auto c = load_consortium(db_, code);
  if (!c) return unknown_consortium(code);
  auto inst = load_institution(db_, join.institution);
  if (!inst) return unknown_institution(join.institution);
  if (auto m = find_member(db_, c->id, join.institution)) {
    return make_error(ErrorKind::kConflict, "duplicate_member", "institution " + join.institution +
                                              " is already a member of consortium " + code + " (" +
                                              to_string(m->role) + ", joined " +
                                              m->joined_on.to_string() + ")",
                      "institution");
  }
  if (auto s = check_consortium_role(inst->inst, join.role); !s) return s;
  if (join.joined_on < c->created_on) {
    return make_error(ErrorKind::kRefused, "before_consortium", join.institution + " cannot join consortium " + code +
                                               " on " + join.joined_on.to_string() +
                                               ": it was formed on " + c->created_on.to_string(),
                      "date");
  }
  auto nda = initial_nda(join.institution, join.joined_on, join.nda_status, join.nda_date);
  if (!nda) return nda.error();
  const std::string role = to_string(join.role), joined = join.joined_on.to_string(),
                    nda_status = to_string(nda->status), nda_on = nda->on ? nda->on->to_string() : "";
  soci::indicator nda_ind = nda->on ? soci::i_ok : soci::i_null;
  db_.sql() << "INSERT INTO consortium_member (consortium_id, institution_id, role, joined_on, "
               "nda_status, nda_on) VALUES (:c, :i, :r, :j, :s, :n)",
      soci::use(c->id), soci::use(inst->id), soci::use(role), soci::use(joined),
      soci::use(nda_status), soci::use(nda_on, nda_ind);
  JsonWriter w;
  w.begin_object().field("institution", join.institution).field("role", role).field("joined_on", joined);
  write_nda(w, nda.value());
  w.end_object();
  record_change(db_, actor_, "consortium.add", "consortium", code, w.take());
  tx.commit();
  return {};
}

Result<NdaState> ConsortiumService::set_nda(const std::string& code, const std::string& institution,
                                            NdaStatus status, Date day) {
  WriteTransaction tx(db_);
  auto c = load_consortium(db_, code);
  if (!c) return unknown_consortium(code);
  auto inst = load_institution(db_, institution);
  if (!inst) return unknown_institution(institution);
  auto m = find_member(db_, c->id, institution);
  if (!m) {
    return make_error(ErrorKind::kRefused, "not_member", "institution " + institution + " is not a member of consortium " + code,
                      "institution");
  }
  auto next = next_nda(institution, m->joined_on, m->nda, status, day);
  if (!next) return next.error();
  const std::string word = to_string(next->status), on = next->on->to_string();
  db_.sql() << "UPDATE consortium_member SET nda_status = :s, nda_on = :d "
               "WHERE consortium_id = :c AND institution_id = :i",
      soci::use(word), soci::use(on), soci::use(c->id), soci::use(inst->id);
  JsonWriter w;
  w.begin_object().field("institution", institution).field("from", to_string(m->nda.status));
  w.field("to", word).field("date", on).end_object();
  record_change(db_, actor_, "consortium.nda", "consortium", code, w.take());
  tx.commit();
  return next.value();
}

Result<ConsortiumView> ConsortiumService::show(const std::string& code) {
  auto c = load_consortium(db_, code);
  if (!c) return unknown_consortium(code);
  return ConsortiumView{c->code, c->package, c->created_on, load_consortium_members(db_, c->id)};
}

Result<std::vector<ConsortiumView>> ConsortiumService::list(const std::string& package) {
  if (!package.empty() && !load_package(db_, package, false)) return unknown_package(package);
  std::vector<std::string> codes;
  {
    std::string code, pkg;
    soci::statement st = (db_.sql().prepare << "SELECT c.code, p.code FROM consortium c JOIN package p "
                                               "ON p.id = c.package_id",
                          soci::into(code), soci::into(pkg));
    st.execute();
    while (st.fetch()) {
      if (package.empty() || pkg == package) codes.push_back(code);
    }
  }
  std::sort(codes.begin(), codes.end());
  std::vector<ConsortiumView> out;
  for (const auto& code : codes) out.push_back(show(code).value());
  return out;
}

}  // namespace chizai
