#include "io/registry_formats.h"

#include <simdjson.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "io/format_common.h"
#include "registry/numbers.h"

namespace chizai {
namespace {

// Collects a record's errors while its fields are converted.
class Errors {
 public:
  void add(std::string field, std::string reason) {
    list_.push_back({std::move(field), std::move(reason)});
  }
  void add(const Error& e, const std::string& field) {
    list_.push_back({e.field.empty() ? field : field + "." + e.field, e.message});
  }
  bool empty() const { return list_.empty(); }
  std::vector<FieldError> take() { return std::move(list_); }

 private:
  std::vector<FieldError> list_;
};

std::string sub(const std::string& list, std::size_t i, const char* member = nullptr) {
  std::string s = list + "[" + std::to_string(i) + "]";
  if (member) s += std::string(".") + member;
  return s;
}

template <class E>
std::optional<E> parse_word(Errors& errors, const std::string& field, const std::string& text,
                            std::optional<E> (*parse)(std::string_view), std::string (*allowed)()) {
  auto v = parse(text);
  if (!v) errors.add(field, "'" + text + "' is not one of: " + allowed());
  return v;
}

std::optional<Date> parse_date_field(Errors& errors, const std::string& field,
                                     const std::string& text) {
  auto d = Date::parse(text);
  if (!d) {
    errors.add(field, d.error().message);
    return std::nullopt;
  }
  return d.value();
}

// ---- Shared final assembly ----------------------------------------------

// The text fields of a patent as read, before conversion.
struct PatentFields {
  std::map<std::string, std::string> text;  // scalar fields as text
  std::optional<std::int64_t> claims;
  std::vector<std::string> ipc;
  std::vector<Owner> owners;
  std::vector<Inventor> inventors;
  std::vector<PriorityClaim> priorities;
  std::vector<std::string> priority_raw;  // numbers as written, normalised at the end
};

// Sets searchable by string_view without building a std::string.
using KeySet = std::set<std::string, std::less<>>;

const KeySet& patent_keys() {
  static const KeySet keys = {
      "application_number", "jurisdiction", "filing_date",  "kind",   "title",
      "title_ja",           "status",       "publication_number", "publication_date",
      "grant_number",       "grant_date",   "ipc",          "claims", "stage",
      "owners",             "inventors",    "priority_claims"};
  return keys;
}

const KeySet& institution_keys() {
  static const KeySet keys = {"code", "kind", "name_en", "name_ja", "country"};
  return keys;
}

std::string get(const PatentFields& f, const char* key) {
  auto it = f.text.find(key);
  return it == f.text.end() ? std::string() : it->second;
}

std::optional<Patent> assemble_patent(PatentFields& f, Errors& errors) {
  Patent p;
  for (const char* required : {"application_number", "jurisdiction", "filing_date", "title"}) {
    if (get(f, required).empty()) errors.add(required, "is required");
  }
  for (const auto& [k, v] : f.text) {
    if (!is_valid_utf8(v)) errors.add(k, "is not valid UTF-8");
  }
  if (!errors.empty()) return std::nullopt;
  p.jurisdiction = to_upper_ascii(trim(get(f, "jurisdiction")));
  if (!is_known_jurisdiction(p.jurisdiction)) {
    errors.add("jurisdiction", "unknown jurisdiction '" + p.jurisdiction + "'");
  }
  if (auto d = parse_date_field(errors, "filing_date", get(f, "filing_date"))) p.filing_date = *d;
  if (errors.empty()) {
    auto n = normalize_application_number(get(f, "application_number"), p.jurisdiction,
                                          p.filing_date.year());
    if (!n) {
      errors.add("application_number", n.error().message);
    } else {
      p.application_number = n->canonical;
      if (n->jurisdiction != p.jurisdiction) {
        errors.add("jurisdiction", "'" + p.jurisdiction + "' does not match the application number " +
                                       n->canonical + " (jurisdiction " + n->jurisdiction + ")");
      }
    }
  }
  p.title = get(f, "title");
  p.title_ja = get(f, "title_ja");
  if (auto k = get(f, "kind"); !k.empty()) {
    if (auto v = parse_word(errors, "kind", k, parse_patent_kind, allowed_words_patent_kind)) p.kind = *v;
  }
  if (auto s = get(f, "status"); !s.empty()) {
    if (auto v = parse_word(errors, "status", s, parse_patent_status, allowed_words_patent_status)) {
      p.status = *v;
    }
  }
  if (auto s = get(f, "stage"); !s.empty()) {
    if (auto v = parse_word(errors, "stage", s, parse_lifecycle_stage, allowed_words_lifecycle_stage)) {
      p.stage = *v;
    }
  }
  p.publication_number = get(f, "publication_number");
  p.grant_number = get(f, "grant_number");
  if (auto s = get(f, "publication_date"); !s.empty()) p.publication_date = parse_date_field(errors, "publication_date", s);
  if (auto s = get(f, "grant_date"); !s.empty()) p.grant_date = parse_date_field(errors, "grant_date", s);
  p.claims = f.claims;
  for (std::size_t i = 0; i < f.ipc.size(); ++i) {
    const std::string sym = normalize_class_symbol(f.ipc[i]);
    if (sym.empty()) {
      errors.add(sub("ipc", i), "'" + f.ipc[i] + "' is not an IPC/CPC symbol");
    } else {
      p.ipc.push_back(sym);
    }
  }
  p.owners = std::move(f.owners);
  p.inventors = std::move(f.inventors);
  for (std::size_t i = 0; i < f.priorities.size(); ++i) {
    PriorityClaim c = f.priorities[i];
    std::optional<int> year;
    if (c.date) year = c.date->year();
    auto n = normalize_application_number(f.priority_raw[i], {}, year);
    if (!n) {
      errors.add(sub("priority_claims", i, "number"), n.error().message);
      continue;
    }
    c.number = n->canonical;
    p.priority_claims.push_back(std::move(c));
  }
  if (!errors.empty()) return std::nullopt;
  return p;
}

// ---- JSON ---------------------------------------------------------------
// simdjson (DOM API) rather than Poco::JSON here: bulk imports parse
// millions of lines, and Poco's Var-based tree costs several allocations per
// value (a third of the import time, measured); simdjson also rejects
// invalid UTF-8 itself.

using Element = simdjson::dom::element;
using JsonObject = simdjson::dom::object;
using JsonArray = simdjson::dom::array;
using simdjson::dom::element_type;

// Parses one JSON line into an object, or records why not.
std::optional<JsonObject> parse_object(simdjson::dom::parser& parser, const std::string& line,
                                       Errors& errors) {
  if (!is_valid_utf8(line)) {
    errors.add("", "invalid UTF-8");
    return std::nullopt;
  }
  Element doc;
  if (auto err = parser.parse(line).get(doc); err) {
    errors.add("", std::string("malformed JSON: ") + simdjson::error_message(err));
    return std::nullopt;
  }
  if (doc.type() != element_type::OBJECT) {
    errors.add("", std::string("each line must be a JSON object, not ") + json_type_name(doc));
    return std::nullopt;
  }
  return JsonObject(doc);
}

void check_keys(const JsonObject& obj, const KeySet& allowed, const std::string& where,
                Errors& errors) {
  // Objects are small: a linear scan finds repeats without allocating.
  std::string_view seen[32];
  std::size_t n = 0;
  for (auto field : obj) {
    const bool known = allowed.count(field.key) > 0;
    const bool repeated = std::find(seen, seen + n, field.key) != seen + n;
    if (n < std::size(seen)) seen[n++] = field.key;
    if (known && !repeated) continue;
    const std::string key(field.key);
    const std::string path = where.empty() ? key : where + "." + key;
    if (!known) errors.add(path, "unknown field '" + key + "'");
    if (repeated) errors.add(path, "field '" + key + "' appears twice");
  }
}

// The member `key`, or nullopt when absent or null.
std::optional<Element> member(const JsonObject& obj, std::string_view key) {
  Element v;
  if (obj.at_key(key).get(v) != simdjson::SUCCESS || v.is_null()) return std::nullopt;
  return v;
}

// A string member: absent or null gives "", another type is an error.
std::string json_string(const JsonObject& obj, std::string_view key, const std::string& field,
                        Errors& errors) {
  auto v = member(obj, key);
  if (!v) return {};
  if (v->type() != element_type::STRING) {
    errors.add(field, std::string("must be a string, not ") + json_type_name(*v));
    return {};
  }
  return std::string(std::string_view(*v));
}

std::optional<JsonArray> json_array(const JsonObject& obj, std::string_view key, Errors& errors) {
  auto v = member(obj, key);
  if (!v) return std::nullopt;
  if (v->type() != element_type::ARRAY) {
    errors.add(std::string(key), std::string("must be an array, not ") + json_type_name(*v));
    return std::nullopt;
  }
  return JsonArray(*v);
}

// Each element of list `key` that is an object with only `allowed` keys.
template <class Fn>
void for_each_object(const JsonObject& obj, const char* key, const KeySet& allowed,
                     Errors& errors, Fn fn) {
  auto arr = json_array(obj, key, errors);
  if (!arr) return;
  std::size_t i = 0;
  for (Element v : *arr) {
    if (v.type() != element_type::OBJECT) {
      errors.add(sub(key, i), std::string("must be an object, not ") + json_type_name(v));
    } else {
      const JsonObject o(v);
      check_keys(o, allowed, sub(key, i), errors);
      fn(o, i);
    }
    ++i;
  }
}

void json_owners(const JsonObject& obj, PatentFields& f, Errors& errors) {
  static const KeySet keys = {"institution", "share"};
  for_each_object(obj, "owners", keys, errors, [&](const JsonObject& o, std::size_t i) {
    Owner owner;
    owner.institution = json_string(o, "institution", sub("owners", i, "institution"), errors);
    const std::string share = json_string(o, "share", sub("owners", i, "share"), errors);
    if (share.empty()) {
      errors.add(sub("owners", i, "share"), "is required");
      return;
    }
    auto fr = Fraction::parse(share);
    if (!fr) {
      errors.add(sub("owners", i, "share"), "'" + share + "' is not a share: " + fr.error().message);
      return;
    }
    owner.share = fr.value();
    f.owners.push_back(std::move(owner));
  });
}

void json_inventors(const JsonObject& obj, PatentFields& f, Errors& errors) {
  static const KeySet keys = {"name", "institution"};
  for_each_object(obj, "inventors", keys, errors, [&](const JsonObject& o, std::size_t i) {
    Inventor inv;
    inv.name = json_string(o, "name", sub("inventors", i, "name"), errors);
    inv.institution = json_string(o, "institution", sub("inventors", i, "institution"), errors);
    f.inventors.push_back(std::move(inv));
  });
}

void json_priorities(const JsonObject& obj, PatentFields& f, Errors& errors) {
  static const KeySet keys = {"number", "date", "kind", "active"};
  for_each_object(obj, "priority_claims", keys, errors,
                  [&](const JsonObject& o, std::size_t i) {
    PriorityClaim c;
    const std::string number = json_string(o, "number", sub("priority_claims", i, "number"), errors);
    if (number.empty()) {
      errors.add(sub("priority_claims", i, "number"), "is required");
      return;
    }
    const std::string date = json_string(o, "date", sub("priority_claims", i, "date"), errors);
    if (!date.empty()) c.date = parse_date_field(errors, sub("priority_claims", i, "date"), date);
    const std::string kind = json_string(o, "kind", sub("priority_claims", i, "kind"), errors);
    if (!kind.empty()) {
      if (auto k = parse_word(errors, sub("priority_claims", i, "kind"), kind, parse_priority_kind,
                              allowed_words_priority_kind)) {
        c.kind = *k;
      }
    }
    if (auto a = member(o, "active")) {
      if (a->type() != element_type::BOOL) {
        errors.add(sub("priority_claims", i, "active"),
                   std::string("must be true or false, not ") + json_type_name(*a));
      } else {
        c.active = bool(*a);
      }
    }
    f.priorities.push_back(std::move(c));
    f.priority_raw.push_back(number);
  });
}

void json_patent_fields(const JsonObject& obj, PatentFields& f, Errors& errors) {
  check_keys(obj, patent_keys(), "", errors);
  for (const char* k : {"application_number", "jurisdiction", "filing_date", "kind", "title",
                        "title_ja", "status", "publication_number", "publication_date",
                        "grant_number", "grant_date", "stage"}) {
    f.text[k] = json_string(obj, k, k, errors);
  }
  if (auto c = member(obj, "claims")) {
    std::int64_t n = 0;
    if (c->type() != element_type::INT64 || c->get(n) != simdjson::SUCCESS) {
      errors.add("claims", std::string("must be an integer, not ") + json_type_name(*c));
    } else {
      f.claims = n;
    }
  }
  if (auto arr = json_array(obj, "ipc", errors)) {
    std::size_t i = 0;
    for (Element v : *arr) {
      if (v.type() != element_type::STRING) {
        errors.add(sub("ipc", i), std::string("must be a string, not ") + json_type_name(v));
      } else {
        f.ipc.emplace_back(std::string_view(v));
      }
      ++i;
    }
  }
  json_owners(obj, f, errors);
  json_inventors(obj, f, errors);
  json_priorities(obj, f, errors);
}

// ---- CSV ----------------------------------------------------------------

std::vector<std::string> split_items(const std::string& cell) {
  std::vector<std::string> out;
  for (std::string_view piece : split(cell, ';')) {
    piece = trim(piece);
    if (!piece.empty()) out.emplace_back(piece);
  }
  return out;
}

void csv_patent_fields(const std::map<std::string, std::string>& row, PatentFields& f,
                       Errors& errors) {
  for (const auto& [k, v] : row) {
    if (k == "ipc" || k == "owners" || k == "inventors" || k == "priority_claims" || k == "claims") {
      continue;
    }
    f.text[k] = std::string(trim(v));
  }
  auto cell = [&](const char* k) {
    auto it = row.find(k);
    return it == row.end() ? std::string() : std::string(trim(it->second));
  };
  if (auto c = cell("claims"); !c.empty()) {
    if (auto n = parse_int64(c)) {
      f.claims = *n;
    } else {
      errors.add("claims", "'" + c + "' is not an integer");
    }
  }
  f.ipc = split_items(cell("ipc"));
  auto items = [&](const char* list, auto parse, auto& out) {
    const auto parts = split_items(cell(list));
    for (std::size_t i = 0; i < parts.size(); ++i) {
      auto r = parse(parts[i]);
      if (!r) {
        errors.add(sub(list, i), r.error().message);
      } else {
        out.push_back(std::move(r).value());
      }
    }
  };
  items("owners", parse_owner_item, f.owners);
  items("inventors", parse_inventor_item, f.inventors);
  std::vector<PriorityClaim> claims;
  items("priority_claims", parse_priority_item, claims);
  for (auto& c : claims) {
    f.priority_raw.push_back(c.number);
    f.priorities.push_back(std::move(c));
  }
}

// Reads a CSV file: header, then one callback per record with its cells by column.
void read_csv(std::istream& in, const KeySet& allowed,
              const std::function<void(std::size_t, std::map<std::string, std::string>&&,
                                       std::vector<FieldError>&&)>& on_row) {
  std::vector<std::string> header, cells;
  std::size_t lines = 0;
  std::string error;
  if (!read_csv_record(in, header, lines, error)) {
    on_row(1, {}, {{"", "the file is empty: a header row is required"}});
    return;
  }
  if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0) header[0].erase(0, 3);  // BOM
  std::vector<FieldError> header_errors;
  std::set<std::string> seen;
  for (auto& h : header) {
    h = std::string(trim(h));
    if (!allowed.count(h)) header_errors.push_back({h, "unknown column '" + h + "' in the header"});
    if (!seen.insert(h).second) header_errors.push_back({h, "duplicate column '" + h + "'"});
  }
  if (!header_errors.empty()) {
    on_row(1, {}, std::move(header_errors));
    return;
  }
  while (true) {
    const std::size_t start = lines + 1;
    error.clear();
    if (!read_csv_record(in, cells, lines, error)) break;
    if (cells.size() == 1 && trim(cells[0]).empty()) continue;  // blank line
    std::vector<FieldError> errs;
    if (!error.empty()) errs.push_back({"", error});
    if (cells.size() != header.size()) {
      errs.push_back({"", "has " + std::to_string(cells.size()) + " cells; the header has " +
                              std::to_string(header.size())});
    }
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < cells.size() && i < header.size(); ++i) {
      if (!is_valid_utf8(cells[i])) errs.push_back({header[i], "invalid UTF-8"});
      row[header[i]] = cells[i];
    }
    on_row(start, std::move(row), std::move(errs));
  }
}

Institution institution_from_text(const std::map<std::string, std::string>& text, Errors& errors) {
  auto get_text = [&](const char* k) {
    auto it = text.find(k);
    return it == text.end() ? std::string() : std::string(trim(it->second));
  };
  Institution inst;
  inst.code = get_text("code");
  inst.name_en = get_text("name_en");
  inst.name_ja = get_text("name_ja");
  inst.country = get_text("country");
  const std::string kind = get_text("kind");
  if (kind.empty()) {
    errors.add("kind", "is required");
  } else if (auto k = parse_word(errors, "kind", kind, parse_institution_kind,
                                 allowed_words_institution_kind)) {
    inst.kind = *k;
  }
  // The record-level rules need no database: report them with the rest.
  for (auto& e : validate_institution(inst)) errors.add(e.field, e.reason);
  return inst;
}

template <class T>
void deliver(std::size_t line, std::optional<T> record, Errors& errors,
             const std::function<void(ParsedRecord<T>&&)>& on_record) {
  ParsedRecord<T> r;
  r.line = line;
  if (errors.empty() && record) {
    r.record = std::move(record);
  } else {
    r.errors = errors.take();
  }
  on_record(std::move(r));
}

template <class T>
void read_jsonl(std::istream& in,
                const std::function<std::optional<T>(const JsonObject&, Errors&)>& convert,
                const std::function<void(ParsedRecord<T>&&)>& on_record) {
  simdjson::dom::parser parser;
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty()) continue;
    Errors errors;
    std::optional<T> record;
    if (auto obj = parse_object(parser, line, errors)) record = convert(*obj, errors);
    deliver(n, std::move(record), errors, on_record);
  }
}

}  // namespace

Result<FileFormat> format_for_path(const std::string& path) {
  auto ends_with = [&](std::string_view ext) {
    return path.size() >= ext.size() &&
           to_lower_ascii(path.substr(path.size() - ext.size())) == ext;
  };
  if (ends_with(".csv")) return FileFormat::kCsv;
  if (ends_with(".jsonl") || ends_with(".ndjson")) return FileFormat::kJsonl;
  return make_error(ErrorKind::kNotFound, "unknown_format",
                    "cannot tell the format of '" + path + "': use a .csv or .jsonl file", "file");
}

Result<Owner> parse_owner_item(std::string_view item) {
  const auto colon = item.rfind(':');
  if (colon == std::string_view::npos) {
    return make_error(ErrorKind::kInvalid, "bad_owner", "'" + std::string(item) + "' is not CODE:SHARE (e.g. U-TOKYO:1/2)");
  }
  auto share = Fraction::parse(item.substr(colon + 1));
  if (!share) {
    return make_error(ErrorKind::kInvalid, "bad_owner", "'" + std::string(item.substr(colon + 1)) +
                                       "' is not a share: " + share.error().message);
  }
  return Owner{std::string(trim(item.substr(0, colon))), share.value()};
}

Result<Inventor> parse_inventor_item(std::string_view item) {
  const auto at = item.rfind('@');
  if (at == std::string_view::npos) return Inventor{std::string(trim(item)), ""};
  return Inventor{std::string(trim(item.substr(0, at))), std::string(trim(item.substr(at + 1)))};
}

Result<PriorityClaim> parse_priority_item(std::string_view item) {
  PriorityClaim c;
  const std::string text(trim(item));
  const auto at = text.find('@');
  if (at == std::string::npos) {
    return make_error(ErrorKind::kInvalid, "bad_priority", "'" + text +
                                          "' is not NUMBER@DATE:KIND (e.g. "
                                          "JP2012123456A@2012-03-01:paris)");
  }
  c.number = text.substr(0, at);
  const auto parts = split(std::string_view(text).substr(at + 1), ':');
  if (parts.size() < 2 || parts.size() > 3) {
    return make_error(ErrorKind::kInvalid, "bad_priority", "'" + text + "' is not NUMBER@DATE:KIND[:inactive]");
  }
  auto d = Date::parse(parts[0]);
  if (!d) return d.error();
  c.date = d.value();
  auto k = parse_priority_kind(parts[1]);
  if (!k) {
    return make_error(ErrorKind::kInvalid, "bad_priority", "'" + std::string(parts[1]) +
                                          "' is not one of: " + allowed_words_priority_kind());
  }
  c.kind = *k;
  if (parts.size() == 3) {
    if (parts[2] != "inactive" && parts[2] != "active") {
      return make_error(ErrorKind::kInvalid, "bad_priority", "'" + std::string(parts[2]) + "' must be active or inactive");
    }
    c.active = parts[2] == "active";
  }
  return c;
}

void read_institutions(std::istream& in, FileFormat format,
                       const std::function<void(ParsedRecord<Institution>&&)>& on_record) {
  if (format == FileFormat::kJsonl) {
    read_jsonl<Institution>(
        in,
        [](const JsonObject& obj, Errors& errors) -> std::optional<Institution> {
          check_keys(obj, institution_keys(), "", errors);
          std::map<std::string, std::string> text;
          for (const char* k : {"code", "kind", "name_en", "name_ja", "country"}) {
            text[k] = json_string(obj, k, k, errors);
          }
          return institution_from_text(text, errors);
        },
        on_record);
    return;
  }
  read_csv(in, institution_keys(),
           [&](std::size_t line, std::map<std::string, std::string>&& row,
               std::vector<FieldError>&& errs) {
             Errors errors;
             for (auto& e : errs) errors.add(e.field, e.reason);
             std::optional<Institution> inst;
             if (!row.empty()) inst = institution_from_text(row, errors);
             deliver(line, std::move(inst), errors, on_record);
           });
}

void read_patents(std::istream& in, FileFormat format,
                  const std::function<void(ParsedRecord<Patent>&&)>& on_record) {
  if (format == FileFormat::kJsonl) {
    read_jsonl<Patent>(
        in,
        [](const JsonObject& obj, Errors& errors) -> std::optional<Patent> {
          PatentFields f;
          json_patent_fields(obj, f, errors);
          if (!errors.empty()) return std::nullopt;
          return assemble_patent(f, errors);
        },
        on_record);
    return;
  }
  read_csv(in, patent_keys(),
           [&](std::size_t line, std::map<std::string, std::string>&& row,
               std::vector<FieldError>&& errs) {
             Errors errors;
             for (auto& e : errs) errors.add(e.field, e.reason);
             std::optional<Patent> p;
             if (!row.empty() && errors.empty()) {
               PatentFields f;
               csv_patent_fields(row, f, errors);
               if (errors.empty()) p = assemble_patent(f, errors);
             }
             deliver(line, std::move(p), errors, on_record);
           });
}

}  // namespace chizai
