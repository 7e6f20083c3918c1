#include "services/registry_rules.h"

#include <simdjson.h>

#include <algorithm>
#include <map>
#include <set>

#include "io/json_writer.h"
#include "io/registry_json.h"
#include "services/registry_service.h"
#include "store/aggregation_store.h"
#include "store/ownership_store.h"
#include "store/licensing_store.h"

namespace chizai {
namespace {

// The items of `before` missing from `after`, each as "<what> <item>".
template <class T, class Key>
void add_missing(std::vector<std::string>& out, const char* what, const std::vector<T>& before,
                 const std::vector<T>& after, Key key) {
  std::set<std::string> kept;
  for (const T& t : after) kept.insert(key(t));
  for (const T& t : before) {
    if (!kept.count(key(t))) out.push_back(std::string(what) + " " + key(t));
  }
}

std::string record_json(const Patent& p) {
  JsonWriter w;
  write_patent_json(w, p);
  return w.take();
}

// The members of a JSON object as minified JSON texts, by key.
Result<std::map<std::string, std::string>> members(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  if (parser.parse(json.data(), json.size()).get(obj) != simdjson::SUCCESS) {
    return make_error(ErrorKind::kInvalid, "bad_json", "the change must be a JSON object");
  }
  std::map<std::string, std::string> out;
  for (auto [key, value] : obj) out[std::string(key)] = simdjson::minify(value);
  return out;
}

std::set<std::string> codes(const std::vector<Owner>& owners) {
  std::set<std::string> out;
  for (const Owner& o : owners) out.insert(o.institution);
  return out;
}

Error transfer_required(const std::string& number, const std::string& why) {
  return make_error(ErrorKind::kConflict, "ownership_transfer_required",
                    "the owners of " + number + " cannot be changed by editing the record: " + why +
                        "; an ownership change is an administrator's dated transfer (chizai patent transfer)",
                    "owners");
}

}  // namespace

std::vector<std::string> removed_by(const Patent& stored, const Patent& next) {
  std::vector<std::string> out;
  add_missing(out, "owner", stored.owners, next.owners, [](const Owner& o) { return o.institution; });
  add_missing(out, "inventor", stored.inventors, next.inventors, [](const Inventor& i) { return i.name; });
  add_missing(out, "IPC class", stored.ipc, next.ipc, [](const std::string& c) { return c; });
  if (!stored.title.empty() && next.title.empty()) out.push_back("title");
  if (!stored.title_ja.empty() && next.title_ja.empty()) out.push_back("title_ja");
  if (stored.claims && !next.claims) out.push_back("claims");
  return out;
}

bool owners_differ(const std::vector<Owner>& a, const std::vector<Owner>& b) {
  auto by_code = [](const std::vector<Owner>& owners) {
    std::map<std::string, std::string> out;
    for (const Owner& o : owners) out[o.institution] = o.share.to_string();
    return out;
  };
  return by_code(a) != by_code(b);
}

Status check_replacement(Database& db, long long patent_id, const Patent& stored, const Patent& next,
                         const WriteScope& scope) {
  const std::string& number = stored.application_number;
  const std::set<std::string> before = codes(stored.owners);
  if (!scope.institution.empty() && !before.count(scope.institution)) {
    return make_error(ErrorKind::kForbidden, "not_your_patent",
                      "patent " + number + " is not owned by your institution " + scope.institution, "owners");
  }
  if (!owners_differ(stored.owners, next.owners)) {
    // Fall through to the removal check below.
  } else {
    if (const auto periods = OwnershipStore(db).periods(patent_id); !periods.empty()) {
      return transfer_required(number, "its owners changed by a transfer on " +
                                           periods.back().valid_from.to_string() +
                                           " (owner history); a correction would rewrite that history");
    }
    AggregationStore aggregation(db);
    if (auto agg = aggregation.aggregation(patent_id)) {
      return transfer_required(number, "it is aggregated (" + std::string(to_string(agg->mode)) + " to " +
                                           agg->aggregator + " on " + agg->date.to_string() + ")");
    }
    const std::set<std::string> after = codes(next.owners);
    for (const Consent& c : aggregation.consents(patent_id)) {
      if (!after.count(c.institution)) {
        return transfer_required(number, "owner " + c.institution + " has a recorded consent (" +
                                             to_string(c.scope) + ", " + c.date.to_string() + ")");
      }
    }
    if (!scope.institution.empty()) {
      const bool licensed = !agreements_of(db, patent_id).empty();
      if (before.size() > 1 || licensed) {
        return make_error(ErrorKind::kForbidden, "owner_change_forbidden",
                          "patent " + number + " is " + (before.size() > 1 ? "co-owned" : "licensed") +
                              ": only an administrator changes its owners, by a dated transfer with the owners' "
                              "consent (chizai patent transfer)",
                          "owners");
      }
    }
  }
  if (const auto lost = removed_by(stored, next); !lost.empty() && !scope.replace) {
    std::string list;
    for (const auto& l : lost) list += (list.empty() ? "" : ", ") + l;
    return make_error(ErrorKind::kConflict, "would_remove",
                      "replacing " + number + " would remove " + list +
                          "; give only the fields to change (patent update, PATCH), or replace on purpose "
                          "(--replace, ?replace=true)",
                      "replace");
  }
  return {};
}

std::string patent_changes_json(const Patent* before, const Patent& after) {
  std::map<std::string, std::string> old;
  if (before) old = members(record_json(*before)).value();
  const auto now = members(record_json(after)).value();
  std::set<std::string> keys;
  for (const auto& [k, v] : old) keys.insert(k);
  for (const auto& [k, v] : now) keys.insert(k);
  JsonWriter w;
  w.begin_object();
  for (const std::string& k : keys) {
    auto o = old.find(k);
    auto n = now.find(k);
    const std::string from = o == old.end() ? "null" : o->second;
    const std::string to = n == now.end() ? "null" : n->second;
    if (from == to) continue;
    w.key(k).begin_object().key("from").raw(from).key("to").raw(to).end_object();
  }
  w.end_object();
  return w.take();
}

void RegisteredRelatives::load_all() {
  for (const RegistryStore::ParentClaim& c : store_.parent_claims()) {
    add(c.parent, RegisteredChild{c.number, c.filing_date, c.kind});
  }
  loaded_ = true;
}

void RegisteredRelatives::add(const std::string& parent, const RegisteredChild& child) {
  children_[parent][child.number] = child;
  parents_of_[child.number].push_back(parent);
}

void RegisteredRelatives::written(const Patent& p) {
  written_dates_[p.application_number] = p.filing_date;
  if (auto it = parents_of_.find(p.application_number); it != parents_of_.end()) {
    for (const std::string& parent : it->second) children_[parent].erase(p.application_number);
    parents_of_.erase(it);
  }
  for (const PriorityClaim& c : p.priority_claims) {
    if (c.kind == PriorityKind::kDivisional || c.kind == PriorityKind::kContinuation) {
      add(c.number, RegisteredChild{p.application_number, p.filing_date, c.kind});
    }
  }
}

RelatedFilings RegisteredRelatives::view() {
  RelatedFilings out;
  out.filing_date = [this](const std::string& number) -> std::optional<Date> {
    if (auto it = written_dates_.find(number); it != written_dates_.end()) return it->second;
    return store_.filing_date_of(number);
  };
  out.children = [this](const std::string& number) {
    std::vector<RegisteredChild> children;
    if (!loaded_) {
      for (const auto& c : store_.parent_claims(number)) children.push_back({c.number, c.filing_date, c.kind});
    } else if (auto it = children_.find(number); it != children_.end()) {
      for (const auto& [child, c] : it->second) children.push_back(c);
    }
    return children;
  };
  return out;
}

namespace {

// The error of a refused record whose first error has `code`: each code of
// the consistency checks made here by name (so tests/data/error_codes.tsv
// lists them), any other invalid_patent.
Error coded_invalid(const std::string& code, const std::string& message, const std::string& field) {
  const Error coded[] = {
      make_error(ErrorKind::kInvalid, "number_year_mismatch", {}),
      make_error(ErrorKind::kInvalid, "priority_period_exceeded", {}),
      make_error(ErrorKind::kInvalid, "grant_before_filing", {}),
      make_error(ErrorKind::kInvalid, "grant_date_missing", {}),
      make_error(ErrorKind::kInvalid, "filed_before_parent", {}),
      make_error(ErrorKind::kInvalid, "jurisdiction_mismatch", {}),
  };
  for (const Error& e : coded) {
    if (e.code == code) return with_message(e, message, field);
  }
  return make_error(ErrorKind::kInvalid, "invalid_patent", message, field);
}

}  // namespace

Error patent_refusal(const std::string& number, const std::vector<FieldError>& problems) {
  std::vector<RowProblem> rows;
  for (const FieldError& e : problems) rows.push_back({0, number, e.field, e.reason, e.code});
  const std::string list = describe_problems(rows);
  for (const FieldError& e : problems) {
    if (!e.warning) return coded_invalid(e.code, list, e.field);
  }
  return make_error(ErrorKind::kRefused, "needs_confirmation",
                    "warnings not accepted: " + list,
                    problems.empty() ? std::string() : problems.front().field);
}

Result<std::string> overlay_patent_json(const Patent& stored, std::string_view patch) {
  auto changes = members(patch);
  if (!changes) return changes.error();
  auto merged = members(record_json(stored)).value();
  for (auto& [k, v] : *changes) merged[k] = v;
  JsonWriter w;
  w.begin_object();
  for (const auto& [k, v] : merged) w.key(k).raw(v);
  w.end_object();
  return w.take();
}

}  // namespace chizai
