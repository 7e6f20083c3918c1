#include "render/staff_member.h"

namespace chizai::render {
namespace {
void text_or_null(JsonWriter& w, std::string_view key, const std::string& text) {
  w.key(key);
  if (text.empty()) {
    w.null();
  } else {
    w.value(text);
  }
}
}  // namespace

void write_staff(JsonWriter& w, const StaffMember& s) {
  w.begin_object().field("code", s.code).field("name_latin", s.name_latin).field("name_ja", s.name_ja);
  text_or_null(w, "region", s.region);
  text_or_null(w, "legacy_name", s.legacy_name);
  w.end_object();
}

std::string staff_json(const StaffMember& s, int indent) {
  JsonWriter w(indent);
  write_staff(w, s);
  return w.take();
}

std::string staff_outcome_json(const std::string& outcome, const StaffMember& s, int indent) {
  JsonWriter w(indent);
  w.begin_object().field("outcome", outcome).key("staff");
  write_staff(w, s);
  w.end_object();
  return w.take();
}

}  // namespace chizai::render
