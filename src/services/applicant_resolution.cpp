#include "services/applicant_resolution.h"

#include <algorithm>
#include <optional>

namespace chizai {

ApplicantResolver::ApplicantResolver(const std::vector<Institution>& institutions, const InstitutionNames& names)
    : names_(names) {
  for (const auto& inst : institutions) add(inst);
}

void ApplicantResolver::add(const Institution& inst) {
  for (const std::string* key : {&inst.code, &inst.name_en, &inst.name_ja}) {
    if (!key->empty()) by_key_.emplace(fold(*key), inst.code);
  }
}

std::string ApplicantResolver::fold(const std::string& name) {
  std::string out;
  bool space = false;
  for (char ch : name) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += (u < 0x80) ? static_cast<char>(std::toupper(u)) : ch;
  }
  return out;
}

ApplicantResolution ApplicantResolver::resolve(const std::vector<std::vector<std::string>>& names) const {
  ApplicantResolution r;
  for (const auto& spellings : names) {
    std::string code;
    std::optional<NameResolution> first;  // the preferred spelling's, for the closest institutions
    for (const auto& s : spellings) {
      if (const auto it = by_key_.find(fold(s)); it != by_key_.end()) {
        code = it->second;
        break;
      }
      NameResolution found = names_.resolve(s);
      if (found.resolved()) {
        code = found.code;
        break;
      }
      if (!first) first = std::move(found);
    }
    r.codes.push_back(code);
    if (code.empty() && !spellings.empty()) {
      const bool seen = std::any_of(r.unresolved.begin(), r.unresolved.end(),
                                    [&](const UnresolvedName& u) { return u.name == spellings.front(); });
      if (!seen) {
        // The name rules' candidates: by edit distance between keys, with
        // the name or alias that came closest and its similarity.
        UnresolvedName u{spellings.front(), {}};
        for (const NameCandidate& c : first->closest) {
          u.closest.push_back(c.code + " (" + c.written + ", " + std::to_string(c.similarity) + "\u2030)");
        }
        r.unresolved.push_back(std::move(u));
      }
    }
  }
  return r;
}

}  // namespace chizai
