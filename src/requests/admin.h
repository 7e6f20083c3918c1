// The admin requests: a user to add (`chizai user add`, POST /api/v1/users)
// and a token to create (`chizai token create`, POST
// /api/v1/users/{name}/tokens), read the same way by both doors.
#pragma once

#include <string>

#include "io/request_spec.h"

namespace chizai::requests {

struct UserRequest {
  std::string name;
  std::string role;
  std::string institution;  // "" for none
};

// {"name", "role", "institution"}: the role and institution are checked by
// AuthService::add_user (known role; an institution for scoped roles).
const RequestSpec& user_spec();
UserRequest read_user(const SpecFields& f);

// A token takes nothing: the user is named by the path (the argument); the
// body is empty or {}.
const RequestSpec& token_spec();

}  // namespace chizai::requests
