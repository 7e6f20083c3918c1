// Words of mixed Japanese/Latin text: script runs; Japanese runs through MeCab.
#include "text/words.h"

#include <mecab.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"

namespace chizai::text {
namespace {

enum class Kind { separator, latin, japanese };

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
  if (cp >= 0x3041 && cp <= 0x309F) return Kind::japanese;  // hiragana
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

// ---- MeCab

struct Analyzer {
  std::unique_ptr<MeCab::Model> model;
  std::unique_ptr<MeCab::Tagger> tagger;
};

// The process's model and tagger (thread-safe for parse(Lattice*)).
const Analyzer& analyzer() {
  static const Analyzer shared = [] {
    Analyzer a;
    a.model.reset(MeCab::createModel(""));
    if (!a.model) {
      throw std::runtime_error(std::string("cannot load the MeCab dictionary (install mecab-ipadic-utf8): ") +
                               MeCab::getLastError());
    }
    a.tagger.reset(a.model->createTagger());
    if (!a.tagger) throw std::runtime_error(std::string("cannot start MeCab: ") + MeCab::getLastError());
    return a;
  }();
  return shared;
}

// The i-th comma-separated field of a MeCab feature string.
std::string_view feature_field(std::string_view feature, std::size_t i) {
  for (; i > 0; --i) {
    const std::size_t comma = feature.find(',');
    if (comma == std::string_view::npos) return {};
    feature.remove_prefix(comma + 1);
  }
  return feature.substr(0, feature.find(','));
}

// A lone hiragana (a particle MeCab did not tag) or only long vowel marks ー.
bool is_noise(std::string_view word) {
  const Decoded d = decode(word, 0);
  if (d.valid && d.length == word.size() && d.cp >= 0x3041 && d.cp <= 0x309F) return true;
  for (std::size_t i = 0; i < word.size(); i += 3) {
    if (word.substr(i, 3) != "ー") return false;
  }
  return true;
}

bool is_noun_prefix(const MeCab::Node& node) {
  const std::string_view feature(node.feature);
  return feature_field(feature, 0) == "接頭詞" && feature_field(feature, 1) == "名詞接続";
}

// The word a MeCab node stands for, or "" when it is not a content word;
// `prefix` is the noun prefix just before it (正 of 正極), joined to a noun.
// IPA dictionary features: POS, POS detail 1-3, conjugation type and form,
// dictionary form, reading, pronunciation.
std::string content_word(const MeCab::Node& node, std::string_view prefix) {
  const std::string_view surface(node.surface, node.length);
  const std::string_view feature(node.feature);
  const std::string_view pos = feature_field(feature, 0);
  const std::string_view detail = feature_field(feature, 1);
  std::string_view word;
  if (pos == "名詞") {
    if (detail == "非自立" || detail == "代名詞") return {};
    if (!prefix.empty()) return std::string(prefix) + std::string(surface);
    if (is_noise(surface)) return {};
    word = surface;
  } else if (pos == "動詞" || pos == "形容詞") {
    if (detail != "自立") return {};
    const std::string_view base = feature_field(feature, 6);
    word = base.empty() || base == "*" ? surface : base;
  } else if (node.stat == MECAB_UNK_NODE) {
    word = surface;
  } else {
    return {};
  }
  if (word.empty() || is_noise(word)) return {};
  return std::string(word);
}

void japanese_words(std::string_view run, std::vector<std::string>& out) {
  const Analyzer& a = analyzer();
  thread_local std::unique_ptr<MeCab::Lattice> lattice;
  if (!lattice) lattice.reset(a.model->createLattice());
  lattice->set_sentence(run.data(), run.size());
  if (!a.tagger->parse(lattice.get())) {
    throw std::runtime_error(std::string("MeCab could not analyse a text: ") + lattice->what());
  }
  std::string_view prefix;
  for (const MeCab::Node* n = lattice->bos_node(); n; n = n->next) {
    if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE) continue;
    if (is_noun_prefix(*n)) {
      prefix = std::string_view(n->surface, n->length);
      continue;
    }
    if (std::string w = content_word(*n, prefix); !w.empty()) out.push_back(std::move(w));
    prefix = {};
  }
  lattice->clear();
}

}  // namespace

std::vector<std::string> words(std::string_view input) {
  const std::string folded = fold_fullwidth_ascii(input);
  const std::string_view s = folded;
  std::vector<std::string> out;
  std::string latin;
  std::size_t run_begin = 0, run_end = 0;  // the current Japanese run
  const auto flush = [&] {
    if (!latin.empty()) out.push_back(std::move(latin));
    latin.clear();
    if (run_end > run_begin) japanese_words(s.substr(run_begin, run_end - run_begin), out);
    run_begin = run_end = 0;
  };
  std::size_t i = 0;
  while (i < s.size()) {
    const Decoded d = decode(s, i);
    const Kind kind = d.valid ? classify(d.cp) : Kind::separator;
    if (kind == Kind::latin) {
      if (run_end > run_begin) flush();
      append_utf8(latin, to_lower(d.cp));
    } else if (kind == Kind::japanese) {
      if (!latin.empty()) flush();
      if (run_end == run_begin) run_begin = i;
      run_end = i + d.length;
    } else {
      flush();
    }
    i += d.length;
  }
  flush();
  return out;
}

std::vector<std::string> search_words(std::string_view text) {
  std::vector<std::string> out = words(text);
  for (std::string& w : out) {
    if (w.size() <= kMaxSearchWordBytes) continue;
    std::size_t cut = kMaxSearchWordBytes;
    while (cut > 0 && (static_cast<unsigned char>(w[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    w.resize(cut);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace chizai::text
