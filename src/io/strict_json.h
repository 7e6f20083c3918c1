// Typed, strict access to JSON objects read with simdjson, for the input
// files and operations people write by hand (agreements, reports, scheme
// operations): unknown or repeated keys, missing required keys and wrong
// types are refused naming the key with its path ("royalty_tiers[0].rate_bps").
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/money.h"

namespace chizai {

using simdjson::dom::element;
using simdjson::dom::element_type;

// A refused file: the message names the key (with its path).
struct FileError {
  std::string message;
  std::string field;
};

[[noreturn]] inline void file_error(const std::string& key, const std::string& why) {
  throw FileError{"'" + key + "' " + why, key};
}

// Typed, strict access to one JSON object: unknown or repeated keys,
// missing required keys and wrong types are errors naming the key. A null
// value counts as absent.
class Fields {
 public:
  Fields(const element& e, std::string path, std::set<std::string> allowed) : path_(std::move(path)) {
    if (e.type() != element_type::OBJECT) {
      throw FileError{(path_.empty() ? std::string("the file") : "'" + name("") + "'") +
                          " must be a JSON object",
                      path_};
    }
    check_keys(simdjson::dom::object(e), allowed);
  }
  Fields(simdjson::dom::object obj, std::string path, std::set<std::string> allowed)
      : path_(std::move(path)) {
    check_keys(obj, allowed);
  }

  std::string name(const std::string& key) const {
    if (path_.empty()) return key;
    return key.empty() ? path_ : path_ + "." + key;
  }
  bool has(const char* key) const { return get(key).has_value(); }
  // Conveniences for hand-written operation files.
  std::string text_or(const char* key, const std::string& fallback) const {
    return optional_text(key).value_or(fallback);
  }
  std::optional<Date> optional_date(const char* key) const {
    if (!has(key)) return std::nullopt;
    return date(key);
  }
  std::int64_t yen(const char* key) const { return amount(key, Currency::jpy(), nullptr); }
  // A nested JSON object as compact JSON text (the body of a file that
  // another reader parses: an agreement or a report inside an operation).
  std::string object_json(const char* key) const {
    auto v = get(key);
    if (!v) file_error(name(key), "is required");
    if (v->type() != element_type::OBJECT) file_error(name(key), "must be a JSON object");
    return simdjson::minify(*v);
  }
  bool flag(const char* key) const { return has(key) && boolean(key); }
  // A nested JSON object, if present (refused naming the key when the value
  // is not an object).
  std::optional<element> optional_object(const char* key) const {
    auto v = get(key);
    if (!v) return std::nullopt;
    if (v->type() != element_type::OBJECT) file_error(name(key), "must be a JSON object");
    return v;
  }
  template <class E>
  E word(const char* key, std::optional<E> (*parse)(std::string_view)) const {
    const std::string t = text(key);
    auto e = parse(t);
    if (!e) file_error(name(key), "has an unknown value '" + t + "'");
    return *e;
  }

  std::string text(const char* key) const {
    auto v = get(key);
    if (!v) file_error(name(key), "is required");
    return as_text(*v, name(key));
  }
  std::optional<std::string> optional_text(const char* key) const {
    auto v = get(key);
    if (!v) return std::nullopt;
    return as_text(*v, name(key));
  }
  Date date(const char* key) const {
    const std::string t = text(key);
    auto d = Date::parse(t);
    if (!d) file_error(name(key), "must be a date YYYY-MM-DD, not '" + t + "'");
    return d.value();
  }
  std::int64_t integer(const char* key) const {
    auto v = get(key);
    if (!v) file_error(name(key), "is required");
    return as_integer(*v, name(key));
  }
  std::optional<std::int64_t> optional_integer(const char* key) const {
    auto v = get(key);
    if (!v) return std::nullopt;
    return as_integer(*v, name(key));
  }
  bool boolean(const char* key) const {
    auto v = get(key);
    if (!v) file_error(name(key), "is required");
    if (v->type() != element_type::BOOL) file_error(name(key), "must be true or false");
    return bool(*v);
  }
  // The array's elements (empty when absent, unless required).
  std::vector<element> array(const char* key, bool required) const {
    auto v = get(key);
    if (!v) {
      if (required) file_error(name(key), "is required");
      return {};
    }
    if (v->type() != element_type::ARRAY) file_error(name(key), "must be an array");
    std::vector<element> out;
    for (element e : simdjson::dom::array(*v)) out.push_back(e);
    return out;
  }
  std::vector<std::string> texts(const char* key, bool required = false) const {
    std::vector<std::string> out;
    const auto items = array(key, required);
    for (std::size_t i = 0; i < items.size(); ++i) {
      out.push_back(as_text(items[i], name(key) + "[" + std::to_string(i) + "]"));
    }
    return out;
  }
  // A decimal string in `currency`; `fallback` (when not null) stands for
  // an absent key.
  std::int64_t amount(const char* key, const Currency& currency, const char* fallback) const {
    const std::string t = fallback ? optional_text(key).value_or(fallback) : text(key);
    auto m = Money::parse(t, currency);
    if (!m) file_error(name(key), "must be an amount in " + std::string(currency.code()) + ": " + m.error().message);
    return m->minor();
  }

 private:
  void check_keys(simdjson::dom::object obj, const std::set<std::string>& allowed) {
    obj_ = obj;
    std::set<std::string> seen;
    for (auto f : obj_) {
      const std::string key(f.key);
      if (!allowed.count(key)) file_error(name(key), "is not a known key");
      if (!seen.insert(key).second) file_error(name(key), "appears twice");
    }
  }
  std::optional<element> get(const char* key) const {
    element v;
    if (obj_.at_key(key).get(v) != simdjson::SUCCESS || v.is_null()) return std::nullopt;
    return v;
  }
  static std::string as_text(const element& v, const std::string& key) {
    if (v.type() != element_type::STRING) file_error(key, "must be a string");
    return std::string(std::string_view(v));
  }
  static std::int64_t as_integer(const element& v, const std::string& key) {
    std::int64_t n = 0;
    if (v.type() != element_type::INT64 || v.get(n) != simdjson::SUCCESS) {
      file_error(key, "must be an integer");
    }
    return n;
  }
  simdjson::dom::object obj_;
  std::string path_;
};


}  // namespace chizai
