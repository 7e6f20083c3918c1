#include "requests/admin.h"

namespace chizai::requests {

const RequestSpec& user_spec() {
  static const RequestSpec spec{
      "UserRequest",
      "An API user with a role; scoped roles (ip_manager, institution_viewer) name their institution.",
      {
          {"name", FieldType::kText, true, "The user name: a letter, then letters, digits, . _ -", "alice"},
          {"role", FieldType::kText, true,
           "admin, ip_manager, tech_transfer, finance or institution_viewer", "ip_manager"},
          {"institution", FieldType::kText, false,
           "Institution code (required for ip_manager and institution_viewer)", "U-TOKYO"},
      }};
  return spec;
}

UserRequest read_user(const SpecFields& f) {
  UserRequest r;
  r.name = f.text("name");
  r.role = f.text("role");
  r.institution = f.text_or("institution", "");
  return r;
}

const RequestSpec& token_spec() {
  static const RequestSpec spec{
      "TokenRequest", "Nothing: the token is for the user of the path. No body, or {}.", {}};
  return spec;
}

}  // namespace chizai::requests
