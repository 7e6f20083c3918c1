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
// A record's problems, one per field: the first found (a field with a
// wrong type is not also reported as missing or as a bad date).
class Errors {
 public:
  void add(std::string field, std::string reason, std::string code = {}) {
    for (const FieldError& e : list_) {
      if (e.field == field) return;
    }
    list_.push_back({std::move(field), std::move(reason), std::move(code)});
  }
  void add(const Error& e, const std::string& field) {
    add(e.field.empty() ? field : field + "." + e.field, e.message);
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

// A date field; full-width digits and dashes (２０１９－０４－０１) read as ASCII.
std::optional<Date> parse_date_field(Errors& errors, const std::string& field,
                                     const std::string& text) {
  auto d = Date::parse(fold_fullwidth_ascii(text));
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

KeySet key_set(const RequestSpec& spec) {
  KeySet keys;
  for (const FieldSpec& f : spec.fields) keys.emplace(f.name);
  return keys;
}

const KeySet& patent_keys() {
  static const KeySet keys = key_set(patent_record_spec());
  return keys;
}

const KeySet& institution_keys() {
  static const KeySet keys = key_set(institution_record_spec());
  return keys;
}

// A list field's items' keys (owners, inventors, priority_claims).
const KeySet& nested_keys(const char* list) {
  static const std::map<std::string, KeySet, std::less<>> keys = [] {
    std::map<std::string, KeySet, std::less<>> out;
    for (const FieldSpec& f : patent_record_spec().fields) {
      if (f.nested) out.emplace(std::string(f.name), key_set(*f.nested));
    }
    return out;
  }();
  return keys.find(list)->second;
}

std::string get(const PatentFields& f, const char* key) {
  auto it = f.text.find(key);
  return it == f.text.end() ? std::string() : it->second;
}

const std::vector<std::string>& patent_text_keys();

// The application number, and the office: the number's when it names one
// (特願…, PCT/JP…, US…), checked against the jurisdiction `given` when both
// are; the jurisdiction given when the number has no country ("2019-100001").
void read_number_and_office(Patent& p, const std::string& raw, const std::string& given, Errors& errors) {
  auto n = normalize_application_number(raw, given, p.filing_date.year());
  if (n) {
    p.application_number = n->canonical;
    p.jurisdiction = n->jurisdiction;
    return;
  }
  if (n.error().code == "jurisdiction_mismatch") {
    if (auto own = normalize_application_number(raw, {}, p.filing_date.year())) {
      p.application_number = own->canonical;
      errors.add("jurisdiction",
                 "'" + given + "' conflicts with the application number " + std::string(trim(raw)) + ", a " +
                     own->jurisdiction + " application (" + own->canonical +
                     "); give the number's office or leave the jurisdiction out",
                 kJurisdictionMismatch);
      return;
    }
  }
  if (given.empty() && n.error().code == "unknown_jurisdiction" &&
      normalize_application_number(raw, "JP", p.filing_date.year()).ok()) {
    errors.add("jurisdiction", "is required: the application number '" + std::string(trim(raw)) +
                                   "' does not say its office (write it with one, JP 2019-100001, or give the "
                                   "jurisdiction)");
    return;
  }
  errors.add("application_number", n.error().message);
}

std::optional<Patent> assemble_patent(PatentFields& f, Errors& errors) {
  Patent p;
  for (const std::string& name : patent_text_keys()) {
    if (patent_record_spec().find(name)->required && get(f, name.c_str()).empty()) errors.add(name, "is required");
  }
  for (const auto& [k, v] : f.text) {
    if (!is_valid_utf8(v)) errors.add(k, "is not valid UTF-8");
  }
  // Read on after any problem: the rules then report theirs on what could
  // be read (ParsedRecord::partial, rule_errors_beside).
  const std::string given = to_upper_ascii(trim(get(f, "jurisdiction")));
  const bool jurisdiction_read = given.empty() || is_known_jurisdiction(given);
  if (!jurisdiction_read) errors.add("jurisdiction", "unknown jurisdiction '" + given + "'");
  p.jurisdiction = given;
  const auto filed = parse_date_field(errors, "filing_date", get(f, "filing_date"));
  if (filed) p.filing_date = *filed;
  if (jurisdiction_read && filed) read_number_and_office(p, get(f, "application_number"), given, errors);
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
  return p;  // with errors: the partial record (deliver)
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
  for_each_object(obj, "owners", nested_keys("owners"), errors, [&](const JsonObject& o, std::size_t i) {
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
  for_each_object(obj, "inventors", nested_keys("inventors"), errors, [&](const JsonObject& o, std::size_t i) {
    Inventor inv;
    inv.name = json_string(o, "name", sub("inventors", i, "name"), errors);
    inv.institution = json_string(o, "institution", sub("inventors", i, "institution"), errors);
    f.inventors.push_back(std::move(inv));
  });
}

void json_priorities(const JsonObject& obj, PatentFields& f, Errors& errors) {
  for_each_object(obj, "priority_claims", nested_keys("priority_claims"), errors,
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

void json_claims(const JsonObject& obj, PatentFields& f, Errors& errors) {
  if (auto c = member(obj, "claims")) {
    std::int64_t n = 0;
    if (c->type() != element_type::INT64 || c->get(n) != simdjson::SUCCESS) {
      errors.add("claims", std::string("must be an integer, not ") + json_type_name(*c));
    } else {
      f.claims = n;
    }
  }
}

void json_ipc(const JsonObject& obj, PatentFields& f, Errors& errors) {
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
}

// The reader of each key of a patent's JSON object: a text key's value
// goes to PatentFields::text as written; the others are converted here.
// (In this order: a record's problems are reported in it.)
using KeyReader = void (*)(const JsonObject&, PatentFields&, Errors&);
const std::vector<std::pair<std::string_view, KeyReader>>& patent_key_readers() {
  static const std::vector<std::pair<std::string_view, KeyReader>> readers = {
      {"claims", json_claims}, {"ipc", json_ipc}, {"owners", json_owners},
      {"inventors", json_inventors}, {"priority_claims", json_priorities}};
  return readers;
}

bool has_key_reader(std::string_view key) {
  const auto& readers = patent_key_readers();
  return std::any_of(readers.begin(), readers.end(), [&](const auto& r) { return r.first == key; });
}

// The patent keys read as text: every declared key without its own reader.
const std::vector<std::string>& patent_text_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const FieldSpec& f : patent_record_spec().fields) {
      if (!has_key_reader(f.name)) out.emplace_back(f.name);
    }
    return out;
  }();
  return keys;
}

void json_patent_fields(const JsonObject& obj, PatentFields& f, Errors& errors) {
  check_keys(obj, patent_keys(), "", errors);
  for (const std::string& k : patent_text_keys()) f.text[k] = json_string(obj, k, k, errors);
  for (const auto& [key, read] : patent_key_readers()) read(obj, f, errors);
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
    if (has_key_reader(k)) continue;
    f.text[k] = std::string(trim(v));
  }
  auto cell = [&](const char* k) {
    auto it = row.find(k);
    return it == row.end() ? std::string() : std::string(trim(it->second));
  };
  if (auto c = cell("claims"); !c.empty()) {
    if (auto n = parse_int64(fold_fullwidth_ascii(c))) {  // １２ is 12
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
  if (auto it = text.find("aliases"); it != text.end()) inst.aliases = split_items(it->second);
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
    r.partial = std::move(record);
  }
  on_record(std::move(r));
}

std::optional<Patent> patent_json(const JsonObject& obj, Errors& errors) {
  PatentFields f;
  json_patent_fields(obj, f, errors);
  // Assembled even after a field's form error: the rest of the line is
  // still checked (every problem on a line is reported).
  return assemble_patent(f, errors);
}

std::optional<Institution> institution_json(const JsonObject& obj, Errors& errors) {
  check_keys(obj, institution_keys(), "", errors);
  std::map<std::string, std::string> text;
  for (const std::string& k : institution_keys()) {
    if (k != "aliases") text[k] = json_string(obj, k, k, errors);
  }
  Institution inst = institution_from_text(text, errors);
  if (auto arr = json_array(obj, "aliases", errors)) {
    inst.aliases.emplace();
    std::size_t i = 0;
    for (Element v : *arr) {
      if (v.type() != element_type::STRING) {
        errors.add(sub("aliases", i), std::string("must be a string, not ") + json_type_name(v));
      } else if (!trim(std::string_view(v)).empty()) {
        inst.aliases->emplace_back(trim(std::string_view(v)));
      }
      ++i;
    }
  }
  return inst;
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
  auto d = Date::parse(fold_fullwidth_ascii(parts[0]));
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
          return institution_json(obj, errors);
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
        [](const JsonObject& obj, Errors& errors) -> std::optional<Patent> { return patent_json(obj, errors); },
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
               p = assemble_patent(f, errors);
             }
             deliver(line, std::move(p), errors, on_record);
           });
}

std::vector<FieldError> rule_errors_beside(const std::vector<FieldError>& form, std::vector<FieldError> rules) {
  std::set<std::string> bad;
  for (const FieldError& e : form) bad.insert(e.field);
  const bool no_filing = bad.count("filing_date") > 0;
  const bool no_number = no_filing || bad.count("jurisdiction") || bad.count("application_number");
  std::vector<FieldError> out;
  for (FieldError& e : rules) {
    if (bad.count(e.field)) continue;
    // The office is read from the number too: unread with it.
    if (no_number && (e.field == "application_number" || e.field == "jurisdiction")) continue;
    if (no_filing && e.reason.find("filing date") != std::string::npos) continue;
    bool listed = false;
    for (const FieldError& f : out) listed = listed || (f.field == e.field && f.reason == e.reason);
    if (!listed) out.push_back(std::move(e));
  }
  return out;
}

// ---- The records' specs ----------------------------------------------------

namespace {

const RequestSpec& owner_spec() {
  static const RequestSpec spec{
      "PatentOwner",
      "One owner of record and its share; the shares of a patent sum to 1.",
      {
          {"institution", FieldType::kText, true, "The owner's institution code (registered)", "U-TOKYO"},
          {"share", FieldType::kText, true, "Its share: a fraction (1/2), a decimal (0.5) or a percentage (50%)",
           "1/2"},
      }};
  return spec;
}

const RequestSpec& inventor_spec() {
  static const RequestSpec spec{
      "PatentInventor",
      "One inventor, and the institution the inventor belongs to.",
      {
          {"name", FieldType::kText, true, "The inventor's name", "Yamada Taro"},
          {"institution", FieldType::kText, false, "The inventor's institution code (registered), if any",
           "U-TOKYO"},
      }};
  return spec;
}

const RequestSpec& priority_claim_spec() {
  static const RequestSpec spec{
      "PriorityClaim",
      "An application whose priority this one claims: the families are computed from these.",
      {
          {"number", FieldType::kText, true, "The earlier application's number, any accepted spelling",
           "JP2012123456A"},
          {"date", FieldType::kDate, false, "The earlier application's filing date", "2012-03-01"},
          {"kind", FieldType::kWord, false, "The kind of claim (default paris)", "paris", nullptr,
           {"paris", "pct", "provisional", "continuation", "divisional", "domestic"}},
          {"active", FieldType::kBoolean, false, "False for a claim withdrawn or lost (default true)", "true"},
      }};
  return spec;
}

}  // namespace

const RequestSpec& patent_record_spec() {
  static const RequestSpec spec{
      "PatentRequest",
      "One patent application's record: a line of the JSONL import, a row of the CSV import (the same names "
      "as columns), the body of POST/PUT /api/v1/patents. Registering an existing application replaces its "
      "record (200); the same record again changes nothing.",
      {
          {"application_number", FieldType::kText, true,
           "The application number in any accepted spelling (特願2019-100001, JP 2019-100001, …)", "JP2019-100001"},
          {"jurisdiction", FieldType::kText, false,
           "The office: JP, US, EP, WO (PCT), CN, …; taken from the number when it names one (特願…, PCT/JP…, "
           "US…), and then, when given too, it must be the same (jurisdiction_mismatch); required for a number "
           "without a country (2019-100001)",
           "JP"},
          {"filing_date", FieldType::kDate, true, "The filing date", "2019-04-01"},
          {"kind", FieldType::kWord, false, "The kind of right (default patent)", "patent", nullptr,
           {"patent", "utility_model", "pct", "provisional", "design"}},
          {"title", FieldType::kText, true, "The title (English)", "Solid electrolyte for lithium batteries"},
          {"title_ja", FieldType::kText, false, "The title (Japanese)", "リチウム電池用固体電解質"},
          {"status", FieldType::kWord, false, "The legal status (default pending)", "pending", nullptr,
           {"pending", "granted", "lapsed", "abandoned", "expired"}},
          {"publication_number", FieldType::kText, false, "The publication number", ""},
          {"publication_date", FieldType::kDate, false, "The publication date", ""},
          {"grant_number", FieldType::kText, false, "The grant (registration) number", ""},
          {"grant_date", FieldType::kDate, false, "The grant date", ""},
          {"ipc", FieldType::kTextList, false, "IPC/CPC symbols", "H01M 10/052"},
          {"claims", FieldType::kInteger, false, "The number of claims", "12"},
          {"stage", FieldType::kWord, false, "The lifecycle stage (default domestic_filing)", "domestic_filing",
           nullptr,
           {"research", "invention", "disclosure", "evaluation", "domestic_filing", "foreign_filing",
            "utilization"}},
          {"owners", FieldType::kObjectList, true,
           "The owners of record, at least one (CSV cell: U-TOKYO:1/2; C-0001:50%)", "", &owner_spec()},
          {"inventors", FieldType::kObjectList, false,
           "The inventors (CSV cell: Yamada Taro@U-TOKYO; Suzuki Hanako@U-TOKYO)", "", &inventor_spec()},
          {"priority_claims", FieldType::kObjectList, false,
           "The priority claims (CSV cell: JP2012123456A@2012-03-01:paris; …:inactive)", "",
           &priority_claim_spec()},
      }};
  return spec;
}

const RequestSpec& institution_record_spec() {
  static const RequestSpec spec{
      "InstitutionRequest",
      "One institution's record: a line of the JSONL import, a row of the CSV import (the same names as "
      "columns), the body of POST /api/v1/institutions. Registering an existing code replaces its record (200).",
      {
          {"code", FieldType::kText, true, "The code: 1-32 of A-Z 0-9 - _ . , starting with a letter or digit",
           "U-TOKYO"},
          {"kind", FieldType::kWord, true, "What it is", "university", nullptr,
           {"university", "tlo", "company", "aggregator", "public_lab", "other"}},
          {"name_en", FieldType::kText, true, "The name (English)", "The University of Tokyo"},
          {"name_ja", FieldType::kText, false, "The name (Japanese)", "東京大学"},
          {"country", FieldType::kText, true, "ISO 3166 alpha-2 country code", "JP"},
          {"aliases", FieldType::kTextList, false,
           "Names office data uses for it (CSV cell: NAME; NAME). Given, the institution's aliases become exactly "
           "these; absent, they are left as they are",
           "UNIV TOKYO"},
      }};
  return spec;
}

std::set<std::string> patent_reader_keys() {
  std::set<std::string> keys(patent_text_keys().begin(), patent_text_keys().end());
  for (const auto& r : patent_key_readers()) keys.emplace(r.first);
  return keys;
}

namespace {

template <class T>
ParsedRecord<T> one_record(std::optional<T> record, Errors& errors) {
  ParsedRecord<T> r;
  deliver<T>(0, std::move(record), errors, [&](ParsedRecord<T>&& out) { r = std::move(out); });
  return r;
}

}  // namespace

ParsedRecord<Patent> read_patent_object(simdjson::dom::object obj) {
  Errors errors;
  auto p = patent_json(obj, errors);
  return one_record(std::move(p), errors);
}

ParsedRecord<Institution> read_institution_object(simdjson::dom::object obj) {
  Errors errors;
  auto inst = institution_json(obj, errors);
  return one_record(std::move(inst), errors);
}

}  // namespace chizai
