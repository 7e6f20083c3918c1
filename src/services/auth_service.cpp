#include "services/auth_service.h"

#include <soci/soci.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <stdexcept>

#include "core/date.h"
#include "io/digest.h"
#include "store/sql_util.h"

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
  long long institution_id = 0;
  soci::indicator inst_ind = soci::i_null;
  if (!institution.empty()) {
    soci::indicator found = soci::i_null;
    db_.sql() << "SELECT id FROM institution WHERE code = :c", soci::use(institution),
        soci::into(institution_id, found);
    if (!db_.sql().got_data()) {
      return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution '" + institution + "'",
                        "institution");
    }
    inst_ind = soci::i_ok;
  }
  long long taken = 0;
  db_.sql() << "SELECT CAST(COUNT(*) AS BIGINT) FROM api_user WHERE name = :n", soci::use(name), soci::into(taken);
  if (taken > 0) return make_error(ErrorKind::kConflict, "duplicate_user", "user '" + name + "' already exists", "name");
  ApiUser u;
  u.name = name;
  u.role = role;
  u.institution = institution;
  u.created_at = utc_timestamp();
  u.id = insert_row(db_, "api_user",
                    "INSERT INTO api_user (name, role, institution_id, created_at) "
                    "VALUES (:n, :r, :i, :at)",
                    soci::use(u.name), soci::use(u.role), soci::use(institution_id, inst_ind),
                    soci::use(u.created_at));
  tx.commit();
  return u;
}

std::vector<ApiUser> AuthService::list_users() {
  std::vector<ApiUser> out;
  ApiUser u;
  std::string code;
  soci::indicator code_ind = soci::i_null;
  soci::statement st =
      (db_.sql().prepare << "SELECT u.id, u.name, u.role, i.code, u.created_at, "
                            "CAST((SELECT COUNT(*) FROM api_token t WHERE t.user_id = u.id AND "
                            "t.revoked_at IS NULL) AS BIGINT) "
                            "FROM api_user u LEFT JOIN institution i ON i.id = u.institution_id "
                            "ORDER BY u.name",
       soci::into(u.id), soci::into(u.name), soci::into(u.role), soci::into(code, code_ind),
       soci::into(u.created_at), soci::into(u.active_tokens));
  st.execute();
  while (st.fetch()) {
    u.institution = code_ind == soci::i_ok ? code : "";
    out.push_back(u);
  }
  return out;
}

std::optional<ApiUser> AuthService::find_user(const std::string& name) {
  for (auto& u : list_users()) {
    if (u.name == name) return u;
  }
  return std::nullopt;
}

Result<IssuedToken> AuthService::create_token(const std::string& user) {
  WriteTransaction tx(db_);
  long long user_id = 0;
  db_.sql() << "SELECT id FROM api_user WHERE name = :n", soci::use(user), soci::into(user_id);
  if (!db_.sql().got_data()) return make_error(ErrorKind::kNotFound, "unknown_user", "unknown user '" + user + "'", "user");
  IssuedToken t;
  t.user = user;
  t.token = "chz_" + random_hex(32);
  const std::string hash = token_hash(t.token);
  const std::string now = utc_timestamp();
  t.id = insert_row(db_, "api_token",
                    "INSERT INTO api_token (user_id, token_hash, created_at) VALUES (:u, :h, :at)",
                    soci::use(user_id), soci::use(hash), soci::use(now));
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
    long long id = std::stoll(what);
    long long found = 0;
    soci::indicator rev_ind = soci::i_null;
    std::string revoked;
    db_.sql() << "SELECT id, revoked_at FROM api_token WHERE id = :i", soci::use(id), soci::into(found),
        soci::into(revoked, rev_ind);
    if (!db_.sql().got_data()) return make_error(ErrorKind::kNotFound, "unknown_token", "no token with id " + what, "token");
    if (rev_ind == soci::i_null) {
      db_.sql() << "UPDATE api_token SET revoked_at = :at WHERE id = :i", soci::use(now), soci::use(id);
      count = 1;
    }
  } else {
    long long user_id = 0;
    db_.sql() << "SELECT id FROM api_user WHERE name = :n", soci::use(what), soci::into(user_id);
    if (!db_.sql().got_data()) return make_error(ErrorKind::kNotFound, "unknown_user", "unknown user '" + what + "'", "user");
    db_.sql() << "SELECT CAST(COUNT(*) AS BIGINT) FROM api_token WHERE user_id = :u AND revoked_at IS NULL",
        soci::use(user_id), soci::into(count);
    db_.sql() << "UPDATE api_token SET revoked_at = :at WHERE user_id = :u AND revoked_at IS NULL",
        soci::use(now), soci::use(user_id);
  }
  tx.commit();
  return count;
}

std::vector<TokenInfo> AuthService::list_tokens(const std::string& user) {
  std::vector<TokenInfo> out;
  TokenInfo t;
  std::string revoked;
  soci::indicator rev_ind = soci::i_null;
  soci::statement st =
      (db_.sql().prepare << "SELECT t.id, u.name, t.created_at, t.revoked_at FROM api_token t "
                            "JOIN api_user u ON u.id = t.user_id WHERE u.name = :n ORDER BY t.id",
       soci::use(user), soci::into(t.id), soci::into(t.user), soci::into(t.created_at),
       soci::into(revoked, rev_ind));
  st.execute();
  while (st.fetch()) {
    t.revoked_at = rev_ind == soci::i_ok ? revoked : "";
    out.push_back(t);
  }
  return out;
}

namespace {
const char* kAuthenticateSql =
    "SELECT u.name, u.role, i.code, t.id FROM api_token t "
    "JOIN api_user u ON u.id = t.user_id "
    "LEFT JOIN institution i ON i.id = u.institution_id "
    "WHERE t.token_hash = :h AND t.revoked_at IS NULL";

bool well_formed_token(std::string_view token) {
  return token.size() == 68 && token.substr(0, 4) == "chz_";
}
}  // namespace

std::optional<TokenOwner> AuthService::authenticate(std::string_view token) {
  if (!well_formed_token(token)) return std::nullopt;
  const std::string hash = token_hash(token);
  TokenOwner o;
  std::string code;
  soci::indicator code_ind = soci::i_null;
  db_.sql() << kAuthenticateSql, soci::use(hash), soci::into(o.user), soci::into(o.role),
      soci::into(code, code_ind), soci::into(o.token_id);
  if (!db_.sql().got_data()) return std::nullopt;
  o.institution = code_ind == soci::i_ok ? code : "";
  return o;
}

struct TokenAuthenticator::Impl {
  explicit Impl(Database& db)
      : statement((db.sql().prepare << kAuthenticateSql, soci::use(hash), soci::into(owner.user),
                   soci::into(owner.role), soci::into(code, code_ind), soci::into(owner.token_id))) {}
  std::string hash;
  TokenOwner owner;
  std::string code;
  soci::indicator code_ind = soci::i_null;
  soci::statement statement;
};

TokenAuthenticator::TokenAuthenticator(Database& db) : impl_(std::make_unique<Impl>(db)) {}
TokenAuthenticator::~TokenAuthenticator() = default;

std::optional<TokenOwner> TokenAuthenticator::authenticate(std::string_view token) {
  if (!well_formed_token(token)) return std::nullopt;
  Impl& s = *impl_;
  s.hash = token_hash(token);
  s.code_ind = soci::i_null;
  if (!s.statement.execute(true)) return std::nullopt;
  TokenOwner o = s.owner;
  o.institution = s.code_ind == soci::i_ok ? s.code : "";
  // Step to the end (token_hash is unique): a finished statement holds no
  // read snapshot on SQLite, so the next request sees revocations at once.
  while (s.statement.fetch()) {
  }
  return o;
}

}  // namespace chizai
