#include "ledger/statement.h"

#include <algorithm>
#include <limits>
#include <tuple>

#include "core/int128.h"
#include "core/money.h"
#include "core/text.h"

namespace chizai {
namespace {

// ---- canonical JSON writing ----

void put_string(std::string& out, std::string_view s) {
  out.push_back('"');
  append_json_escaped(out, s);
  out.push_back('"');
}

// Writes `"key":` preceded by a comma unless it is the object's first key.
void put_key(std::string& out, std::string_view key) {
  if (out.back() != '{') out.push_back(',');
  put_string(out, key);
  out.push_back(':');
}

void put_text(std::string& out, std::string_view key, std::string_view value) {
  put_key(out, key);
  if (value.empty()) {
    out += "null";
  } else {
    put_string(out, value);
  }
}

void put_int(std::string& out, std::string_view key, std::int64_t value) {
  put_key(out, key);
  out += std::to_string(value);
}

// ---- a small JSON reader for the canonical form ----

struct JsonValue {
  enum class Kind { kNull, kBool, kInt, kString, kArray, kObject } kind = Kind::kNull;
  bool boolean = false;
  std::int64_t integer = 0;
  std::string text;
  std::vector<JsonValue> items;    // array elements, or object values
  std::vector<std::string> keys;   // object keys (parallel to items)

  const JsonValue* find(std::string_view key) const {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) return &items[i];
    }
    return nullptr;
  }
};

class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : s_(text) {}

  Result<JsonValue> document() {
    JsonValue v;
    if (!value(v, 0)) return error();
    skip_space();
    if (pos_ != s_.size()) return fail("text after the JSON value");
    return v;
  }

 private:
  static constexpr int kMaxDepth = 32;

  Error error() const {
    return make_error(ErrorKind::kInvalid, "bad_statement_json", "statement JSON: " + problem_ + " at byte " + std::to_string(pos_));
  }
  Error fail(std::string problem) {
    problem_ = std::move(problem);
    return error();
  }
  bool stop(std::string problem) {
    problem_ = std::move(problem);
    return false;
  }

  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) {
      ++pos_;
    }
  }
  bool eat(char c) {
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool value(JsonValue& v, int depth) {
    if (depth > kMaxDepth) return stop("nesting too deep");
    skip_space();
    if (pos_ >= s_.size()) return stop("unexpected end");
    const char c = s_[pos_];
    if (c == '{') return object(v, depth);
    if (c == '[') return array(v, depth);
    if (c == '"') {
      v.kind = JsonValue::Kind::kString;
      return string(v.text);
    }
    if (literal("null")) return true;
    if (literal("true") || literal("false")) {
      v.kind = JsonValue::Kind::kBool;
      v.boolean = s_[pos_ - 1] == 'e' && s_[pos_ - 2] == 'u';  // "true" ends in "ue"
      return true;
    }
    return number(v);
  }

  bool number(JsonValue& v) {
    const std::size_t start = pos_;
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    auto n = parse_int64(s_.substr(start, pos_ - start));
    if (!n) return stop("expected an integer");
    v.kind = JsonValue::Kind::kInt;
    v.integer = *n;
    return true;
  }

  bool object(JsonValue& v, int depth) {
    v.kind = JsonValue::Kind::kObject;
    ++pos_;
    if (eat('}')) return true;
    do {
      skip_space();
      std::string key;
      if (pos_ >= s_.size() || s_[pos_] != '"' || !string(key)) return stop("expected a key");
      if (!eat(':')) return stop("expected ':'");
      v.keys.push_back(std::move(key));
      v.items.emplace_back();
      if (!value(v.items.back(), depth + 1)) return false;
    } while (eat(','));
    return eat('}') || stop("expected ',' or '}'");
  }

  bool array(JsonValue& v, int depth) {
    v.kind = JsonValue::Kind::kArray;
    ++pos_;
    if (eat(']')) return true;
    do {
      v.items.emplace_back();
      if (!value(v.items.back(), depth + 1)) return false;
    } while (eat(','));
    return eat(']') || stop("expected ',' or ']'");
  }

  bool hex4(std::uint32_t& out) {
    if (pos_ + 4 > s_.size()) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = s_[pos_++];
      std::uint32_t d = 0;
      if (c >= '0' && c <= '9') {
        d = static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        d = static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        d = static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
      out = (out << 4) | d;
    }
    return true;
  }


  bool escape(std::string& out) {
    if (pos_ >= s_.size()) return stop("unterminated string");
    const char c = s_[pos_++];
    switch (c) {
      case '"': out.push_back('"'); return true;
      case '\\': out.push_back('\\'); return true;
      case '/': out.push_back('/'); return true;
      case 'b': out.push_back('\b'); return true;
      case 'f': out.push_back('\f'); return true;
      case 'n': out.push_back('\n'); return true;
      case 'r': out.push_back('\r'); return true;
      case 't': out.push_back('\t'); return true;
      case 'u': break;
      default: return stop("bad escape");
    }
    std::uint32_t cp = 0;
    if (!hex4(cp)) return stop("bad \\u escape");
    if (cp >= 0xD800 && cp < 0xDC00) {
      std::uint32_t low = 0;
      if (!literal("\\u") || !hex4(low) || low < 0xDC00 || low > 0xDFFF) return stop("bad surrogate pair");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return stop("bad surrogate pair");
    }
    append_utf8(out, static_cast<char32_t>(cp));
    return true;
  }

  bool string(std::string& out) {
    ++pos_;  // the opening quote
    while (pos_ < s_.size()) {
      const char c = s_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return stop("control character in a string");
      if (c != '\\') {
        out.push_back(c);
      } else if (!escape(out)) {
        return false;
      }
    }
    return stop("unterminated string");
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::string problem_;
};

// Field readers over a parsed object; `problem` collects the first error.
struct Fields {
  const JsonValue& object;
  std::string& problem;

  const JsonValue* get(std::string_view key, JsonValue::Kind kind, bool nullable) {
    const JsonValue* v = object.find(key);
    if (v && (v->kind == kind || (nullable && v->kind == JsonValue::Kind::kNull))) return v;
    if (problem.empty()) problem = "statement JSON: missing or mistyped key \"" + std::string(key) + "\"";
    return nullptr;
  }
  std::string text(std::string_view key, bool nullable = true) {
    const JsonValue* v = get(key, JsonValue::Kind::kString, nullable);
    return v ? v->text : std::string();
  }
  std::int64_t integer(std::string_view key) {
    const JsonValue* v = get(key, JsonValue::Kind::kInt, false);
    return v ? v->integer : 0;
  }
  bool boolean(std::string_view key) {
    const JsonValue* v = get(key, JsonValue::Kind::kBool, false);
    return v && v->boolean;
  }
  Date date(std::string_view key) {
    const std::string t = text(key, false);
    auto d = Date::parse(t);
    if (d && d->to_string() == t) return *d;
    if (problem.empty()) problem = "statement JSON: bad date in \"" + std::string(key) + "\": '" + t + "'";
    return Date();
  }
  const std::vector<JsonValue>& array(std::string_view key) {
    static const std::vector<JsonValue> kEmpty;
    const JsonValue* v = get(key, JsonValue::Kind::kArray, false);
    return v ? v->items : kEmpty;
  }
};

// ---- sums ----

bool add_checked(std::int64_t& acc, std::int64_t x) {
  const int128 sum = static_cast<int128>(acc) + x;
  if (sum > std::numeric_limits<std::int64_t>::max() || sum < std::numeric_limits<std::int64_t>::min()) {
    return false;
  }
  acc = static_cast<std::int64_t>(sum);
  return true;
}

struct Totals {
  std::int64_t income = 0, payouts = 0, closing = 0;
  bool ok = true;
};

Totals totals_of(const Statement& s) {
  Totals t;
  for (const auto& l : s.lines) t.ok = t.ok && add_checked(t.income, l.amount);
  for (const auto& p : s.payouts) t.ok = t.ok && add_checked(t.payouts, p.amount);
  t.closing = s.opening_balance;
  t.ok = t.ok && add_checked(t.closing, t.income) && t.payouts != std::numeric_limits<std::int64_t>::min() &&
         add_checked(t.closing, -t.payouts);
  return t;
}

bool is_month(std::string_view m) {
  if (m.size() != 7 || m[4] != '-') return false;
  auto d = Date::parse(std::string(m) + "-01");
  return d.ok() && month_of(*d) == m;
}

}  // namespace

// ---- the model ----

Status finish_statement(Statement& s) {
  if (!is_month(s.month)) return make_error(ErrorKind::kInvalid, "bad_month", "statement month '" + s.month + "' is not YYYY-MM");
  for (const auto& l : s.lines) {
    if (month_of(l.date) != s.month) {
      return make_error(ErrorKind::kInvalid, "bad_statement", "statement line dated " + l.date.to_string() + " is not in " + s.month);
    }
  }
  for (const auto& p : s.payouts) {
    if (month_of(p.date) != s.month) {
      return make_error(ErrorKind::kInvalid, "bad_statement", "payout dated " + p.date.to_string() + " is not in " + s.month);
    }
  }
  auto line_key = [](const StatementLine& l) {
    return std::tie(l.date, l.payment_reference, l.agreement, l.patent, l.income_type, l.share, l.amount,
                    l.licensee, l.package, l.original_currency, l.original_amount, l.fx_rate, l.note);
  };
  std::sort(s.lines.begin(), s.lines.end(),
            [&](const StatementLine& a, const StatementLine& b) { return line_key(a) < line_key(b); });
  std::sort(s.payouts.begin(), s.payouts.end(), [](const StatementPayout& a, const StatementPayout& b) {
    return std::tie(a.date, a.reference, a.amount) < std::tie(b.date, b.reference, b.amount);
  });
  const Totals t = totals_of(s);
  if (!t.ok) return make_error(ErrorKind::kRefused, "overflow", "statement of " + s.institution + " for " + s.month + " overflows");
  s.income_total = t.income;
  s.payouts_total = t.payouts;
  s.closing_balance = t.closing;
  return check_statement(s);
}

Status check_statement(const Statement& s) {
  const Totals t = totals_of(s);
  auto off = [&](const char* what, std::int64_t stated, std::int64_t computed) {
    return make_error(ErrorKind::kRefused, "statement_mismatch", "statement of " + s.institution + " for " + s.month + ": " + what +
                                                " is " + std::to_string(stated) + ", the figures give " +
                                                std::to_string(computed));
  };
  if (!t.ok) return make_error(ErrorKind::kRefused, "overflow", "statement of " + s.institution + " for " + s.month + " overflows");
  if (s.income_total != t.income) return off("income_total", s.income_total, t.income);
  if (s.payouts_total != t.payouts) return off("payouts_total", s.payouts_total, t.payouts);
  if (s.closing_balance != t.closing) return off("closing_balance", s.closing_balance, t.closing);
  return {};
}

std::string canonical_json(const Statement& s) {
  // Format 1 (issued before 2026-12-07) named amounts bare; format 2 ends
  // every amount's name in _minor and puts the currency beside it; format 3
  // adds the party and each line's original currency, amount, rate and note.
  const bool v2 = s.format >= 2, v3 = s.format >= 3;
  const auto amount = [&](const char* name) { return v2 ? std::string(name) + "_minor" : std::string(name); };
  std::string out = "{";
  if (v2) {
    put_key(out, "format");
    out += std::to_string(s.format);
  }
  if (v3) put_text(out, "party", s.party);
  put_text(out, "institution", s.institution);
  put_text(out, "institution_name_en", s.institution_name_en);
  put_text(out, "institution_name_ja", s.institution_name_ja);
  put_text(out, "month", s.month);
  put_text(out, "currency", s.currency);
  put_key(out, "provisional");
  out += s.provisional ? "true" : "false";
  put_int(out, amount("opening_balance"), s.opening_balance);
  put_int(out, amount("income_total"), s.income_total);
  put_int(out, amount("payouts_total"), s.payouts_total);
  put_int(out, amount("closing_balance"), s.closing_balance);
  put_key(out, "lines");
  out.push_back('[');
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const StatementLine& l = s.lines[i];
    out += i ? ",{" : "{";
    put_text(out, "date", l.date.to_string());
    put_text(out, "agreement", l.agreement);
    put_text(out, "licensee", l.licensee);
    put_text(out, "package", l.package);
    put_text(out, "patent", l.patent);
    put_text(out, "income_type", l.income_type);
    put_text(out, "payment_reference", l.payment_reference);
    put_text(out, "share", l.share);
    if (v2) put_text(out, "currency", s.currency);
    put_int(out, amount("amount"), l.amount);
    if (v3) {
      put_text(out, "original_currency", l.original_currency);
      if (l.original_currency.empty()) {
        put_key(out, "original_amount_minor");
        out += "null";
      } else {
        put_int(out, "original_amount_minor", l.original_amount);
      }
      put_text(out, "fx_rate", l.fx_rate);
      put_text(out, "note", l.note);
    }
    out.push_back('}');
  }
  out += "]";
  put_key(out, "payouts");
  out.push_back('[');
  for (std::size_t i = 0; i < s.payouts.size(); ++i) {
    const StatementPayout& p = s.payouts[i];
    out += i ? ",{" : "{";
    put_text(out, "date", p.date.to_string());
    put_text(out, "reference", p.reference);
    if (v2) put_text(out, "currency", s.currency);
    put_int(out, amount("amount"), p.amount);
    out.push_back('}');
  }
  out += "]}";
  return out;
}

std::string statement_json(std::string_view canonical, std::string_view sha256) {
  assert(!canonical.empty() && canonical.back() == '}');
  std::string out(canonical.substr(0, canonical.size() - 1));
  put_text(out, "sha256", sha256);
  out.push_back('}');
  return out;
}

Result<Statement> parse_statement_json(std::string_view text) {
  auto doc = JsonReader(text).document();
  if (!doc) return doc.error();
  if (doc->kind != JsonValue::Kind::kObject) return make_error(ErrorKind::kInvalid, "bad_statement_json", "statement JSON: not an object");
  std::string problem;
  Fields f{*doc, problem};
  Statement s;
  // Format 1 has no "format" key and bare amount names.
  s.format = doc->find("format") ? static_cast<int>(f.integer("format")) : 1;
  if (s.format < 1 || s.format > kStatementFormat) {
    return make_error(ErrorKind::kInvalid, "bad_statement_json",
                      "statement JSON: unknown format " + std::to_string(s.format));
  }
  const bool v2 = s.format >= 2, v3 = s.format >= 3;
  const auto amount = [&](const char* name) { return v2 ? std::string(name) + "_minor" : std::string(name); };
  if (v3) {
    s.party = f.text("party", false);
    if (s.party != "institution" && s.party != "aggregator" && problem.empty()) {
      problem = "statement JSON: unknown party '" + s.party + "'";
    }
  }
  s.institution = f.text("institution", false);
  s.institution_name_en = f.text("institution_name_en");
  s.institution_name_ja = f.text("institution_name_ja");
  s.month = f.text("month", false);
  s.currency = f.text("currency", false);
  s.provisional = f.boolean("provisional");
  s.opening_balance = f.integer(amount("opening_balance"));
  s.income_total = f.integer(amount("income_total"));
  s.payouts_total = f.integer(amount("payouts_total"));
  s.closing_balance = f.integer(amount("closing_balance"));
  const auto same_currency = [&](Fields& item) {
    if (v2 && item.text("currency", false) != s.currency && problem.empty()) {
      problem = "statement JSON: an item's currency is not the statement's";
    }
  };
  for (const JsonValue& item : f.array("lines")) {
    if (item.kind != JsonValue::Kind::kObject) return make_error(ErrorKind::kInvalid, "bad_statement_json", "statement JSON: a line is not an object");
    Fields lf{item, problem};
    StatementLine l;
    l.date = lf.date("date");
    l.agreement = lf.text("agreement");
    l.licensee = lf.text("licensee");
    l.package = lf.text("package");
    l.patent = lf.text("patent");
    l.income_type = lf.text("income_type");
    l.payment_reference = lf.text("payment_reference");
    l.share = lf.text("share");
    same_currency(lf);
    l.amount = lf.integer(amount("amount"));
    if (v3) {
      l.original_currency = lf.text("original_currency");
      if (!l.original_currency.empty()) l.original_amount = lf.integer("original_amount_minor");
      l.fx_rate = lf.text("fx_rate");
      l.note = lf.text("note");
    }
    s.lines.push_back(std::move(l));
  }
  for (const JsonValue& item : f.array("payouts")) {
    if (item.kind != JsonValue::Kind::kObject) return make_error(ErrorKind::kInvalid, "bad_statement_json", "statement JSON: a payout is not an object");
    Fields pf{item, problem};
    StatementPayout p;
    p.date = pf.date("date");
    p.reference = pf.text("reference");
    same_currency(pf);
    p.amount = pf.integer(amount("amount"));
    s.payouts.push_back(std::move(p));
  }
  if (!problem.empty()) return make_error(ErrorKind::kInvalid, "bad_statement_json", problem);
  if (auto c = check_statement(s); !c) return c.error();
  return s;
}

// ---- hledger ----

namespace {

std::string hledger_amount(std::int64_t minor, const std::string& currency) {
  auto c = Currency::of(currency);
  if (!c) return {};
  return Money(minor, *c).to_string() + " " + currency;
}

// Text for a description or a tag value on one line: no line breaks, no
// ';' (a comment start), no ',' (ends a tag value).
std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(c == '\n' || c == '\r' || c == '\t' || c == ';' || c == ',' ? ' ' : c);
  return out;
}

std::string tags_of(const Posting& p) {
  std::string tags;
  auto tag = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    tags += (tags.empty() ? "" : ", ") + std::string(name) + ":" + one_line(value);
  };
  tag("fx_rate", p.fx_rate);
  tag("institution", p.institution);
  tag("agreement", p.agreement);
  tag("patent", p.patent);
  tag("income_type", p.income_type);
  tag("share", p.share);
  tag("payment_reference", p.payment_reference);
  return tags;
}

bool bad_account(const std::string& a) {
  return a.empty() || a.find("  ") != std::string::npos || a.find_first_of("\t\r\n;") != std::string::npos ||
         a.front() == '(' || a.front() == '[' || a.front() == ' ' || a.back() == ' ';
}

}  // namespace

Result<std::string> hledger_declarations(std::vector<std::string> currencies, std::vector<std::string> accounts) {
  std::sort(currencies.begin(), currencies.end());
  currencies.erase(std::unique(currencies.begin(), currencies.end()), currencies.end());
  std::sort(accounts.begin(), accounts.end());
  accounts.erase(std::unique(accounts.begin(), accounts.end()), accounts.end());
  std::string out = "; Commodities: '.' is the decimal mark, ',' groups thousands.\n";
  for (const auto& code : currencies) {
    auto c = Currency::of(code);
    if (!c) return make_error(ErrorKind::kNotFound, "unknown_currency", "cannot export: unknown currency '" + code + "'");
    const int e = c->exponent();
    out += "commodity 1,000." + std::string(static_cast<std::size_t>(e), '0') + " " + code + "\n";
  }
  out += "\n";
  for (const auto& a : accounts) {
    if (bad_account(a)) return make_error(ErrorKind::kInvalid, "bad_account", "cannot export: account name '" + a + "' is not valid in hledger");
    out += "account " + a + "\n";
  }
  return out;
}

Result<std::string> hledger_transaction(long long id, const JournalEntry& e) {
  std::string out = "\n" + e.posted_on.to_string() + " (" + std::to_string(id) + ") " + one_line(e.kind) + " " +
                    one_line(e.reference);
  if (!e.description.empty()) out += " | " + one_line(e.description);
  out += "\n";
  for (const auto& p : e.postings) {
    const std::string amount = hledger_amount(p.amount_minor, p.currency);
    if (amount.empty()) return make_error(ErrorKind::kNotFound, "unknown_currency", "cannot export: unknown currency '" + p.currency + "'");
    out += "    " + p.account + "  " + amount;
    const std::string tags = tags_of(p);
    if (!tags.empty()) out += "  ; " + tags;
    out += "\n";
  }
  return out;
}

Result<std::string> hledger_assertions(Date day, std::string_view title, const std::vector<HledgerAssertion>& as) {
  std::string out = "\n" + day.to_string() + " " + one_line(title) + "\n";
  for (const auto& a : as) {
    const std::string zero = hledger_amount(0, a.currency), balance = hledger_amount(a.balance_minor, a.currency);
    if (zero.empty()) return make_error(ErrorKind::kNotFound, "unknown_currency", "cannot export: unknown currency '" + a.currency + "'");
    out += "    " + a.account + "  " + zero + " = " + balance + "\n";
  }
  return out;
}

}  // namespace chizai
