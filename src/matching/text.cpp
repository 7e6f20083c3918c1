// Tokenisation for TF-IDF: Japanese character bigrams, English words.
#include "matching/text.h"

#include "core/text.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chizai::matching {
namespace {

// Sorted bytewise (static_assert below): binary-searched.
constexpr std::array<std::string_view, 110> kEnglishStopWords = {
    "a", "about", "above", "after", "against", "all", "also", "among", "an", "and",
    "any", "apparatus", "apparatuses", "are", "as", "at", "based", "be", "been",
    "being", "between", "both", "but", "by", "can", "comprising", "consisting",
    "containing", "device", "devices", "during", "each", "either", "for", "from",
    "has", "have", "having", "herein", "in", "including", "into", "is", "it", "its",
    "itself", "least", "made", "making", "may", "means", "method", "methods", "more",
    "new", "not", "novel", "of", "on", "one", "or", "other", "over", "program",
    "programs", "provided", "said", "same", "several", "such", "system", "systems",
    "than", "that", "the", "their", "them", "then", "there", "therefor", "therefore",
    "therein", "thereof", "thereon", "these", "they", "this", "those", "through",
    "thus", "to", "under", "upon", "use", "used", "uses", "using", "via", "was",
    "were", "what", "when", "where", "whereby", "wherein", "which", "while", "with",
    "within", "without"};

// Generic bigrams of Japanese patent titles: method, device, and (及び, および,
// 並びに), use (使用, 用い), for (ため), its (その). Sorted bytewise.
constexpr std::array<std::string_view, 11> kJapaneseStopBigrams = {
    "およ", "その", "ため", "びに", "よび", "並び", "使用", "及び", "方法", "用い", "装置"};

static_assert(std::ranges::is_sorted(kEnglishStopWords));
static_assert(std::ranges::is_sorted(kJapaneseStopBigrams));

enum class Kind { separator, latin, hiragana, japanese };

constexpr char32_t kLongVowelMark = 0x30FC;  // ー

Kind classify(char32_t cp) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')) {
    return Kind::latin;
  }
  if (cp < 0x80) return Kind::separator;
  // Latin-1 letters (not × ÷), Latin Extended-A/B.
  if (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) return Kind::latin;
  // Greek and Coptic letters, Cyrillic.
  if ((cp >= 0x386 && cp <= 0x3FF && cp != 0x387) || (cp >= 0x400 && cp <= 0x481) ||
      (cp >= 0x48A && cp <= 0x52F)) {
    return Kind::latin;
  }
  if (cp >= 0x3041 && cp <= 0x309F) return Kind::hiragana;
  // Katakana without ゠ (U+30A0) and the middle dot ・ (U+30FB), which separate.
  if (cp >= 0x30A1 && cp <= 0x30FF && cp != 0x30FB) return Kind::japanese;
  if (cp >= 0x31F0 && cp <= 0x31FF) return Kind::japanese;  // katakana extensions
  if (cp >= 0xFF66 && cp <= 0xFF9F) return Kind::japanese;  // half-width katakana
  if (cp == 0x3005 || cp == 0x3006 || cp == 0x3007) return Kind::japanese;  // 々〆〇
  if ((cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F)) {
    return Kind::japanese;  // CJK ideographs
  }
  return Kind::separator;
}

char32_t to_lower(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 0x20;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;     // Latin-1
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;  // Greek
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;                 // Cyrillic А-Я
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;                 // Cyrillic Ѐ-Џ
  return cp;
}


struct Decoded {
  char32_t cp = 0;
  std::size_t length = 1;
  bool valid = false;
};

// Decodes the code point at s[i]; an invalid sequence decodes as one invalid byte.
Decoded decode(std::string_view s, std::size_t i) {
  const auto b = [&s](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = b(i);
  if (b0 < 0x80) return {b0, 1, true};
  std::size_t length;
  char32_t cp;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2, cp = b0 & 0x1Fu, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3, cp = b0 & 0x0Fu, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4, cp = b0 & 0x07u, min = 0x10000;
  } else {
    return {};
  }
  if (s.size() - i < length) return {};
  for (std::size_t k = 1; k < length; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (b(i + k) & 0x3Fu);
  }
  if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return {};
  return {cp, length, true};
}

bool is_japanese_stop_bigram(std::string_view bigram) {
  return std::ranges::binary_search(kJapaneseStopBigrams, bigram);
}

class Tokenizer {
 public:
  explicit Tokenizer(std::vector<std::string>& out) : out_(out) {}

  void latin(char32_t cp) {
    flush_japanese();
    append_utf8(word_, to_lower(cp));
    ++word_chars_;
    all_digits_ = all_digits_ && cp >= '0' && cp <= '9';
  }

  void japanese(std::string_view bytes, Kind kind, char32_t cp) {
    flush_latin();
    if (run_.empty()) first_ = {kind, cp};
    run_.push_back(bytes);
  }

  void separator() {
    flush_latin();
    flush_japanese();
  }

 private:
  void flush_latin() {
    if (word_chars_ >= 2 && !all_digits_ && !is_stop_word(word_)) out_.push_back(word_);
    word_.clear();
    word_chars_ = 0;
    all_digits_ = true;
  }

  void flush_japanese() {
    if (run_.size() == 1) {
      if (first_.kind != Kind::hiragana && first_.cp != kLongVowelMark) {
        out_.emplace_back(run_.front());
      }
    } else {
      for (std::size_t i = 0; i + 1 < run_.size(); ++i) {
        std::string bigram(run_[i]);
        bigram.append(run_[i + 1]);
        if (!is_japanese_stop_bigram(bigram)) out_.push_back(std::move(bigram));
      }
    }
    run_.clear();
  }

  struct First {
    Kind kind = Kind::separator;
    char32_t cp = 0;
  };

  std::vector<std::string>& out_;
  std::string word_;
  std::size_t word_chars_ = 0;
  bool all_digits_ = true;
  std::vector<std::string_view> run_;  // the run's characters, as UTF-8 slices
  First first_;
};

}  // namespace

std::span<const std::string_view> english_stop_words() { return kEnglishStopWords; }

std::span<const std::string_view> japanese_stop_bigrams() { return kJapaneseStopBigrams; }

bool is_stop_word(std::string_view lower_word) {
  return std::ranges::binary_search(kEnglishStopWords, lower_word);
}

std::vector<std::string> tokenize(std::string_view text) {
  const std::string folded = fold_fullwidth_ascii(text);
  const std::string_view s = folded;
  std::vector<std::string> tokens;
  Tokenizer tokenizer(tokens);
  std::size_t i = 0;
  while (i < s.size()) {
    const Decoded d = decode(s, i);
    const Kind kind = d.valid ? classify(d.cp) : Kind::separator;
    switch (kind) {
      case Kind::latin:
        tokenizer.latin(d.cp);
        break;
      case Kind::hiragana:
      case Kind::japanese:
        tokenizer.japanese(s.substr(i, d.length), kind, d.cp);
        break;
      case Kind::separator:
        tokenizer.separator();
        break;
    }
    i += d.length;
  }
  tokenizer.separator();
  return tokens;
}

}  // namespace chizai::matching
