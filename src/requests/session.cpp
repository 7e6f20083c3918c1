#include "requests/session.h"

namespace chizai::requests {

const RequestSpec& sign_in_spec() {
  static const RequestSpec spec{
      "SignInRequest",
      "A user's name and password. An unknown name, a wrong password and a disabled user are refused alike.",
      {
          {"name", FieldType::kText, true, "The user name", "tanaka"},
          {"password", FieldType::kText, true, "The user's password (set by `chizai user passwd`)",
           "correct horse battery"},
      }};
  return spec;
}

SignInRequest read_sign_in(const SpecFields& f) { return SignInRequest{f.text("name"), f.text("password")}; }

const RequestSpec& password_spec() {
  static const RequestSpec spec{
      "PasswordRequest",
      "A new password for the user of the path: at least 10 characters. Its other sessions end.",
      {
          {"password", FieldType::kText, true, "The new password (at least 10 characters; never logged)",
           "correct horse battery"},
      }};
  return spec;
}

PasswordRequest read_password(const SpecFields& f) { return PasswordRequest{f.text("password")}; }

const RequestSpec& language_spec() {
  static const RequestSpec spec{
      "LanguageRequest",
      "The web interface's language for the signed-in user, remembered for the next sign-in.",
      {
          {"language", FieldType::kText, true, "ja (Japanese, the default) or en (English)", "en"},
      }};
  return spec;
}

LanguageRequest read_language(const SpecFields& f) { return LanguageRequest{f.text("language")}; }

}  // namespace chizai::requests
