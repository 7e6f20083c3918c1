// Backup, restore and the database's own integrity check (`chizai db
// backup | restore | verify`, issue 23 §2). The only place that calls
// SQLite's C API on the connection SOCI opened (the online backup API) or
// runs PostgreSQL's pg_dump / pg_restore.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace chizai {

// SQLite: copies the whole database to the new file `out` with the online
// backup API in one step, so the copy is one consistent snapshot (the
// state of one committed transaction) even while other connections and
// processes write (WAL: they are not blocked). Written to a temporary file
// in `out`'s directory, flushed, then renamed to `out`. Refused (nothing
// written): `out` exists (kIo, "backup_exists"), the directory cannot be
// written (kIo). REQUIRES: db is SQLite and in no transaction.
Status backup_sqlite(Database& db, const std::string& out);

// PostgreSQL: runs `pg_dump --format=custom --schema=<the connection's
// current schema> --file=<out> <conninfo>` when pg_dump is on PATH; else
// refused (kUnavailable, "pg_dump_missing") with the command to run.
// Refused: `out` exists.
Status backup_postgres(Database& db, const std::string& out);

// The first table of the connection's database (SQLite) or current schema
// (PostgreSQL), by name, if any: a database to restore into must have none.
std::optional<std::string> first_table(Database& db);

// SQLite: copies the backup `file` (checked to be a SQLite database with a
// schema_migrations table) into the connection's database with the backup
// API. REQUIRES: the database is empty (first_table() is none).
Status restore_sqlite(Database& db, const std::string& file);
// PostgreSQL: `pg_restore --no-owner --dbname=<conninfo> <file>` (the
// schema the dump was taken from is created as it was). REQUIRES: empty.
Status restore_postgres(Database& db, const std::string& file);

// SQLite: the lines of PRAGMA integrity_check other than "ok" (empty: the
// file is sound). PostgreSQL: always empty (it has no such check; its
// pages are checksummed by the server when enabled).
std::vector<std::string> integrity_problems(Database& db);

}  // namespace chizai
