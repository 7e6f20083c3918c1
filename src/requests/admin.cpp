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
          {"email", FieldType::kText, false,
           "E-mail address for the docket's daily reminder digest (none: no reminders)", "ip@u-tokyo.example.jp"},
      }};
  return spec;
}

UserRequest read_user(const SpecFields& f) {
  UserRequest r;
  r.name = f.text("name");
  r.role = f.text("role");
  r.institution = f.text_or("institution", "");
  r.email = f.text_or("email", "");
  return r;
}

const RequestSpec& email_spec() {
  static const RequestSpec spec{
      "EmailRequest",
      "The e-mail address of the user of the path, where the docket's daily reminder digest goes; an empty "
      "one removes it (no reminders).",
      {
          {"email", FieldType::kText, true, "E-mail address (local@domain), or empty for none",
           "ip@u-tokyo.example.jp"},
      }};
  return spec;
}

EmailRequest read_email(const SpecFields& f) { return EmailRequest{f.text("email")}; }

const RequestSpec& role_spec() {
  static const RequestSpec spec{
      "RoleRequest",
      "A user's new role; scoped roles (ip_manager, institution_viewer) name their institution, the others "
      "take none.",
      {
          {"role", FieldType::kText, true,
           "admin, ip_manager, tech_transfer, finance or institution_viewer", "institution_viewer"},
          {"institution", FieldType::kText, false,
           "Institution code (required for ip_manager and institution_viewer, refused for the others)", "U-TOKYO"},
      }};
  return spec;
}

RoleRequest read_role(const SpecFields& f) { return RoleRequest{f.text("role"), f.text_or("institution", "")}; }

const RequestSpec& token_spec() {
  static const RequestSpec spec{
      "TokenRequest",
      "A token for the user of the path. No body, {} (a token that never expires), or when it expires.",
      {
          {"expires", FieldType::kText, false,
           "When the token stops working: a date YYYY-MM-DD (valid through that UTC day), a UTC time "
           "YYYY-MM-DDTHH:MM:SSZ, or a duration such as 90d or 12h",
           "2027-01-31"},
      }};
  return spec;
}

TokenRequest read_token(const SpecFields& f) { return TokenRequest{f.text_or("expires", "")}; }

const RequestSpec& user_state_spec() {
  static const RequestSpec spec{"UserStateRequest", "Nothing: the user is named by the path. No body, or {}.", {}};
  return spec;
}

}  // namespace chizai::requests
