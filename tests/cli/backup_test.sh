#!/usr/bin/env bash
# chizai db backup | restore | verify on one backend (issue 23 §2), and the
# running balances' check (sql/0031) seen through `db verify`.
#   backup_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" backup
source "$(dirname "$0")/ledger_fixture.sh"
snapshot() { SQL "SELECT COUNT(*) FROM posting"; }

seed_licence "Kyoto University"
SQL "INSERT INTO agreement_patent (agreement_id, patent_id, weight) SELECT a.id, t.id, 1
     FROM agreement a, patent t WHERE a.reference = 'LIC-1' AND t.application_number = 'JP2020000001A'" >/dev/null
invoice LIC-1 1000000 2026-07-01
expect 0 "payment record" -- C payment record --agreement LIC-1 --received-on 2026-07-10 --amount 1000000 \
  --currency JPY --reference BANK-0001
expect 0 "close July" -- C close --month 2026-07
statements=$(SQL "SELECT COUNT(*) FROM statement")
[ "$statements" -gt 0 ] && ok || bad "the close issued no statement"

expect 0 "db verify" -- C db verify
contains "$WORK/out" "migrations: $(ls "$(dirname "$0")/../../sql" | grep -c '^[0-9]\{4\}_.*\.sql$') applied, each matching its file's SHA-256" "migrations line"
contains "$WORK/out" "ledger check: ok (2 entries, " "ledger line"
contains "$WORK/out" "statements: $statements issued, each matching its SHA-256 and re-rendering in its format version" "statements line"
if [ "$BACKEND" = sqlite ]; then contains "$WORK/out" "integrity_check: ok" "integrity line"; else lacks "$WORK/out" "integrity_check" "no integrity line on PostgreSQL"; fi

# A backup never overwrites; a non-empty database is never restored into.
echo "keep" > "$WORK/taken"
expect 73 "backup over an existing file" -- C db backup --out "$WORK/taken"
contains "$WORK/err" "the backup file $WORK/taken already exists" "backup_exists message"
equals "existing file kept" "$(cat "$WORK/taken")" "keep"
if [ "$BACKEND" = postgresql ]; then
  # Without pg_dump: refused (69), naming the command to run by hand.
  expect 69 "backup without pg_dump" -- env PATH=/nonexistent "$BIN" --db "$DB" db backup --out "$WORK/none.dump"
  contains "$WORK/err" "pg_dump is not installed (Debian: apt-get install postgresql-client); run instead: pg_dump --format=custom --schema=$SCHEMA --file=$WORK/none.dump --dbname=\"" "pg_dump_missing message"
  [ -e "$WORK/none.dump" ] && bad "a dump was written without pg_dump" || ok
fi
expect 0 "db backup" -- C db backup --out "$WORK/chizai.backup"
contains "$WORK/out" "backed up" "backup message"
expect 65 "restore into this non-empty database" -- C db restore "$WORK/chizai.backup"
contains "$WORK/err" "is not empty (it has table " "database_not_empty message"
expect 66 "restore a missing file" -- C db restore "$WORK/none.backup"

# Restore into a new database: verify passes and every table is the source's.
if [ "$BACKEND" = sqlite ]; then
  NEW="sqlite3://$WORK/restored.db"
  NEWSQL() { sqlite3 -bail "$WORK/restored.db" "$1"; }
  tables=$(SQL "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
else
  NEWDB="r_${SCHEMA}"
  psql "$PG_URI" -qc "CREATE DATABASE $NEWDB" >/dev/null
  trap 'cleanup; psql "$PG_URI" -qc "DROP DATABASE IF EXISTS $NEWDB" >/dev/null 2>&1' EXIT
  NEW_URI=$(echo "$PG_URI" | sed "s/dbname=[^ ]*/dbname=$NEWDB/")
  NEW="postgresql://$NEW_URI options='-c search_path=$SCHEMA'"
  NEWSQL() { psql "$NEW_URI" -v ON_ERROR_STOP=1 -qAt -c "SET search_path TO $SCHEMA" -c "$1"; }
  tables=$(SQL "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1")
fi
expect 0 "restore into a new database" -- "$BIN" --db "$NEW" db restore "$WORK/chizai.backup"
contains "$WORK/out" "restored $WORK/chizai.backup into" "restore message"
expect 0 "verify the restored database" -- "$BIN" --db "$NEW" db verify
contains "$WORK/out" "statements: $statements issued" "restored statements"
for t in $tables; do
  equals "table $t restored" "$(NEWSQL "SELECT * FROM $t" | sort | md5sum)" "$(SQL "SELECT * FROM $t" | sort | md5sum)"
done

# Tampering behind the append-only trigger is named: a posting's amount
# changed with the trigger lifted (as a superuser could) breaks its entry's
# balance, found by the ledger check inside verify; a statement's body
# changed is found against its SHA-256.
posting=$(SQL "SELECT MIN(p.id) FROM posting p JOIN journal_entry e ON e.id = p.entry_id WHERE e.kind = 'payment' AND p.account = 'assets:cash:JPY'")
if [ "$BACKEND" = sqlite ]; then
  SQL "DROP TRIGGER posting_no_update; UPDATE posting SET amount_minor = amount_minor + 1 WHERE id = $posting;
       CREATE TRIGGER posting_no_update BEFORE UPDATE ON posting BEGIN SELECT RAISE(ABORT, 'posting is append-only'); END;"
else
  SQL "ALTER TABLE posting DISABLE TRIGGER posting_append_only; UPDATE posting SET amount_minor = amount_minor + 1 WHERE id = $posting;
       ALTER TABLE posting ENABLE TRIGGER posting_append_only" >/dev/null
fi
expect 65 "verify after a posting was changed" -- C db verify
contains "$WORK/err" "BANK-0001" "the changed payment's entry is named"
# The restored copy is unaffected; its statement body changed is named.
if [ "$BACKEND" = sqlite ]; then
  NEWSQL "DROP TRIGGER statement_no_update; UPDATE statement SET body = replace(body, '\"month\"', '\"Month\"');
          CREATE TRIGGER statement_no_update BEFORE UPDATE ON statement BEGIN SELECT RAISE(ABORT, 'statement is append-only'); END;"
else
  NEWSQL "ALTER TABLE statement DISABLE TRIGGER statement_append_only; UPDATE statement SET body = replace(body, '\"month\"', '\"Month\"');
          ALTER TABLE statement ENABLE TRIGGER statement_append_only" >/dev/null
fi
expect 70 "verify after a statement was changed" -- "$BIN" --db "$NEW" db verify
contains "$WORK/err" "for 2026-07 does not match its sha256" "the changed statement is named"

finish
