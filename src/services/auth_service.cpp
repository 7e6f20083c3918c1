#include "services/auth_service.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <stdexcept>

#include "core/date.h"
#include "io/digest.h"
#include "store/auth_store.h"
#include "store/lookup.h"

namespace chizai {
namespace {

bool valid_user_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  if (!std::isalpha(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

std::string random_hex(std::size_t bytes) {
  std::ifstream in("/dev/urandom", std::ios::binary);
  std::string raw(bytes, '\0');
  if (!in.read(raw.data(), static_cast<std::streamsize>(bytes))) {
    throw std::runtime_error("cannot read /dev/urandom");
  }
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

}  // namespace

const std::vector<std::string>& api_role_names() {
  static const std::vector<std::string> names = {"admin", "ip_manager", "tech_transfer", "finance",
                                                 "institution_viewer"};
  return names;
}

bool is_scoped_role(std::string_view role) {
  return role == "ip_manager" || role == "institution_viewer";
}

std::string token_hash(std::string_view token) { return sha256_hex(token); }

Result<ApiUser> AuthService::add_user(const std::string& name, const std::string& role,
                                      const std::string& institution) {
  if (!valid_user_name(name)) {
    return make_error(ErrorKind::kInvalid, "bad_name",
                      "user name '" + name + "' must start with a letter and hold only letters, "
                      "digits, '.', '_' or '-' (at most 64)",
                      "name");
  }
  const auto& roles = api_role_names();
  if (std::find(roles.begin(), roles.end(), role) == roles.end()) {
    return make_error(ErrorKind::kInvalid, "bad_role",
                      "unknown role '" + role +
                          "': use admin, ip_manager, tech_transfer, finance or institution_viewer",
                      "role");
  }
  if (is_scoped_role(role) && institution.empty()) {
    return make_error(ErrorKind::kInvalid, "missing_institution", "role " + role + " needs an institution", "institution");
  }
  WriteTransaction tx(db_);
  std::optional<long long> institution_id;
  if (!institution.empty()) {
    institution_id = find_institution_id(db_, institution);
    if (!institution_id) {
      return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution '" + institution + "'",
                        "institution");
    }
  }
  if (find_user_id(db_, name)) {
    return make_error(ErrorKind::kConflict, "duplicate_user", "user '" + name + "' already exists", "name");
  }
  ApiUser u;
  u.name = name;
  u.role = role;
  u.institution = institution;
  u.created_at = utc_timestamp();
  u.id = insert_user(db_, u, institution_id);
  tx.commit();
  return u;
}

Page<ApiUser> AuthService::list_users(const PageRequest& page) { return chizai::list_users(db_, page); }

std::optional<ApiUser> AuthService::find_user(const std::string& name) { return chizai::find_user(db_, name); }

namespace {

Error unknown_user(const std::string& name) {
  return make_error(ErrorKind::kNotFound, "unknown_user", "unknown user '" + name + "'", "user");
}

bool well_formed_token(std::string_view token) {
  return token.size() == 68 && token.substr(0, 4) == "chz_";
}

}  // namespace

Result<IssuedToken> AuthService::create_token(const std::string& user) {
  WriteTransaction tx(db_);
  const auto user_id = find_user_id(db_, user);
  if (!user_id) return unknown_user(user);
  IssuedToken t;
  t.user = user;
  t.token = "chz_" + random_hex(32);
  t.id = insert_token(db_, *user_id, token_hash(t.token), utc_timestamp());
  tx.commit();
  return t;
}

Result<long long> AuthService::revoke(const std::string& what) {
  WriteTransaction tx(db_);
  const std::string now = utc_timestamp();
  const bool by_id = !what.empty() && std::all_of(what.begin(), what.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
  long long count = 0;
  if (by_id) {
    const long long id = std::stoll(what);
    const auto revoked = token_revoked(db_, id);
    if (!revoked) return make_error(ErrorKind::kNotFound, "unknown_token", "no token with id " + what, "token");
    if (!*revoked) {
      revoke_token(db_, id, now);
      count = 1;
    }
  } else {
    const auto user_id = find_user_id(db_, what);
    if (!user_id) return unknown_user(what);
    count = revoke_user_tokens(db_, *user_id, now);
  }
  tx.commit();
  return count;
}

std::vector<TokenInfo> AuthService::list_tokens(const std::string& user) { return chizai::list_tokens(db_, user); }

std::optional<TokenOwner> AuthService::authenticate(std::string_view token) {
  if (!well_formed_token(token)) return std::nullopt;
  return find_token_owner(db_, token_hash(token));
}

TokenAuthenticator::TokenAuthenticator(Database& db) : lookup_(db) {}

std::optional<TokenOwner> TokenAuthenticator::authenticate(std::string_view token) {
  if (!well_formed_token(token)) return std::nullopt;
  return lookup_.find(token_hash(token));
}

}  // namespace chizai
