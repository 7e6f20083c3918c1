// The rule book loader: config/docketing/<JURISDICTION>.json, one file per
// office (the README's "Rules and fee tables" describes the format). Strict:
// an unknown key, a missing source, two versions of a table on the same day
// or overlapping rows are errors naming the file and the entry.
#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

#include "docket/rules.h"

namespace chizai::docket {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string sha256(std::string_view data) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(data.data(), static_cast<unsigned>(data.size()));
  return Poco::DigestEngine::digestToHex(engine.digest());
}

// Where in which file: every error names both.
struct Ctx {
  const std::string& file;
  std::string path;
  Ctx at(const std::string& p) const { return Ctx{file, path.empty() ? p : path + "." + p}; }
  Ctx index(std::size_t i) const { return Ctx{file, path + "[" + std::to_string(i) + "]"}; }
  Error error(const std::string& what) const {
    return make_error(ErrorKind::kInvalid, "rule_book_invalid",
                      "docketing rule file " + file + ": " + (path.empty() ? "" : path + ": ") + what, path);
  }
};

Status only_keys(const Object& o, const Ctx& c, std::initializer_list<const char*> allowed) {
  for (const auto& [key, value] : o) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || key == a;
    if (!ok) return c.error("unknown key '" + key + "'");
  }
  return {};
}

Result<std::string> get_string(const Object& o, const Ctx& c, const char* key, bool required = true) {
  if (!o.has(key) || o.isNull(key)) {
    if (required) return c.error("'" + std::string(key) + "' is required");
    return std::string();
  }
  const Poco::Dynamic::Var v = o.get(key);
  if (!v.isString()) return c.error("'" + std::string(key) + "' must be a string");
  std::string s = v.extract<std::string>();
  if (required && s.empty()) return c.error("'" + std::string(key) + "' must not be empty");
  return s;
}

Result<std::optional<std::int64_t>> get_int(const Object& o, const Ctx& c, const char* key, std::int64_t min,
                                            std::int64_t max) {
  if (!o.has(key) || o.isNull(key)) return std::optional<std::int64_t>();
  const Poco::Dynamic::Var v = o.get(key);
  if (!v.isInteger()) return c.error("'" + std::string(key) + "' must be an integer");
  const std::int64_t n = v.convert<std::int64_t>();
  if (n < min || n > max) {
    return c.error("'" + std::string(key) + "' must be between " + std::to_string(min) + " and " +
                   std::to_string(max) + " (is " + std::to_string(n) + ")");
  }
  return std::optional<std::int64_t>(n);
}

// An int field with a default; required when `required`.
template <class T>
Status read_int(const Object& o, const Ctx& c, const char* key, T& out, std::int64_t min, std::int64_t max,
                bool required = false) {
  auto v = get_int(o, c, key, min, max);
  if (!v) return v.error();
  if (!*v) {
    if (required) return c.error("'" + std::string(key) + "' is required");
    return {};
  }
  out = static_cast<T>(**v);
  return {};
}

Status read_bool(const Object& o, const Ctx& c, const char* key, bool& out) {
  if (!o.has(key)) return {};
  const Poco::Dynamic::Var v = o.get(key);
  if (!v.isBoolean()) return c.error("'" + std::string(key) + "' must be true or false");
  out = v.extract<bool>();
  return {};
}

Result<std::optional<Date>> get_date(const Object& o, const Ctx& c, const char* key, bool required) {
  auto s = get_string(o, c, key, required);
  if (!s) return s.error();
  if (s->empty()) return std::optional<Date>();
  auto d = Date::parse(*s);
  if (!d) return c.error("'" + std::string(key) + "' is not a date (YYYY-MM-DD): " + *s);
  return std::optional<Date>(*d);
}

Result<Object::Ptr> get_object(const Object& o, const Ctx& c, const char* key) {
  if (!o.has(key)) return Object::Ptr();
  Object::Ptr p = o.getObject(key);
  if (!p) return c.error("'" + std::string(key) + "' must be an object");
  return p;
}

Result<Array::Ptr> get_array(const Object& o, const Ctx& c, const char* key) {
  if (!o.has(key)) return Array::Ptr();
  Array::Ptr p = o.getArray(key);
  if (!p) return c.error("'" + std::string(key) + "' must be an array");
  return p;
}

#define TRY(expr)                        \
  do {                                   \
    auto _s = (expr);                    \
    if (!_s) return _s.error();          \
  } while (0)

constexpr std::int64_t kMaxAmount = 1'000'000'000'000;  // minor units

Result<int> table_index(JurisdictionRules& j, const Ctx& c, const Object& rule) {
  auto id = get_string(rule, c, "table");
  if (!id) return id.error();
  for (std::size_t i = 0; i < j.tables.size(); ++i) {
    if (j.tables[i].front().id == *id) return static_cast<int>(i);
  }
  return c.error("names the fee table '" + *id + "', which the file does not define");
}

Result<Surcharge> parse_surcharge(const Object& o, const Ctx& c) {
  TRY(only_keys(o, c, {"percent", "fixed", "small", "micro", "per_month", "free_months"}));
  Surcharge s;
  TRY(read_int(o, c, "percent", s.percent, 0, 1000));
  TRY(read_int(o, c, "fixed", s.fixed, 0, kMaxAmount));
  TRY(read_int(o, c, "small", s.fixed_small, 0, kMaxAmount));
  TRY(read_int(o, c, "micro", s.fixed_micro, 0, kMaxAmount));
  TRY(read_int(o, c, "per_month", s.per_month, 0, kMaxAmount));
  TRY(read_int(o, c, "free_months", s.free_months, 0, 12));
  if (!s.any()) return c.error("a surcharge needs 'percent', 'fixed' or 'per_month'");
  return s;
}

Result<FeeTable> parse_table(const Object& o, const Ctx& c, const std::string& jurisdiction) {
  TRY(only_keys(o, c, {"table", "valid_from", "source", "rows", "surcharge"}));
  FeeTable t;
  auto id = get_string(o, c, "table");
  if (!id) return id.error();
  t.id = *id;
  auto from = get_date(o, c, "valid_from", true);
  if (!from) return from.error();
  t.valid_from = **from;
  auto source = get_string(o, c, "source");
  if (!source) return source.error();
  t.source = *source;
  t.label = jurisdiction + "/" + t.id + "@" + t.valid_from.to_string();
  const Ctx tc = Ctx{c.file, c.path + " (" + t.label + ")"};
  auto rows = get_array(o, tc, "rows");
  if (!rows) return rows.error();
  if (!*rows || (*rows)->size() == 0) return tc.error("'rows' is required and must not be empty");
  for (std::size_t i = 0; i < (*rows)->size(); ++i) {
    const Ctx rc = tc.at("rows").index(i);
    Object::Ptr r = (*rows)->getObject(static_cast<unsigned>(i));
    if (!r) return rc.error("must be an object");
    TRY(only_keys(*r, rc, {"from", "to", "base", "per_claim", "small", "micro"}));
    FeeRow row;
    TRY(read_int(*r, rc, "from", row.from, 1, 30, true));
    TRY(read_int(*r, rc, "to", row.to, 1, 30, true));
    TRY(read_int(*r, rc, "base", row.base, 0, kMaxAmount, true));
    TRY(read_int(*r, rc, "per_claim", row.per_claim, 0, kMaxAmount));
    TRY(read_int(*r, rc, "small", row.small, 0, kMaxAmount));
    TRY(read_int(*r, rc, "micro", row.micro, 0, kMaxAmount));
    if (row.to < row.from) return rc.error("'to' is before 'from'");
    for (const FeeRow& prev : t.rows) {
      if (row.from <= prev.to && prev.from <= row.to) {
        return rc.error("years " + std::to_string(row.from) + "-" + std::to_string(row.to) +
                        " overlap another row");
      }
    }
    t.rows.push_back(row);
  }
  auto sur = get_object(o, tc, "surcharge");
  if (!sur) return sur.error();
  if (*sur) {
    auto s = parse_surcharge(**sur, tc.at("surcharge"));
    if (!s) return s.error();
    t.surcharge = *s;
  }
  std::ostringstream canonical;
  Poco::JSON::Stringifier::condense(o, canonical);
  t.sha256 = sha256(canonical.str());
  return t;
}

Result<std::vector<InstitutionKind>> parse_kinds(const Object& o, const Ctx& c) {
  auto a = get_array(o, c, "kinds");
  if (!a) return a.error();
  if (!*a || (*a)->size() == 0) return c.error("'kinds' is required and must not be empty");
  std::vector<InstitutionKind> out;
  for (std::size_t i = 0; i < (*a)->size(); ++i) {
    const Poco::Dynamic::Var v = (*a)->get(static_cast<unsigned>(i));
    auto k = v.isString() ? parse_institution_kind(v.extract<std::string>()) : std::nullopt;
    if (!k) return c.at("kinds").index(i).error("not an institution kind");
    out.push_back(*k);
  }
  return out;
}

Status parse_rules(JurisdictionRules& j, const Object& rules, const Ctx& c) {
  TRY(only_keys(rules, c, {"paris_priority", "examination_request", "annual_fee", "maintenance_fee", "renewal_fee",
                           "office_action", "national_phase", "expiry"}));
  auto sub = [&](const char* key) { return get_object(rules, c, key); };
  if (auto o = sub("paris_priority"); !o) {
    return o.error();
  } else if (*o) {
    const Ctx rc = c.at("paris_priority");
    TRY(only_keys(**o, rc, {"months", "design_months", "source"}));
    ParisRule r;
    TRY(read_int(**o, rc, "months", r.months, 1, 60, true));
    TRY(read_int(**o, rc, "design_months", r.design_months, 0, 60));
    j.paris = r;
  }
  if (auto o = sub("examination_request"); !o) {
    return o.error();
  } else if (*o) {
    const Ctx rc = c.at("examination_request");
    TRY(only_keys(**o, rc, {"months", "source"}));
    ExaminationRule r;
    TRY(read_int(**o, rc, "months", r.months, 1, 120, true));
    j.examination = r;
  }
  if (auto o = sub("annual_fee"); !o) {
    return o.error();
  } else if (*o) {
    const Ctx rc = c.at("annual_fee");
    TRY(only_keys(**o, rc, {"table", "first_years", "first_days_after_allowance", "grace_months",
                            "surcharge_percent", "last_year", "source"}));
    AnnualRule r;
    auto t = table_index(j, rc, **o);
    if (!t) return t.error();
    r.table = *t;
    TRY(read_int(**o, rc, "first_years", r.first_years, 1, 10, true));
    TRY(read_int(**o, rc, "first_days_after_allowance", r.first_days_after_allowance, 1, 365, true));
    TRY(read_int(**o, rc, "grace_months", r.grace_months, 0, 12, true));
    TRY(read_int(**o, rc, "surcharge_percent", r.surcharge_percent, 0, 1000, true));
    TRY(read_int(**o, rc, "last_year", r.last_year, r.first_years, 30, true));
    j.annual = r;
  }
  if (auto o = sub("maintenance_fee"); !o) {
    return o.error();
  } else if (*o) {
    const Ctx rc = c.at("maintenance_fee");
    TRY(only_keys(**o, rc, {"table", "stages_months", "window_months", "grace_months", "source"}));
    MaintenanceRule r;
    auto t = table_index(j, rc, **o);
    if (!t) return t.error();
    r.table = *t;
    auto a = get_array(**o, rc, "stages_months");
    if (!a) return a.error();
    if (!*a || (*a)->size() == 0) return rc.error("'stages_months' is required and must not be empty");
    for (std::size_t i = 0; i < (*a)->size(); ++i) {
      const Poco::Dynamic::Var v = (*a)->get(static_cast<unsigned>(i));
      if (!v.isInteger() || v.convert<int>() < 1 || v.convert<int>() > 360) {
        return rc.at("stages_months").index(i).error("must be a number of months (1-360)");
      }
      r.stages_months.push_back(v.convert<int>());
    }
    TRY(read_int(**o, rc, "window_months", r.window_months, 0, 24, true));
    TRY(read_int(**o, rc, "grace_months", r.grace_months, 0, 24, true));
    j.maintenance = r;
  }
  if (auto o = sub("renewal_fee"); !o) {
    return o.error();
  } else if (*o) {
    const Ctx rc = c.at("renewal_fee");
    TRY(only_keys(**o, rc, {"table", "phase", "first_year", "last_year", "window_months", "first_window_months",
                            "grace_months", "grace_to_month_end", "euro_pct_months", "after_grant_months",
                            "surcharge_percent", "source"}));
    RenewalRule r;
    auto t = table_index(j, rc, **o);
    if (!t) return t.error();
    r.table = *t;
    auto phase = get_string(**o, rc, "phase");
    if (!phase) return phase.error();
    if (*phase == "application") {
      r.phase = RenewalPhase::kApplication;
    } else if (*phase == "validation") {
      r.phase = RenewalPhase::kValidation;
    } else {
      return rc.error("'phase' must be 'application' or 'validation' (is '" + *phase + "')");
    }
    TRY(read_int(**o, rc, "first_year", r.first_year, 1, 30, true));
    TRY(read_int(**o, rc, "last_year", r.last_year, r.first_year, 30, true));
    TRY(read_int(**o, rc, "window_months", r.window_months, 0, 24, true));
    TRY(read_int(**o, rc, "first_window_months", r.first_window_months, 0, 24));
    TRY(read_int(**o, rc, "grace_months", r.grace_months, 0, 24, true));
    TRY(read_bool(**o, rc, "grace_to_month_end", r.grace_to_month_end));
    TRY(read_int(**o, rc, "euro_pct_months", r.euro_pct_months, 0, 60));
    TRY(read_int(**o, rc, "after_grant_months", r.after_grant_months, 0, 24));
    TRY(read_int(**o, rc, "surcharge_percent", r.surcharge_percent, 0, 1000));
    j.renewal = r;
  }
  if (auto o = sub("office_action"); !o) {
    return o.error();
  } else if (*o) {
    const Ctx rc = c.at("office_action");
    TRY(only_keys(**o, rc, {"domestic_days", "foreign_months", "months", "max_months", "extension_table",
                            "from_event", "default_months", "source"}));
    OfficeActionRule r;
    TRY(read_int(**o, rc, "domestic_days", r.domestic_days, 0, 365));
    TRY(read_int(**o, rc, "foreign_months", r.foreign_months, 0, 24));
    TRY(read_int(**o, rc, "months", r.months, 0, 24));
    TRY(read_int(**o, rc, "max_months", r.max_months, 0, 24));
    TRY(read_bool(**o, rc, "from_event", r.from_event));
    TRY(read_int(**o, rc, "default_months", r.default_months, 0, 24));
    if ((**o).has("extension_table")) {
      auto id = get_string(**o, rc, "extension_table");
      if (!id) return id.error();
      Object probe;
      probe.set("table", *id);
      auto t = table_index(j, rc, probe);
      if (!t) return t.error();
      r.extension_table = *t;
    }
    if (r.domestic_days == 0 && r.months == 0 && !r.from_event) {
      return rc.error("needs 'domestic_days', 'months' or 'from_event'");
    }
    if (r.max_months != 0 && r.max_months < r.months) return rc.error("'max_months' is less than 'months'");
    j.office_action = r;
  }
  if (auto o = sub("national_phase"); !o) {
    return o.error();
  } else if (*o) {
    const Ctx rc = c.at("national_phase");
    TRY(only_keys(**o, rc, {"offices", "source"}));
    NationalPhaseRule r;
    auto a = get_array(**o, rc, "offices");
    if (!a) return a.error();
    if (!*a || (*a)->size() == 0) return rc.error("'offices' is required and must not be empty");
    for (std::size_t i = 0; i < (*a)->size(); ++i) {
      const Ctx oc = rc.at("offices").index(i);
      Object::Ptr e = (*a)->getObject(static_cast<unsigned>(i));
      if (!e) return oc.error("must be an object");
      TRY(only_keys(*e, oc, {"office", "months"}));
      NationalPhaseRule::Office off;
      auto office = get_string(*e, oc, "office");
      if (!office) return office.error();
      if (office->size() != 2) return oc.error("'office' must be a two-letter code");
      off.office = *office;
      TRY(read_int(*e, oc, "months", off.months, 1, 60, true));
      r.offices.push_back(off);
    }
    j.national_phase = r;
  }
  if (auto o = sub("expiry"); !o) {
    return o.error();
  } else if (*o) {
    const Ctx rc = c.at("expiry");
    TRY(only_keys(**o, rc, {"years", "source"}));
    ExpiryRule r;
    TRY(read_int(**o, rc, "years", r.years, 1, 50, true));
    j.expiry = r;
  }
  // Every rule names its source: people check deadlines against the law.
  for (const auto& [key, value] : rules) {
    Object::Ptr o = rules.getObject(key);
    if (o && (!o->has("source") || !o->get("source").isString() || o->getValue<std::string>("source").empty())) {
      return c.at(key).error("'source' is required (the statute or rule it implements)");
    }
  }
  return {};
}

Result<JurisdictionRules> parse_file(const std::string& file, const std::string& text) {
  const Ctx c{file, ""};
  Object::Ptr root;
  try {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var v = parser.parse(text);
    root = v.extract<Object::Ptr>();
  } catch (const Poco::Exception& e) {
    return c.error("not valid JSON: " + e.displayText());
  } catch (const std::exception& e) {
    return c.error(std::string("not a JSON object: ") + e.what());
  }
  if (!root) return c.error("not a JSON object");
  TRY(only_keys(*root, c, {"jurisdiction", "currency", "rules", "fee_tables", "reductions", "shares"}));
  JurisdictionRules j;
  j.file = file;
  auto code = get_string(*root, c, "jurisdiction");
  if (!code) return code.error();
  if (code->size() != 2 || !std::isupper(static_cast<unsigned char>((*code)[0])) ||
      !std::isupper(static_cast<unsigned char>((*code)[1]))) {
    return c.error("'jurisdiction' must be a two-letter upper-case code (is '" + *code + "')");
  }
  const std::string stem = std::filesystem::path(file).stem().string();
  if (stem != *code) return c.error("'jurisdiction' " + *code + " does not match the file name " + stem);
  j.code = *code;
  auto currency = get_string(*root, c, "currency");
  if (!currency) return currency.error();
  if (currency->size() != 3) return c.error("'currency' must be an ISO 4217 code");
  j.currency = *currency;

  // Fee tables first: the rules name them.
  auto tables = get_array(*root, c, "fee_tables");
  if (!tables) return tables.error();
  if (*tables) {
    for (std::size_t i = 0; i < (*tables)->size(); ++i) {
      const Ctx tc = c.at("fee_tables").index(i);
      Object::Ptr o = (*tables)->getObject(static_cast<unsigned>(i));
      if (!o) return tc.error("must be an object");
      auto t = parse_table(*o, tc, j.code);
      if (!t) return t.error();
      auto group = std::find_if(j.tables.begin(), j.tables.end(),
                                [&](const std::vector<FeeTable>& g) { return g.front().id == t->id; });
      if (group == j.tables.end()) {
        j.tables.push_back({});
        group = j.tables.end() - 1;
      }
      for (const FeeTable& prev : *group) {
        if (prev.valid_from == t->valid_from) {
          return tc.error("a second version of table '" + t->id + "' from " + t->valid_from.to_string() +
                          ": add a version with a later valid_from instead");
        }
      }
      group->push_back(std::move(t).value());
    }
    for (auto& g : j.tables) {
      std::sort(g.begin(), g.end(), [](const FeeTable& a, const FeeTable& b) { return a.valid_from < b.valid_from; });
    }
  }
  auto rules = get_object(*root, c, "rules");
  if (!rules) return rules.error();
  if (!*rules) return c.error("'rules' is required");
  TRY(parse_rules(j, **rules, c.at("rules")));

  auto reductions = get_array(*root, c, "reductions");
  if (!reductions) return reductions.error();
  if (*reductions) {
    for (std::size_t i = 0; i < (*reductions)->size(); ++i) {
      const Ctx rc = c.at("reductions").index(i);
      Object::Ptr o = (*reductions)->getObject(static_cast<unsigned>(i));
      if (!o) return rc.error("must be an object");
      TRY(only_keys(*o, rc, {"id", "table", "examination_from", "examination_to", "paid_from", "kinds", "countries",
                             "from", "to", "pay", "source"}));
      Reduction r;
      auto id = get_string(*o, rc, "id");
      if (!id) return id.error();
      r.id = *id;
      auto table = get_string(*o, rc, "table");
      if (!table) return table.error();
      r.table = *table;
      auto ef = get_date(*o, rc, "examination_from", false);
      if (!ef) return ef.error();
      r.examination_from = *ef;
      auto et = get_date(*o, rc, "examination_to", false);
      if (!et) return et.error();
      r.examination_to = *et;
      auto pf = get_date(*o, rc, "paid_from", false);
      if (!pf) return pf.error();
      r.paid_from = *pf;
      auto kinds = parse_kinds(*o, rc);
      if (!kinds) return kinds.error();
      r.kinds = *kinds;
      auto countries = get_array(*o, rc, "countries");
      if (!countries) return countries.error();
      if (*countries) {
        for (std::size_t k = 0; k < (*countries)->size(); ++k) {
          const Poco::Dynamic::Var v = (*countries)->get(static_cast<unsigned>(k));
          if (!v.isString() || v.extract<std::string>().size() != 2) {
            return rc.at("countries").index(k).error("must be a two-letter country code");
          }
          r.countries.push_back(v.extract<std::string>());
        }
      }
      TRY(read_int(*o, rc, "from", r.from, 1, 30, true));
      TRY(read_int(*o, rc, "to", r.to, r.from, 30, true));
      auto pay = get_string(*o, rc, "pay");
      if (!pay) return pay.error();
      auto f = Fraction::parse(*pay);
      if (!f || *f > Fraction::one()) return rc.error("'pay' must be a fraction between 0 and 1 (is '" + *pay + "')");
      r.pay = *f;
      auto source = get_string(*o, rc, "source");
      if (!source) return source.error();
      r.source = *source;
      j.reductions.push_back(std::move(r));
    }
  }
  auto shares = get_object(*root, c, "shares");
  if (!shares) return shares.error();
  if (*shares) {
    const Ctx sc = c.at("shares");
    TRY(only_keys(**shares, sc, {"truncate_to", "per_year", "source"}));
    TRY(read_int(**shares, sc, "truncate_to", j.shares.truncate_to, 1, 1000));
    TRY(read_bool(**shares, sc, "per_year", j.shares.per_year));
    auto source = get_string(**shares, sc, "source");
    if (!source) return source.error();
  }
  return j;
}

int slot(std::string_view code) {
  if (code.size() != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z') return -1;
  return (code[0] - 'A') * 26 + (code[1] - 'A');
}

}  // namespace

const FeeRow* FeeTable::row(int year) const {
  for (const FeeRow& r : rows) {
    if (year >= r.from && year <= r.to) return &r;
  }
  return nullptr;
}

const FeeTable* JurisdictionRules::table_on(int t, Date d) const {
  if (t < 0 || t >= static_cast<int>(tables.size())) return nullptr;
  const std::vector<FeeTable>& g = tables[static_cast<std::size_t>(t)];
  for (auto it = g.rbegin(); it != g.rend(); ++it) {
    if (it->valid_from <= d) return &*it;
  }
  return nullptr;
}

const JurisdictionRules* RuleBookData::find(std::string_view code) const {
  const int s = slot(code);
  if (s < 0 || index[static_cast<std::size_t>(s)] < 0) return nullptr;
  return &jurisdictions[static_cast<std::size_t>(index[static_cast<std::size_t>(s)])];
}

Result<RuleBook> RuleBook::load(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return make_error(ErrorKind::kIo, "rule_book_unreadable", "no docketing rule directory " + dir);
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec) return make_error(ErrorKind::kIo, "rule_book_unreadable", "cannot list " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    return make_error(ErrorKind::kIo, "rule_book_unreadable", "no rule files (*.json) in " + dir);
  }
  auto data = std::make_shared<RuleBookData>();
  data->index.fill(-1);
  std::string all;  // name and content of every file, for the version
  for (const fs::path& p : files) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return make_error(ErrorKind::kIo, "rule_book_unreadable", "cannot read " + p.string());
    auto j = parse_file(p.string(), text.str());
    if (!j) return j.error();
    const int s = slot(j->code);
    if (data->index[static_cast<std::size_t>(s)] >= 0) {
      return make_error(ErrorKind::kInvalid, "rule_book_invalid",
                        "docketing rule file " + p.string() + ": a second file for " + j->code, "jurisdiction");
    }
    data->index[static_cast<std::size_t>(s)] = static_cast<std::int16_t>(data->jurisdictions.size());
    data->jurisdictions.push_back(std::move(j).value());
    all += p.filename().string();
    all += '\n';
    all += text.str();
    all += '\n';
  }
  // Reductions name tables of their own file.
  for (const JurisdictionRules& j : data->jurisdictions) {
    for (std::size_t i = 0; i < j.reductions.size(); ++i) {
      const bool known = std::any_of(j.tables.begin(), j.tables.end(),
                                     [&](const auto& g) { return g.front().id == j.reductions[i].table; });
      if (!known) {
        return make_error(ErrorKind::kInvalid, "rule_book_invalid",
                          "docketing rule file " + j.file + ": reductions[" + std::to_string(i) +
                              "]: names the fee table '" + j.reductions[i].table +
                              "', which the file does not define",
                          "reductions[" + std::to_string(i) + "]");
      }
    }
  }
  data->version = sha256(all);
  RuleBook b;
  b.data = std::move(data);
  return b;
}

const std::string& RuleBook::version() const {
  static const std::string kNone;
  return data ? data->version : kNone;
}

std::vector<RuleBook::TableVersion> RuleBook::table_versions() const {
  std::vector<TableVersion> out;
  if (!data) return out;
  for (const JurisdictionRules& j : data->jurisdictions) {
    for (const auto& g : j.tables) {
      for (const FeeTable& t : g) out.push_back({j.code, t.id, t.valid_from, t.source, t.sha256});
    }
  }
  return out;
}

}  // namespace chizai::docket
