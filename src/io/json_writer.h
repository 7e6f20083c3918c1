// A small streaming JSON writer with keys in the order written (stable
// output for `--format json`), correct string escaping, and no allocation
// per value beyond the output buffer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"  // append_json_escaped

namespace chizai {

class JsonWriter {
 public:
  // `indent` > 0 pretty-prints with that many spaces per level.
  explicit JsonWriter(int indent = 0) : indent_(indent) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(std::int64_t n);
  JsonWriter& value(int n) { return value(static_cast<std::int64_t>(n)); }
  JsonWriter& value(bool b);
  // A number already written as JSON text ("0.5", "-12.25"), copied as it
  // is. REQUIRES: `json_number` is a JSON number.
  JsonWriter& number(std::string_view json_number);
  JsonWriter& null();
  // A value already written as JSON text (an object a file holds), copied
  // as it is. REQUIRES: `json` is one JSON value.
  JsonWriter& raw(std::string_view json);
  // key(k).value(v)
  template <class T>
  JsonWriter& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  // key(k) and `text`, or null when `text` is empty (an optional string
  // stored as "").
  JsonWriter& text_or_null(std::string_view k, std::string_view text) {
    key(k);
    return text.empty() ? null() : value(text);
  }

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void before_value();
  void newline();
  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
  int indent_ = 0;
};

// Appends `s` as a JSON string literal (quotes included) to `out`.
void append_json_string(std::string& out, std::string_view s);

}  // namespace chizai
