#include "io/request_spec.h"

#include <stdexcept>

namespace chizai {
namespace {

std::set<std::string> allowed_keys(const RequestSpec& spec, const std::set<std::string>& extra) {
  std::set<std::string> keys = spec.keys();
  keys.insert(extra.begin(), extra.end());
  return keys;
}

}  // namespace

const FieldSpec* RequestSpec::find(std::string_view field) const {
  for (const FieldSpec& f : fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

std::set<std::string> RequestSpec::keys() const {
  std::set<std::string> out;
  for (const FieldSpec& f : fields) out.emplace(f.name);
  return out;
}

std::string flag_of(std::string_view field) {
  std::string out = "--";
  for (char c : field) out += c == '_' ? '-' : c;
  return out;
}

SpecFields::SpecFields(const element& e, const RequestSpec& spec, std::string path,
                       const std::set<std::string>& extra)
    : spec_(&spec), fields_(e, std::move(path), allowed_keys(spec, extra)) {}

SpecFields::SpecFields(simdjson::dom::object obj, const RequestSpec& spec, std::string path,
                       const std::set<std::string>& extra)
    : spec_(&spec), fields_(obj, std::move(path), allowed_keys(spec, extra)) {}

const FieldSpec& SpecFields::expect(const char* key, std::initializer_list<FieldType> types,
                                    bool required) const {
  const FieldSpec* f = spec_->find(key);
  if (f == nullptr) {
    throw std::logic_error(std::string(spec_->name) + " reads '" + key + "', which it does not declare");
  }
  bool typed = false;
  for (FieldType t : types) typed = typed || f->type == t;
  if (!typed) throw std::logic_error(std::string(spec_->name) + "." + key + " is read as another type");
  if (f->required != required) {
    throw std::logic_error(std::string(spec_->name) + "." + key +
                           (required ? " is declared optional but read as required"
                                     : " is declared required but read as optional"));
  }
  return *f;
}

bool SpecFields::has(const char* key) const {
  if (spec_->find(key) == nullptr) {
    throw std::logic_error(std::string(spec_->name) + " asks for '" + key + "', which it does not declare");
  }
  return fields_.has(key);
}

std::string SpecFields::text(const char* key) const {
  expect(key, {FieldType::kText, FieldType::kDecimal}, true);
  return fields_.text(key);
}
Date SpecFields::date(const char* key) const {
  expect(key, {FieldType::kDate}, true);
  return fields_.date(key);
}
std::int64_t SpecFields::integer(const char* key) const {
  expect(key, {FieldType::kInteger}, true);
  return fields_.integer(key);
}
bool SpecFields::boolean(const char* key) const {
  expect(key, {FieldType::kBoolean}, true);
  return fields_.boolean(key);
}
void SpecFields::unknown_word(const FieldSpec& field, const char* key, const std::string& value) const {
  std::string words;
  for (std::string_view w : field.words) words += (words.empty() ? "" : ", ") + std::string(w);
  file_error(name(key), "has an unknown value '" + value + "'" + (words.empty() ? "" : ": use " + words));
}

std::int64_t SpecFields::amount(const char* key, const Currency& currency) const {
  expect(key, {FieldType::kAmount}, true);
  return fields_.amount(key, currency, nullptr);
}
std::string SpecFields::amount_text(const char* key) const {
  expect(key, {FieldType::kAmount}, true);
  return fields_.text(key);
}
std::vector<std::string> SpecFields::texts(const char* key) const {
  expect(key, {FieldType::kTextList}, true);
  return fields_.texts(key, true);
}
std::vector<element> SpecFields::objects(const char* key) const {
  expect(key, {FieldType::kObjectList}, true);
  auto items = fields_.array(key, true);
  if (items.empty()) file_error(name(key), "must not be empty");
  return items;
}
std::vector<element> SpecFields::object_list(const char* key) const {
  expect(key, {FieldType::kObjectList}, true);
  return fields_.array(key, true);
}
element SpecFields::object(const char* key) const {
  expect(key, {FieldType::kObject}, true);
  auto items = fields_.optional_object(key);
  if (!items) file_error(name(key), "is required");
  return *items;
}

std::optional<std::string> SpecFields::optional_text(const char* key) const {
  expect(key, {FieldType::kText, FieldType::kDecimal}, false);
  return fields_.optional_text(key);
}
std::string SpecFields::text_or(const char* key, const std::string& fallback) const {
  return optional_text(key).value_or(fallback);
}
std::optional<Date> SpecFields::optional_date(const char* key) const {
  expect(key, {FieldType::kDate}, false);
  return fields_.optional_date(key);
}
std::optional<std::int64_t> SpecFields::optional_integer(const char* key) const {
  expect(key, {FieldType::kInteger}, false);
  return fields_.optional_integer(key);
}
bool SpecFields::flag(const char* key) const {
  expect(key, {FieldType::kBoolean}, false);
  return fields_.flag(key);
}
bool SpecFields::flag_or(const char* key, bool fallback) const {
  expect(key, {FieldType::kBoolean}, false);
  return fields_.has(key) ? fields_.boolean(key) : fallback;
}
std::int64_t SpecFields::amount_or(const char* key, const Currency& currency, const char* fallback) const {
  expect(key, {FieldType::kAmount}, false);
  return fields_.amount(key, currency, fallback);
}
std::string SpecFields::amount_text_or(const char* key, const std::string& fallback) const {
  expect(key, {FieldType::kAmount}, false);
  return fields_.optional_text(key).value_or(fallback);
}
std::vector<std::string> SpecFields::optional_texts(const char* key) const {
  expect(key, {FieldType::kTextList}, false);
  return fields_.texts(key, false);
}
std::vector<element> SpecFields::optional_objects(const char* key) const {
  expect(key, {FieldType::kObjectList}, false);
  return fields_.array(key, false);
}
std::optional<element> SpecFields::optional_object(const char* key) const {
  expect(key, {FieldType::kObject}, false);
  return fields_.optional_object(key);
}

}  // namespace chizai
