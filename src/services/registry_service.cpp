#include "services/registry_service.h"

#include "services/institution_names.h"
#include "store/number_lookup_store.h"

#include <cctype>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "graph/families.h"
#include <simdjson.h>

#include "io/registry_json.h"
#include "services/history.h"
#include "registry/numbers.h"
#include "registry/validate.h"
#include "text/words.h"

namespace chizai {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void add_problems(ImportReport& report, std::size_t line, const std::string& key,
                  const std::vector<FieldError>& errors) {
  for (const auto& e : errors) report.problems.push_back({line, key, e.field, e.reason, e.code});
}

// What an import does with one valid record, given what is stored.
template <class Insert, class Update>
void upsert(ImportReport& report, std::unordered_map<std::string, ExistingRecord>& index,
            const std::string& key, const std::string& hash, Insert insert, Update update) {
  auto it = index.find(key);
  if (it == index.end()) {
    index.emplace(key, ExistingRecord{insert(), hash});
    ++report.inserted;
  } else if (it->second.hash == hash) {
    ++report.unchanged;
  } else {
    update(it->second.id);
    it->second.hash = hash;
    ++report.updated;
  }
}

// Runs an import: `each` is fed one parsed record at a time and returns the
// problems with it (empty = valid, written). Commits only when every record
// was valid, or when skip_invalid is set.
template <class T, class Read, class Write>
ImportReport run_import(Database& db, const ImportOptions& opt, Read read, Write write,
                        const std::function<void(ImportReport&)>& before_commit) {
  const auto start = Clock::now();
  ImportReport report;
  WriteTransaction tx(db);
  bool writing = true;
  read([&](ParsedRecord<T>&& r) {
    ++report.read;
    if (opt.progress && report.read % 10000 == 0) opt.progress(report.read);
    const std::size_t before = report.problems.size();
    write(r, report, writing);
    if (report.problems.size() != before) {
      ++report.rejected;
      if (!opt.skip_invalid) writing = false;
    }
  });
  if (!writing) {
    tx.rollback();
    report.inserted = report.updated = report.unchanged = 0;
    report.seconds = seconds_since(start);
    return report;
  }
  if (before_commit) before_commit(report);
  tx.commit();
  report.written = true;
  report.seconds = seconds_since(start);
  return report;
}

}  // namespace

std::string describe_problems(const std::vector<RowProblem>& problems, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < problems.size() && i < max; ++i) {
    const RowProblem& p = problems[i];
    if (!out.empty()) out += "; ";
    if (p.line > 0) out += "line " + std::to_string(p.line) + ", ";
    out += p.field.empty() ? std::string("record") : p.field;
    out += ": " + p.reason;
    if (!p.code.empty()) out += " [" + p.code + "]";
  }
  if (problems.size() > max) out += "; … and " + std::to_string(problems.size() - max) + " more";
  return out;
}

namespace {

// The refusal of `inst` when it would change the kind of an institution
// already on record (in `index`) that has records depending on its kind,
// naming them; nothing otherwise.
std::optional<FieldError> kind_change_refusal(RegistryStore& store,
                                              const std::unordered_map<std::string, ExistingRecord>& index,
                                              const Institution& inst) {
  const auto it = index.find(inst.code);
  if (it == index.end()) return std::nullopt;
  const auto existing = store.find_institution(inst.code);
  if (!existing || existing->kind == inst.kind) return std::nullopt;
  const auto history = store.institution_history(it->second.id);
  if (history.empty()) return std::nullopt;
  std::string named;
  for (const auto& h : history) named += (named.empty() ? "" : ", ") + h;
  return FieldError{"kind", "cannot change " + inst.code + "'s kind from " + to_string(existing->kind) + " to " +
                                to_string(inst.kind) + ": it has " + named + " on record"};
}

}  // namespace

ImportReport RegistryService::import_institutions(std::istream& in, FileFormat format,
                                                  const ImportOptions& opt) {
  RegistryStore store(db_);
  std::unordered_map<std::string, ExistingRecord> index;
  std::unordered_map<std::string, std::size_t> first_line;
  InstitutionAliasService aliases(db_, opt.scope.actor);
  std::unordered_map<std::string, std::string> claimed;  // alias key -> the code claiming it in this file
  return run_import<Institution>(
      db_, opt,
      [&](auto on_record) {
        index = store.institution_index();
        read_institutions(in, format, on_record);
      },
      [&](ParsedRecord<Institution>& r, ImportReport& report, bool writing) {
        std::vector<FieldError> errors = std::move(r.errors);
        std::string key;
        if (r.record) {
          key = r.record->code;
          errors = validate_institution(*r.record);
          if (auto refusal = kind_change_refusal(store, index, *r.record)) errors.push_back(*refusal);
          auto [it, fresh] = first_line.emplace(key, r.line);
          if (!fresh) {
            errors.push_back({"code", "'" + key + "' appears twice in the file (first on line " +
                                          std::to_string(it->second) + ")"});
          }
        }
        if (r.record && r.record->aliases) {
          for (const Error& e : aliases.check_set(key, *r.record->aliases, claimed)) {
            errors.push_back({"aliases", e.message});
          }
        }
        add_problems(report, r.line, key, errors);
        if (!errors.empty() || !writing) return;
        const Institution& inst = *r.record;
        const std::string hash = content_hash(inst);
        const std::int64_t unchanged = report.unchanged;
        upsert(report, index, key, hash, [&] { return store.insert_institution(inst, hash); },
               [&](long long id) { store.update_institution(id, inst, hash); });
        // The aliases are not in the record's hash: a record whose aliases
        // alone changed is updated.
        if (inst.aliases && aliases.set(key, *inst.aliases) && report.unchanged > unchanged) {
          --report.unchanged;
          ++report.updated;
        }
      },
      {});
}

ImportReport RegistryService::import_patents(std::istream& in, FileFormat format,
                                             const ImportOptions& opt) {
  return import_patent_records([&](const auto& on_record) { read_patents(in, format, on_record); }, opt);
}

ImportReport RegistryService::import_patent_records(const PatentFeed& feed, const ImportOptions& opt,
                                                    const AfterWrite& after) {
  RegistryStore store(db_);
  std::unordered_map<std::string, ExistingRecord> institutions, index;
  std::unordered_map<std::string, std::size_t> first_line;
  auto exists = [&](std::string_view code) {
    return institutions.count(std::string(code)) > 0;
  };
  RegisteredRelatives relatives(store);
  const RelatedFilings related = relatives.view();
  const bool accept_warnings = opt.scope.accept_warnings;
  return run_import<Patent>(
      db_, opt,
      [&](auto on_record) {
        institutions = store.institution_index();
        index = store.patent_index();
        relatives.load_all();
        feed([&](ParsedRecord<Patent>&& r) { on_record(std::move(r)); });
      },
      [&](ParsedRecord<Patent>& r, ImportReport& report, bool writing) {
        std::vector<FieldError> errors = std::move(r.errors);
        std::string key;
        if (!r.record && r.partial) {
          // Every problem on the line: the rules on what could be read.
          for (auto& e : rule_errors_beside(errors, refusing(validate_patent(*r.partial, exists, related),
                                                             accept_warnings))) {
            errors.push_back(std::move(e));
          }
        }
        if (r.record) {
          key = r.record->application_number;
          errors = refusing(validate_patent(*r.record, exists, related), accept_warnings);
          auto [it, fresh] = first_line.emplace(key, r.line);
          if (!fresh) {
            errors.push_back({"application_number",
                              key + " appears twice in the file (first on line " +
                                  std::to_string(it->second) + ")"});
          }
        }
        std::optional<StoredPatent> stored;
        if (errors.empty()) {
          const Patent& p = *r.record;
          if (auto it = index.find(key); it != index.end() && it->second.hash != content_hash(p)) {
            stored = store.find_patent(key);
            if (auto ok = check_replacement(db_, it->second.id, stored->patent, p, opt.scope); !ok) {
              errors.push_back({ok.error().field, ok.error().message});
            }
          }
        }
        add_problems(report, r.line, key, errors);
        if (!errors.empty()) return;
        // Accepted: the records after it are checked against it, written or not.
        relatives.written(*r.record);
        if (!writing) return;
        const Patent& p = *r.record;
        const std::string hash = content_hash(p);
        const std::int64_t written = report.inserted + report.updated;
        upsert(report, index, key, hash,
               [&] { return store.insert_patent(p, hash, institutions); },
               [&](long long id) { store.update_patent(id, p, hash, institutions); });
        if (report.inserted + report.updated != written) {
          record_change(db_, opt.scope.actor, "patent.import", "patent", key,
                        patent_changes_json(stored ? &stored->patent : nullptr, p));
        }
        if (after) after(p, index.at(key).id, report);
      },
      [&](ImportReport& report) {
        store.flush();
        if (report.inserted + report.updated > 0) report.families_changed = refresh_families().changed;
      });
}

Result<std::string> RegistryService::register_institution(const Institution& inst, const std::string& actor) {
  if (auto errors = validate_institution(inst); !errors.empty()) {
    std::vector<RowProblem> problems;
    for (auto& e : errors) problems.push_back({0, inst.code, e.field, e.reason});
    return make_error(ErrorKind::kInvalid, "invalid_institution", describe_problems(problems), errors.front().field);
  }
  RegistryStore store(db_);
  WriteTransaction tx(db_);
  auto index = store.institution_index();
  if (auto refusal = kind_change_refusal(store, index, inst)) {
    return make_error(ErrorKind::kConflict, "kind_has_history", refusal->reason, refusal->field);
  }
  InstitutionAliasService aliases(db_, actor);
  if (inst.aliases) {
    std::unordered_map<std::string, std::string> claimed;
    if (auto errors = aliases.check_set(inst.code, *inst.aliases, claimed); !errors.empty()) {
      return errors.front();
    }
  }
  ImportReport report;
  const std::string hash = content_hash(inst);
  upsert(report, index, inst.code, hash, [&] { return store.insert_institution(inst, hash); },
         [&](long long id) { store.update_institution(id, inst, hash); });
  const bool aliases_changed = inst.aliases && aliases.set(inst.code, *inst.aliases);
  tx.commit();
  if (report.inserted) return std::string("inserted");
  return std::string(report.updated || aliases_changed ? "updated" : "unchanged");
}

namespace {

// The history's record of `p` replacing `stored` (null: a new patent).
void record_patent_change(Database& db, const WriteScope& scope, const char* action, const Patent* stored,
                          const Patent& p) {
  record_change(db, scope.actor, action, "patent", p.application_number, patent_changes_json(stored, p));
}

}  // namespace

Result<std::string> RegistryService::register_patent(const Patent& p, const WriteScope& scope) {
  return write_patent(p, scope, "patent.replace");
}

Result<std::string> RegistryService::write_patent(const Patent& p, const WriteScope& scope, const char* action) {
  RegistryStore store(db_);
  WriteTransaction tx(db_);
  auto institutions = store.institution_index();
  RegisteredRelatives relatives(store);
  const auto errors = refusing(validate_patent(p, [&](std::string_view code) {
    return institutions.count(std::string(code)) > 0;
  }, relatives.view()), scope.accept_warnings);
  if (!errors.empty()) return patent_refusal(p.application_number, errors);
  std::unordered_map<std::string, ExistingRecord> index;
  std::optional<StoredPatent> stored;
  if (auto existing = store.patent_index(); existing.count(p.application_number)) {
    const ExistingRecord& rec = existing.at(p.application_number);
    index.emplace(p.application_number, rec);
    stored = store.find_patent(p.application_number);
    if (auto ok = check_replacement(db_, rec.id, stored->patent, p, scope); !ok) return ok.error();
  }
  ImportReport report;
  const std::string hash = content_hash(p);
  upsert(report, index, p.application_number, hash,
         [&] { return store.insert_patent(p, hash, institutions); },
         [&](long long id) { store.update_patent(id, p, hash, institutions); });
  store.flush();
  if (report.unchanged == 0) {
    refresh_families();
    record_patent_change(db_, scope, stored ? action : "patent.add", stored ? &stored->patent : nullptr, p);
  }
  tx.commit();
  return std::string(report.inserted ? "inserted" : report.updated ? "updated" : "unchanged");
}

Result<std::string> RegistryService::update_patent(const std::string& raw_number, std::string_view changes,
                                                   const WriteScope& scope) {
  const auto stored = lookup_patent(raw_number, "application_number");
  if (!stored) return stored.error();
  const Patent& old = stored->patent;
  auto merged = overlay_patent_json(old, changes);
  if (!merged) return merged.error();
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  if (parser.parse(*merged).get(obj) != simdjson::SUCCESS) {
    return make_error(ErrorKind::kInternal, "invariant_violated", "the updated record is not JSON");
  }
  ParsedRecord<Patent> r = read_patent_object(obj);
  if (!r.record) return patent_refusal(old.application_number, r.errors);
  if (r.record->application_number != old.application_number) {
    return make_error(ErrorKind::kInvalid, "invalid_patent",
                      "application_number " + r.record->application_number + " is not the patent " +
                          old.application_number + " being updated (a number is not changed)",
                      "application_number");
  }
  WriteScope named = scope;
  named.replace = true;  // what the change names it means to change, removals too
  return write_patent(*r.record, named, "patent.update");
}

std::optional<StoredPatent> RegistryService::find_patent(const std::string& raw_number) {
  RegistryStore store(db_);
  if (auto n = normalize_application_number(raw_number); n.ok()) {
    if (auto p = store.find_patent(n->canonical)) return p;
  }
  return store.find_patent(raw_number);
}

namespace {

bool owns(const Patent& p, const std::string& institution) {
  return institution.empty() || std::any_of(p.owners.begin(), p.owners.end(),
                                            [&](const Owner& o) { return o.institution == institution; });
}

Error no_such_patent(const std::string& raw, const std::string& field) {
  return make_error(ErrorKind::kNotFound, "unknown_patent", "no patent with application number '" + raw + "'", field);
}

}  // namespace

namespace {

// Series codes whose applications DOCDB numbers by serial and year (until
// 2001: utility series up to 09, designs 29, provisionals 60).
bool old_form_series(const std::string& series) { return series <= "09" || series == "29" || series == "60"; }

Error ambiguous(const std::string& raw, const std::string& what, const std::vector<StoredPatent>& found,
                const std::string& advice, const std::string& field) {
  std::string names;
  for (const StoredPatent& p : found) names += (names.empty() ? "" : ", ") + p.patent.application_number;
  return make_error(ErrorKind::kConflict, "ambiguous_number",
                    "application number '" + raw + "' (" + what + ") matches " + std::to_string(found.size()) +
                        " registered applications: " + names + "; " + advice,
                    field);
}

}  // namespace

Result<StoredPatent> RegistryService::lookup_patent(const std::string& raw, const std::string& field,
                                                    const std::string& only_institution) {
  RegistryStore store(db_);
  if (const auto us = us_series_form(raw)) {
    NumberLookupStore numbers_store(db_);
    std::vector<std::string> numbers = numbers_store.us_applications_by_series(us->series, us->serial);
    if (old_form_series(us->series)) {
      for (std::string& n : numbers_store.us_old_form_by_serial(us->serial, us->series == "60" ? 'P' : 'A')) {
        numbers.push_back(std::move(n));
      }
    }
    std::vector<StoredPatent> found;
    for (const std::string& number : numbers) {
      auto p = store.find_patent(number);
      if (p && owns(p->patent, only_institution)) found.push_back(std::move(*p));
    }
    if (found.size() == 1) return std::move(found.front());
    if (found.size() > 1) {
      return ambiguous(raw, "US series " + us->series + ", serial " + us->serial + ", no year", found,
                       "give the number with its year", field);
    }
    // No application: 8 US digits are also how a grant number is written
    // (US11147202, US 11,147,202), so try it as one before giving up.
    if (auto published = by_publication(raw, only_institution); !published.empty()) {
      if (published.size() == 1) return std::move(published.front());
      return ambiguous(raw, "a publication or grant number", published, "give the application number", field);
    }
    return no_such_patent(raw, field);
  }
  auto n = normalize_application_number(raw);
  if (n) {
    auto p = store.find_patent(n->canonical);
    if (p && owns(p->patent, only_institution)) return std::move(*p);
  }
  // Not an application number of the registry: a publication or grant
  // number of one (WO 2013/123456 A1, US 6,224,910 B1)?
  if (auto found = by_publication(raw, only_institution); !found.empty()) {
    if (found.size() == 1) return std::move(found.front());
    return ambiguous(raw, "a publication or grant number", found, "give the application number", field);
  }
  if (!n) return with_message(n.error(), n.error().message, field);
  return no_such_patent(raw, field);
}

std::vector<StoredPatent> RegistryService::by_publication(const std::string& raw,
                                                         const std::string& only_institution) {
  std::vector<StoredPatent> found;
  const auto wanted = normalize_publication_number(raw);
  if (!wanted) return found;
  RegistryStore store(db_);
  std::set<std::string> seen;
  for (const PublishedAs& row : NumberLookupStore(db_).by_publication(wanted->key)) {
    const auto stored = normalize_publication_number(row.number);
    if (!stored || stored->key != wanted->key) continue;
    // Another kind is another document; a number stored without its kind
    // (office data keeps the kind with the publication) matches any.
    if (!wanted->kind.empty() && !stored->kind.empty() && stored->kind != wanted->kind) continue;
    if (!seen.insert(row.application_number).second) continue;
    auto p = store.find_patent(row.application_number);
    if (p && owns(p->patent, only_institution)) found.push_back(std::move(*p));
  }
  return found;
}

Result<PatentFilter> read_patent_filter(const PatentQuery& q) {
  const auto bad = [](const std::string& field, const std::string& message) {
    return make_error(ErrorKind::kInvalid, "bad_filter", message, field);
  };
  PatentFilter f;
  f.institution = q.institution;
  if (!q.role.empty()) {
    if (q.role == "owner") {
      f.role = InstitutionRole::kOwner;
    } else if (q.role == "beneficiary") {
      f.role = InstitutionRole::kBeneficiary;
    } else if (q.role != "either") {
      return bad("role", "unknown role '" + q.role + "': use owner, beneficiary or either");
    }
    if (q.institution.empty()) return bad("role", "a role needs an institution (the role it has for the patents)");
  }
  if (!q.status.empty()) {
    if (!parse_patent_status(q.status)) {
      return bad("status", "unknown status '" + q.status + "': use " + allowed_words_patent_status());
    }
    f.status = q.status;
  }
  if (!q.jurisdiction.empty()) {
    std::string code;
    for (char c : q.jurisdiction) code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!is_known_jurisdiction(code)) {
      return bad("jurisdiction", "unknown jurisdiction '" + q.jurisdiction +
                                     "': use an office's two-letter code (JP, US, EP, WO, …)");
    }
    f.jurisdiction = code;
  }
  if (!q.ipc.empty()) {
    f.class_prefix = class_symbol_prefix(q.ipc);
    if (f.class_prefix.empty()) {
      return bad("ipc", "'" + q.ipc + "' is not an IPC/CPC prefix (a section H, class H01, subclass H01L, "
                        "group H01L31 or H01L31/02)");
    }
  }
  for (auto [text, field, out] : {std::tuple{&q.filed_from, "filed_from", &f.filed_from},
                                  std::tuple{&q.filed_to, "filed_to", &f.filed_to}}) {
    if (text->empty()) continue;
    auto d = Date::parse(*text);
    if (!d) return bad(field, "'" + *text + "' is not a filing date (YYYY-MM-DD)");
    *out = *d;
  }
  if (f.filed_from && f.filed_to && *f.filed_to < *f.filed_from) {
    return bad("filed_to", "the filing-date range ends on " + f.filed_to->to_string() + ", before it starts on " +
                               f.filed_from->to_string());
  }
  if (!q.text.empty()) {
    f.title_words = text::search_words(q.text);
    if (f.title_words.empty()) {
      return bad("text", "'" + q.text + "' has no word to search titles for");
    }
    // Each word is one more index lookup in the query: a bound keeps a
    // request from asking for thousands.
    constexpr std::size_t kMostWords = 16;
    if (f.title_words.size() > kMostWords) {
      return bad("text", "the title search has " + std::to_string(f.title_words.size()) +
                             " words; it takes at most " + std::to_string(kMostWords));
    }
  }
  return f;
}

Result<Page<StoredPatent>> RegistryService::list_patents(const PatentFilter& filter,
                                                         const PageRequest& page) {
  RegistryStore store(db_);
  if (!filter.institution.empty() && !store.find_institution(filter.institution)) {
    return make_error(ErrorKind::kNotFound, "unknown_institution",
                      "unknown institution code '" + filter.institution + "'", "institution");
  }
  PatentFilter on_today = filter;
  on_today.as_of = today_local();
  return store.list_patents(on_today, page);
}

Page<Institution> RegistryService::list_institutions(const PageRequest& page) {
  return RegistryStore(db_).list_institutions(page);
}

std::optional<Institution> RegistryService::find_institution(const std::string& code) {
  return RegistryStore(db_).find_institution(code);
}

FamilyRefresh RegistryService::refresh_families() {
  const auto start = Clock::now();
  RegistryStore store(db_);
  std::vector<long long> ids;
  std::vector<RegistryStore::ClaimEdge> edges;
  std::vector<RegistryStore::FamilyIds> stored;
  FamilyInput input;
  store.load_family_graph(ids, input.numbers, input.filing_days, stored, edges);
  std::unordered_map<long long, std::uint32_t> index_of;
  index_of.reserve(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) index_of.emplace(ids[i], static_cast<std::uint32_t>(i));
  input.claims.reserve(edges.size());
  for (auto& e : edges) {
    input.claims.push_back(
        FamilyClaim{index_of.at(e.patent_id), std::move(e.number), e.active, e.continuation_or_divisional});
  }
  const auto compute_start = Clock::now();
  const FamilyAssignment families = compute_families(input);
  FamilyRefresh out;
  out.compute_seconds = seconds_since(compute_start);
  out.applications = static_cast<std::int64_t>(ids.size());
  out.claims = static_cast<std::int64_t>(input.claims.size());
  std::unordered_set<std::uint32_t> simple_reps, extended_reps;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    simple_reps.insert(families.simple[i]);
    extended_reps.insert(families.extended[i]);
    const std::string& simple = input.numbers[families.simple[i]];
    const std::string& extended = input.numbers[families.extended[i]];
    if (stored[i].simple == simple && stored[i].extended == extended) continue;
    store.set_family(ids[i], simple, extended);
    ++out.changed;
  }
  out.simple_families = static_cast<std::int64_t>(simple_reps.size());
  out.extended_families = static_cast<std::int64_t>(extended_reps.size());
  out.total_seconds = seconds_since(start);
  return out;
}

Page<FamilyRow> RegistryService::list_families(const std::string& kind, const PatentFilter& filter,
                                               const PageRequest& page) {
  return RegistryStore(db_).list_families(kind, filter, page);
}

Result<RegistryService::PatentFamilies> RegistryService::families_of(const std::string& raw_number,
                                                                    const std::string& only_institution) {
  auto p = lookup_patent(raw_number, "number", only_institution);
  if (!p) return p.error();
  RegistryStore store(db_);
  PatentFamilies out;
  out.application = p->patent.application_number;
  auto simple = store.family_of("simple", p->simple_family);
  auto extended = store.family_of("extended", p->extended_family);
  out.simple = simple.value_or(FamilyRow{p->simple_family, {out.application}});
  out.extended = extended.value_or(FamilyRow{p->extended_family, {out.application}});
  return out;
}

}  // namespace chizai
