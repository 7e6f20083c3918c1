#include "render/staff_member.h"

namespace chizai::render {

void write_staff(JsonWriter& w, const StaffMember& s) {
  w.begin_object().field("code", s.code).field("name_latin", s.name_latin).field("name_ja", s.name_ja);
  w.text_or_null("region", s.region);
  w.text_or_null("legacy_name", s.legacy_name);
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
