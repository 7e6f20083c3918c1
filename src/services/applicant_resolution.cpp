#include "services/applicant_resolution.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace chizai {

ApplicantResolver::ApplicantResolver(const std::vector<Institution>& institutions, const InstitutionNames* names)
    : names_(names) {
  for (const auto& inst : institutions) add(inst);
}

void ApplicantResolver::add(const Institution& inst) {
  institutions_.push_back(inst);
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

std::string ApplicantResolver::match(const std::string& name) const {
  const auto it = by_key_.find(fold(name));
  if (it != by_key_.end()) return it->second;
  if (names_ == nullptr) return {};
  const NameResolution r = names_->resolve(name);
  return r.resolved() ? r.code : std::string();
}

namespace {
std::set<std::string> words_of(const std::string& folded) {
  std::set<std::string> out;
  std::istringstream in(folded);
  std::string w;
  while (in >> w) {
    w.erase(std::remove_if(w.begin(), w.end(), [](char c) { return c == ',' || c == '.' || c == '(' || c == ')'; }),
            w.end());
    if (!w.empty()) out.insert(w);
  }
  return out;
}
}  // namespace

std::vector<std::string> ApplicantResolver::closest(const std::string& name) const {
  if (names_ != nullptr) {
    // The name rules' candidates: by edit distance between keys, with the
    // name or alias that came closest and its similarity.
    std::vector<std::string> out;
    for (const NameCandidate& c : names_->resolve(name).closest) {
      out.push_back(c.code + " (" + c.written + ", " + std::to_string(c.similarity) + "\u2030)");
    }
    return out;
  }
  const auto words = words_of(fold(name));
  std::vector<std::pair<std::size_t, const Institution*>> scored;
  for (const auto& inst : institutions_) {
    std::size_t best = 0;
    for (const std::string* key : {&inst.name_en, &inst.name_ja, &inst.code}) {
      const auto other = words_of(fold(*key));
      std::size_t shared = 0;
      for (const auto& w : other) shared += words.count(w);
      best = std::max(best, shared);
    }
    if (best > 0) scored.emplace_back(best, &inst);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < 3; ++i) {
    out.push_back(scored[i].second->code + " (" + scored[i].second->name_en + ")");
  }
  return out;
}

ApplicantResolution ApplicantResolver::resolve(const std::vector<std::vector<std::string>>& names) const {
  ApplicantResolution r;
  for (const auto& spellings : names) {
    std::string code;
    for (const auto& s : spellings) {
      code = match(s);
      if (!code.empty()) break;
    }
    r.codes.push_back(code);
    if (code.empty() && !spellings.empty()) {
      const bool seen = std::any_of(r.unresolved.begin(), r.unresolved.end(),
                                    [&](const UnresolvedName& u) { return u.name == spellings.front(); });
      if (!seen) r.unresolved.push_back({spellings.front(), closest(spellings.front())});
    }
  }
  return r;
}

}  // namespace chizai
