#include "api/schema.h"

#include <simdjson.h>

#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include "core/date.h"
#include "core/text.h"

namespace chizai::api {
namespace {

// ---- requests -------------------------------------------------------------------

void ref(JsonWriter& w, std::string_view name) {
  w.begin_object().field("$ref", "#/components/schemas/" + std::string(name)).end_object();
}

void write_field_schema(JsonWriter& w, const FieldSpec& f) {
  if (f.type == FieldType::kObject) {
    ref(w, f.nested->name);
    return;
  }
  w.begin_object();
  switch (f.type) {
    case FieldType::kText:
      w.field("type", "string");
      break;
    case FieldType::kDate:
      w.field("type", "string").field("format", "date");
      break;
    case FieldType::kAmount:
      w.field("type", "string").field("pattern", "^-?[0-9][0-9,]*(\\.[0-9]+)?$");
      break;
    case FieldType::kDecimal:
      w.field("type", "string").field("pattern", "^-?[0-9]+(\\.[0-9]+)?$");
      break;
    case FieldType::kInteger:
      w.field("type", "integer");
      break;
    case FieldType::kBoolean:
      w.field("type", "boolean");
      break;
    case FieldType::kWord:
      w.field("type", "string").key("enum").begin_array();
      for (std::string_view word : f.words) w.value(word);
      w.end_array();
      break;
    case FieldType::kTextList:
      w.field("type", "array").key("items").begin_object().field("type", "string").end_object();
      break;
    case FieldType::kObjectList:
      w.field("type", "array").key("items");
      ref(w, f.nested->name);
      break;
    case FieldType::kObject:
      break;
  }
  if (!f.required) w.field("nullable", true);
  if (!f.description.empty()) w.field("description", f.description);
  w.end_object();
}

void write_field_example(JsonWriter& w, const FieldSpec& f) {
  switch (f.type) {
    case FieldType::kInteger:
    case FieldType::kBoolean:
      w.raw(f.example);
      return;
    case FieldType::kTextList:
      w.begin_array();
      for (std::string_view item : split(f.example, '|')) w.value(item);
      w.end_array();
      return;
    case FieldType::kObject:
      write_request_example(w, *f.nested);
      return;
    case FieldType::kObjectList:
      w.begin_array();
      write_request_example(w, *f.nested);
      w.end_array();
      return;
    default:
      w.value(f.example);
  }
}

bool has_example(const FieldSpec& f) {
  return !f.example.empty() || f.type == FieldType::kObject || f.type == FieldType::kObjectList;
}

void collect(const RequestSpec& spec, std::vector<const RequestSpec*>& out, std::set<const RequestSpec*>& seen) {
  if (!seen.insert(&spec).second) return;
  out.push_back(&spec);
  for (const FieldSpec& f : spec.fields) {
    if (f.nested) collect(*f.nested, out, seen);
  }
}

// ---- responses ------------------------------------------------------------------

enum Kind : unsigned { kNull = 1, kBool = 2, kInt = 4, kNumber = 8, kString = 16, kObjectKind = 32, kArray = 64 };

// What the examples showed at one place of the document.
struct Shape {
  unsigned kinds = 0;
  bool all_dates = true;
  std::vector<std::string> order;  // keys in the order first seen
  std::map<std::string, Shape> props;
  std::map<std::string, int> present;  // objects the key was in
  int objects = 0;
  std::unique_ptr<Shape> items;
  int elements = 0;
};

void add(Shape& s, const simdjson::dom::element& e) {
  using T = simdjson::dom::element_type;
  switch (e.type()) {
    case T::NULL_VALUE:
      s.kinds |= kNull;
      break;
    case T::BOOL:
      s.kinds |= kBool;
      break;
    case T::INT64:
    case T::UINT64:
      s.kinds |= kInt;
      break;
    case T::DOUBLE:
      s.kinds |= kNumber;
      break;
    case T::STRING: {
      s.kinds |= kString;
      const std::string_view text(e);
      if (text.size() != 10 || !Date::parse(text)) s.all_dates = false;
      break;
    }
    case T::OBJECT:
      s.kinds |= kObjectKind;
      ++s.objects;
      for (auto field : simdjson::dom::object(e)) {
        const std::string key(field.key);
        if (!s.props.count(key)) s.order.push_back(key);
        ++s.present[key];
        add(s.props[key], field.value);
      }
      break;
    case T::ARRAY:
      s.kinds |= kArray;
      if (!s.items) s.items = std::make_unique<Shape>();
      for (auto item : simdjson::dom::array(e)) {
        ++s.elements;
        add(*s.items, item);
      }
      break;
  }
}

void write_shape(JsonWriter& w, const Shape& s, const std::string& place) {
  const unsigned kinds = s.kinds & ~static_cast<unsigned>(kNull);
  w.begin_object();
  if (kinds == kObjectKind) {
    w.field("type", "object").key("properties").begin_object();
    for (const std::string& key : s.order) {
      w.key(key);
      write_shape(w, s.props.at(key), place + "/" + key);
    }
    w.end_object();
    bool any_required = false;
    for (const std::string& key : s.order) any_required = any_required || s.present.at(key) == s.objects;
    if (any_required) {
      w.key("required").begin_array();
      for (const std::string& key : s.order) {
        if (s.present.at(key) == s.objects) w.value(key);
      }
      w.end_array();
    }
    w.field("additionalProperties", false);
  } else if (kinds == kArray) {
    if (s.elements == 0) throw std::logic_error(place + ": no example has an element in this array");
    w.field("type", "array").key("items");
    write_shape(w, *s.items, place + "/0");
  } else if (kinds == kString) {
    w.field("type", "string");
    if (s.all_dates) w.field("format", "date");
  } else if (kinds == kInt) {
    w.field("type", "integer");
  } else if (kinds == kNumber || kinds == (kInt | kNumber)) {
    w.field("type", "number");
  } else if (kinds == kBool) {
    w.field("type", "boolean");
  } else if (kinds == 0) {
    throw std::logic_error(place + ": only null in the examples; give one with a value");
  } else {
    throw std::logic_error(place + ": values of different types in the examples");
  }
  if (s.kinds & kNull) w.field("nullable", true);
  w.end_object();
}

}  // namespace

void write_request_schema(JsonWriter& w, const RequestSpec& spec) {
  w.begin_object().field("type", "object");
  if (!spec.description.empty()) w.field("description", spec.description);
  w.key("properties").begin_object();
  for (const FieldSpec& f : spec.fields) {
    w.key(f.name);
    write_field_schema(w, f);
  }
  w.end_object();
  bool any_required = false;
  for (const FieldSpec& f : spec.fields) any_required = any_required || f.required;
  if (any_required) {
    w.key("required").begin_array();
    for (const FieldSpec& f : spec.fields) {
      if (f.required) w.value(f.name);
    }
    w.end_array();
  }
  w.field("additionalProperties", false);
  w.end_object();
}

void write_request_example(JsonWriter& w, const RequestSpec& spec) {
  w.begin_object();
  for (const FieldSpec& f : spec.fields) {
    if (!has_example(f)) continue;
    w.key(f.name);
    write_field_example(w, f);
  }
  w.end_object();
}

std::vector<const RequestSpec*> nested_specs(const RequestSpec& spec) {
  std::vector<const RequestSpec*> out;
  std::set<const RequestSpec*> seen;
  collect(spec, out, seen);
  return out;
}

void write_inferred_schema(JsonWriter& w, const std::vector<std::string>& examples, const std::string& name) {
  if (examples.empty()) throw std::logic_error(name + ": no example");
  Shape shape;
  std::vector<std::unique_ptr<simdjson::dom::parser>> parsers;
  for (const std::string& text : examples) {
    parsers.push_back(std::make_unique<simdjson::dom::parser>());
    simdjson::dom::element root;
    if (parsers.back()->parse(text).get(root) != simdjson::SUCCESS) {
      throw std::logic_error(name + ": an example is not JSON");
    }
    add(shape, root);
  }
  write_shape(w, shape, name);
}

}  // namespace chizai::api
