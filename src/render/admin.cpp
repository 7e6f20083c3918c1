#include "render/admin.h"

#include <cstdint>

namespace chizai::render {

void write_audit_record(JsonWriter& w, const AuditRecord& r) {
  w.begin_object()
      .field("id", static_cast<std::int64_t>(r.id))
      .field("at", r.at)
      .field("user", r.user)
      .field("method", r.method)
      .field("route", r.route)
      .field("path", r.path)
      .field("status", static_cast<std::int64_t>(r.status))
      .field("entity_type", r.entity_type)
      .field("entity_id", r.entity_id)
      .field("digest", r.digest)
      .end_object();
}

void write_user(JsonWriter& w, const ApiUser& u) {
  w.begin_object().field("name", u.name).field("role", u.role);
  w.text_or_null("institution", u.institution);
  w.field("created_at", u.created_at).field("active_tokens", static_cast<std::int64_t>(u.active_tokens));
  w.text_or_null("disabled_at", u.disabled_at);
  w.text_or_null("email", u.email);
  w.end_object();
}

void write_token(JsonWriter& w, const TokenInfo& t) {
  w.begin_object().field("id", static_cast<std::int64_t>(t.id)).field("user", t.user).field("created_at", t.created_at);
  w.text_or_null("expires_at", t.expires_at);
  w.text_or_null("revoked_at", t.revoked_at);
  w.end_object();
}

}  // namespace chizai::render
