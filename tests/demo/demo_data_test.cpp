// Tests for the deterministic demo-data generator. The files are read back
// with a small strict JSON parser written here, so the test does not depend
// on the project's I/O code.
#include "demo/demo_data.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace chizai {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// A strict little JSON parser: objects (member order kept), arrays, strings,
// integers, true/false/null. No fractions or exponents (the generator writes
// none).

struct Json {
  enum class Type { kNull, kBool, kInt, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  long long integer = 0;
  std::string string;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;

  const Json* find(std::string_view key) const {
    for (const auto& [k, v] : members) {
      if (k == key) return &v;
    }
    return nullptr;
  }
  bool has(std::string_view key) const { return find(key) != nullptr; }
  // The string member `key`, or "" when absent or not a string.
  std::string str(std::string_view key) const {
    const Json* v = find(key);
    return v != nullptr && v->type == Type::kString ? v->string : std::string();
  }
  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const auto& m : members) out.push_back(m.first);
    return out;
  }
};

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : t_(text) {}

  // Parses exactly one value, with only whitespace around it.
  bool parse(Json& out) {
    skip_ws();
    if (!value(out, 0)) return false;
    skip_ws();
    return pos_ == t_.size();
  }

 private:
  bool value(Json& out, int depth) {
    if (depth > 32 || pos_ >= t_.size()) return false;
    const char c = t_[pos_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      out.type = Json::Type::kString;
      return string(out.string);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number(out);
    if (literal("true")) {
      out.type = Json::Type::kBool;
      out.boolean = true;
      return true;
    }
    if (literal("false")) {
      out.type = Json::Type::kBool;
      return true;
    }
    if (literal("null")) return true;
    return false;
  }

  bool object(Json& out, int depth) {
    out.type = Json::Type::kObject;
    ++pos_;
    skip_ws();
    if (peek('}')) return true;
    for (;;) {
      skip_ws();
      std::string key;
      if (pos_ >= t_.size() || t_[pos_] != '"' || !string(key)) return false;
      for (const auto& m : out.members) {
        if (m.first == key) return false;  // duplicate key
      }
      skip_ws();
      if (!peek(':')) return false;
      skip_ws();
      Json v;
      if (!value(v, depth + 1)) return false;
      out.members.emplace_back(std::move(key), std::move(v));
      skip_ws();
      if (peek('}')) return true;
      if (!peek(',')) return false;
    }
  }

  bool array(Json& out, int depth) {
    out.type = Json::Type::kArray;
    ++pos_;
    skip_ws();
    if (peek(']')) return true;
    for (;;) {
      skip_ws();
      Json v;
      if (!value(v, depth + 1)) return false;
      out.items.push_back(std::move(v));
      skip_ws();
      if (peek(']')) return true;
      if (!peek(',')) return false;
    }
  }

  bool string(std::string& out) {
    ++pos_;  // opening quote
    while (pos_ < t_.size()) {
      const char c = t_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= t_.size()) return false;
      const char e = t_[pos_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          if (pos_ + 4 > t_.size()) return false;
          unsigned cp = 0;
          for (int i = 0; i < 4; ++i) {
            const char h = t_[pos_++];
            cp <<= 4;
            if (h >= '0' && h <= '9') cp |= static_cast<unsigned>(h - '0');
            else if (h >= 'a' && h <= 'f') cp |= static_cast<unsigned>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') cp |= static_cast<unsigned>(h - 'A' + 10);
            else return false;
          }
          if (cp >= 0x80) return false;  // the generator only escapes ASCII
          out.push_back(static_cast<char>(cp));
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

  bool number(Json& out) {
    out.type = Json::Type::kInt;
    const std::size_t start = pos_;
    if (t_[pos_] == '-') ++pos_;
    if (pos_ >= t_.size() || t_[pos_] < '0' || t_[pos_] > '9') return false;
    if (t_[pos_] == '0' && pos_ + 1 < t_.size() && t_[pos_ + 1] >= '0' && t_[pos_ + 1] <= '9') {
      return false;  // leading zero
    }
    while (pos_ < t_.size() && t_[pos_] >= '0' && t_[pos_] <= '9') ++pos_;
    if (pos_ < t_.size() && (t_[pos_] == '.' || t_[pos_] == 'e' || t_[pos_] == 'E')) return false;
    const std::string digits(t_.substr(start, pos_ - start));
    if (digits.size() > 18) return false;
    out.integer = std::stoll(digits);
    return true;
  }

  bool literal(std::string_view word) {
    if (t_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  bool peek(char c) {
    if (pos_ < t_.size() && t_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void skip_ws() {
    while (pos_ < t_.size() &&
           (t_[pos_] == ' ' || t_[pos_] == '\t' || t_[pos_] == '\n' || t_[pos_] == '\r')) {
      ++pos_;
    }
  }

  std::string_view t_;
  std::size_t pos_ = 0;
};

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = 0;
    unsigned cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + static_cast<std::size_t>(extra) >= s.size()) return false;
    for (int k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Dates and fractions, independently of the code under test.

int days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int month_days(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

struct Ymd {
  int y = 0, m = 0, d = 0;
};

// Parses "YYYY-MM-DD"; returns false for anything else or an impossible date.
bool parse_date(const std::string& s, Ymd& out) {
  static const std::regex kRe(R"(^(\d{4})-(\d{2})-(\d{2})$)");
  std::smatch m;
  if (!std::regex_match(s, m, kRe)) return false;
  out.y = std::stoi(m[1]);
  out.m = std::stoi(m[2]);
  out.d = std::stoi(m[3]);
  return out.m >= 1 && out.m <= 12 && out.d >= 1 && out.d <= month_days(out.y, out.m);
}

int days(const std::string& s) {
  Ymd d;
  if (!parse_date(s, d)) throw std::runtime_error("bad date: " + s);
  return days_from_civil(d.y, d.m, d.d);
}

int add_months(const std::string& s, int months) {
  Ymd d;
  if (!parse_date(s, d)) throw std::runtime_error("bad date: " + s);
  const int total = d.y * 12 + d.m - 1 + months;
  const int y = total / 12;
  const int m = total % 12 + 1;
  return days_from_civil(y, m, std::min(d.d, month_days(y, m)));
}

struct Rational {
  long long num = 0;
  long long den = 1;
};

Rational add(Rational a, Rational b) {
  Rational r{a.num * b.den + b.num * a.den, a.den * b.den};
  const long long g = std::gcd(r.num, r.den);
  return {r.num / g, r.den / g};
}

// "a/b" or "a" with positive integers; false otherwise.
bool parse_share(const std::string& s, Rational& out) {
  static const std::regex kRe(R"(^([1-9]\d*)(?:/([1-9]\d*))?$)");
  std::smatch m;
  if (!std::regex_match(s, m, kRe)) return false;
  out.num = std::stoll(m[1]);
  out.den = m[2].matched ? std::stoll(m[2]) : 1;
  return out.num <= out.den;
}

// ---------------------------------------------------------------------------
// Files.

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> read_lines(const std::string& path) {
  const std::string text = read_all(path);
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) {
      lines.push_back(text.substr(start));  // unterminated last line
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

// A fresh directory under the system temp directory, removed on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    path_ = fs::temp_directory_path() /
            ("chizai-demo-test-" + std::to_string(::getpid()) + "-" + tag);
    fs::remove_all(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string str() const { return path_.string(); }
  fs::path path() const { return path_; }

 private:
  fs::path path_;
};

DemoSummary generate(const std::string& dir, std::int64_t patents, std::uint64_t seed) {
  DemoOptions o;
  o.out_dir = dir;
  o.patents = patents;
  o.seed = seed;
  return write_demo_data(o);
}

std::vector<Json> parse_lines(const std::vector<std::string>& lines) {
  std::vector<Json> out;
  out.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Json j;
    EXPECT_TRUE(JsonParser(lines[i]).parse(j)) << "line " << i + 1 << ": " << lines[i];
    EXPECT_EQ(j.type, Json::Type::kObject) << "line " << i + 1;
    EXPECT_TRUE(valid_utf8(lines[i])) << "line " << i + 1;
    out.push_back(std::move(j));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Validation of patents.jsonl against the documented shape. Reports through
// EXPECT_*; returns the number of failed patents for a compact summary.

const std::vector<std::string> kPatentKeys = {
    "application_number", "jurisdiction", "filing_date", "kind",          "title",
    "title_ja",           "status",       "publication_number", "publication_date",
    "grant_number",       "grant_date",   "ipc",         "claims",        "stage",
    "owners",             "inventors",    "priority_claims"};
const std::set<std::string> kOptionalKeys = {"publication_number", "publication_date",
                                             "grant_number", "grant_date"};
const std::set<std::string> kStatuses = {"pending", "granted", "lapsed", "abandoned", "expired"};
const std::set<std::string> kStages = {"research",        "invention",       "disclosure",
                                       "evaluation",      "domestic_filing", "foreign_filing",
                                       "utilization"};
const std::set<std::string> kPriorityKinds = {"paris",        "pct",        "provisional",
                                              "continuation", "divisional", "domestic"};
const int kAsOf = days_from_civil(2025, 3, 31);

// True if `number` has the canonical form of its office and kind, with the
// filing year `year` where the number carries one.
bool number_matches(const std::string& number, const std::string& jurisdiction,
                    const std::string& kind, int year) {
  static const std::regex kJp(R"(^JP(\d{4})\d{6}A$)");
  static const std::regex kWo(R"(^JP(\d{4})\d{6}W$)");
  static const std::regex kUs(R"(^US(\d{4})1[3-7]\d{6}A$)");
  static const std::regex kUsProv(R"(^US(\d{4})6[12]\d{6}P$)");
  static const std::regex kEp(R"(^EP(\d{2})\d{6}A$)");
  static const std::regex kCn(R"(^CN(\d{4})1\d{7}A$)");
  const std::regex* re = nullptr;
  if (jurisdiction == "JP" && kind == "patent") re = &kJp;
  if (jurisdiction == "WO" && kind == "pct") re = &kWo;
  if (jurisdiction == "US" && kind == "patent") re = &kUs;
  if (jurisdiction == "US" && kind == "provisional") re = &kUsProv;
  if (jurisdiction == "EP" && kind == "patent") re = &kEp;
  if (jurisdiction == "CN" && kind == "patent") re = &kCn;
  if (re == nullptr) return false;
  std::smatch m;
  if (!std::regex_match(number, m, *re)) return false;
  const int encoded = std::stoi(m[1]);
  return jurisdiction == "EP" ? encoded == year % 100 : encoded == year;
}

bool any_number_form(const std::string& number) {
  static const std::regex kAny(
      R"(^(JP\d{10}[AW]|US\d{4}1[3-7]\d{6}A|US\d{4}6[12]\d{6}P|EP\d{8}A|CN\d{4}1\d{7}A)$)");
  return std::regex_match(number, kAny);
}

void check_patent(const Json& p, std::size_t line, const std::set<std::string>& codes) {
  SCOPED_TRACE("patents.jsonl line " + std::to_string(line));
  // Keys: a subsequence of the documented order, only optional ones missing.
  const std::vector<std::string> keys = p.keys();
  std::size_t k = 0;
  for (const std::string& expected : kPatentKeys) {
    if (k < keys.size() && keys[k] == expected) {
      ++k;
    } else {
      EXPECT_TRUE(kOptionalKeys.count(expected)) << "missing key " << expected;
    }
  }
  EXPECT_EQ(k, keys.size()) << "unexpected or misordered keys";
  EXPECT_EQ(p.has("publication_number"), p.has("publication_date"));
  EXPECT_EQ(p.has("grant_number"), p.has("grant_date"));

  const std::string number = p.str("application_number");
  const std::string jurisdiction = p.str("jurisdiction");
  const std::string kind = p.str("kind");
  const std::string filing = p.str("filing_date");
  const std::string status = p.str("status");
  Ymd fd;
  ASSERT_TRUE(parse_date(filing, fd)) << filing;
  const int filed = days(filing);
  EXPECT_GE(filed, days_from_civil(2005, 1, 1));
  EXPECT_LE(filed, kAsOf);
  EXPECT_TRUE(number_matches(number, jurisdiction, kind, fd.y))
      << number << " " << jurisdiction << " " << kind;
  EXPECT_FALSE(p.str("title").empty());
  static const std::regex kCapitalisedInside(R"( [A-Z][a-z])");
  EXPECT_FALSE(std::regex_search(p.str("title"), kCapitalisedInside)) << p.str("title");
  EXPECT_FALSE(p.str("title_ja").empty());
  EXPECT_TRUE(kStatuses.count(status)) << status;
  EXPECT_TRUE(kStages.count(p.str("stage"))) << p.str("stage");

  // Dates and statuses.
  int pub = 0;
  if (p.has("publication_date")) {
    pub = days(p.str("publication_date"));
    EXPECT_GT(pub, filed);
    EXPECT_LE(pub, kAsOf);
    EXPECT_FALSE(p.str("publication_number").empty());
    EXPECT_NE(kind, "provisional");
  }
  const bool granted = p.has("grant_date");
  if (granted) {
    const int grant = days(p.str("grant_date"));
    EXPECT_GT(grant, filed);
    EXPECT_LE(grant, kAsOf);
    if (pub != 0) {
      EXPECT_GT(grant, pub);
    }
    EXPECT_TRUE(status == "granted" || status == "lapsed" || status == "expired") << status;
    EXPECT_EQ(kind, "patent");
    EXPECT_FALSE(p.str("grant_number").empty());
  } else {
    EXPECT_TRUE(status != "granted" && status != "lapsed") << status;
  }
  if (status == "expired" && kind == "patent") {
    EXPECT_TRUE(granted);
    // The term runs 20 years from the filing (or from the PCT filing, up to
    // 31 months earlier, for a national phase).
    EXPECT_LE(add_months(filing, 240 - 31), kAsOf) << "expired too early";
  }

  // IPC, claims.
  static const std::regex kIpc(R"(^[A-H]\d{2}[A-Z] \d{1,4}/\d{2,6}$)");
  const Json* ipc = p.find("ipc");
  ASSERT_NE(ipc, nullptr);
  EXPECT_GE(ipc->items.size(), 1u);
  EXPECT_LE(ipc->items.size(), 4u);
  std::set<std::string> ipc_seen;
  for (const Json& s : ipc->items) {
    EXPECT_TRUE(std::regex_match(s.string, kIpc)) << s.string;
    EXPECT_TRUE(ipc_seen.insert(s.string).second) << "duplicate IPC " << s.string;
  }
  const Json* claims = p.find("claims");
  ASSERT_NE(claims, nullptr);
  EXPECT_EQ(claims->type, Json::Type::kInt);
  EXPECT_GE(claims->integer, 1);
  EXPECT_LE(claims->integer, 40);

  // Owners: known institutions, shares summing to exactly 1.
  const Json* owners = p.find("owners");
  ASSERT_NE(owners, nullptr);
  EXPECT_GE(owners->items.size(), 1u);
  EXPECT_LE(owners->items.size(), 3u);
  Rational sum;
  std::set<std::string> owner_codes;
  for (const Json& o : owners->items) {
    EXPECT_EQ(o.keys(), (std::vector<std::string>{"institution", "share"}));
    const std::string code = o.str("institution");
    EXPECT_TRUE(codes.count(code)) << "unknown institution " << code;
    EXPECT_TRUE(owner_codes.insert(code).second) << "owner twice: " << code;
    Rational share;
    EXPECT_TRUE(parse_share(o.str("share"), share)) << o.str("share");
    sum = add(sum, share);
  }
  EXPECT_EQ(sum.num, 1);
  EXPECT_EQ(sum.den, 1);

  // Inventors: 1..5 plausible names at owning institutions.
  static const std::regex kName(R"(^[A-Z][a-z]+ [A-Z][a-z]+$)");
  const Json* inventors = p.find("inventors");
  ASSERT_NE(inventors, nullptr);
  EXPECT_GE(inventors->items.size(), 1u);
  EXPECT_LE(inventors->items.size(), 5u);
  std::set<std::string> names;
  for (const Json& inv : inventors->items) {
    EXPECT_EQ(inv.keys(), (std::vector<std::string>{"name", "institution"}));
    EXPECT_TRUE(std::regex_match(inv.str("name"), kName)) << inv.str("name");
    EXPECT_TRUE(names.insert(inv.str("name")).second) << "inventor twice";
    EXPECT_TRUE(owner_codes.count(inv.str("institution"))) << inv.str("institution");
  }

  // Priority claims: well formed, earlier than the filing.
  const Json* priorities = p.find("priority_claims");
  ASSERT_NE(priorities, nullptr);
  EXPECT_EQ(priorities->type, Json::Type::kArray);
  for (const Json& c : priorities->items) {
    EXPECT_EQ(c.keys(), (std::vector<std::string>{"number", "date", "kind", "active"}));
    EXPECT_TRUE(any_number_form(c.str("number"))) << c.str("number");
    EXPECT_LT(days(c.str("date")), filed) << "priority not before filing";
    // At most 12 + 31 months to a national phase, then 48 to a continuation.
    EXPECT_GE(add_months(c.str("date"), 12 + 31 + 48), filed) << "priority far too old";
    const std::string ck = c.str("kind");
    EXPECT_TRUE(kPriorityKinds.count(ck)) << ck;
    const Json* active = c.find("active");
    ASSERT_NE(active, nullptr);
    EXPECT_EQ(active->type, Json::Type::kBool);
    EXPECT_EQ(active->boolean, ck != "continuation" && ck != "divisional");
    if (ck == "continuation" || ck == "divisional") {
      EXPECT_EQ(jurisdiction, "US");
    }
  }

  // Publication 18 months after the earliest (active) priority, or after
  // filing when that is later (national phases, continuations).
  if (pub != 0) {
    int earliest = filed;
    std::string earliest_text = filing;
    for (const Json& c : priorities->items) {
      if (c.find("active")->boolean && days(c.str("date")) < earliest) {
        earliest = days(c.str("date"));
        earliest_text = c.str("date");
      }
    }
    const int due = add_months(earliest_text, 18);
    if (due > filed) {
      EXPECT_EQ(pub, due) << "publication not 18 months after " << earliest_text;
    } else {
      EXPECT_GT(pub, filed);
    }
  }
}

// Cross-record checks: unique numbers, priority links, families.
void check_links(const std::vector<Json>& patents) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < patents.size(); ++i) {
    const std::string n = patents[i].str("application_number");
    EXPECT_TRUE(index.emplace(n, i).second) << "duplicate application number " << n;
  }
  for (std::size_t i = 0; i < patents.size(); ++i) {
    const Json& p = patents[i];
    for (const Json& c : p.find("priority_claims")->items) {
      const auto it = index.find(c.str("number"));
      if (it == index.end()) continue;
      const Json& q = patents[it->second];
      SCOPED_TRACE(p.str("application_number") + " claims " + c.str("number"));
      EXPECT_LT(it->second, i) << "claimed application comes later in the file";
      EXPECT_EQ(c.str("date"), q.str("filing_date"));
      // Families share titles, owners and classes.
      EXPECT_EQ(p.str("title"), q.str("title"));
      EXPECT_EQ(p.str("title_ja"), q.str("title_ja"));
      EXPECT_EQ(p.find("ipc")->items.size(), q.find("ipc")->items.size());
      EXPECT_EQ(p.find("owners")->items.size(), q.find("owners")->items.size());
      if (p.find("owners")->items.size() == q.find("owners")->items.size()) {
        for (std::size_t k = 0; k < p.find("owners")->items.size(); ++k) {
          EXPECT_EQ(p.find("owners")->items[k].str("institution"),
                    q.find("owners")->items[k].str("institution"));
          EXPECT_EQ(p.find("owners")->items[k].str("share"),
                    q.find("owners")->items[k].str("share"));
        }
      }
    }
  }
}

std::set<std::string> institution_codes(const std::vector<Json>& institutions) {
  std::set<std::string> codes;
  for (const Json& i : institutions) codes.insert(i.str("code"));
  return codes;
}

// ---------------------------------------------------------------------------
// One 2000-patent data set shared by most tests.

class DemoData2000 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir("n2000");
    summary_ = generate(dir_->str() + "/nested/out", 2000, 1);
    institution_lines_ = read_lines(summary_.institutions_file);
    patent_lines_ = read_lines(summary_.patents_file);
    institutions_ = parse_lines(institution_lines_);
    patents_ = parse_lines(patent_lines_);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static inline TempDir* dir_ = nullptr;
  static inline DemoSummary summary_;
  static inline std::vector<std::string> institution_lines_;
  static inline std::vector<std::string> patent_lines_;
  static inline std::vector<Json> institutions_;
  static inline std::vector<Json> patents_;
};

TEST_F(DemoData2000, SummaryMatchesFiles) {
  EXPECT_EQ(summary_.patents, 2000);
  EXPECT_EQ(patent_lines_.size(), 2000u);
  EXPECT_EQ(summary_.institutions, static_cast<std::int64_t>(institution_lines_.size()));
  EXPECT_EQ(fs::path(summary_.institutions_file).filename(), "institutions.jsonl");
  EXPECT_EQ(fs::path(summary_.patents_file).filename(), "patents.jsonl");
  EXPECT_EQ(fs::path(summary_.patents_file).parent_path(), dir_->path() / "nested" / "out");
  // Files end with a newline.
  const std::string text = read_all(summary_.patents_file);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');

  std::int64_t co_owned = 0;
  std::int64_t with_priority = 0;
  for (const Json& p : patents_) {
    if (p.find("owners")->items.size() > 1) ++co_owned;
    if (!p.find("priority_claims")->items.empty()) ++with_priority;
  }
  EXPECT_EQ(summary_.co_owned, co_owned);
  EXPECT_EQ(summary_.with_priority, with_priority);
}

TEST_F(DemoData2000, InstitutionsAreWellFormed) {
  ASSERT_EQ(institutions_.size(), institution_lines_.size());
  EXPECT_GE(institutions_.size(), 200u);
  EXPECT_LE(institutions_.size(), 400u);
  static const std::regex kCode(R"(^[A-Z0-9-]+$)");
  const std::set<std::string> kKinds = {"university", "tlo",        "company",
                                        "aggregator", "public_lab", "other"};
  std::map<std::string, int> per_kind;
  std::set<std::string> codes;
  std::set<std::string> names;
  std::set<std::string> countries;
  for (std::size_t i = 0; i < institutions_.size(); ++i) {
    const Json& inst = institutions_[i];
    SCOPED_TRACE(institution_lines_[i]);
    EXPECT_EQ(inst.keys(),
              (std::vector<std::string>{"code", "kind", "name_en", "name_ja", "country"}));
    EXPECT_TRUE(std::regex_match(inst.str("code"), kCode));
    EXPECT_TRUE(codes.insert(inst.str("code")).second) << "duplicate code";
    EXPECT_TRUE(names.insert(inst.str("name_en")).second) << "duplicate name";
    EXPECT_TRUE(kKinds.count(inst.str("kind")));
    ++per_kind[inst.str("kind")];
    const std::string ja = inst.str("name_ja");
    EXPECT_TRUE(std::any_of(ja.begin(), ja.end(), [](char c) { return c & 0x80; }))
        << "name_ja has no Japanese";
    EXPECT_EQ(inst.str("country").size(), 2u);
    countries.insert(inst.str("country"));
    if (inst.str("kind") != "company") {
      EXPECT_EQ(inst.str("country"), "JP");
    }
  }
  EXPECT_EQ(per_kind["aggregator"], 1);
  EXPECT_GE(per_kind["university"], 80);
  EXPECT_LE(per_kind["university"], 110);
  EXPECT_GE(per_kind["tlo"], 15);
  EXPECT_LE(per_kind["tlo"], 25);
  EXPECT_GE(per_kind["public_lab"], 8);
  EXPECT_LE(per_kind["public_lab"], 15);
  EXPECT_GE(per_kind["company"], 150);
  EXPECT_LE(per_kind["company"], 200);
  EXPECT_GE(per_kind["other"], 1);
  for (const char* c : {"JP", "US", "DE", "CN", "KR"}) EXPECT_TRUE(countries.count(c)) << c;
  for (const char* c : {"U-HOKKAIDO", "U-TOHOKU", "U-TOKYO", "U-KYOTO", "U-OSAKA", "U-NAGOYA",
                        "U-KYUSHU", "U-TOKYOTECH", "U-TSUKUBA", "U-KEIO", "U-WASEDA", "L-RIKEN",
                        "L-AIST", "L-NIMS", "C-0001", "C-0180"}) {
    EXPECT_TRUE(codes.count(c)) << c;
  }

  const std::string agg =
      R"({"code":"AGG-JST","kind":"aggregator","name_en":"Japan Science and Technology Agency","name_ja":"科学技術振興機構","country":"JP"})";
  const std::string hokkaido =
      R"({"code":"U-HOKKAIDO","kind":"university","name_en":"Hokkaido University","name_ja":"北海道大学","country":"JP"})";
  EXPECT_EQ(std::count(institution_lines_.begin(), institution_lines_.end(), agg), 1);
  EXPECT_EQ(std::count(institution_lines_.begin(), institution_lines_.end(), hokkaido), 1);
}

TEST_F(DemoData2000, EveryPatentIsWellFormed) {
  ASSERT_EQ(patents_.size(), 2000u);
  const std::set<std::string> codes = institution_codes(institutions_);
  for (std::size_t i = 0; i < patents_.size(); ++i) check_patent(patents_[i], i + 1, codes);
}

TEST_F(DemoData2000, NumbersAreUniqueAndLinksConsistent) {
  check_links(patents_);
  // Publication and grant numbers are unique too.
  std::set<std::string> pubs;
  std::set<std::string> grants;
  for (const Json& p : patents_) {
    if (p.has("publication_number")) {
      EXPECT_TRUE(pubs.insert(p.str("publication_number")).second) << p.str("publication_number");
    }
    if (p.has("grant_number")) {
      EXPECT_TRUE(grants.insert(p.str("grant_number")).second) << p.str("grant_number");
    }
  }
}

TEST_F(DemoData2000, HasTheDocumentedShape) {
  std::set<std::string> numbers;
  for (const Json& p : patents_) numbers.insert(p.str("application_number"));

  int co_owned = 0, three_owners = 0, two_jp_priorities = 0, continuations = 0, divisionals = 0,
      unregistered = 0, provisional_in_file_claimed = 0, jp_first = 0, jp_first_with_pct = 0;
  std::map<std::string, int> per_jurisdiction, per_status, per_stage;
  std::set<std::string> claimed_by_pct;
  for (const Json& p : patents_) {
    if (p.str("kind") == "pct") {
      for (const Json& c : p.find("priority_claims")->items) claimed_by_pct.insert(c.str("number"));
    }
  }
  for (const Json& p : patents_) {
    const auto& owners = p.find("owners")->items;
    const auto& claims = p.find("priority_claims")->items;
    if (owners.size() > 1) ++co_owned;
    if (owners.size() == 3) ++three_owners;
    int jp_claims = 0;
    for (const Json& c : claims) {
      const std::string n = c.str("number");
      if (n.rfind("JP", 0) == 0 && n.back() == 'A' && c.find("active")->boolean) ++jp_claims;
      if (c.str("kind") == "continuation") ++continuations;
      if (c.str("kind") == "divisional") ++divisionals;
      if (!numbers.count(n)) ++unregistered;
      if (numbers.count(n) && n.back() == 'P') ++provisional_in_file_claimed;
    }
    if (jp_claims >= 2) ++two_jp_priorities;
    if (p.str("jurisdiction") == "JP" && claims.empty()) {
      ++jp_first;
      if (claimed_by_pct.count(p.str("application_number"))) ++jp_first_with_pct;
    }
    ++per_jurisdiction[p.str("jurisdiction")];
    ++per_status[p.str("status")];
    ++per_stage[p.str("stage")];
  }
  EXPECT_GE(co_owned, 1);
  EXPECT_GE(three_owners, 1);
  EXPECT_GE(two_jp_priorities, 1);
  EXPECT_GE(continuations, 1);
  EXPECT_GE(divisionals, 1);
  EXPECT_GE(unregistered, 1);
  EXPECT_GE(provisional_in_file_claimed, 1);

  // Mostly JP first filings; about 40% of them followed by a PCT.
  EXPECT_GT(per_jurisdiction["JP"], 800);
  for (const char* j : {"WO", "US", "EP", "CN"}) EXPECT_GE(per_jurisdiction[j], 10) << j;
  ASSERT_GT(jp_first, 0);
  EXPECT_GT(jp_first_with_pct * 100 / jp_first, 25);
  EXPECT_LT(jp_first_with_pct * 100 / jp_first, 55);
  // About a fifth to a quarter co-owned.
  EXPECT_GT(co_owned * 100 / 2000, 12);
  EXPECT_LT(co_owned * 100 / 2000, 40);

  for (const std::string& s : kStatuses) EXPECT_GE(per_status[s], 1) << s;
  for (const std::string& s : kStages) EXPECT_GE(per_stage[s], 1) << s;
  // Weighted toward domestic and foreign filing.
  std::vector<std::pair<int, std::string>> ranked;
  for (const auto& [stage, n] : per_stage) ranked.emplace_back(n, stage);
  std::sort(ranked.rbegin(), ranked.rend());
  ASSERT_GE(ranked.size(), 2u);
  const std::set<std::string> top = {ranked[0].second, ranked[1].second};
  EXPECT_EQ(top, (std::set<std::string>{"domestic_filing", "foreign_filing"}));
}

// ---------------------------------------------------------------------------
// Determinism, counts, errors.

TEST(DemoData, SameOptionsGiveIdenticalBytes) {
  TempDir a("same-a");
  TempDir b("same-b");
  const DemoSummary sa = generate(a.str(), 3000, 7);
  const DemoSummary sb = generate(b.str(), 3000, 7);
  EXPECT_EQ(read_all(sa.patents_file), read_all(sb.patents_file));
  EXPECT_EQ(read_all(sa.institutions_file), read_all(sb.institutions_file));
  EXPECT_EQ(sa.co_owned, sb.co_owned);
  EXPECT_EQ(sa.with_priority, sb.with_priority);
  // Writing again over existing files gives the same bytes.
  const std::string first = read_all(sa.patents_file);
  generate(a.str(), 3000, 7);
  EXPECT_EQ(read_all(sa.patents_file), first);
}

TEST(DemoData, DifferentSeedGivesDifferentPatents) {
  TempDir a("seed-a");
  TempDir b("seed-b");
  const DemoSummary sa = generate(a.str(), 500, 1);
  const DemoSummary sb = generate(b.str(), 500, 2);
  EXPECT_NE(read_all(sa.patents_file), read_all(sb.patents_file));
  // The institution list does not depend on the seed.
  EXPECT_EQ(read_all(sa.institutions_file), read_all(sb.institutions_file));
}

TEST(DemoData, CountsAreExact) {
  TempDir dir("counts");
  for (std::int64_t n : {0, 1, 2, 3, 10, 257}) {
    SCOPED_TRACE(n);
    const DemoSummary s = generate(dir.str(), n, 99);
    EXPECT_EQ(s.patents, n);
    const std::vector<std::string> lines = read_lines(s.patents_file);
    EXPECT_EQ(static_cast<std::int64_t>(lines.size()), n);
    const std::vector<Json> patents = parse_lines(lines);
    check_links(patents);  // a cut family still only claims earlier lines
  }
}

TEST(DemoData, LargerRunKeepsItsInvariants) {
  TempDir dir("n20000");
  const DemoSummary s = generate(dir.str(), 20000, 42);
  const std::vector<Json> institutions = parse_lines(read_lines(s.institutions_file));
  const std::vector<Json> patents = parse_lines(read_lines(s.patents_file));
  ASSERT_EQ(patents.size(), 20000u);
  const std::set<std::string> codes = institution_codes(institutions);
  for (std::size_t i = 0; i < patents.size(); ++i) check_patent(patents[i], i + 1, codes);
  check_links(patents);
}

TEST(DemoData, ExtremeSeedsWork) {
  TempDir dir("seeds");
  for (std::uint64_t seed : {std::uint64_t{0}, ~std::uint64_t{0}}) {
    const DemoSummary s = generate(dir.str(), 100, seed);
    EXPECT_EQ(read_lines(s.patents_file).size(), 100u);
  }
}

TEST(DemoData, ThrowsOnIoFailure) {
  TempDir dir("io");
  fs::create_directories(dir.path());
  const fs::path file = dir.path() / "plain-file";
  std::ofstream(file) << "x";
  EXPECT_THROW(generate((file / "sub").string(), 10, 1), std::runtime_error);
}

TEST(DemoData, RejectsBadOptions) {
  TempDir dir("bad");
  EXPECT_THROW(generate(dir.str(), -1, 1), std::invalid_argument);
  EXPECT_THROW(generate("", 10, 1), std::invalid_argument);
}

// ---------------------------------------------------------------------------
// scheme.jsonl: an independent replay of the operations that enforces the
// loader's rules.

// FNV-1a, 64 bits, of a file's bytes.
std::uint64_t fnv1a(const std::string& bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

const std::map<std::string, std::vector<std::string>> kOpKeys = {
    {"evaluate",
     {"op", "patent", "date", "technology", "market", "rights", "evaluator", "decision", "reason"}},
    {"consent", {"op", "patent", "institution", "scope", "date"}},
    {"aggregate", {"op", "patent", "mode", "date", "reason"}},
    {"package.create", {"op", "code", "name_en", "name_ja", "theme", "core", "peripheral", "date"}},
    {"package.status", {"op", "code", "status", "date"}},
    {"project.create", {"op", "code", "package", "basic_patents", "budget", "from", "to"}},
    {"contract.add",
     {"op", "ref", "project", "institution", "amount", "from", "to", "deliverable", "recoverable"}},
    {"expense.add", {"op", "contract", "amount", "date", "recoverable", "note"}},
    {"staff.assign", {"op", "project", "name", "region", "from"}},
    {"consortium.create", {"op", "code", "package", "date"}},
    {"consortium.add", {"op", "code", "institution", "role", "date"}},  // + optional nda_date
    {"agreement.add", {"op", "agreement"}},
    {"report.add", {"op", "ref", "report"}},  // + optional corrects_ref
    {"milestone.reach", {"op", "agreement", "name", "date"}},
    {"payment.record", {"op", "agreement", "date", "amount", "currency", "reference"}},  // + fx_rate (USD)
    {"payout.record", {"op", "institution", "date", "amount", "reference"}},
    {"close", {"op", "month"}},
};

const std::vector<std::string> kAgreementKeys = {
    "id", "licensee", "?", "exclusive", "field", "territory", "start", "end", "currency", "upfront_fee",
    "royalty_tiers", "minimum_annual_royalty", "milestones", "sublicense_share_bps"};  // ? = package | patents
const std::vector<std::string> kReportKeys = {"agreement", "period_start", "period_end", "lines",
                                              "sublicense_income"};

struct SchemeStats {
  int operations = 0;
  int aggregated = 0;
  int assignment = 0;
  int co_owned_aggregated = 0;
  int declined = 0;
  int packages = 0;
  int marketed = 0;
  int peripherals = 0;
  int projects = 0;
  int contracts = 0;
  int recoverable_contracts = 0;
  int expenses = 0;
  int staff = 0;
  int consortia = 0;
  int members = 0;
  int nda = 0;
  int jp_first = 0;  // JP first filings in patents.jsonl
  // Licensing, FY2025.
  int agreements = 0;
  int package_agreements = 0;
  int candidate_licensees = 0;  // licensees sitting in the package's consortium
  int exclusive = 0;
  int usd = 0;
  int minimums = 0;
  int reports = 0;
  int corrections = 0;
  int milestones = 0;
  int payments = 0;
  int usd_payments = 0;
  int payouts = 0;
  int closes = 0;
};

// An amount as the agreement's currency writes it: "3000000" (JPY),
// "25000.00" (USD); returns the minor units, -1 when malformed.
long long minor_amount(const std::string& s, bool usd) {
  static const std::regex kJpy(R"(^(0|[1-9]\d{0,12})$)");
  static const std::regex kUsd(R"(^(0|[1-9]\d{0,10})\.\d{2}$)");
  if (!std::regex_match(s, usd ? kUsd : kJpy)) return -1;
  std::string digits = s;
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  return std::stoll(digits);
}

long long yen(const Json& op, const char* key) {
  static const std::regex kAmount(R"(^[1-9]\d{0,11}$)");
  const std::string s = op.str(key);
  EXPECT_TRUE(std::regex_match(s, kAmount)) << key << " " << s;
  return std::regex_match(s, kAmount) ? std::stoll(s) : 0;
}

bool flag(const Json& op, const char* key) {
  const Json* v = op.find(key);
  EXPECT_TRUE(v != nullptr && v->type == Json::Type::kBool) << key;
  return v != nullptr && v->boolean;
}

std::vector<std::string> strings(const Json& op, const char* key) {
  std::vector<std::string> out;
  const Json* v = op.find(key);
  EXPECT_TRUE(v != nullptr && v->type == Json::Type::kArray) << key;
  if (v == nullptr) return out;
  for (const Json& item : v->items) {
    EXPECT_EQ(item.type, Json::Type::kString);
    out.push_back(item.string);
  }
  return out;
}

// Replays `ops` against the patents and institutions, checking every rule the
// loader enforces; fills `st` with counts for the caller's expectations.
void replay_scheme(const std::vector<Json>& patents, const std::vector<Json>& institutions,
                   const std::vector<Json>& ops, SchemeStats& st) {
  st.operations = static_cast<int>(ops.size());
  std::map<std::string, const Json*> patent;
  std::map<std::string, std::vector<std::string>> active;  // number → sorted active priorities
  for (const Json& p : patents) {
    const std::string n = p.str("application_number");
    patent[n] = &p;
    std::vector<std::string> a;
    for (const Json& c : p.find("priority_claims")->items) {
      if (c.find("active")->boolean) a.push_back(c.str("number"));
    }
    std::sort(a.begin(), a.end());
    active[n] = a;
    if (p.str("jurisdiction") == "JP" && a.empty() && p.find("priority_claims")->items.empty())
      ++st.jp_first;
  }
  std::map<std::string, std::string> kind;
  for (const Json& i : institutions) kind[i.str("code")] = i.str("kind");
  auto owners = [&](const std::string& n) {
    std::vector<std::string> out;
    for (const Json& o : patent.at(n)->find("owners")->items) out.push_back(o.str("institution"));
    return out;
  };
  auto subclasses = [&](const std::string& n) {
    std::set<std::string> out;
    for (const Json& s : patent.at(n)->find("ipc")->items) out.insert(s.string.substr(0, 4));
    return out;
  };
  auto filed = [&](const std::string& n) { return days(patent.at(n)->str("filing_date")); };
  auto is_academic = [&](const std::string& code) {
    const std::string k = kind.count(code) ? kind.at(code) : "";
    return k == "university" || k == "tlo" || k == "public_lab";
  };

  struct Agg {
    std::string mode;
    int date;
  };
  struct Package {
    std::set<std::string> core, peripheral;
    int date;
    int marketed = 0;
  };
  struct Project {
    std::string package;
    std::vector<std::string> basic;
    int from, to;
    long long committed = 0;
    int contracts = 0, staff = 0;
  };
  struct Contract {
    std::string project;
    long long amount;
    int from, to;
    long long spent = 0;
    int expenses = 0;
  };
  struct Consortium {
    std::string package;
    int date;
    std::map<std::string, std::string> members;  // institution → role
  };
  std::map<std::string, std::vector<std::pair<int, std::string>>> evaluations;
  std::map<std::tuple<std::string, std::string, std::string>, int> consents;
  std::map<std::string, Agg> aggregated;
  std::set<std::string> declined;
  std::map<std::string, Package> packages;
  std::map<std::string, Project> projects;
  std::set<std::string> project_packages;
  std::map<std::string, Contract> contracts;
  std::map<std::string, Consortium> consortia;
  struct Agreement {
    std::string start_text, licensee, package, field;
    std::vector<std::string> patents;  // licensed, sorted
    std::set<std::string> territory, milestones, reached;
    bool exclusive = false, usd = false;
    int start = 0, end = 0;
  };
  struct Report {
    std::string agreement;
    int first = 0, last = 0;
    bool corrected = false;
  };
  std::map<std::string, Agreement> agreements;
  std::map<std::string, Report> reports;  // by ref
  std::set<std::string> references;       // payments and payouts
  int closed_through = 0;                 // the last day of the last closed month
  const int fy2025 = days_from_civil(2025, 4, 1);
  const int fy2025_end = days_from_civil(2026, 3, 31);
  static const std::regex kAgreementId(R"(^LIC-2025-\d{3}$)");
  static const std::regex kFxRate(R"(^1[45]\d\.\d{2,6}$)");
  static const std::regex kMonth(R"(^\d{4}-\d{2}$)");

  const int as_of = kAsOf;
  const int fy2024 = days_from_civil(2024, 4, 1);
  const int fy2026_end = days_from_civil(2027, 3, 31);
  const int last_day = days_from_civil(2026, 11, 29);  // nothing is dated later
  static const std::regex kPkgCode(R"(^PKG-\d{3,}$)");
  static const std::regex kProjectCode(R"(^SH-\d{2}$)");
  static const std::regex kConCode(R"(^CON-\d{3}$)");
  static const std::regex kName(R"(^[A-Z][a-z]+ [A-Z][a-z]+$)");
  const std::set<std::string> kRegions = {"north_america", "europe", "china", "asia_other"};

  int previous = 0;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const Json& op = ops[i];
    const std::string name = op.str("op");
    SCOPED_TRACE("scheme.jsonl line " + std::to_string(i + 1) + " " + name);
    ASSERT_TRUE(kOpKeys.count(name)) << "unknown op";
    std::vector<std::string> keys = op.keys();
    if (name == "consortium.add" && !keys.empty() && keys.back() == "nda_date") keys.pop_back();
    if (name == "report.add" && !keys.empty() && keys.back() == "corrects_ref") keys.pop_back();
    if (name == "payment.record") keys.erase(std::remove(keys.begin(), keys.end(), "fx_rate"), keys.end());
    ASSERT_EQ(keys, kOpKeys.at(name));
    const Json* body = op.find(name == "agreement.add" ? "agreement" : "report");
    if (name == "agreement.add" || name == "report.add") {
      ASSERT_TRUE(body != nullptr && body->type == Json::Type::kObject);
      for (const char* k : {"start", "end", "period_start", "period_end"}) {
        Ymd ymd;
        if (body->has(k)) {
          ASSERT_TRUE(parse_date(body->str(k), ymd)) << k << " " << body->str(k);
        }
      }
    }
    if (name == "close") {
      ASSERT_TRUE(std::regex_match(op.str("month"), kMonth)) << op.str("month");
    }
    // Every date field is a date; lines come in date order.
    for (const char* k : {"date", "from", "to", "nda_date"}) {
      if (op.has(k)) {
        Ymd ymd;
        ASSERT_TRUE(parse_date(op.str(k), ymd)) << k << " " << op.str(k);
      }
    }
    // The day a line is dated by: its date (or from); an agreement's start, a
    // report's period end, the last day of a closed month.
    const int when = name == "agreement.add" ? days(body->str("start"))
                     : name == "report.add"  ? days(body->str("period_end"))
                     : name == "close"       ? add_months(op.str("month") + "-01", 1) - 1
                                             : days(op.has("date") ? op.str("date") : op.str("from"));
    EXPECT_GE(when, previous) << "lines not in date order";
    EXPECT_GT(when, closed_through) << "dated in a closed month";
    EXPECT_LE(when, last_day) << "dated in the future";
    if (op.has("nda_date")) {
      EXPECT_LE(days(op.str("nda_date")), last_day) << "dated in the future";
    }
    previous = when;

    if (name == "evaluate" || name == "consent" || name == "aggregate") {
      const std::string n = op.str("patent");
      ASSERT_TRUE(patent.count(n)) << "unknown patent " << n;
      EXPECT_GE(when, filed(n));
      if (name == "evaluate") {
        for (const char* k : {"technology", "market", "rights"}) {
          const Json* v = op.find(k);
          ASSERT_EQ(v->type, Json::Type::kInt);
          EXPECT_GE(v->integer, 1);
          EXPECT_LE(v->integer, 5);
        }
        EXPECT_TRUE(std::regex_match(op.str("evaluator"), kName)) << op.str("evaluator");
        const std::string d = op.str("decision");
        EXPECT_TRUE(d == "approve" || d == "decline") << d;
        EXPECT_FALSE(op.str("reason").empty());
        EXPECT_FALSE(aggregated.count(n)) << "evaluated after aggregation";
        evaluations[n].emplace_back(when, d);
        if (d == "decline") declined.insert(n);
      } else if (name == "consent") {
        const std::vector<std::string> o = owners(n);
        EXPECT_GT(o.size(), 1u) << "consent on a patent with one owner";
        EXPECT_TRUE(std::count(o.begin(), o.end(), op.str("institution"))) << "not an owner";
        const std::string scope = op.str("scope");
        EXPECT_TRUE(scope == "assignment" || scope == "licensing") << scope;
        EXPECT_TRUE(consents.emplace(std::make_tuple(n, op.str("institution"), scope), when).second)
            << "consent twice";
      } else {
        const Json& p = *patent.at(n);
        EXPECT_EQ(p.str("jurisdiction"), "JP");
        EXPECT_TRUE(p.find("priority_claims")->items.empty()) << "not a first filing";
        EXPECT_TRUE(p.str("status") == "pending" || p.str("status") == "granted")
            << p.str("status");
        const std::vector<std::string> o = owners(n);
        EXPECT_TRUE(std::any_of(o.begin(), o.end(), is_academic)) << "no academic owner";
        const std::string mode = op.str("mode");
        EXPECT_TRUE(mode == "assignment" || mode == "mandate") << mode;
        EXPECT_LE(when, as_of);
        EXPECT_FALSE(op.str("reason").empty());
        EXPECT_FALSE(aggregated.count(n)) << "aggregated twice";
        bool approved = false;
        for (const auto& [d, decision] : evaluations[n])
          approved = approved || (decision == "approve" && d < when);
        EXPECT_TRUE(approved) << "no approving evaluation before " << n;
        if (o.size() > 1) {
          ++st.co_owned_aggregated;
          for (const std::string& owner : o) {
            if (mode == "assignment") {
              const auto it = consents.find(std::make_tuple(n, owner, std::string("assignment")));
              EXPECT_TRUE(it != consents.end() && it->second <= when)
                  << n << ": no assignment consent from " << owner;
            }
          }
        }
        aggregated[n] = {mode, when};
        ++st.aggregated;
        if (mode == "assignment") ++st.assignment;
      }
    } else if (name == "package.create") {
      const std::string code = op.str("code");
      EXPECT_TRUE(std::regex_match(code, kPkgCode)) << code;
      char expected[16];
      std::snprintf(expected, sizeof expected, "PKG-%03zu", packages.size() + 1);
      EXPECT_EQ(code, expected) << "codes not in sequence";
      ASSERT_FALSE(packages.count(code));
      EXPECT_FALSE(op.str("name_en").empty());
      const std::string ja = op.str("name_ja");
      EXPECT_TRUE(std::any_of(ja.begin(), ja.end(), [](char c) { return c & 0x80; })) << ja;
      EXPECT_FALSE(op.str("theme").empty());
      Package pk;
      pk.date = when;
      EXPECT_LE(when, as_of);
      const std::vector<std::string> core = strings(op, "core");
      const std::vector<std::string> peripheral = strings(op, "peripheral");
      EXPECT_GE(core.size(), 1u);
      EXPECT_LE(core.size(), 2u);
      EXPECT_LE(peripheral.size(), 4u);
      std::set<std::string> core_subclasses;
      std::set<std::string> core_family;
      for (const std::string& n : core) {
        ASSERT_TRUE(patent.count(n)) << "unknown patent " << n;
        ASSERT_TRUE(aggregated.count(n)) << "core not aggregated " << n;
        EXPECT_GE(when, aggregated.at(n).date);
        EXPECT_GE(when, filed(n));
        EXPECT_TRUE(pk.core.insert(n).second) << "twice in package " << n;
        for (const std::string& s : subclasses(n)) core_subclasses.insert(s);
        core_family.insert(n);
      }
      for (const std::string& n : peripheral) {
        ASSERT_TRUE(patent.count(n)) << "unknown patent " << n;
        EXPECT_GE(when, filed(n));
        EXPECT_FALSE(pk.core.count(n)) << "twice in package " << n;
        EXPECT_TRUE(pk.peripheral.insert(n).second) << "twice in package " << n;
        bool related = false;
        for (const std::string& c : core)
          related = related || active.at(n) == std::vector<std::string>{c};
        for (const std::string& s : subclasses(n)) related = related || core_subclasses.count(s);
        EXPECT_TRUE(related) << n
                             << " neither in a core's simple family nor sharing its IPC subclass";
      }
      st.peripherals += static_cast<int>(peripheral.size());
      packages[code] = pk;
      ++st.packages;
    } else if (name == "package.status") {
      ASSERT_TRUE(packages.count(op.str("code"))) << op.str("code");
      EXPECT_EQ(op.str("status"), "marketed");
      EXPECT_GT(when, packages.at(op.str("code")).date);
      packages.at(op.str("code")).marketed = when;
      ++st.marketed;
    } else if (name == "project.create") {
      const std::string code = op.str("code");
      EXPECT_TRUE(std::regex_match(code, kProjectCode)) << code;
      ASSERT_FALSE(projects.count(code));
      char expected[8];
      std::snprintf(expected, sizeof expected, "SH-%02zu", projects.size() + 1);
      EXPECT_EQ(code, expected);
      const std::string pkg = op.str("package");
      ASSERT_TRUE(packages.count(pkg)) << pkg;
      EXPECT_TRUE(project_packages.insert(pkg).second) << "two projects on " << pkg;
      Project pr;
      pr.package = pkg;
      pr.basic = strings(op, "basic_patents");
      EXPECT_EQ(std::set<std::string>(pr.basic.begin(), pr.basic.end()), packages.at(pkg).core)
          << "basic patents are not the package's core";
      EXPECT_EQ(op.str("budget"), "18000000");
      pr.from = when;
      pr.to = days(op.str("to"));
      EXPECT_GE(pr.from, fy2024);
      EXPECT_LE(pr.from, as_of);
      EXPECT_GE(pr.from, packages.at(pkg).date);
      EXPECT_GE(pr.to, pr.from);
      EXPECT_GE(pr.to, days_from_civil(2026, 3, 31));
      EXPECT_LE(pr.to, fy2026_end);
      projects[code] = pr;
      ++st.projects;
    } else if (name == "contract.add") {
      const std::string pcode = op.str("project");
      ASSERT_TRUE(projects.count(pcode)) << pcode;
      Project& pr = projects.at(pcode);
      ++pr.contracts;
      const std::string ref = op.str("ref");
      EXPECT_EQ(ref, pcode + "/" + std::to_string(pr.contracts));
      ASSERT_FALSE(contracts.count(ref));
      const std::string inst = op.str("institution");
      EXPECT_TRUE(kind.count(inst)) << "unknown institution " << inst;
      bool inventor = false;
      for (const std::string& n : pr.basic) {
        for (const Json& inv : patent.at(n)->find("inventors")->items) {
          inventor = inventor || inv.str("institution") == inst;
        }
      }
      EXPECT_TRUE(inventor) << inst << " is no inventor's institution of " << pcode;
      Contract c;
      c.project = pcode;
      c.amount = yen(op, "amount");
      c.from = when;
      c.to = days(op.str("to"));
      EXPECT_GE(c.from, pr.from);
      EXPECT_LE(c.to, pr.to);
      EXPECT_LT(c.from, c.to);
      EXPECT_FALSE(op.str("deliverable").empty());
      if (flag(op, "recoverable")) ++st.recoverable_contracts;
      pr.committed += c.amount;
      EXPECT_LE(pr.committed, 18000000) << "over the project budget";
      contracts[ref] = c;
      ++st.contracts;
    } else if (name == "expense.add") {
      ASSERT_TRUE(contracts.count(op.str("contract"))) << op.str("contract");
      Contract& c = contracts.at(op.str("contract"));
      const long long amount = yen(op, "amount");
      c.spent += amount;
      ++c.expenses;
      EXPECT_LE(c.spent, c.amount) << "over the contract";
      EXPECT_GE(when, c.from);
      EXPECT_LE(when, c.to);
      EXPECT_LE(when, last_day);
      flag(op, "recoverable");
      EXPECT_FALSE(op.str("note").empty());
      ++st.expenses;
    } else if (name == "staff.assign") {
      ASSERT_TRUE(projects.count(op.str("project")));
      Project& pr = projects.at(op.str("project"));
      ++pr.staff;
      EXPECT_TRUE(std::regex_match(op.str("name"), kName)) << op.str("name");
      EXPECT_TRUE(kRegions.count(op.str("region"))) << op.str("region");
      EXPECT_EQ(when, pr.from);
      ++st.staff;
    } else if (name == "consortium.create") {
      const std::string code = op.str("code");
      EXPECT_TRUE(std::regex_match(code, kConCode)) << code;
      ASSERT_FALSE(consortia.count(code));
      const std::string pkg = op.str("package");
      ASSERT_TRUE(packages.count(pkg)) << pkg;
      for (const auto& [c, con] : consortia)
        EXPECT_NE(con.package, pkg) << "two consortia on " << pkg;
      char expected[16];
      std::snprintf(expected, sizeof expected, "CON-%03zu", consortia.size() + 1);
      EXPECT_EQ(code, expected) << "codes not in sequence";
      EXPECT_GE(when, packages.at(pkg).date);
      consortia[code] = {pkg, when, {}};
      ++st.consortia;
    } else if (name == "consortium.add") {
      ASSERT_TRUE(consortia.count(op.str("code"))) << op.str("code");
      Consortium& con = consortia.at(op.str("code"));
      const std::string inst = op.str("institution");
      ASSERT_TRUE(kind.count(inst)) << "unknown institution " << inst;
      const std::string role = op.str("role");
      EXPECT_TRUE(role == "university" || role == "licensee_candidate" || role == "partner")
          << role;
      if (role == "university") {
        EXPECT_TRUE(is_academic(inst)) << inst << " as university";
      }
      if (role == "licensee_candidate") {
        EXPECT_EQ(kind.at(inst), "company") << inst;
      }
      EXPECT_GE(when, con.date);
      if (op.has("nda_date")) {
        EXPECT_GE(days(op.str("nda_date")), when);
        ++st.nda;
      }
      EXPECT_TRUE(con.members.emplace(inst, role).second) << inst << " joined twice";
      ++st.members;
    } else if (name == "agreement.add") {
      const Json& a = *body;
      std::vector<std::string> k = a.keys();
      if (k.size() > 2 && (k[2] == "package" || k[2] == "patents")) k[2] = "?";
      ASSERT_EQ(k, kAgreementKeys);
      const std::string id = a.str("id");
      EXPECT_TRUE(std::regex_match(id, kAgreementId)) << id;
      char expected[16];
      std::snprintf(expected, sizeof expected, "LIC-2025-%03zu", agreements.size() + 1);
      EXPECT_EQ(id, expected) << "ids not in sequence";
      ASSERT_FALSE(agreements.count(id)) << id;
      Agreement ag;
      ag.licensee = a.str("licensee");
      ASSERT_TRUE(kind.count(ag.licensee)) << ag.licensee;
      EXPECT_EQ(kind.at(ag.licensee), "company") << ag.licensee;
      ag.start = when;
      ag.start_text = a.str("start");
      ag.end = days(a.str("end"));
      EXPECT_EQ(ag.start_text.substr(8), "01") << "starts on the first of a month";
      EXPECT_GE(ag.start, fy2025);
      EXPECT_LE(ag.start, days_from_civil(2025, 9, 1));
      bool term = false;
      for (int years : {3, 4, 5}) term = term || ag.end == add_months(a.str("start"), 12 * years) - 1;
      EXPECT_TRUE(term) << "a term of 3-5 years, ending the day before an anniversary";
      if (a.has("package")) {
        ag.package = a.str("package");
        ASSERT_TRUE(packages.count(ag.package)) << ag.package;
        const Package& pk = packages.at(ag.package);
        EXPECT_GT(pk.marketed, 0) << ag.package << " licensed but never marketed";
        EXPECT_LT(pk.marketed, ag.start) << ag.package << " licensed before it was marketed";
        ag.patents.assign(pk.core.begin(), pk.core.end());
        ag.patents.insert(ag.patents.end(), pk.peripheral.begin(), pk.peripheral.end());
        for (const auto& [c, con] : consortia) {
          if (con.package == ag.package && con.members.count(ag.licensee) &&
              con.members.at(ag.licensee) == "licensee_candidate")
            ++st.candidate_licensees;
        }
        ++st.package_agreements;
      } else {
        ag.patents = strings(a, "patents");
        EXPECT_GE(ag.patents.size(), 1u);
        EXPECT_LE(ag.patents.size(), 3u);
        for (const std::string& n : ag.patents) EXPECT_TRUE(aggregated.count(n)) << n << " listed but not aggregated";
      }
      std::sort(ag.patents.begin(), ag.patents.end());
      EXPECT_EQ(std::adjacent_find(ag.patents.begin(), ag.patents.end()), ag.patents.end()) << "a patent twice";
      // Co-owned patents: every owner of record consented to licensing by the start (art. 73).
      for (const std::string& n : ag.patents) {
        ASSERT_TRUE(patent.count(n)) << "unknown patent " << n;
        const std::vector<std::string> o = owners(n);
        EXPECT_FALSE(std::count(o.begin(), o.end(), ag.licensee)) << "licensee " << ag.licensee << " owns " << n;
        const bool assigned = aggregated.count(n) && aggregated.at(n).mode == "assignment" &&
                              aggregated.at(n).date <= ag.start;
        if (o.size() < 2 || assigned) continue;
        for (const std::string& owner : o) {
          const auto it = consents.find(std::make_tuple(n, owner, std::string("licensing")));
          EXPECT_TRUE(it != consents.end() && it->second <= ag.start)
              << id << ": no licensing consent from " << owner << " for " << n;
        }
      }
      ag.exclusive = flag(a, "exclusive");
      ag.field = a.str("field");
      EXPECT_FALSE(ag.field.empty());
      for (const std::string& t : strings(a, "territory")) {
        EXPECT_EQ(t.size(), 2u) << t;
        EXPECT_TRUE(ag.territory.insert(t).second) << "territory twice " << t;
      }
      EXPECT_FALSE(ag.territory.empty());
      const std::string currency = a.str("currency");
      EXPECT_TRUE(currency == "JPY" || currency == "USD") << currency;
      ag.usd = currency == "USD";
      EXPECT_GT(minor_amount(a.str("upfront_fee"), ag.usd), 0) << a.str("upfront_fee");
      const long long minimum = minor_amount(a.str("minimum_annual_royalty"), ag.usd);
      EXPECT_GE(minimum, 0) << a.str("minimum_annual_royalty");
      // 3% up to 10,000,000 JPY (100,000.00 USD) of a contract year's net sales, then 2%.
      const Json* tiers = a.find("royalty_tiers");
      ASSERT_TRUE(tiers != nullptr && tiers->items.size() == 2);
      EXPECT_EQ(tiers->items[0].keys(), (std::vector<std::string>{"up_to", "rate_bps"}));
      EXPECT_EQ(minor_amount(tiers->items[0].str("up_to"), ag.usd), 10000000);
      EXPECT_EQ(tiers->items[0].find("rate_bps")->integer, 300);
      EXPECT_EQ(tiers->items[1].keys(), (std::vector<std::string>{"rate_bps"}));
      EXPECT_EQ(tiers->items[1].find("rate_bps")->integer, 200);
      for (const Json& m : a.find("milestones")->items) {
        EXPECT_EQ(m.keys(), (std::vector<std::string>{"name", "amount"}));
        EXPECT_GT(minor_amount(m.str("amount"), ag.usd), 0);
        EXPECT_TRUE(ag.milestones.insert(m.str("name")).second) << "milestone twice";
      }
      const long long share = a.find("sublicense_share_bps")->integer;
      EXPECT_TRUE(share == 0 || share == 2500) << share;
      // Never two exclusive licences on a patent for the same field, a
      // shared country and a shared day.
      if (ag.exclusive) {
        for (const auto& [other_id, other] : agreements) {
          if (!other.exclusive || other.field != ag.field) continue;
          if (other.end < ag.start || ag.end < other.start) continue;
          bool country = false;
          for (const std::string& t : ag.territory) country = country || other.territory.count(t);
          if (!country) continue;
          for (const std::string& n : ag.patents) {
            EXPECT_FALSE(std::binary_search(other.patents.begin(), other.patents.end(), n))
                << id << " and " << other_id << " are both exclusive on " << n << " for " << ag.field;
          }
        }
        ++st.exclusive;
      }
      st.usd += ag.usd;
      st.minimums += minimum > 0;
      agreements[id] = std::move(ag);
      ++st.agreements;
    } else if (name == "report.add") {
      const Json& r = *body;
      ASSERT_EQ(r.keys(), kReportKeys);
      const std::string ref = op.str("ref");
      ASSERT_FALSE(reports.count(ref)) << "report ref twice " << ref;
      const std::string id = r.str("agreement");
      ASSERT_TRUE(agreements.count(id)) << "report on unknown agreement " << id;
      const Agreement& ag = agreements.at(id);
      EXPECT_EQ(ref.rfind(id + "/Q", 0), 0u) << ref;
      const Report rep{id, days(r.str("period_start")), when, false};
      EXPECT_LE(rep.last, fy2025_end);
      // A quarter of a contract year (years count from the start), in the term.
      bool quarter = false;
      for (int q = 0; q < 24 && !quarter; ++q) {
        quarter = rep.first == add_months(ag.start_text, 3 * q) && rep.last == add_months(ag.start_text, 3 * q + 3) - 1;
        if (quarter) {
          const int year_first = add_months(ag.start_text, 12 * (q / 4));
          const int year_last = add_months(ag.start_text, 12 * (q / 4 + 1)) - 1;
          EXPECT_TRUE(rep.first >= year_first && rep.last <= year_last) << "across a contract-year boundary";
        }
      }
      EXPECT_TRUE(quarter) << ref << ": not a quarter counted from the start " << ag.start_text;
      EXPECT_GE(rep.first, ag.start);
      EXPECT_LE(rep.last, ag.end);
      const Json* lines = r.find("lines");
      ASSERT_TRUE(lines != nullptr && !lines->items.empty());
      for (const Json& l : lines->items) {
        EXPECT_EQ(l.keys(), (std::vector<std::string>{"territory", "product", "net_sales"}));
        EXPECT_TRUE(ag.territory.count(l.str("territory"))) << l.str("territory") << " not licensed in " << id;
        EXPECT_FALSE(l.str("product").empty());
        EXPECT_GE(minor_amount(l.str("net_sales"), ag.usd), 0) << l.str("net_sales");
      }
      EXPECT_GE(minor_amount(r.str("sublicense_income"), ag.usd), 0) << r.str("sublicense_income");
      // No two reports of an agreement for overlapping periods, but for a
      // correction, which names the report it corrects (same period).
      const std::string corrects = op.str("corrects_ref");
      if (op.has("corrects_ref")) {
        ASSERT_TRUE(reports.count(corrects)) << "corrects unknown report " << corrects;
        Report& old = reports.at(corrects);
        EXPECT_EQ(old.agreement, id);
        EXPECT_EQ(old.first, rep.first);
        EXPECT_EQ(old.last, rep.last);
        EXPECT_FALSE(old.corrected) << corrects << " corrected twice";
        old.corrected = true;
        ++st.corrections;
      }
      for (const auto& [other_ref, other] : reports) {
        if (other.agreement != id || other_ref == corrects || other.corrected) continue;
        EXPECT_TRUE(other.last < rep.first || rep.last < other.first) << ref << " overlaps " << other_ref;
      }
      reports[ref] = rep;
      ++st.reports;
    } else if (name == "milestone.reach") {
      ASSERT_TRUE(agreements.count(op.str("agreement"))) << op.str("agreement");
      Agreement& ag = agreements.at(op.str("agreement"));
      EXPECT_TRUE(ag.milestones.count(op.str("name"))) << op.str("name");
      EXPECT_TRUE(ag.reached.insert(op.str("name")).second) << "reached twice";
      EXPECT_GE(when, ag.start);
      EXPECT_LE(when, fy2025_end);
      ++st.milestones;
    } else if (name == "payment.record") {
      ASSERT_TRUE(agreements.count(op.str("agreement"))) << "payment for unknown agreement " << op.str("agreement");
      const Agreement& ag = agreements.at(op.str("agreement"));
      EXPECT_GT(when, ag.start) << "paid before the start";
      EXPECT_LE(when, fy2025_end);
      EXPECT_EQ(op.str("currency"), ag.usd ? "USD" : "JPY");
      EXPECT_GT(minor_amount(op.str("amount"), ag.usd), 0) << op.str("amount");
      EXPECT_EQ(op.has("fx_rate"), ag.usd) << "an fx rate exactly for foreign currency";
      if (ag.usd) {
        EXPECT_TRUE(std::regex_match(op.str("fx_rate"), kFxRate)) << op.str("fx_rate");
      }
      EXPECT_TRUE(references.insert(op.str("reference")).second) << "reference twice";
      st.usd_payments += ag.usd;
      ++st.payments;
    } else if (name == "payout.record") {
      ASSERT_TRUE(kind.count(op.str("institution"))) << op.str("institution");
      EXPECT_EQ(kind.at(op.str("institution")), "university") << op.str("institution");
      EXPECT_GT(minor_amount(op.str("amount"), false), 0) << op.str("amount");
      EXPECT_GT(closed_through, 0) << "a payout before the first close";
      EXPECT_LE(when, fy2025_end);
      EXPECT_TRUE(references.insert(op.str("reference")).second) << "reference twice";
      ++st.payouts;
    } else if (name == "close") {
      const int month = 3 + st.closes;  // months since 2025-01
      const std::string expected =
          std::to_string(2025 + month / 12) + (month % 12 < 9 ? "-0" : "-") + std::to_string(month % 12 + 1);
      EXPECT_EQ(op.str("month"), expected) << "months close in order from 2025-04";
      closed_through = when;
      ++st.closes;
    }
  }

  // Whole-scheme rules.
  for (const std::string& n : declined)
    EXPECT_FALSE(aggregated.count(n)) << "declined and aggregated " << n;
  st.declined = static_cast<int>(declined.size());
  for (const auto& [n, agg] : aggregated) {
    const std::vector<std::string> o = owners(n);
    if (o.size() < 2) continue;
    for (const std::string& owner : o) {
      EXPECT_TRUE(consents.count(std::make_tuple(n, owner, std::string("licensing"))))
          << n << ": no licensing consent from " << owner;
    }
  }
  for (const auto& [code, con] : consortia) {
    EXPECT_TRUE(project_packages.count(con.package)) << code << " on a package without a project";
  }
  for (const auto& [code, pr] : projects) {
    SCOPED_TRACE(code);
    EXPECT_GE(pr.contracts, 1);
    EXPECT_LE(pr.contracts, 3);
    EXPECT_GE(pr.staff, 1);
    EXPECT_LE(pr.staff, 2);
    int cons = 0;
    for (const auto& [c, con] : consortia) {
      if (con.package != pr.package) continue;
      ++cons;
      int candidates = 0;
      for (const auto& [inst, role] : con.members) candidates += role == "licensee_candidate";
      EXPECT_GE(candidates, 2);
      EXPECT_LE(candidates, 5);
      // The owning universities and labs of the core patents sit at the table.
      for (const std::string& n : pr.basic) {
        for (const std::string& owner : owners(n)) {
          if (is_academic(owner)) {
            EXPECT_TRUE(con.members.count(owner) && con.members.at(owner) == "university") << owner;
          }
        }
      }
    }
    EXPECT_EQ(cons, 1) << "one consortium per project's package";
  }
  for (const auto& [ref, c] : contracts) {
    SCOPED_TRACE(ref);
    EXPECT_GE(c.expenses, 1);
    EXPECT_LE(c.expenses, 4);
    EXPECT_LT(c.spent, c.amount) << "nothing left unspent";
  }
  // Licensing: twelve months closed, the last FY2025's March, when anything
  // was licensed; at most one correction.
  EXPECT_EQ(st.closes, st.agreements > 0 ? 12 : 0);
  if (st.agreements > 0) {
    EXPECT_EQ(closed_through, fy2025_end);
  }
  EXPECT_LE(st.corrections, 1);
}

SchemeStats check_scheme(const std::vector<Json>& patents, const std::vector<Json>& institutions,
                         const std::vector<Json>& ops) {
  SchemeStats st;
  replay_scheme(patents, institutions, ops, st);
  return st;
}

// The summary's licensing counts are the file's.
void expect_licensing_counts(const DemoSummary& s, const SchemeStats& st) {
  EXPECT_EQ(s.agreements, st.agreements);
  EXPECT_EQ(s.reports, st.reports);
  EXPECT_EQ(s.milestones, st.milestones);
  EXPECT_EQ(s.payments, st.payments);
  EXPECT_EQ(s.payouts, st.payouts);
  EXPECT_EQ(s.closes, st.closes);
}

std::vector<Json> read_scheme(const DemoSummary& s) {
  const std::vector<std::string> lines = read_lines(s.scheme_file);
  EXPECT_EQ(static_cast<std::int64_t>(lines.size()), s.scheme_operations);
  return parse_lines(lines);
}

TEST(DemoScheme, InstitutionsAndPatentsUnchangedByTheScheme) {
  // Hashes of the files as written before scheme.jsonl was added.
  TempDir a("hash-a");
  const DemoSummary sa = generate(a.str(), 2000, 1);
  EXPECT_EQ(fnv1a(read_all(sa.institutions_file)), 0x99a3939f11581359ULL);
  EXPECT_EQ(fnv1a(read_all(sa.patents_file)), 0x3c33e92656a2b12dULL);
  TempDir b("hash-b");
  const DemoSummary sb = generate(b.str(), 3000, 7);
  EXPECT_EQ(fnv1a(read_all(sb.patents_file)), 0x80bca016b8c4d8baULL);
}

TEST_F(DemoData2000, SchemeFollowsTheRules) {
  EXPECT_EQ(fs::path(summary_.scheme_file).filename(), "scheme.jsonl");
  EXPECT_EQ(fs::path(summary_.scheme_file).parent_path(), dir_->path() / "nested" / "out");
  const std::string text = read_all(summary_.scheme_file);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  const std::vector<Json> ops = read_scheme(summary_);
  const SchemeStats st = check_scheme(patents_, institutions_, ops);

  EXPECT_EQ(summary_.scheme_operations, st.operations);
  EXPECT_EQ(summary_.aggregated, st.aggregated);
  EXPECT_EQ(summary_.packages, st.packages);
  EXPECT_EQ(summary_.projects, st.projects);

  // About 3% of the JP first filings; mostly by assignment.
  EXPECT_GE(st.aggregated, 12);
  EXPECT_GE(st.aggregated * 1000 / st.jp_first, 15);
  EXPECT_LE(st.aggregated * 1000 / st.jp_first, 50);
  EXPECT_GE(st.assignment * 100 / st.aggregated, 50);
  EXPECT_LE(st.assignment * 100 / st.aggregated, 95);
  EXPECT_GE(st.co_owned_aggregated, 1);
  EXPECT_GE(st.declined, 15);
  EXPECT_LE(st.declined, 25);
  // About one package per four aggregated patents, at least 12; some marketed.
  EXPECT_GE(st.packages, 12);
  EXPECT_LE(st.packages, std::max(12, st.aggregated / 3));
  EXPECT_GE(st.marketed, 1);
  EXPECT_LT(st.marketed, st.packages);
  EXPECT_GE(st.peripherals, 1);
  // Ten projects, each with contracts, expenses, staff and a consortium.
  EXPECT_EQ(st.projects, 10);
  EXPECT_GE(st.contracts, 10);
  EXPECT_LE(st.contracts, 30);
  EXPECT_GE(st.recoverable_contracts, 1);
  EXPECT_LT(st.recoverable_contracts, st.contracts);
  EXPECT_GE(st.expenses, st.contracts);
  EXPECT_EQ(st.consortia, 10);
  EXPECT_GE(st.nda, 1);

  // Licensing in FY2025: about one licence per marketed package and a few on
  // patent lists, mostly in yen; quarterly reports, one corrected; payments,
  // payouts to universities, and twelve closes.
  expect_licensing_counts(summary_, st);
  EXPECT_EQ(st.closes, 12);
  EXPECT_GE(st.agreements, 5);
  EXPECT_GE(st.package_agreements, 1);
  EXPECT_LT(st.package_agreements, st.agreements);
  EXPECT_LE(st.package_agreements, st.marketed);
  EXPECT_GE(st.candidate_licensees, 1);
  EXPECT_GE(st.exclusive, 1);
  EXPECT_LT(st.exclusive, st.agreements);
  EXPECT_GE(st.usd, 1);
  EXPECT_LE(st.usd * 2, st.agreements);
  EXPECT_GE(st.minimums, 1);
  EXPECT_GE(st.reports, 2 * st.agreements);
  EXPECT_EQ(st.corrections, 1);
  EXPECT_GE(st.milestones, 1);
  EXPECT_GE(st.payments, 2 * st.agreements);
  EXPECT_GE(st.usd_payments, 1);
  EXPECT_GE(st.payouts, 1);
}

TEST(DemoScheme, SameOptionsGiveIdenticalScheme) {
  TempDir a("scheme-a");
  TempDir b("scheme-b");
  const DemoSummary sa = generate(a.str(), 3000, 7);
  const DemoSummary sb = generate(b.str(), 3000, 7);
  const std::string first = read_all(sa.scheme_file);
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(first, read_all(sb.scheme_file));
  generate(a.str(), 3000, 7);
  EXPECT_EQ(read_all(sa.scheme_file), first);
  TempDir c("scheme-c");
  const DemoSummary sc = generate(c.str(), 3000, 8);
  EXPECT_NE(read_all(sc.scheme_file), first);
}

TEST(DemoScheme, SmallAndLargerRunsFollowTheRules) {
  TempDir dir("scheme-sizes");
  for (std::int64_t n : {0, 1, 2, 10, 257, 20000}) {
    SCOPED_TRACE(n);
    const DemoSummary s = generate(dir.str(), n, n == 20000 ? 42 : 99);
    const std::vector<Json> institutions = parse_lines(read_lines(s.institutions_file));
    const std::vector<Json> patents = parse_lines(read_lines(s.patents_file));
    ASSERT_TRUE(fs::exists(s.scheme_file));
    const SchemeStats st = check_scheme(patents, institutions, read_scheme(s));
    EXPECT_EQ(s.aggregated, st.aggregated);
    EXPECT_EQ(s.packages, st.packages);
    EXPECT_EQ(s.projects, st.projects);
    expect_licensing_counts(s, st);
    if (n == 0) {
      EXPECT_EQ(st.operations, 0);
    }
    if (n >= 257) {
      EXPECT_EQ(st.projects, 10);
      EXPECT_EQ(st.closes, 12);
      EXPECT_GE(st.agreements, 3);
    }
  }
}

}  // namespace
}  // namespace chizai
