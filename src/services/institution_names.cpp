#include "services/institution_names.h"

#include <algorithm>
#include <map>

#include "core/text.h"
#include "io/json_writer.h"
#include "services/history.h"

namespace chizai {
namespace {

constexpr std::size_t kMaxAliasCharacters = 300;

Error bad_alias(const std::string& message) {
  return make_error(ErrorKind::kInvalid, "bad_alias", message, "alias");
}

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

InstitutionNames::InstitutionNames(Database& db, const text::NameRules& rules) : rules_(rules) {
  InstitutionAliasStore store(db);
  auto add = [&](const std::string& code, const std::string& written) {
    if (trim(written).empty()) return;
    std::string key = rules_.key(written);
    if (key.empty()) return;
    by_key_[key].push_back(entries_.size());
    entries_.push_back({code, written, std::move(key)});
  };
  for (const InstitutionNameRow& r : store.institution_names()) {
    codes_.emplace(r.code, entries_.size());
    add(r.code, r.name_en);
    add(r.code, r.name_ja);
  }
  for (const StoredAlias& a : store.all()) add(a.institution, a.alias);
}

NameResolution InstitutionNames::resolve(std::string_view name) const {
  NameResolution out;
  const std::string written(trim(name));
  if (codes_.count(written) > 0) {
    out.code = written;
    out.matched = written;
    return out;
  }
  const std::string key = rules_.key(written);
  if (auto it = by_key_.find(key); !key.empty() && it != by_key_.end()) {
    std::map<std::string, const Entry*> codes;  // one per institution, in code order
    for (std::size_t i : it->second) codes.emplace(entries_[i].code, &entries_[i]);
    if (codes.size() == 1) {
      out.code = codes.begin()->first;
      out.matched = codes.begin()->second->written;
      return out;
    }
    out.ambiguous = true;
    for (const auto& [code, e] : codes) out.closest.push_back({code, e->written, 1000});
    return out;
  }
  // Unresolved: each institution at its closest name or alias.
  std::map<std::string, NameCandidate> best;
  for (const Entry& e : entries_) {
    const int s = text::similarity_permille(key, e.key);
    auto [it, fresh] = best.emplace(e.code, NameCandidate{e.code, e.written, s});
    if (!fresh && s > it->second.similarity) it->second = {e.code, e.written, s};
  }
  for (auto& [code, c] : best) out.closest.push_back(std::move(c));
  std::stable_sort(out.closest.begin(), out.closest.end(),
                   [](const NameCandidate& a, const NameCandidate& b) { return a.similarity > b.similarity; });
  if (out.closest.size() > kClosest) out.closest.resize(kClosest);
  return out;
}

std::string describe_unresolved(std::string_view name, const NameResolution& r) {
  std::string out = quoted(name) + (r.ambiguous ? " matches more than one institution: "
                                                : " matches no institution; closest: ");
  if (r.closest.empty()) return out + "none (no institution is registered)";
  for (std::size_t i = 0; i < r.closest.size(); ++i) {
    const NameCandidate& c = r.closest[i];
    if (i > 0) out += ", ";
    out += c.code + " (" + c.written + ", " + std::to_string(c.similarity) + "\u2030)";
  }
  return out;
}

Result<std::string> InstitutionAliasService::key_of(const std::string& alias) {
  if (!is_valid_utf8(alias)) return bad_alias("the alias is not valid UTF-8 text");
  const std::string_view written = trim(alias);
  if (written.empty()) return bad_alias("the alias is empty");
  if (utf8_length(written) > kMaxAliasCharacters) {
    return bad_alias("the alias has " + std::to_string(utf8_length(written)) + " characters; at most " +
                     std::to_string(kMaxAliasCharacters) + " are allowed");
  }
  std::string key = text::NameRules::active().key(written);
  if (key.empty()) return bad_alias("the alias " + quoted(written) + " has no letter or digit");
  return key;
}

std::optional<Error> InstitutionAliasService::taken(const std::string& code, const std::string& alias,
                                                    const std::string& key) {
  InstitutionAliasStore store(db_);
  const auto conflict = [&](const std::string& other, const std::string& what) {
    return make_error(ErrorKind::kConflict, "alias_taken",
                      "alias " + quoted(alias) + " (key " + quoted(key) + ") is " + what + " of " + other +
                          "; it cannot also name " + code + " (one name leads to one institution: remove it from " +
                          other + " first, or use a longer alias)",
                      "alias");
  };
  if (auto a = store.by_key(key); a && a->institution != code) {
    return conflict(a->institution, "already the alias " + quoted(a->alias));
  }
  const text::NameRules& rules = text::NameRules::active();
  for (const InstitutionNameRow& r : store.institution_names()) {
    if (r.code == code) continue;
    for (const std::string* name : {&r.name_en, &r.name_ja}) {
      if (!name->empty() && rules.key(*name) == key) return conflict(r.code, "the name " + quoted(*name));
    }
  }
  return std::nullopt;
}

Result<AliasChange> InstitutionAliasService::add(const std::string& code, const std::string& alias) {
  auto key = key_of(alias);
  if (!key) return key.error();
  WriteTransaction tx(db_);
  InstitutionAliasStore store(db_);
  const auto names = store.institution_names();
  if (std::none_of(names.begin(), names.end(), [&](const InstitutionNameRow& r) { return r.code == code; })) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "no institution with code " + quoted(code),
                      "institution");
  }
  const std::string written(trim(alias));
  AliasChange change{code, written, *key, "unchanged"};
  if (auto e = taken(code, written, *key)) return *e;
  if (auto mine = store.by_key(*key)) {
    change.alias = mine->alias;
    tx.commit();
    return change;
  }
  store.insert(code, written, *key, utc_now(), actor_);
  JsonWriter w;
  w.begin_object().field("alias", written).field("key", *key);
  record_change(db_, actor_, "institution.alias_add", "institution", code, w.end_object().take());
  tx.commit();
  change.result = "inserted";
  return change;
}

Result<AliasChange> InstitutionAliasService::remove(const std::string& code, const std::string& alias) {
  auto key = key_of(alias);
  if (!key) return key.error();
  WriteTransaction tx(db_);
  InstitutionAliasStore store(db_);
  const auto mine = store.by_key(*key);
  if (!mine || mine->institution != code) {
    return make_error(ErrorKind::kNotFound, "unknown_alias",
                      code + " has no alias " + quoted(trim(alias)) + " (key " + quoted(*key) + ")", "alias");
  }
  store.remove(code, *key);
  JsonWriter w;
  w.begin_object().field("alias", mine->alias).field("key", *key);
  record_change(db_, actor_, "institution.alias_remove", "institution", code, w.end_object().take());
  tx.commit();
  return AliasChange{code, mine->alias, *key, "removed"};
}

Result<std::vector<StoredAlias>> InstitutionAliasService::list(const std::string& code) {
  ReadSnapshot read(db_);
  InstitutionAliasStore store(db_);
  const auto names = store.institution_names();
  if (std::none_of(names.begin(), names.end(), [&](const InstitutionNameRow& r) { return r.code == code; })) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "no institution with code " + quoted(code),
                      "institution");
  }
  return store.of(code);
}

std::vector<Error> InstitutionAliasService::check_set(const std::string& code, const std::vector<std::string>& aliases,
                                                      std::unordered_map<std::string, std::string>& claimed) {
  std::vector<Error> out;
  for (const std::string& alias : aliases) {
    auto key = key_of(alias);
    if (!key) {
      out.push_back(key.error());
      continue;
    }
    if (auto [it, fresh] = claimed.emplace(*key, code); !fresh && it->second != code) {
      out.push_back(make_error(ErrorKind::kConflict, "alias_taken",
                               "alias " + quoted(trim(alias)) + " (key " + quoted(*key) + ") is claimed by " +
                                   it->second + " earlier in the file; it cannot also name " + code,
                               "aliases"));
      continue;
    }
    if (auto e = taken(code, std::string(trim(alias)), *key)) {
      // Another institution of this file may give the alias up (its
      // record sets its own list): only a stored alias that stays counts.
      out.push_back(*e);
    }
  }
  return out;
}

bool InstitutionAliasService::set(const std::string& code, const std::vector<std::string>& aliases) {
  InstitutionAliasStore store(db_);
  std::map<std::string, std::string> wanted;  // key -> alias as written
  for (const std::string& alias : aliases) {
    auto key = key_of(alias);
    if (key) wanted.emplace(*key, std::string(trim(alias)));
  }
  bool changed = false;
  for (const StoredAlias& a : store.of(code)) {
    if (wanted.erase(a.key) == 0) {
      store.remove(code, a.key);
      changed = true;
    }
  }
  const std::string now = utc_now();
  for (const auto& [key, alias] : wanted) {
    store.insert(code, alias, key, now, actor_);
    changed = true;
  }
  if (changed) {
    JsonWriter w;
    w.begin_object().key("aliases").begin_array();
    for (const std::string& a : aliases) w.value(std::string(trim(a)));
    w.end_array();
    record_change(db_, actor_, "institution.aliases", "institution", code, w.end_object().take());
  }
  return changed;
}

}  // namespace chizai
