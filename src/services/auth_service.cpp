#include "services/auth_service.h"

#include <algorithm>
#include <cctype>
#include <ctime>
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

namespace {

// Checks a role and its institution (none for unscoped roles, one for
// scoped roles); ok or the refusal.
Status check_role(const std::string& role, const std::string& institution) {
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
  if (!is_scoped_role(role) && !institution.empty()) {
    return make_error(ErrorKind::kInvalid, "institution_not_allowed",
                      "role " + role + " sees every institution and takes none (given '" + institution +
                          "'); only ip_manager and institution_viewer are scoped to one",
                      "institution");
  }
  return {};
}

// The id of `institution` (nothing for ""), or "unknown_institution".
Result<std::optional<long long>> institution_id_of(Database& db, const std::string& institution) {
  if (institution.empty()) return std::optional<long long>();
  const auto id = find_institution_id(db, institution);
  if (!id) {
    return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution '" + institution + "'",
                      "institution");
  }
  return std::optional<long long>(*id);
}

Error unknown_user(const std::string& name) {
  return make_error(ErrorKind::kNotFound, "unknown_user", "unknown user '" + name + "'", "user");
}

}  // namespace

Status check_email(const std::string& email) {
  if (email.empty()) return {};
  auto refuse = [&](const std::string& why) -> Status {
    return make_error(ErrorKind::kInvalid, "bad_email", "email '" + email + "' is not an e-mail address: " + why,
                      "email");
  };
  if (email.size() > 254) return refuse("longer than 254 characters");
  const auto at = email.find('@');
  if (at == std::string::npos || email.find('@', at + 1) != std::string::npos) {
    return refuse("it needs exactly one @");
  }
  const std::string local = email.substr(0, at), domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64) return refuse("the part before @ must be 1 to 64 characters");
  static const std::string specials = "!#$%&'*+/=?^_`{|}~.-";
  for (char c : local) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && specials.find(c) == std::string::npos) {
      return refuse("the part before @ may hold only letters, digits and !#$%&'*+/=?^_`{|}~.-");
    }
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string::npos) {
    return refuse("a dot may not start, end or repeat in the part before @");
  }
  std::size_t labels = 0, start = 0;
  for (;;) {
    const auto dot = domain.find('.', start);
    const std::string label = domain.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    const bool ok = !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-' &&
                    std::all_of(label.begin(), label.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
                    });
    if (!ok) return refuse("the domain must be dot-separated labels of letters, digits and inner hyphens");
    ++labels;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (labels < 2) return refuse("the domain needs at least one dot");
  return {};
}

Result<ApiUser> AuthService::add_user(const std::string& name, const std::string& role,
                                      const std::string& institution, const std::string& email) {
  if (!valid_user_name(name)) {
    return make_error(ErrorKind::kInvalid, "bad_name",
                      "user name '" + name + "' must start with a letter and hold only letters, "
                      "digits, '.', '_' or '-' (at most 64)",
                      "name");
  }
  if (auto s = check_role(role, institution); !s) return s.error();
  if (auto s = check_email(email); !s) return s.error();
  WriteTransaction tx(db_);
  auto institution_id = institution_id_of(db_, institution);
  if (!institution_id) return institution_id.error();
  if (find_user_id(db_, name)) {
    return make_error(ErrorKind::kConflict, "duplicate_user", "user '" + name + "' already exists", "name");
  }
  ApiUser u;
  u.name = name;
  u.role = role;
  u.institution = institution;
  u.created_at = utc_timestamp();
  u.email = email;
  u.id = insert_user(db_, u, *institution_id);
  tx.commit();
  return u;
}

Result<ApiUser> AuthService::set_disabled(const std::string& name, bool disabled) {
  WriteTransaction tx(db_);
  auto u = chizai::find_user(db_, name);
  if (!u) return unknown_user(name);
  if (disabled == u->disabled_at.empty()) {
    set_user_disabled(db_, u->id, disabled ? utc_timestamp() : "");
    u = chizai::find_user(db_, name);
  }
  tx.commit();
  return *u;
}

Result<ApiUser> AuthService::set_email(const std::string& name, const std::string& email) {
  if (auto s = check_email(email); !s) return s.error();
  WriteTransaction tx(db_);
  const auto user_id = find_user_id(db_, name);
  if (!user_id) return unknown_user(name);
  set_user_email(db_, *user_id, email);
  auto u = chizai::find_user(db_, name);
  tx.commit();
  return *u;
}

Result<ApiUser> AuthService::set_role(const std::string& name, const std::string& role,
                                      const std::string& institution) {
  if (auto s = check_role(role, institution); !s) return s.error();
  WriteTransaction tx(db_);
  const auto user_id = find_user_id(db_, name);
  if (!user_id) return unknown_user(name);
  auto institution_id = institution_id_of(db_, institution);
  if (!institution_id) return institution_id.error();
  set_user_role(db_, *user_id, role, *institution_id);
  auto u = chizai::find_user(db_, name);
  tx.commit();
  return *u;
}

Page<ApiUser> AuthService::list_users(const PageRequest& page) { return chizai::list_users(db_, page); }

std::optional<ApiUser> AuthService::find_user(const std::string& name) { return chizai::find_user(db_, name); }

namespace {

bool well_formed_token(std::string_view token) {
  return token.size() == 68 && token.substr(0, 4) == "chz_";
}

}  // namespace

Result<std::string> token_expiry(const std::string& expires, long long now) {
  if (expires.empty()) return std::string();
  std::string at;
  if (auto day = Date::parse(expires); day && expires.size() == 10) {
    at = day->to_string() + "T23:59:59Z";
  } else if (expires.size() == 20 && Date::parse(expires.substr(0, 10)) && expires[10] == 'T' &&
             expires.back() == 'Z') {
    at = expires;
  } else if (expires.size() >= 2 && (expires.back() == 'd' || expires.back() == 'h') &&
             std::all_of(expires.begin(), expires.end() - 1, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
             expires.size() <= 7) {
    const long long n = std::stoll(expires.substr(0, expires.size() - 1));
    at = utc_timestamp(now + n * (expires.back() == 'd' ? 86400 : 3600));
  } else {
    return make_error(ErrorKind::kInvalid, "bad_expiry",
                      "expires '" + expires + "' is not a date (YYYY-MM-DD), a UTC time (YYYY-MM-DDTHH:MM:SSZ) "
                      "or a duration (90d, 12h)",
                      "expires");
  }
  if (at <= utc_timestamp(now)) {
    return make_error(ErrorKind::kInvalid, "bad_expiry", "expires '" + expires + "' (" + at + ") is not in the future",
                      "expires");
  }
  return at;
}

bool token_expired(const TokenOwner& owner, const std::string& now) {
  return !owner.expires_at.empty() && now > owner.expires_at;
}

Result<IssuedToken> AuthService::create_token(const std::string& user, const std::string& expires) {
  auto expires_at = token_expiry(expires, static_cast<long long>(std::time(nullptr)));
  if (!expires_at) return expires_at.error();
  WriteTransaction tx(db_);
  const auto u = chizai::find_user(db_, user);
  if (!u) return unknown_user(user);
  if (!u->disabled_at.empty()) {
    return make_error(ErrorKind::kRefused, "user_disabled",
                      "user '" + user + "' is disabled (since " + u->disabled_at + "): enable it first", "user");
  }
  IssuedToken t;
  t.user = user;
  t.token = "chz_" + random_hex(32);
  t.expires_at = *expires_at;
  t.id = insert_token(db_, u->id, token_hash(t.token), utc_timestamp(), *expires_at);
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

Result<Page<TokenInfo>> AuthService::list_tokens(const std::string& user, const PageRequest& page) {
  ReadSnapshot snapshot(db_);
  if (!user.empty() && !find_user_id(db_, user)) return unknown_user(user);
  return chizai::list_tokens(db_, user, page);
}

namespace {

std::optional<TokenOwner> unexpired(std::optional<TokenOwner> owner) {
  if (owner && token_expired(*owner, utc_timestamp())) return std::nullopt;
  return owner;
}

}  // namespace

std::optional<TokenOwner> AuthService::authenticate(std::string_view token) {
  if (!well_formed_token(token)) return std::nullopt;
  return unexpired(find_token_owner(db_, token_hash(token)));
}

TokenAuthenticator::TokenAuthenticator(Database& db) : lookup_(db) {}

std::optional<TokenOwner> TokenAuthenticator::authenticate(std::string_view token) {
  if (!well_formed_token(token)) return std::nullopt;
  return unexpired(lookup_.find(token_hash(token)));
}

}  // namespace chizai
