#include "licensing/fields_of_use.h"

#include <set>

#include "core/text.h"
#include "licensing/agreement.h"

namespace chizai {

extern const char* const kBuiltinFieldsOfUse;  // fields_of_use_builtin.cpp (generated)

namespace {

std::string fold(std::string_view s) { return to_lower_ascii(trim(s)); }

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : "; ") + n;
  return out;
}

Error bad_vocabulary(std::size_t line, const std::string& why) {
  return make_error(ErrorKind::kInvalid, "bad_fields_of_use",
                    cat("fields of use, line ", std::to_string(line), ": ", why));
}

Error bad_field(const FieldsOfUse& v, const std::string& key, const std::string& why) {
  return make_error(ErrorKind::kInvalid, "bad_terms", cat(why, "; the fields of use are: ", join(v.names())),
                    key);
}

}  // namespace

Result<FieldsOfUse> FieldsOfUse::parse(std::string_view text) {
  FieldsOfUse v;
  std::vector<std::size_t> path;  // the index of the last field at each depth
  std::size_t number = 0;
  for (const std::string_view raw : split(text, '\n')) {
    ++number;
    const std::string_view name = trim(raw);
    if (name.empty() || name[0] == '#') continue;
    const std::size_t indent = raw.find_first_not_of(' ');
    if (indent % 2 != 0) return bad_vocabulary(number, "indent by two spaces a level");
    const std::size_t depth = indent / 2;
    if (depth > path.size() || (depth == 0 && !path.empty()) || (path.empty() && depth != 0)) {
      return bad_vocabulary(number, depth == 0 ? "a second root" : "a field deeper than one level below the one before");
    }
    if (!v.by_name_.emplace(fold(name), v.names_.size()).second) {
      return bad_vocabulary(number, cat("'", std::string(name), "' is given twice"));
    }
    path.resize(depth);
    v.parent_.push_back(path.empty() ? v.names_.size() : path.back());
    path.push_back(v.names_.size());
    v.names_.emplace_back(name);
  }
  if (v.names_.empty()) return bad_vocabulary(number, "no root field");
  return v;
}

const FieldsOfUse& FieldsOfUse::builtin() {
  static const FieldsOfUse vocabulary = FieldsOfUse::parse(kBuiltinFieldsOfUse).value();
  return vocabulary;
}

std::optional<std::size_t> FieldsOfUse::index(std::string_view name) const {
  auto it = by_name_.find(fold(name));
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> FieldsOfUse::find(std::string_view name) const {
  auto i = index(name);
  if (!i) return std::nullopt;
  return names_[*i];
}

bool FieldsOfUse::contains(std::string_view outer, std::string_view inner) const {
  auto o = index(outer), i = index(inner);
  if (!o || !i) return fold(outer) == fold(inner);
  for (std::size_t at = *i;; at = parent_[at]) {
    if (at == *o) return true;
    if (parent_[at] == at) return false;
  }
}

bool FieldsOfUse::overlap(std::string_view a, std::string_view b) const { return contains(a, b) || contains(b, a); }

Status check_fields_of_use(const FieldsOfUse& vocabulary, AgreementTerms& terms) {
  auto field = vocabulary.find(terms.field);
  if (!field) return bad_field(vocabulary, "field", cat("unknown field of use '", terms.field, "'"));
  terms.field = *field;
  if (!terms.reserved_fields.empty() && !terms.exclusive) {
    return bad_field(vocabulary, "reserved_fields", "only an exclusive licence reserves fields");
  }
  std::set<std::string> seen;
  for (std::string& reserved : terms.reserved_fields) {
    auto known = vocabulary.find(reserved);
    if (!known) return bad_field(vocabulary, "reserved_fields", cat("unknown field of use '", reserved, "'"));
    if (*known == terms.field || !vocabulary.contains(terms.field, *known)) {
      return bad_field(vocabulary, "reserved_fields",
                       cat("reserved field '", *known, "' is not a part of the field '", terms.field, "'"));
    }
    if (!seen.insert(*known).second) {
      return bad_field(vocabulary, "reserved_fields", cat("reserved field '", *known, "' is listed twice"));
    }
    reserved = *known;
  }
  return {};
}

}  // namespace chizai
