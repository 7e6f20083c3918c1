// Organisation names to keys: see names.h for the steps.
#include "text/names.h"

#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "core/text.h"

namespace chizai {
extern const char* const kBuiltinInstitutionNames;
}

namespace chizai::text {
namespace {

// Decodes UTF-8; a byte that does not start a well-formed sequence is read
// as U+FFFD.
std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    if (b < 0x80) {
      len = 1;
    } else if ((b >> 5) == 0x6) {
      len = 2;
    } else if ((b >> 4) == 0xE) {
      len = 3;
    } else if ((b >> 3) == 0x1E) {
      len = 4;
    }
    if (len == 0 || i + len > s.size() || !is_valid_utf8(s.substr(i, len))) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    const unsigned lead_mask = len == 1 ? 0x7Fu : len == 2 ? 0x1Fu : len == 3 ? 0x0Fu : 0x07u;
    auto cp = static_cast<char32_t>(b & lead_mask);
    for (std::size_t k = 1; k < len; ++k) {
      cp = static_cast<char32_t>((cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu));
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string to_utf8(const std::vector<char32_t>& cps) {
  std::string out;
  for (char32_t cp : cps) append_utf8(out, cp);
  return out;
}

// Half-width katakana U+FF61..U+FF9D and their full-width forms.
constexpr std::u32string_view kHalfWidthKana =
    U"。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

// The voiced (dakuten) form of a full-width katakana, or 0.
char32_t voiced(char32_t cp) {
  if (cp == U'ウ') return U'ヴ';
  if (cp >= U'カ' && cp <= U'チ' && (cp - U'カ') % 2 == 0) return cp + 1;
  if (cp == U'ツ' || cp == U'テ' || cp == U'ト') return cp + 1;
  if (cp >= U'ハ' && cp <= U'ホ' && (cp - U'ハ') % 3 == 0) return cp + 1;
  return 0;
}

// The semi-voiced (handakuten) form: ハ行 only.
char32_t semi_voiced(char32_t cp) {
  if (cp >= U'ハ' && cp <= U'ホ' && (cp - U'ハ') % 3 == 0) return cp + 2;
  return 0;
}

bool is_dash(char32_t cp) {
  return (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212;
}

// Step 1 and 2 on code points.
std::vector<char32_t> fold(std::string_view s) {
  std::vector<char32_t> out;
  for (char32_t cp : code_points(s)) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
    if (cp == 0x3000) cp = U' ';
    if (cp == 0x3231 || cp == 0x3232) {  // ㈱ ㈲
      out.push_back(U'(');
      out.push_back(cp == 0x3231 ? U'株' : U'有');
      out.push_back(U')');
      continue;
    }
    if (cp >= 0xFF61 && cp <= 0xFF9D) {
      cp = kHalfWidthKana[cp - 0xFF61];
    } else if (cp == 0xFF9E || cp == 0xFF9F) {  // ﾞ ﾟ join the kana before
      const char32_t joined = out.empty() ? 0 : (cp == 0xFF9E ? voiced(out.back()) : semi_voiced(out.back()));
      if (joined != 0) {
        out.back() = joined;
      } else {
        out.push_back(cp == 0xFF9E ? U'゛' : U'゜');
      }
      continue;
    }
    if (is_dash(cp)) cp = U'-';
    if (cp >= U'A' && cp <= U'Z') cp += U'a' - U'A';
    out.push_back(cp);
  }
  return out;
}

bool is_word_character(char32_t cp) {
  if ((cp >= U'a' && cp <= U'z') || (cp >= U'0' && cp <= U'9')) return true;
  if (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) return true;  // Latin-1, Extended-A/B
  if (cp >= 0x370 && cp <= 0x4FF) return true;                             // Greek, Cyrillic
  if (cp >= 0x3041 && cp <= 0x30FA) return true;                           // kana (not ・)
  if (cp == 0x30FC || cp == 0x3005 || cp == 0x3006 || cp == 0x3007) return true;  // ー 々 〆 〇
  if (cp >= 0x3400 && cp <= 0x9FFF) return true;                           // CJK ideographs
  if (cp >= 0xF900 && cp <= 0xFAFF) return true;
  if (cp >= 0xAC00 && cp <= 0xD7A3) return true;  // Hangul
  return false;
}

std::vector<std::string> words_of(const std::vector<char32_t>& cps) {
  std::vector<std::string> out;
  std::string cur;
  for (char32_t cp : cps) {
    if (is_word_character(cp)) {
      append_utf8(cur, cp);
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string replace_all(std::string_view s, std::string_view from) {
  std::string out;
  for (std::size_t at = s.find(from); at != std::string_view::npos; at = s.find(from)) {
    out.append(s.substr(0, at)).append(" ");
    s.remove_prefix(at + from.size());
  }
  return out.append(s);
}

std::mutex& active_mutex() {
  static std::mutex m;
  return m;
}

std::shared_ptr<const NameRules>& active_rules() {
  static std::shared_ptr<const NameRules> rules;
  return rules;
}

}  // namespace

std::string fold_width_and_case(std::string_view s) { return to_utf8(fold(s)); }

Result<NameRules> NameRules::parse(std::string_view text) {
  NameRules rules;
  std::size_t line_no = 0;
  for (std::string_view line : split(text, '\n')) {
    ++line_no;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    const std::string_view directive = line.substr(0, line.find_first_of(" \t"));
    const std::string_view rest = trim(line.substr(directive.size()));
    const auto bad = [&](const std::string& why) {
      return make_error(ErrorKind::kInvalid, "bad_name_rules",
                        "institution name rules, line " + std::to_string(line_no) + ": " + why, "institution_names");
    };
    if (rest.empty()) return bad("'" + std::string(directive) + "' without its words");
    const std::string folded = fold_width_and_case(rest);
    if (directive == "legal") {
      if (is_ascii(folded)) {
        auto seq = words_of(fold(folded));
        if (seq.empty()) return bad("the legal form '" + std::string(rest) + "' has no letters");
        rules.latin_legal_.push_back(std::move(seq));
      } else {
        rules.japanese_legal_.push_back(folded);
      }
    } else if (directive == "ignore") {
      for (auto& word : words_of(fold(folded))) rules.ignored_.push_back(std::move(word));
    } else if (directive == "abbrev") {
      auto seq = words_of(fold(folded));
      if (seq.size() != 2) return bad("abbrev takes two words, SHORT LONG: '" + std::string(rest) + "'");
      rules.abbreviations_.emplace_back(seq[0], seq[1]);
    } else {
      return bad("unknown directive '" + std::string(directive) + "' (use legal, ignore or abbrev)");
    }
  }
  std::stable_sort(rules.latin_legal_.begin(), rules.latin_legal_.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  std::stable_sort(rules.japanese_legal_.begin(), rules.japanese_legal_.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return rules;
}

const NameRules& NameRules::builtin() {
  static const NameRules rules = [] {
    auto r = parse(kBuiltinInstitutionNames);
    if (!r) throw std::runtime_error(r.error().message);
    return std::move(*r);
  }();
  return rules;
}

const NameRules& NameRules::active() {
  std::lock_guard<std::mutex> lock(active_mutex());
  const auto& rules = active_rules();
  return rules ? *rules : builtin();
}

void NameRules::use(NameRules rules) {
  std::lock_guard<std::mutex> lock(active_mutex());
  // The old rules are kept alive: a caller may still hold a reference.
  static std::vector<std::shared_ptr<const NameRules>> retired;
  if (active_rules()) retired.push_back(active_rules());
  active_rules() = std::make_shared<const NameRules>(std::move(rules));
}

std::string NameRules::key(std::string_view name) const {
  std::string folded = fold_width_and_case(name);
  for (const std::string& form : japanese_legal_) folded = replace_all(folded, form);
  std::vector<std::string> words = words_of(code_points(folded));
  if (words.empty()) words = words_of(fold(name));  // only a Japanese legal form
  for (std::string& w : words) {
    for (const auto& [shorter, longer] : abbreviations_) {
      if (w == shorter) w = longer;
    }
  }
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < words.size();) {
    std::size_t skip = 0;
    for (const auto& form : latin_legal_) {
      if (i + form.size() <= words.size() && std::equal(form.begin(), form.end(), words.begin() + static_cast<std::ptrdiff_t>(i))) {
        skip = form.size();
        break;
      }
    }
    if (skip == 0 && std::find(ignored_.begin(), ignored_.end(), words[i]) != ignored_.end()) skip = 1;
    if (skip == 0) kept.push_back(words[i]);
    i += skip == 0 ? 1 : skip;
  }
  if (kept.empty()) kept = words;  // a name that is only a legal form keeps its words
  std::string out;
  for (const std::string& w : kept) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::vector<char32_t> x = code_points(a), y = code_points(b);
  std::vector<std::size_t> row(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= x.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[y.size()];
}

int similarity_permille(std::string_view a, std::string_view b) {
  const std::size_t longer = std::max(code_points(a).size(), code_points(b).size());
  if (longer == 0) return 1000;
  const std::size_t d = edit_distance(a, b);
  return static_cast<int>((1000 * (longer - d)) / longer);
}

}  // namespace chizai::text
