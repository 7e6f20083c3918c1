// Words of free text in Japanese, Latin script, or both mixed: what matching
// (TF-IDF terms) and the registry's title search index. Standard library +
// core; Japanese through MeCab (libmecab with the IPA dictionary,
// mecab-ipadic-utf8), loaded once per process.
//
// words() splits text into script runs:
//  - Full-width ASCII is folded to ASCII first ("ＬＥＤ照明" reads "LED照明").
//  - Latin script: a maximal run of letters and digits (ASCII, Latin-1, Latin
//    Extended-A/B, Greek, Cyrillic) is one word, lower-cased. Nothing is
//    dropped here (one-letter words, numbers, English function words are the
//    caller's to filter: see matching/text.h).
//  - Japanese: a maximal run of Japanese characters (CJK ideographs incl.
//    々〆〇, hiragana, katakana incl. ー, half-width katakana) is analysed by
//    MeCab, and its content words are kept: nouns (a noun prefix joined:
//    正+極 → 正極; not pronouns, not dependent nouns such as こと), verbs and adjectives (independent ones,
//    in their dictionary form: 用いた → 用いる), and unknown words. Particles,
//    auxiliaries, conjunctions, symbols and lone hiragana are dropped.
//    「光電変換素子の製造方法」 → 光電 変換 素子 製造 方法.
//  - Everything else (spaces, punctuation, the middle dot ・, invalid UTF-8)
//    separates words. "LED照明" → led, 照明.
//
// Why MeCab and not character bigrams: bigrams index 「ト太」 out of
// 「ペロブスカイト太陽電池」 — fragments a person never searched for and that
// make unrelated titles look alike, and evidence shown to a user must be
// words. MeCab's dictionary segments Japanese into the words people type.
//
// Thread-safe: one MeCab model and tagger per process (both thread-safe),
// one lattice per thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chizai::text {

// The words of `text` in text order; repeats are kept.
// Throws std::runtime_error when the MeCab dictionary cannot be loaded.
std::vector<std::string> words(std::string_view text);

// The longest word the title search keeps, in bytes: a longer one is cut
// there (on a character boundary), the same when a title is indexed and
// when a search is read, so it still finds its title (and fits a
// PostgreSQL b-tree entry).
inline constexpr std::size_t kMaxSearchWordBytes = 200;

// The distinct words of `text` as the registry's title search keeps them:
// words(), each cut to kMaxSearchWordBytes, sorted, without repeats.
// Throws as words() does.
std::vector<std::string> search_words(std::string_view text);

}  // namespace chizai::text
