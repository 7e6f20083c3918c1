// Signing in to the web interface: the requests of POST /api/v1/session
// (name and password), PUT /api/v1/users/{name}/password and `chizai user
// passwd` (a password), and PUT /api/v1/session/language (a language).
// Passwords are checked by services/session_service.h (check_password).
#pragma once

#include <string>

#include "io/request_spec.h"

namespace chizai::requests {

struct SignInRequest {
  std::string name;
  std::string password;
};
// {"name", "password"}.
const RequestSpec& sign_in_spec();
SignInRequest read_sign_in(const SpecFields& f);

// {"password"}: the user is named by the path (the argument).
struct PasswordRequest {
  std::string password;
};
const RequestSpec& password_spec();
PasswordRequest read_password(const SpecFields& f);

// {"language"}: "ja" or "en" (checked by SessionService::set_language).
struct LanguageRequest {
  std::string language;
};
const RequestSpec& language_spec();
LanguageRequest read_language(const SpecFields& f);

}  // namespace chizai::requests
