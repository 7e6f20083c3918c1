#include "io/company_formats.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <span>

#include "core/text.h"
#include "io/format_common.h"
#include "matching/index.h"
#include "registry/validate.h"

namespace chizai {
namespace {

// The overseas staff's region words (StaffRegion in portfolio/project.h and
// the CHECK of project_staff and company_profile).
constexpr std::string_view kRegions[] = {"japan",      "north_america", "europe",  "china",
                                         "asia_other", "latin_america", "oceania", "middle_east_africa"};
constexpr std::string_view kSizes[] = {"startup", "sme", "large"};

std::string joined(std::span<const std::string_view> words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

bool is_region(std::string_view s) {
  return std::find(std::begin(kRegions), std::end(kRegions), s) != std::end(kRegions);
}

using Element = simdjson::dom::element;
using JsonObject = simdjson::dom::object;
using simdjson::dom::element_type;
using KeySet = std::set<std::string, std::less<>>;

// The keys of a company object and the columns of a companies CSV: the
// spec's field names, said once.
const KeySet& company_keys() {
  static const KeySet keys = [] {
    KeySet out;
    for (const FieldSpec& f : company_spec().fields) out.emplace(f.name);
    return out;
  }();
  return keys;
}

struct Problems {
  std::vector<FieldError> list;
  void add(std::string field, std::string reason) { list.push_back({std::move(field), std::move(reason)}); }
};

std::string item_field(std::size_t i) { return "interests[" + std::to_string(i) + "]"; }

// Fills the text fields and checks the whole profile.
void finish(CompanyProfile& c, Problems& p) {
  for (auto& e : validate_company(c)) p.add(e.field, e.reason);
}

// ---- CSV ---------------------------------------------------------------------

void deliver(std::size_t line, CompanyProfile&& c, Problems& p,
             const std::function<void(ParsedRecord<CompanyProfile>&&)>& on_record) {
  ParsedRecord<CompanyProfile> r;
  r.line = line;
  if (p.list.empty()) {
    r.record = std::move(c);
  } else {
    r.errors = std::move(p.list);
  }
  on_record(std::move(r));
}

void read_csv(std::istream& in, const std::function<void(ParsedRecord<CompanyProfile>&&)>& on_record) {
  std::vector<std::string> header, cells;
  std::size_t lines = 0;
  std::string error;
  auto file_problem = [&](std::vector<FieldError> errs) {
    ParsedRecord<CompanyProfile> r;
    r.line = 1;
    r.errors = std::move(errs);
    on_record(std::move(r));
  };
  if (!read_csv_record(in, header, lines, error)) {
    file_problem({{"", "the file is empty: a header row is required"}});
    return;
  }
  if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0) header[0].erase(0, 3);
  std::vector<FieldError> header_errors;
  std::set<std::string> seen;
  for (auto& h : header) {
    h = std::string(trim(h));
    if (!company_keys().count(h)) header_errors.push_back({h, "unknown column '" + h + "' in the header"});
    if (!seen.insert(h).second) header_errors.push_back({h, "duplicate column '" + h + "'"});
  }
  for (const FieldSpec& f : company_spec().fields) {
    const std::string required(f.name);
    if (f.required && !seen.count(required)) {
      header_errors.push_back({required, "the header has no column '" + required + "'"});
    }
  }
  if (!header_errors.empty()) {
    file_problem(std::move(header_errors));
    return;
  }
  while (true) {
    const std::size_t start = lines + 1;
    error.clear();
    if (!read_csv_record(in, cells, lines, error)) break;
    if (cells.size() == 1 && trim(cells[0]).empty()) continue;
    Problems p;
    if (!error.empty()) p.add("", error);
    if (cells.size() != header.size()) {
      p.add("", "has " + std::to_string(cells.size()) + " cells; the header has " +
                    std::to_string(header.size()));
    }
    CompanyProfile c;
    for (std::size_t i = 0; i < cells.size() && i < header.size(); ++i) {
      if (!is_valid_utf8(cells[i])) {
        p.add(header[i], "invalid UTF-8");
        continue;
      }
      const std::string v(trim(cells[i]));
      const std::string& k = header[i];
      if (k == "code") c.code = v;
      else if (k == "name_en") c.name_en = v;
      else if (k == "name_ja") c.name_ja = v;
      else if (k == "country") c.country = v;
      else if (k == "region") c.region = v;
      else if (k == "size") c.size = v;
      else if (k == "industry") c.industry = v;
      else if (k == "keywords") c.keywords = v;
      else if (k == "interests") {
        std::size_t n = 0;
        for (auto piece : split(v, ';')) {
          piece = trim(piece);
          if (piece.empty()) continue;
          auto item = parse_interest_item(piece);
          if (!item) {
            p.add(item_field(n), item.error().message);
          } else {
            c.interests.push_back(std::move(item).value());
          }
          ++n;
        }
      }
    }
    if (p.list.empty()) finish(c, p);
    deliver(start, std::move(c), p, on_record);
  }
}

// ---- JSONL -------------------------------------------------------------------

std::string json_text(const JsonObject& obj, const char* key, Problems& p) {
  Element v;
  if (obj.at_key(key).get(v) != simdjson::SUCCESS || v.is_null()) return {};
  if (v.type() != element_type::STRING) {
    p.add(key, std::string("must be a string, not ") + json_type_name(v));
    return {};
  }
  return std::string(trim(std::string_view(v)));
}

// A JSON weight: a number with at most three decimals (read from its text,
// so 0.1 is exactly 100 thousandths).
Result<std::int64_t> json_weight(const Element& v) {
  if (v.type() == element_type::INT64 || v.type() == element_type::UINT64 ||
      v.type() == element_type::DOUBLE) {
    return parse_interest_weight(simdjson::minify(v));
  }
  if (v.type() == element_type::STRING) return parse_interest_weight(std::string_view(v));
  return make_error(ErrorKind::kInvalid, "bad_weight",
                    std::string("must be a number or a decimal string, not ") + json_type_name(v));
}

void json_interests(const JsonObject& obj, CompanyProfile& c, Problems& p) {
  Element v;
  if (obj.at_key("interests").get(v) != simdjson::SUCCESS || v.is_null()) return;
  if (v.type() != element_type::ARRAY) {
    p.add("interests", std::string("must be an array, not ") + json_type_name(v));
    return;
  }
  std::size_t i = 0;
  for (Element e : simdjson::dom::array(v)) {
    const std::string field = item_field(i++);
    if (e.type() == element_type::STRING) {
      auto item = parse_interest_item(std::string_view(e));
      if (!item) p.add(field, item.error().message);
      else c.interests.push_back(std::move(item).value());
      continue;
    }
    if (e.type() != element_type::OBJECT) {
      p.add(field, std::string("must be an object or a string, not ") + json_type_name(e));
      continue;
    }
    const JsonObject o(e);
    std::set<std::string_view> seen;
    bool ok = true;
    for (auto f : o) {
      if (f.key != "code" && f.key != "weight") {
        p.add(field + "." + std::string(f.key), "unknown field '" + std::string(f.key) + "'");
        ok = false;
      }
      if (!seen.insert(f.key).second) {
        p.add(field + "." + std::string(f.key), "field '" + std::string(f.key) + "' appears twice");
        ok = false;
      }
    }
    if (!ok) continue;
    CompanyInterest ci;
    Element code;
    if (o.at_key("code").get(code) != simdjson::SUCCESS || code.is_null()) {
      p.add(field + ".code", "is required");
      continue;
    }
    if (code.type() != element_type::STRING) {
      p.add(field + ".code", std::string("must be a string, not ") + json_type_name(code));
      continue;
    }
    const std::string text{std::string_view(code)};
    ci.code = matching::normalize_class_code(text);
    if (ci.code.empty()) {
      p.add(field + ".code", "'" + text + "' is not an IPC/CPC symbol (e.g. H01M or H01M 10/052)");
      continue;
    }
    Element w;
    if (o.at_key("weight").get(w) == simdjson::SUCCESS && !w.is_null()) {
      auto weight = json_weight(w);
      if (!weight) {
        p.add(field + ".weight", weight.error().message);
        continue;
      }
      ci.weight_milli = *weight;
    }
    c.interests.push_back(std::move(ci));
  }
}

// One company object in `text` (a JSONL line or a whole .json document),
// delivered as line `line`.
ParsedRecord<CompanyProfile> read_object(simdjson::dom::parser& parser, const std::string& text, std::size_t line) {
  Problems p;
  CompanyProfile c;
  Element doc;
  if (!is_valid_utf8(text)) {
    p.add("", "invalid UTF-8");
  } else if (auto err = parser.parse(text).get(doc); err) {
    p.add("", std::string("malformed JSON: ") + simdjson::error_message(err));
  } else if (doc.type() != element_type::OBJECT) {
    p.add("", std::string("each line must be a JSON object, not ") + json_type_name(doc));
  } else {
    const JsonObject obj(doc);
    std::set<std::string_view> seen;
    for (auto f : obj) {
      const std::string key(f.key);
      if (!company_keys().count(key)) p.add(key, "unknown field '" + key + "'");
      if (!seen.insert(f.key).second) p.add(key, "field '" + key + "' appears twice");
    }
    c.code = json_text(obj, "code", p);
    c.name_en = json_text(obj, "name_en", p);
    c.name_ja = json_text(obj, "name_ja", p);
    c.country = json_text(obj, "country", p);
    c.region = json_text(obj, "region", p);
    c.size = json_text(obj, "size", p);
    c.industry = json_text(obj, "industry", p);
    c.keywords = json_text(obj, "keywords", p);
    json_interests(obj, c, p);
    if (p.list.empty()) finish(c, p);
  }
  ParsedRecord<CompanyProfile> r;
  deliver(line, std::move(c), p, [&r](ParsedRecord<CompanyProfile>&& got) { r = std::move(got); });
  return r;
}

void read_jsonl(std::istream& in, const std::function<void(ParsedRecord<CompanyProfile>&&)>& on_record) {
  simdjson::dom::parser parser;
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty()) continue;
    on_record(read_object(parser, line, n));
  }
}

}  // namespace

const RequestSpec& company_spec() {
  static const RequestSpec interest{
      "CompanyInterest",
      "An IPC/CPC symbol the company is interested in, with a weight (also a plain string \"H01M\")",
      {
          {"code", FieldType::kText, true, "An IPC/CPC symbol: H01M, H01M 10 or H01M 10/052", "H01M 10/052"},
          {"weight", FieldType::kDecimal, false,
           "> 0 and <= 1000, at most three decimals (default 1); a JSON number is taken too", "0.5"},
      }};
  static const RequestSpec spec{
      "CompanyRequest",
      "A company (an institution of kind company) and its matching profile: the keys of a companies.jsonl "
      "line and the columns of a companies CSV. Adding it again with the same content changes nothing (200).",
      {
          {"code", FieldType::kText, true, "The company's code: 1-32 of A-Z a-z 0-9 . _ -", "C-BATT"},
          {"name_en", FieldType::kText, true, "The name in English", "Battery Works"},
          {"name_ja", FieldType::kText, false, "The name in Japanese", "電池工業"},
          {"country", FieldType::kText, true, "ISO 3166 alpha-2 country code", "JP"},
          {"region", FieldType::kWord, true, "The region the company is served from", "japan", nullptr,
           {std::begin(kRegions), std::end(kRegions)}},
          {"size", FieldType::kWord, true, "The company's size", "large", nullptr,
           {std::begin(kSizes), std::end(kSizes)}},
          {"industry", FieldType::kText, false, "Free text", "batteries"},
          {"interests", FieldType::kObjectList, false,
           "IPC/CPC symbols with weights, distinct, at most 100 (in a CSV cell: \"H01M:1; G06N 3/08:0.5\")", "",
           &interest},
          {"keywords", FieldType::kText, false, "Free text, Japanese and/or English (at most 2000 characters)",
           "lithium anode 負極"},
      }};
  return spec;
}

ParsedRecord<CompanyProfile> read_company_json(const std::string& text) {
  simdjson::dom::parser parser;
  return read_object(parser, text, 1);
}

Institution CompanyProfile::institution() const {
  return Institution{code, InstitutionKind::kCompany, name_en, name_ja, country};
}

std::string allowed_words_company_size() { return joined(kSizes); }

bool is_company_size(std::string_view s) {
  return std::find(std::begin(kSizes), std::end(kSizes), s) != std::end(kSizes);
}

Result<std::int64_t> parse_interest_weight(std::string_view text) {
  const std::string t(trim(fold_fullwidth_ascii(text)));  // ０．５ is 0.5
  auto bad = [&] {
    return make_error(ErrorKind::kInvalid, "bad_weight", "weight '" + std::string(trim(text)) + "' must be a decimal > 0 and <= 1000 with at most "
                                    "three decimals (e.g. 1, 0.5, 0.125)");
  };
  const auto dot = t.find('.');
  const std::string whole = t.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : t.substr(dot + 1);
  auto digits = [](const std::string& s) {
    return s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (whole.empty() || whole.size() > 4 || !digits(whole) || !digits(frac) || frac.size() > 3 ||
      (dot != std::string::npos && frac.empty())) {
    return bad();
  }
  frac.resize(3, '0');
  const std::int64_t milli = std::stoll(whole) * 1000 + std::stoll(frac);
  if (milli <= 0 || milli > 1'000'000) return bad();
  return milli;
}

Result<CompanyInterest> parse_interest_item(std::string_view item) {
  const std::string text(trim(item));
  CompanyInterest ci;
  std::string code = text;
  if (const auto colon = text.rfind(':'); colon != std::string::npos) {
    auto w = parse_interest_weight(std::string_view(text).substr(colon + 1));
    if (!w) return w.error();
    ci.weight_milli = *w;
    code = std::string(trim(std::string_view(text).substr(0, colon)));
  }
  ci.code = matching::normalize_class_code(code);
  if (ci.code.empty()) {
    return make_error(ErrorKind::kInvalid, "bad_interest",
                      "'" + code + "' is not an IPC/CPC symbol (e.g. H01M, H01M 10 or H01M 10/052)");
  }
  return ci;
}

std::string weight_text(std::int64_t milli) {
  std::string out = std::to_string(milli / 1000);
  std::int64_t frac = milli % 1000;
  if (frac != 0) {
    std::string f = std::to_string(frac);
    f.insert(0, 3 - f.size(), '0');
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

std::vector<FieldError> validate_company(const CompanyProfile& c) {
  std::vector<FieldError> out = validate_institution(c.institution());
  if (c.region.empty()) {
    out.push_back({"region", "is required (one of: " + joined(kRegions) + ")"});
  } else if (!is_region(c.region)) {
    out.push_back({"region", "'" + c.region + "' is not one of: " + joined(kRegions)});
  }
  if (c.size.empty()) {
    out.push_back({"size", "is required (one of: " + joined(kSizes) + ")"});
  } else if (!is_company_size(c.size)) {
    out.push_back({"size", "'" + c.size + "' is not one of: " + joined(kSizes)});
  }
  if (utf8_length(c.industry) > kMaxNameLength) {
    out.push_back({"industry", "is longer than " + std::to_string(kMaxNameLength) + " characters"});
  }
  if (utf8_length(c.keywords) > kMaxKeywordsLength) {
    out.push_back({"keywords", "is longer than " + std::to_string(kMaxKeywordsLength) + " characters"});
  }
  if (c.interests.size() > kMaxInterests) {
    out.push_back({"interests", "has more than " + std::to_string(kMaxInterests) + " items"});
  }
  std::set<std::string> codes;
  for (std::size_t i = 0; i < c.interests.size(); ++i) {
    const auto& in = c.interests[i];
    if (matching::normalize_class_code(in.code) != in.code || in.code.empty()) {
      out.push_back({item_field(i), "'" + in.code + "' is not a canonical IPC/CPC symbol"});
    }
    if (in.weight_milli <= 0 || in.weight_milli > 1'000'000) {
      out.push_back({item_field(i), "weight must be > 0 and <= 1000"});
    }
    if (!codes.insert(in.code).second) {
      out.push_back({item_field(i), "'" + in.code + "' is listed twice"});
    }
  }
  return out;
}

void read_companies(std::istream& in, FileFormat format,
                    const std::function<void(ParsedRecord<CompanyProfile>&&)>& on_record) {
  if (format == FileFormat::kJsonl) {
    read_jsonl(in, on_record);
  } else {
    read_csv(in, on_record);
  }
}

}  // namespace chizai
