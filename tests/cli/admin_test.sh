#!/usr/bin/env bash
# End-to-end checks of `chizai user …`, `chizai token …`, `chizai audit list`,
# `chizai api routes` and `chizai serve` (SIGTERM → exit 0) on one backend.
#   admin_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" admin

snapshot() {
  { C user list --format json; C audit list --format json; } 2>&1
}

expect 0 "migrate" -- C db migrate
cat > "$WORK/institutions.jsonl" <<'JSONL'
{"code":"U-TOKYO","kind":"university","name_en":"The University of Tokyo","country":"JP"}
JSONL
expect 0 "institution import" -- C institution import "$WORK/institutions.jsonl"

expect 0 "user add admin" -- C user add alice --role admin
contains "$WORK/out" "user alice added (admin)" "user add output"
expect 0 "user add scoped" -- C user add bob --role ip_manager --institution U-TOKYO
refused "unknown role" "unknown role 'emperor'" -- C user add carol --role emperor
refused "scoped role without institution" "role institution_viewer needs an institution" -- \
  C user add carol --role institution_viewer
refused "unknown institution" "unknown institution 'U-NONE'" -- C user add carol --role ip_manager --institution U-NONE
refused "duplicate user" "user 'alice' already exists" -- C user add alice --role finance
refused "bad name" "must start with a letter" -- C user add 9lives --role finance
refused "admin with institution" "role admin sees every institution and takes none" -- \
  C user add carol --role admin --institution U-TOKYO
expect 0 "user set-role" -- C user set-role bob --role institution_viewer --institution U-TOKYO
contains "$WORK/out" "user bob now (institution_viewer, U-TOKYO)" "set-role output"
refused "set-role finance with institution" "role finance sees every institution" -- \
  C user set-role bob --role finance --institution U-TOKYO
refused "set-role viewer without institution" "role institution_viewer needs an institution" -- \
  C user set-role bob --role institution_viewer
expect 0 "user set-role back" -- C user set-role bob --role ip_manager --institution U-TOKYO

expect 0 "user list json" -- C user list --format json
contains "$WORK/out" '"name": "bob"' "user list has bob"
contains "$WORK/out" '"institution": "U-TOKYO"' "user list has bob's institution"

# user passwd: the password from stdin (or typed twice on a terminal), never printed.
passwd_from() { local file="$1"; shift; C user passwd "$@" < "$file"; }
printf 'a long enough passphrase\n' > "$WORK/pw-good"
printf 'short\n' > "$WORK/pw-short"
expect 0 "user passwd" -- passwd_from "$WORK/pw-good" bob --password-stdin
contains "$WORK/out" "user bob password set" "user passwd output"
lacks "$WORK/out" "passphrase" "user passwd does not print the password"
lacks "$WORK/err" "passphrase" "user passwd does not print the password (stderr)"
refused "short password" "at least 10 characters" -- passwd_from "$WORK/pw-short" bob --password-stdin
refused "passwd unknown user" "unknown user 'nobody'" -- passwd_from "$WORK/pw-good" nobody --password-stdin
expect 64 "passwd without a terminal" -- passwd_from /dev/null bob
contains "$WORK/err" "--password-stdin" "passwd without a terminal names the flag"

expect 0 "token create" -- C token create alice
TOKEN=$(cat "$WORK/out")
case "$TOKEN" in chz_*) ok ;; *) bad "token format: $TOKEN" ;; esac
[ ${#TOKEN} -eq 68 ] && ok || bad "token length ${#TOKEN}"
contains "$WORK/err" "shown once" "token create says it is shown once"
# Only the hash is stored.
if snapshot | grep -qF "${TOKEN#chz_}"; then bad "token stored in clear"; else ok; fi
refused "token for nobody" "unknown user 'nobody'" -- C token create nobody
expect 0 "token create expiring" -- C token create bob --expires 2099-01-31
BOB_TOKEN=$(cat "$WORK/out")
contains "$WORK/err" "expires 2099-01-31T23:59:59Z" "token create names the expiry"
refused "token expiring in the past" "is not in the future" -- C token create bob --expires 2001-01-01
refused "token expiry nonsense" "is not a date" -- C token create bob --expires soon
expect 0 "token list" -- C token list --user bob --format csv
contains "$WORK/out" "id,user,created_at,expires_at,revoked_at" "token list header"
contains "$WORK/out" ",bob,2" "token list row"
contains "$WORK/out" ",2099-01-31T23:59:59Z," "token list expiry"
lacks "$WORK/out" "${BOB_TOKEN#chz_}" "token list shows no secret"
expect 0 "user disable" -- C user disable bob
contains "$WORK/out" "user bob disabled" "disable output"
refused "token for a disabled user" "user 'bob' is disabled" -- C token create bob

# The server: /healthz, the token works, the audit route, SIGTERM → exit 0.
PORT=$((20000 + RANDOM % 20000))
"$BIN" --db "$DB" --user tester serve --port "$PORT" --threads 2 2>"$WORK/serve.log" &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
STATUS=$(curl -s -o "$WORK/h" -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")
[ "$STATUS" = 200 ] && ok || bad "healthz status $STATUS"
STATUS=$(curl -s -o "$WORK/u" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/users")
[ "$STATUS" = 200 ] && ok || bad "users status $STATUS"
contains "$WORK/u" '"name":"bob"' "users over HTTP"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/v1/users")
[ "$STATUS" = 401 ] && ok || bad "no token status $STATUS"
# A disabled user's token is refused; enabled (by the CLI, while the server runs) it works at once.
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BOB_TOKEN" "http://127.0.0.1:$PORT/api/v1/patents")
[ "$STATUS" = 401 ] && ok || bad "disabled user's token status $STATUS"
expect 0 "user enable" -- C user enable bob
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BOB_TOKEN" "http://127.0.0.1:$PORT/api/v1/patents")
[ "$STATUS" = 200 ] && ok || bad "enabled user's token status $STATUS"
expect 0 "user disable again" -- C user disable bob
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BOB_TOKEN" "http://127.0.0.1:$PORT/api/v1/patents")
[ "$STATUS" = 401 ] && ok || bad "re-disabled user's token status $STATUS"
STATUS=$(curl -s -o "$WORK/p" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"name":"dave","role":"finance"}' "http://127.0.0.1:$PORT/api/v1/users")
[ "$STATUS" = 201 ] && ok || bad "POST user status $STATUS"
kill -TERM "$SERVER"
wait "$SERVER"
RC=$?
[ "$RC" = 0 ] && ok || bad "serve exit status after SIGTERM: $RC"
contains "$WORK/serve.log" "GET /api/v1/users 200" "request log line"
contains "$WORK/serve.log" "user=alice" "request log names the user"
lacks "$WORK/serve.log" "$TOKEN" "request log never holds the token"
contains "$WORK/serve.log" "chizai serve: stopped" "graceful stop"

expect 0 "audit list" -- C audit list --format json
contains "$WORK/out" '"route": "/api/v1/users"' "audit has the API mutation"
contains "$WORK/out" '"route": "chizai user add"' "audit has the CLI mutation"
contains "$WORK/out" '"entity_id": "dave"' "audit names the entity"

expect 0 "token revoke by user" -- C token revoke alice
contains "$WORK/out" "1 token revoked" "revoke output"
refused "revoke unknown token" "no token with id 99999" -- C token revoke 99999

expect 0 "api routes markdown" -- C api routes --format markdown
contains "$WORK/out" '| GET | `/api/v1/audit` | allowed | — | — | — | — |' "matrix row"
expect 0 "api routes json" -- C api routes --format json
contains "$WORK/out" '"path": "/healthz"' "json matrix"

finish
