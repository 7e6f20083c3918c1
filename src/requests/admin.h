// The admin requests: a user to add (`chizai user add`, POST /api/v1/users),
// a user's role (`chizai user set-role`, PUT /api/v1/users/{name}/role) and a
// token to create (`chizai token create`, POST /api/v1/users/{name}/tokens),
// read the same way by both doors.
#pragma once

#include <string>

#include "io/request_spec.h"

namespace chizai::requests {

struct UserRequest {
  std::string name;
  std::string role;
  std::string institution;  // "" for none
  std::string email;        // "" for none
};

// {"name", "role", "institution", "email"}: the role, institution and
// address are checked by AuthService::add_user (known role; an institution
// for scoped roles; check_email).
const RequestSpec& user_spec();
UserRequest read_user(const SpecFields& f);

// {"role", "institution"}: the user is named by the path (the argument);
// checked by AuthService::set_role as add_user checks them.
struct RoleRequest {
  std::string role;
  std::string institution;  // "" for none
};
const RequestSpec& role_spec();
RoleRequest read_role(const SpecFields& f);

// {"email"}: a user's e-mail address for the reminder digest
// (`chizai user set-email`, PUT /api/v1/users/{name}/email); ""
// removes it. Checked by AuthService::set_email.
struct EmailRequest {
  std::string email;
};
const RequestSpec& email_spec();
EmailRequest read_email(const SpecFields& f);

// {"expires"}: the user is named by the path (the argument); the body may be
// empty. `expires` is as services/auth_service.h's token_expiry reads it.
struct TokenRequest {
  std::string expires;  // "" for never
};
const RequestSpec& token_spec();
TokenRequest read_token(const SpecFields& f);

// Nothing: disabling or enabling a user names it in the path; the body is
// empty or {}.
const RequestSpec& user_state_spec();

}  // namespace chizai::requests
