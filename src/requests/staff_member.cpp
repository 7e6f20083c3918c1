#include "requests/staff_member.h"

namespace chizai::requests {

const RequestSpec& staff_member_spec() {
  static const RequestSpec spec{
      "StaffMemberRequest",
      "Registers a tech-transfer staff member (201), or changes the names and region of the one with its code (200).",
      {
          {"code", FieldType::kText, true, "The staff member's code: 1-32 of A-Z a-z 0-9 . _ -", "ST-SATO"},
          {"name_latin", FieldType::kText, false, "The name in Latin letters (this or name_ja, or both)",
           "Sato Hanako"},
          {"name_ja", FieldType::kText, false, "The name in Japanese script", "佐藤花子"},
          {"region", FieldType::kText, true,
           "The region covered: japan, north_america, europe, china, asia_other, latin_america, oceania or "
           "middle_east_africa",
           "japan"},
      }};
  return spec;
}

StaffMember read_staff_member(const SpecFields& f) {
  StaffMember s;
  s.code = f.text("code");
  s.name_latin = f.text_or("name_latin", "");
  s.name_ja = f.text_or("name_ja", "");
  s.region = f.text("region");
  return s;
}

}  // namespace chizai::requests
