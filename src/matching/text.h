// Terms for the TF-IDF text similarity of company↔package matching.
// Standard library + core + text (MeCab).
//
// tokenize() is text::words (text/words.h: Latin words lower-cased, Japanese
// words from MeCab, "LED照明" → led, 照明) without what says nothing about a
// technology:
//  - Latin words of one character, words made only of digits, and English
//    stop words (english_stop_words(): function words plus generic patent
//    words such as "method", "device", "apparatus", "system", "program",
//    "use", "thereof", "same"). No stemming: "battery" and "batteries" are
//    different terms.
//  - Japanese stop words (japanese_stop_words(): 方法, 装置, 使用, 用いる and
//    light verbs such as する, なる).
// 「リチウムイオン電池の製造方法」 → リチウム イオン 電池 製造.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chizai::matching {

// The terms of `text` in text order; repeats are kept (they are the term
// frequencies).
std::vector<std::string> tokenize(std::string_view text);

// The English stop words, lower case, sorted (bytewise).
std::span<const std::string_view> english_stop_words();
// The Japanese words dropped as generic, sorted (bytewise UTF-8).
std::span<const std::string_view> japanese_stop_words();
// True when a lower-cased Latin word is an English stop word.
bool is_stop_word(std::string_view lower_word);

}  // namespace chizai::matching
