#include "services/package_service.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

#include "core/text.h"
#include "io/json_writer.h"
#include "services/history.h"
#include "services/registry_service.h"
#include "store/lookup.h"
#include "store/registry_store.h"

namespace chizai {
namespace {

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
  auto p = RegistryService(db).lookup_patent(raw);
  if (!p) return p.error().code == "unknown_patent" ? unknown_patent(raw) : p.error();
  auto id = find_patent_id(db, p->patent.application_number);
  if (!id) return unknown_patent(raw);
  return PatentRef{p->patent.application_number, *id};
}

// The package for a membership change, locked, and not retired.
Result<PackageRecord> package_for_change(PackageStore& store, const std::string& code) {
  auto row = store.find_package(code, true);
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
    return make_error(ErrorKind::kRefused, "no_core", "package " + d.code + " needs at least one core patent (core)",
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

// A manual status change must agree with the licences in force on `day`
// (`licences`: those covering the package): `licensed` comes only from an
// exclusive licence, and while one is in force the package stays licensed
// (only retiring it is a manual change).
Status check_follows_licences(const std::string& code, PackageStatus to, const std::vector<PackageLicence>& licences,
                              Date day) {
  const PackageLicence* exclusive = nullptr;
  for (const auto& l : licences) {
    if (l.exclusive) {
      exclusive = &l;
      break;
    }
  }
  if (!exclusive) {
    if (to != PackageStatus::kLicensed) return {};
    return make_error(ErrorKind::kRefused, "no_exclusive_licence",
                      "package " + code + " cannot be set licensed on " + day.to_string() +
                          ": a package is licensed only while an exclusive licence agreement covering it is in "
                          "force, and none is (record the agreement instead; a non-exclusive licence leaves it "
                          "marketed)",
                      "status");
  }
  if (to == PackageStatus::kRetired) return {};
  const std::string by = "the exclusive licence " + exclusive->agreement + " to " + exclusive->licensee + " (" +
                         exclusive->starts_on.to_string() + " .. " + exclusive->ends_on.to_string() + ")";
  if (to == PackageStatus::kLicensed) {
    return make_error(ErrorKind::kRefused, "exclusive_licence_in_force",
                      "package " + code + " is already licensed on " + day.to_string() + " by " + by +
                          ": its licensed status comes from the agreement",
                      "status");
  }
  return make_error(ErrorKind::kRefused, "exclusive_licence_in_force",
                    "package " + code + " cannot be set " + to_string(to) + " on " + day.to_string() +
                        ": it is licensed by " + by + ", and its status follows that licence until it ends",
                    "status");
}

}  // namespace

// ---- Packages -----------------------------------------------------------

Result<PackageSummary> PackageService::create(const PackageDraft& draft) {
  if (auto s = check_draft(draft); !s) return s.error();
  WriteTransaction tx(db_);
  if (store_.find_package(draft.code)) {
    return make_error(ErrorKind::kConflict, "duplicate_package", "package " + draft.code + " already exists", "code");
  }
  std::map<std::string, std::string> seen;
  auto core = resolve_all(db_, draft.core, seen);
  if (!core) return core.error();
  auto peripheral = resolve_all(db_, draft.peripheral, seen);
  if (!peripheral) return peripheral.error();
  store_.insert_package(draft.code, draft.name_en, draft.name_ja, draft.theme, draft.created_on);
  const PackageRecord row = store_.find_package(draft.code).value();
  for (const auto& p : core.value()) store_.insert_member(row.id, p.id, MemberRole::kCore, 1, draft.created_on);
  for (const auto& p : peripheral.value()) {
    store_.insert_member(row.id, p.id, MemberRole::kPeripheral, 1, draft.created_on);
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
  auto pkg = package_for_change(store_, code);
  if (!pkg) return pkg.error();
  auto ref = resolve_patent(db_, raw_number);
  if (!ref) return ref.error();
  const auto periods = periods_of(store_.periods(pkg->id));
  if (auto s = check_can_add(code, pkg->summary.created_on, periods, ref->number, day); !s) {
    return s.error();
  }
  store_.insert_member(pkg->id, ref->id, role, w, day);
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
  auto pkg = package_for_change(store_, code);
  if (!pkg) return pkg.error();
  auto family = RegistryService(db_).families_of(raw_number);
  if (!family && family.error().code != "unknown_patent") return with_message(family.error(), family.error().message, "family");
  if (!family) {
    return make_error(ErrorKind::kNotFound, "unknown_family", "package member from an unknown family: no patent '" +
                                            raw_number + "' in the registry",
                      "family");
  }
  const auto periods = periods_of(store_.periods(pkg->id));
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
    auto id = find_patent_id(db_, number);
    if (!id) return unknown_patent(number);
    to_add.push_back({number, *id});
  }
  for (const auto& p : to_add) {
    store_.insert_member(pkg->id, p.id, role, w, day);
    record_change(db_, actor_, "package.add", "package", code,
                  membership_detail(p.number, role, w, day, out.family));
    out.added.push_back(p.number);
  }
  tx.commit();
  return out;
}

Status PackageService::remove_member(const std::string& code, const std::string& raw_number, Date day) {
  WriteTransaction tx(db_);
  auto pkg = package_for_change(store_, code);
  if (!pkg) return pkg.error();
  auto ref = resolve_patent(db_, raw_number);
  if (!ref) return ref.error();
  const auto records = store_.periods(pkg->id);
  if (auto s = check_can_remove(code, periods_of(records), ref->number, day); !s) return s;
  const long long id = open_record_id(records, ref->number);
  store_.end_member(id, day);
  JsonWriter w;
  w.begin_object().field("patent", ref->number).field("date", day.to_string()).end_object();
  record_change(db_, actor_, "package.remove", "package", code, w.take());
  tx.commit();
  return {};
}

Result<std::int64_t> PackageService::set_weight(const std::string& code, const std::string& raw_number,
                                                std::int64_t weight, Date day) {
  WriteTransaction tx(db_);
  auto pkg = package_for_change(store_, code);
  if (!pkg) return pkg.error();
  auto ref = resolve_patent(db_, raw_number);
  if (!ref) return ref.error();
  const auto records = store_.periods(pkg->id);
  const auto periods = periods_of(records);
  if (auto s = check_can_reweight(code, periods, ref->number, weight, day); !s) return s.error();
  const Membership old = *open_period(periods, ref->number);
  const long long id = open_record_id(records, ref->number);
  if (old.added_on == day) {
    // Same-day correction: the period has not been in force a day yet.
    store_.set_member_weight(id, weight);
  } else {
    store_.end_member(id, day);
    store_.insert_member(pkg->id, ref->id, old.role, weight, day);
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
  auto pkg = store_.find_package(code, true);
  if (!pkg) return unknown_package(code);
  const PackageStatus old = store_.status_on(pkg->id, day);
  if (old != PackageStatus::kRetired) {  // retired is final: check_status_move says so
    if (auto s = check_follows_licences(code, status, store_.licences_in_force(day, code), day); !s) {
      return s.error();
    }
  }
  if (auto s = check_status_move(code, old, status); !s) return s.error();
  store_.set_status(pkg->id, status);
  const std::string word = to_string(status);
  JsonWriter w;
  w.begin_object().field("from", to_string(old)).field("to", word).field("date", day.to_string());
  w.end_object();
  record_change(db_, actor_, "package.status", "package", code, w.take());
  tx.commit();
  return old;
}

Result<std::vector<PackageMember>> PackageService::members_at(const std::string& code, Date day) {
  auto pkg = store_.find_package(code);
  if (!pkg) return unknown_package(code);
  const auto periods = periods_of(store_.periods(pkg->id));
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
  auto pkg = store_.find_package(code);
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
  view.package.status = store_.status_on(pkg->id, day);
  view.licences = store_.licences_in_force(day, code);
  return view;
}

Result<std::vector<MembershipRecord>> PackageService::history(const std::string& code) {
  auto pkg = store_.find_package(code);
  if (!pkg) return unknown_package(code);
  return store_.periods(pkg->id);
}

Page<PackageSummary> PackageService::list(std::optional<PackageStatus> status, Date day,
                                          const PageRequest& page) {
  auto rows = store_.list_packages(status, day, page);
  std::vector<long long> ids;
  for (const auto& row : rows.items) ids.push_back(row.id);
  auto periods = store_.periods_of(ids);
  Page<PackageSummary> out;
  out.next = std::move(rows.next);
  for (auto& row : rows.items) {
    const RoleCounts counts = count_roles(periods[row.id], day);
    row.summary.core = counts.core;
    row.summary.peripheral = counts.peripheral;
    out.items.push_back(std::move(row.summary));
  }
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

std::optional<ConsortiumMember> find_member(PackageStore& store, long long consortium_id,
                                            const std::string& institution) {
  for (auto& m : store.consortium_members(consortium_id)) {
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
  if (store_.find_consortium(code)) {
    return make_error(ErrorKind::kConflict, "duplicate_consortium", "consortium " + code + " already exists", "code");
  }
  auto pkg = store_.find_package(package);
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
  store_.insert_consortium(code, pkg->id, day);
  const std::string created = day.to_string();
  JsonWriter w;
  w.begin_object().field("package", package).field("date", created).end_object();
  record_change(db_, actor_, "consortium.create", "consortium", code, w.take());
  tx.commit();
  return {};
}

Status ConsortiumService::add_member(const std::string& code, const ConsortiumJoin& join) {
  WriteTransaction tx(db_);
  auto c = store_.find_consortium(code);
  if (!c) return unknown_consortium(code);
  const auto institution_id = find_institution_id(db_, join.institution);
  const auto inst = institution_id ? RegistryStore(db_).find_institution(join.institution) : std::nullopt;
  if (!inst) return unknown_institution(join.institution);
  if (auto m = find_member(store_, c->id, join.institution)) {
    return make_error(ErrorKind::kConflict, "duplicate_member", "institution " + join.institution +
                                              " is already a member of consortium " + code + " (" +
                                              to_string(m->role) + ", joined " +
                                              m->joined_on.to_string() + ")",
                      "institution");
  }
  if (auto s = check_consortium_role(*inst, join.role); !s) return s;
  if (join.joined_on < c->created_on) {
    return make_error(ErrorKind::kRefused, "before_consortium", join.institution + " cannot join consortium " + code +
                                               " on " + join.joined_on.to_string() +
                                               ": it was formed on " + c->created_on.to_string(),
                      "date");
  }
  auto nda = initial_nda(join.institution, join.joined_on, join.nda_status, join.nda_date);
  if (!nda) return nda.error();
  store_.insert_consortium_member(c->id, *institution_id, join.role, join.joined_on, nda.value());
  const std::string role = to_string(join.role), joined = join.joined_on.to_string();
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
  auto c = store_.find_consortium(code);
  if (!c) return unknown_consortium(code);
  const auto institution_id = find_institution_id(db_, institution);
  if (!institution_id) return unknown_institution(institution);
  auto m = find_member(store_, c->id, institution);
  if (!m) {
    return make_error(ErrorKind::kRefused, "not_member", "institution " + institution + " is not a member of consortium " + code,
                      "institution");
  }
  auto next = next_nda(institution, m->joined_on, m->nda, status, day);
  if (!next) return next.error();
  store_.set_nda(c->id, *institution_id, next.value());
  const std::string word = to_string(next->status), on = next->on->to_string();
  JsonWriter w;
  w.begin_object().field("institution", institution).field("from", to_string(m->nda.status));
  w.field("to", word).field("date", on).end_object();
  record_change(db_, actor_, "consortium.nda", "consortium", code, w.take());
  tx.commit();
  return next.value();
}

Result<ConsortiumView> ConsortiumService::show(const std::string& code) {
  auto c = store_.find_consortium(code);
  if (!c) return unknown_consortium(code);
  return ConsortiumView{c->code, c->package, c->created_on, store_.consortium_members(c->id)};
}

Result<Page<ConsortiumView>> ConsortiumService::list(const std::string& package, const PageRequest& page) {
  if (!package.empty() && !store_.find_package(package)) return unknown_package(package);
  Page<std::string> codes = store_.list_consortia(package, page);
  Page<ConsortiumView> out;
  out.next = std::move(codes.next);
  for (const auto& code : codes.items) out.items.push_back(show(code).value());
  return out;
}

}  // namespace chizai
