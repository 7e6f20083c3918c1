// What a request is made of, said once: its fields' names, types, whether
// each is required, a description and an example. One RequestSpec per use
// case (src/requests/) drives
//  - the reader (SpecFields below): the keys it accepts, and a check that the
//    reader asks only for declared fields, with the declared type;
//  - the CLI's flags (one per scalar field: --fx-rate for fx_rate, cli/request_flags.h);
//  - the OpenAPI request schema and its example (api/openapi.cpp).
// So the CLI, the API and the scheme loader read a request by the same names,
// and the published schema cannot drift from what the code reads.
#pragma once

#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "io/strict_json.h"

namespace chizai {

enum class FieldType {
  kText,        // a string
  kDate,        // "YYYY-MM-DD"
  kAmount,      // a decimal string in the request's currency ("1,250,000", "10.50")
  kDecimal,     // a decimal string that is not money: a rate, a share ("1/3" is kText)
  kInteger,     // a JSON integer
  kBoolean,     // true or false
  kWord,        // a string from `words`
  kTextList,    // an array of strings
  kObject,      // an object described by `nested`
  kObjectList,  // an array of objects described by `nested`
};

struct RequestSpec;

struct FieldSpec {
  std::string_view name;
  FieldType type = FieldType::kText;
  bool required = false;
  std::string_view description;
  // An example value as people would send it (the text of a string, the
  // digits of an integer, "true"; for a list, items separated by '|'),
  // empty for none. Objects take their example from `nested`.
  std::string_view example;
  const RequestSpec* nested = nullptr;     // kObject, kObjectList
  std::vector<std::string_view> words = {};  // kWord: the allowed values
};

struct RequestSpec {
  std::string_view name;  // the schema's name in the OpenAPI document: "PaymentRequest"
  std::string_view description;
  std::vector<FieldSpec> fields;

  // The field named `name`, or null.
  const FieldSpec* find(std::string_view name) const;
  // Every field name (the keys a reader accepts).
  std::set<std::string> keys() const;
};

// The flag that carries `field` on the command line: "--fx-rate" for "fx_rate".
std::string flag_of(std::string_view field);

// Fields of a JSON object read by a RequestSpec: the object's keys must be
// declared (or in `extra`, e.g. the scheme loader's "op"); every accessor
// REQUIRES its key to be declared with a matching type and required-ness
// (a required accessor on a required field, an optional one on an
// optional field), else std::logic_error — a reader that asks for an
// undeclared field is a bug found by the first test that runs it.
class SpecFields {
 public:
  SpecFields(const element& e, const RequestSpec& spec, std::string path = "",
             const std::set<std::string>& extra = {});

  SpecFields(simdjson::dom::object obj, const RequestSpec& spec, std::string path = "",
             const std::set<std::string>& extra = {});

  const RequestSpec& spec() const { return *spec_; }
  const Fields& raw() const { return fields_; }
  std::string name(const std::string& key) const { return fields_.name(key); }
  bool has(const char* key) const;

  // Required fields.
  std::string text(const char* key) const;
  Date date(const char* key) const;
  std::int64_t integer(const char* key) const;
  bool boolean(const char* key) const;
  std::int64_t amount(const char* key, const Currency& currency) const;
  // A kAmount field's text, for a reader that does not know the currency
  // yet (a report's amounts are in its agreement's currency).
  std::string amount_text(const char* key) const;
  std::vector<std::string> texts(const char* key) const;
  std::vector<element> objects(const char* key) const;  // kObjectList, at least one
  // kObjectList, present but perhaps empty (a report of no sales: "lines": []).
  std::vector<element> object_list(const char* key) const;
  element object(const char* key) const;                // kObject
  // A word the spec does not allow, or `parse` refuses, is a FileError
  // listing the spec's words ("use core, peripheral").
  template <class E>
  E word(const char* key, std::optional<E> (*parse)(std::string_view)) const {
    const FieldSpec& field = expect(key, {FieldType::kWord}, true);
    const std::string t = fields_.text(key);
    auto e = parse(t);
    if (!e) unknown_word(field, key, t);
    return *e;
  }

  // Optional fields (null counts as absent).
  std::optional<std::string> optional_text(const char* key) const;
  std::string text_or(const char* key, const std::string& fallback) const;
  std::optional<Date> optional_date(const char* key) const;
  std::optional<std::int64_t> optional_integer(const char* key) const;
  bool flag(const char* key) const;  // kBoolean, absent = false
  bool flag_or(const char* key, bool fallback) const;  // kBoolean, absent = fallback
  std::int64_t amount_or(const char* key, const Currency& currency, const char* fallback) const;
  std::string amount_text_or(const char* key, const std::string& fallback) const;
  std::vector<std::string> optional_texts(const char* key) const;
  std::vector<element> optional_objects(const char* key) const;
  std::optional<element> optional_object(const char* key) const;
  template <class E>
  std::optional<E> optional_word(const char* key, std::optional<E> (*parse)(std::string_view)) const {
    const FieldSpec& field = expect(key, {FieldType::kWord}, false);
    if (!fields_.has(key)) return std::nullopt;
    const std::string t = fields_.text(key);
    auto e = parse(t);
    if (!e) unknown_word(field, key, t);
    return e;
  }

 private:
  const FieldSpec& expect(const char* key, std::initializer_list<FieldType> types, bool required) const;
  [[noreturn]] void unknown_word(const FieldSpec& field, const char* key, const std::string& value) const;
  const RequestSpec* spec_;
  Fields fields_;
};

}  // namespace chizai
