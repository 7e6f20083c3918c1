#include "store/auth_store.h"

#include <soci/soci.h>

#include <utility>

#include "store/sql_util.h"
#include "store/session.h"

namespace chizai {

std::optional<long long> find_user_id(Database& db, const std::string& name) {
  long long id = 0;
  soci_session(db) << "SELECT id FROM api_user WHERE name = :n", soci::use(name), soci::into(id);
  if (!soci_session(db).got_data()) return std::nullopt;
  return id;
}

long long insert_user(Database& db, const ApiUser& u, std::optional<long long> institution_id) {
  const long long institution = institution_id.value_or(0);
  soci::indicator institution_ind = institution_id ? soci::i_ok : soci::i_null;
  soci::indicator email_ind = u.email.empty() ? soci::i_null : soci::i_ok;
  return insert_row(db, "api_user",
                    "INSERT INTO api_user (name, role, institution_id, created_at, email) "
                    "VALUES (:n, :r, :i, :at, :e)",
                    soci::use(u.name), soci::use(u.role), soci::use(institution, institution_ind),
                    soci::use(u.created_at), soci::use(u.email, email_ind));
}

namespace {

// Users with their count of valid tokens whose name fits `condition` (on
// u.name, binding :v to `value`), by name, at most `n` of them.
std::vector<ApiUser> select_users(Database& db, const char* condition, const std::string& value, long long n) {
  std::vector<ApiUser> out;
  ApiUser u;
  std::string code, disabled, email;
  soci::indicator code_ind = soci::i_null, disabled_ind = soci::i_null, email_ind = soci::i_null;
  soci::statement st =
      (soci_session(db).prepare << std::string("SELECT u.id, u.name, u.role, i.code, u.created_at, "
                                       "CAST((SELECT COUNT(*) FROM api_token t WHERE t.user_id = u.id AND "
                                       "t.revoked_at IS NULL) AS BIGINT), u.disabled_at, u.email "
                                       "FROM api_user u LEFT JOIN institution i ON i.id = u.institution_id "
                                       "WHERE ") + condition + " ORDER BY u.name LIMIT :n",
       soci::into(u.id), soci::into(u.name), soci::into(u.role), soci::into(code, code_ind),
       soci::into(u.created_at), soci::into(u.active_tokens), soci::into(disabled, disabled_ind),
       soci::into(email, email_ind), soci::use(value), soci::use(n));
  st.execute();
  while (st.fetch()) {
    u.institution = code_ind == soci::i_ok ? code : "";
    u.disabled_at = disabled_ind == soci::i_ok ? disabled : "";
    u.email = email_ind == soci::i_ok ? email : "";
    out.push_back(u);
  }
  return out;
}

}  // namespace

Page<ApiUser> list_users(Database& db, const PageRequest& page) {
  return page_of_rows(select_users(db, "u.name > :v", page.after, fetch_limit(page)), page.limit,
                      [](const ApiUser& u) { return u.name; });
}

std::optional<ApiUser> find_user(Database& db, const std::string& name) {
  auto found = select_users(db, "u.name = :v", name, 1);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

void set_user_disabled(Database& db, long long user_id, const std::string& at) {
  soci::indicator at_ind = at.empty() ? soci::i_null : soci::i_ok;
  soci_session(db) << "UPDATE api_user SET disabled_at = :at WHERE id = :u", soci::use(at, at_ind),
      soci::use(user_id);
}

void set_user_email(Database& db, long long user_id, const std::string& email) {
  soci::indicator email_ind = email.empty() ? soci::i_null : soci::i_ok;
  soci_session(db) << "UPDATE api_user SET email = :e WHERE id = :u", soci::use(email, email_ind),
      soci::use(user_id);
}

void set_user_role(Database& db, long long user_id, const std::string& role,
                   std::optional<long long> institution_id) {
  const long long institution = institution_id.value_or(0);
  soci::indicator institution_ind = institution_id ? soci::i_ok : soci::i_null;
  soci_session(db) << "UPDATE api_user SET role = :r, institution_id = :i WHERE id = :u", soci::use(role),
      soci::use(institution, institution_ind), soci::use(user_id);
}

long long insert_token(Database& db, long long user_id, const std::string& hash, const std::string& created_at,
                       const std::string& expires_at) {
  soci::indicator expires_ind = expires_at.empty() ? soci::i_null : soci::i_ok;
  return insert_row(db, "api_token",
                    "INSERT INTO api_token (user_id, token_hash, created_at, expires_at) VALUES (:u, :h, :at, :x)",
                    soci::use(user_id), soci::use(hash), soci::use(created_at), soci::use(expires_at, expires_ind));
}

std::optional<bool> token_revoked(Database& db, long long id) {
  long long found = 0;
  soci::indicator rev_ind = soci::i_null;
  std::string revoked;
  soci_session(db) << "SELECT id, revoked_at FROM api_token WHERE id = :i", soci::use(id), soci::into(found),
      soci::into(revoked, rev_ind);
  if (!soci_session(db).got_data()) return std::nullopt;
  return rev_ind != soci::i_null;
}

void revoke_token(Database& db, long long id, const std::string& at) {
  soci_session(db) << "UPDATE api_token SET revoked_at = :at WHERE id = :i", soci::use(at), soci::use(id);
}

long long revoke_user_tokens(Database& db, long long user_id, const std::string& at) {
  long long count = 0;
  soci_session(db) << "SELECT CAST(COUNT(*) AS BIGINT) FROM api_token WHERE user_id = :u AND revoked_at IS NULL",
      soci::use(user_id), soci::into(count);
  soci_session(db) << "UPDATE api_token SET revoked_at = :at WHERE user_id = :u AND revoked_at IS NULL",
      soci::use(at), soci::use(user_id);
  return count;
}

Page<TokenInfo> list_tokens(Database& db, const std::string& user, const PageRequest& page) {
  std::vector<TokenInfo> out;
  TokenInfo t;
  std::string revoked, expires;
  soci::indicator rev_ind = soci::i_null, expires_ind = soci::i_null;
  const long long after = page.after.empty() ? 0 : std::stoll(page.after);
  const long long n = fetch_limit(page);
  soci::statement st =
      (soci_session(db).prepare << "SELECT t.id, u.name, t.created_at, t.expires_at, t.revoked_at FROM api_token t "
                           "JOIN api_user u ON u.id = t.user_id WHERE (u.name = :n OR :all = 1) AND t.id > :a "
                           "ORDER BY t.id LIMIT :l",
       soci::use(user), soci::use(user.empty() ? 1 : 0), soci::use(after), soci::use(n), soci::into(t.id),
       soci::into(t.user), soci::into(t.created_at), soci::into(expires, expires_ind), soci::into(revoked, rev_ind));
  st.execute();
  while (st.fetch()) {
    t.expires_at = expires_ind == soci::i_ok ? expires : "";
    t.revoked_at = rev_ind == soci::i_ok ? revoked : "";
    out.push_back(t);
  }
  return page_of_rows(std::move(out), page.limit, [](const TokenInfo& x) { return std::to_string(x.id); });
}

namespace {

const char* kTokenOwnerSql =
    "SELECT u.name, u.role, i.code, t.id, t.expires_at FROM api_token t "
    "JOIN api_user u ON u.id = t.user_id "
    "LEFT JOIN institution i ON i.id = u.institution_id "
    "WHERE t.token_hash = :h AND t.revoked_at IS NULL AND u.disabled_at IS NULL";

TokenOwner with_nullables(TokenOwner owner, const std::string& code, soci::indicator code_ind,
                          const std::string& expires, soci::indicator expires_ind) {
  owner.institution = code_ind == soci::i_ok ? code : "";
  owner.expires_at = expires_ind == soci::i_ok ? expires : "";
  return owner;
}

}  // namespace

std::optional<TokenOwner> find_token_owner(Database& db, const std::string& hash) {
  TokenOwner o;
  std::string code, expires;
  soci::indicator code_ind = soci::i_null, expires_ind = soci::i_null;
  soci_session(db) << kTokenOwnerSql, soci::use(hash), soci::into(o.user), soci::into(o.role),
      soci::into(code, code_ind), soci::into(o.token_id), soci::into(expires, expires_ind);
  if (!soci_session(db).got_data()) return std::nullopt;
  return with_nullables(std::move(o), code, code_ind, expires, expires_ind);
}

struct TokenOwnerLookup::Statement {
  explicit Statement(Database& db)
      : statement((soci_session(db).prepare << kTokenOwnerSql, soci::use(hash), soci::into(owner.user), soci::into(owner.role),
                   soci::into(code, code_ind), soci::into(owner.token_id), soci::into(expires, expires_ind))) {}
  std::string hash;
  TokenOwner owner;
  std::string code, expires;
  soci::indicator code_ind = soci::i_null, expires_ind = soci::i_null;
  soci::statement statement;
};

TokenOwnerLookup::TokenOwnerLookup(Database& db) : st_(std::make_unique<Statement>(db)) {}
TokenOwnerLookup::~TokenOwnerLookup() = default;

std::optional<TokenOwner> TokenOwnerLookup::find(std::string hash) {
  Statement& s = *st_;
  s.hash = std::move(hash);  // bound: no copy on the hot path
  s.code_ind = soci::i_null;
  s.expires_ind = soci::i_null;
  if (!s.statement.execute(true)) return std::nullopt;
  TokenOwner o = with_nullables(s.owner, s.code, s.code_ind, s.expires, s.expires_ind);
  // Step to the end (token_hash is unique): a finished statement holds no
  // read snapshot on SQLite, so the next call sees revocations at once.
  while (s.statement.fetch()) {
  }
  return o;
}

}  // namespace chizai
