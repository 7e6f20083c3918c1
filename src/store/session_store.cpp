#include "store/session_store.h"

#include <soci/soci.h>

#include "store/session.h"
#include "store/sql_util.h"

namespace chizai {

std::optional<SignInUser> find_sign_in_user(Database& db, const std::string& name) {
  SignInUser u;
  std::string hash, disabled;
  soci::indicator hash_ind = soci::i_null, disabled_ind = soci::i_null;
  soci_session(db) << "SELECT id, name, password_hash, disabled_at FROM api_user WHERE name = :n", soci::use(name),
      soci::into(u.id), soci::into(u.name), soci::into(hash, hash_ind), soci::into(disabled, disabled_ind);
  if (!soci_session(db).got_data()) return std::nullopt;
  u.password_hash = hash_ind == soci::i_ok ? hash : "";
  u.disabled = disabled_ind == soci::i_ok;
  return u;
}

void set_password_hash(Database& db, long long user_id, const std::string& hash) {
  soci_session(db) << "UPDATE api_user SET password_hash = :h WHERE id = :u", soci::use(hash), soci::use(user_id);
}

void set_user_language(Database& db, long long user_id, const std::string& language) {
  soci_session(db) << "UPDATE api_user SET language = :l WHERE id = :u", soci::use(language), soci::use(user_id);
}

std::string user_language(Database& db, long long user_id) {
  std::string language = "ja";
  soci_session(db) << "SELECT language FROM api_user WHERE id = :u", soci::use(user_id), soci::into(language);
  return language;
}

long long insert_session(Database& db, const std::string& id_hash, const SessionRow& row) {
  return insert_row(db, "api_session",
                    "INSERT INTO api_session (id_hash, user_id, created_at, last_seen_at, expires_at, csrf_token) "
                    "VALUES (:h, :u, :c, :l, :x, :t)",
                    soci::use(id_hash), soci::use(row.user_id), soci::use(row.created_at),
                    soci::use(row.last_seen_at), soci::use(row.expires_at), soci::use(row.csrf_token));
}

std::optional<SessionRow> find_session(Database& db, const std::string& id_hash) {
  SessionRow s;
  std::string code;
  soci::indicator code_ind = soci::i_null;
  soci_session(db) << "SELECT s.id, s.user_id, u.name, u.role, i.code, u.language, s.csrf_token, s.created_at, "
                      "s.last_seen_at, s.expires_at FROM api_session s JOIN api_user u ON u.id = s.user_id "
                      "LEFT JOIN institution i ON i.id = u.institution_id "
                      "WHERE s.id_hash = :h AND s.ended_at IS NULL AND u.disabled_at IS NULL",
      soci::use(id_hash), soci::into(s.id), soci::into(s.user_id), soci::into(s.user), soci::into(s.role),
      soci::into(code, code_ind), soci::into(s.language), soci::into(s.csrf_token), soci::into(s.created_at),
      soci::into(s.last_seen_at), soci::into(s.expires_at);
  if (!soci_session(db).got_data()) return std::nullopt;
  s.institution = code_ind == soci::i_ok ? code : "";
  return s;
}

void touch_session(Database& db, long long id, const std::string& at) {
  soci_session(db) << "UPDATE api_session SET last_seen_at = :a WHERE id = :i", soci::use(at), soci::use(id);
}

void end_session(Database& db, long long id, const std::string& at) {
  soci_session(db) << "UPDATE api_session SET ended_at = :a WHERE id = :i AND ended_at IS NULL", soci::use(at),
      soci::use(id);
}

long long end_user_sessions(Database& db, long long user_id, long long except_id, const std::string& at) {
  long long count = 0;
  soci_session(db) << "SELECT CAST(COUNT(*) AS BIGINT) FROM api_session WHERE user_id = :u AND id <> :e "
                      "AND ended_at IS NULL",
      soci::use(user_id), soci::use(except_id), soci::into(count);
  soci_session(db) << "UPDATE api_session SET ended_at = :a WHERE user_id = :u AND id <> :e AND ended_at IS NULL",
      soci::use(at), soci::use(user_id), soci::use(except_id);
  return count;
}

FailureCount count_sign_in_failures(Database& db, const std::string& subject, long long since) {
  FailureCount c;
  long long last = 0;
  soci::indicator last_ind = soci::i_null;
  soci_session(db) << "SELECT CAST(COUNT(*) AS BIGINT), CAST(MAX(at_epoch) AS BIGINT) FROM api_sign_in_failure "
                      "WHERE subject = :s AND at_epoch > :t",
      soci::use(subject), soci::use(since), soci::into(c.count), soci::into(last, last_ind);
  c.last_at = last_ind == soci::i_ok ? last : 0;
  return c;
}

void add_sign_in_failure(Database& db, const std::string& subject, long long at, long long forget_before) {
  soci_session(db) << "DELETE FROM api_sign_in_failure WHERE subject = :s AND at_epoch <= :t", soci::use(subject),
      soci::use(forget_before);
  soci_session(db) << "INSERT INTO api_sign_in_failure (subject, at_epoch) VALUES (:s, :t)", soci::use(subject),
      soci::use(at);
}

void clear_sign_in_failures(Database& db, const std::string& subject) {
  soci_session(db) << "DELETE FROM api_sign_in_failure WHERE subject = :s", soci::use(subject);
}

}  // namespace chizai
