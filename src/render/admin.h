// JSON renderings of the API's administration (users, tokens, the audit log),
// shared by the CLI (`chizai user list`, `chizai token list`, `chizai audit
// list` with --format json) and GET /api/v1/users, /api/v1/tokens, /api/v1/audit.
#pragma once

#include "io/json_writer.h"
#include "services/audit_service.h"
#include "services/auth_service.h"

namespace chizai::render {

// {"id", "at", "user", "method", "route", "path", "status", "entity_type",
//  "entity_id", "digest"}
void write_audit_record(JsonWriter& w, const AuditRecord& r);

// {"name", "role", "institution" (null for unscoped roles), "created_at",
//  "active_tokens", "disabled_at" (null while enabled)}
void write_user(JsonWriter& w, const ApiUser& u);

// {"id", "user", "created_at", "expires_at", "revoked_at"} (null for never /
// not revoked). No secret: only its hash is stored.
void write_token(JsonWriter& w, const TokenInfo& t);

}  // namespace chizai::render
