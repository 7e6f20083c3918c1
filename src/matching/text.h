// Tokenisation for the TF-IDF text similarity of company↔package matching.
// Standard library + core only.
//
// tokenize() turns free text (Japanese, English, or both mixed) into terms:
//  - Full-width ASCII is folded to ASCII first (core fold_fullwidth_ascii), so
//    "ＬＥＤ照明" reads as "LED照明".
//  - Japanese: a maximal run of Japanese characters (CJK ideographs incl. 々〆〇,
//    hiragana, katakana incl. the long vowel mark ー, half-width katakana) gives
//    its overlapping character bigrams: 「リチウムイオン電池」 → リチ チウ ウム ムイ
//    イオ オン ン電 電池. A run of one character is its own token, except a lone
//    hiragana (a particle: の, を, と) or a lone ー, which are dropped. The katakana
//    middle dot ・ and Japanese punctuation separate runs. A few generic patent
//    bigrams (方法, 装置, 及び, …: japanese_stop_bigrams()) are dropped.
//  - Latin script: a maximal run of letters and digits (ASCII, Latin-1, Latin
//    Extended-A/B, Greek, Cyrillic) is one word, lower-cased (ASCII, Latin-1,
//    basic Greek and Cyrillic capitals). Words of one character, words made only
//    of digits, and English stop words (english_stop_words(): function words
//    plus generic patent words such as "method", "device", "apparatus",
//    "system", "program", "use", "thereof", "same") are dropped. No stemming:
//    "battery" and "batteries" are different terms.
//  - Everything else (spaces, punctuation, symbols, invalid UTF-8 bytes)
//    separates tokens. A Latin word and an adjacent Japanese run are separate
//    tokens: "LED照明" → led, 照明.
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
// The Japanese bigrams dropped as generic, sorted (bytewise UTF-8).
std::span<const std::string_view> japanese_stop_bigrams();
// True when a lower-cased Latin word is an English stop word.
bool is_stop_word(std::string_view lower_word);

}  // namespace chizai::matching
