// Terms for TF-IDF: the words of text::words without stop words.
#include "matching/text.h"

#include "core/text.h"
#include "text/words.h"

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

// Generic words of Japanese patent titles: method, device, use, for, its,
// and the light verbs (する, なる, ある, いる, できる). Sorted bytewise.
constexpr std::array<std::string_view, 13> kJapaneseStopWords = {
    "ある", "いる", "こと", "する", "その", "ため", "できる", "なる", "もの", "使用", "方法", "用いる", "装置"};

static_assert(std::ranges::is_sorted(kEnglishStopWords));
static_assert(std::ranges::is_sorted(kJapaneseStopWords));

// A word of Latin script (text::words lower-cased it): its first byte is
// below the three-byte UTF-8 range where Japanese begins.
bool is_latin_word(std::string_view word) { return static_cast<unsigned char>(word.front()) < 0xE0; }

bool is_all_digits(std::string_view word) {
  return word.find_first_not_of("0123456789") == std::string_view::npos;
}

bool is_japanese_stop_word(std::string_view word) {
  return std::ranges::binary_search(kJapaneseStopWords, word);
}

}  // namespace

std::span<const std::string_view> english_stop_words() { return kEnglishStopWords; }

std::span<const std::string_view> japanese_stop_words() { return kJapaneseStopWords; }

bool is_stop_word(std::string_view lower_word) {
  return std::ranges::binary_search(kEnglishStopWords, lower_word);
}

std::vector<std::string> tokenize(std::string_view text) {
  std::vector<std::string> terms = text::words(text);
  std::erase_if(terms, [](const std::string& w) {
    if (!is_latin_word(w)) return is_japanese_stop_word(w);
    return utf8_length(w) < 2 || is_all_digits(w) || is_stop_word(w);
  });
  return terms;
}

}  // namespace chizai::matching
