// The floor for `chizai patent import`: the same rows inserted into the same
// schema by the plainest possible loop — sqlite3's C API, one prepared
// statement per table, one transaction, no validation, no families. The
// rows include the title words of migration 0020 (patent_title_word),
// which the import stores too; they are split from the titles before the
// clock starts, as the file is parsed (so MeCab's time counts against the
// import, not the floor). Likewise the change history's record of each
// patent registered (change_log, its detail written before the clock).
//
//   import_floor DB.sqlite PATENTS.jsonl
//
// DB must be migrated and hold the institutions. The file is parsed into
// memory first (not timed); only the insert loop is timed. Prints
// "floor: N patents, R rows, T s, P patents/s".
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "io/registry_formats.h"
#include "io/registry_json.h"
#include "services/registry_rules.h"
#include "text/words.h"

namespace {

using chizai::Patent;

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  check(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), db, sql);
  return st;
}

void text(sqlite3_stmt* st, int i, const std::string& s) {
  if (s.empty()) {
    sqlite3_bind_null(st, i);
  } else {
    sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
  }
}

void step(sqlite3* db, sqlite3_stmt* st) {
  check(sqlite3_step(st), db, "insert");
  sqlite3_reset(st);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: import_floor DB.sqlite PATENTS.jsonl\n");
    return 64;
  }
  std::vector<Patent> patents;
  std::vector<std::string> hashes;
  std::vector<std::vector<std::string>> words;  // per patent, as the store writes them
  std::vector<std::string> details;             // per patent, its change_log detail
  {
    std::ifstream in(argv[2], std::ios::binary);
    chizai::read_patents(in, chizai::FileFormat::kJsonl, [&](chizai::ParsedRecord<Patent>&& r) {
      if (!r.record) throw std::runtime_error("invalid record on line " + std::to_string(r.line));
      hashes.push_back(chizai::content_hash(*r.record));
      words.push_back(chizai::text::search_words(r.record->title + "\n" + r.record->title_ja));
      details.push_back(chizai::patent_changes_json(nullptr, *r.record));
      patents.push_back(std::move(*r.record));
    });
  }
  sqlite3* db = nullptr;
  check(sqlite3_open(argv[1], &db), db, "open");
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
               "PRAGMA cache_size=-131072; PRAGMA temp_store=MEMORY",
               nullptr, nullptr, nullptr);
  std::unordered_map<std::string, sqlite3_int64> inst;
  {
    sqlite3_stmt* st = prepare(db, "SELECT code, id FROM institution");
    while (sqlite3_step(st) == SQLITE_ROW) {
      inst.emplace(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), sqlite3_column_int64(st, 1));
    }
    sqlite3_finalize(st);
  }
  sqlite3_stmt* ins_patent = prepare(db,
      "INSERT INTO patent (application_number, jurisdiction, filing_date, kind, title, title_ja, "
      "status, publication_number, publication_date, grant_number, grant_date, claim_count, stage, "
      "content_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
  sqlite3_stmt* ins_owner = prepare(db,
      "INSERT INTO patent_owner (patent_id, position, institution_id, share_num, share_den) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  sqlite3_stmt* ins_inventor = prepare(db,
      "INSERT INTO patent_inventor (patent_id, position, name, institution_id) VALUES (?1, ?2, ?3, ?4)");
  sqlite3_stmt* ins_claim = prepare(db,
      "INSERT INTO priority_claim (patent_id, position, number, claim_date, kind, active) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  sqlite3_stmt* ins_class = prepare(db,
      "INSERT INTO patent_class (patent_id, position, symbol) VALUES (?1, ?2, ?3)");
  sqlite3_stmt* ins_word = prepare(db, "INSERT INTO patent_title_word (word, patent_id) VALUES (?1, ?2)");
  sqlite3_stmt* ins_change = prepare(db,
      "INSERT INTO change_log (changed_at, actor, action, entity_type, entity_key, detail) "
      "VALUES ('2026-01-01T00:00:00Z', 'floor', 'patent.import', 'patent', ?1, ?2)");

  const auto start = std::chrono::steady_clock::now();
  long long rows = 0;
  check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db, "begin");
  for (std::size_t n = 0; n < patents.size(); ++n) {
    const Patent& p = patents[n];
    const std::string filing = p.filing_date.to_string();
    const std::string pub_date = p.publication_date ? p.publication_date->to_string() : "";
    const std::string grant_date = p.grant_date ? p.grant_date->to_string() : "";
    text(ins_patent, 1, p.application_number);
    text(ins_patent, 2, p.jurisdiction);
    text(ins_patent, 3, filing);
    sqlite3_bind_text(ins_patent, 4, chizai::to_string(p.kind), -1, SQLITE_STATIC);
    text(ins_patent, 5, p.title);
    sqlite3_bind_text(ins_patent, 6, p.title_ja.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(ins_patent, 7, chizai::to_string(p.status), -1, SQLITE_STATIC);
    text(ins_patent, 8, p.publication_number);
    text(ins_patent, 9, pub_date);
    text(ins_patent, 10, p.grant_number);
    text(ins_patent, 11, grant_date);
    if (p.claims) {
      sqlite3_bind_int64(ins_patent, 12, *p.claims);
    } else {
      sqlite3_bind_null(ins_patent, 12);
    }
    sqlite3_bind_text(ins_patent, 13, chizai::to_string(p.stage), -1, SQLITE_STATIC);
    text(ins_patent, 14, hashes[n]);
    step(db, ins_patent);
    const sqlite3_int64 id = sqlite3_last_insert_rowid(db);
    ++rows;
    for (std::size_t i = 0; i < p.owners.size(); ++i) {
      sqlite3_bind_int64(ins_owner, 1, id);
      sqlite3_bind_int64(ins_owner, 2, static_cast<sqlite3_int64>(i));
      sqlite3_bind_int64(ins_owner, 3, inst.at(p.owners[i].institution));
      sqlite3_bind_int64(ins_owner, 4, p.owners[i].share.num());
      sqlite3_bind_int64(ins_owner, 5, p.owners[i].share.den());
      step(db, ins_owner);
      ++rows;
    }
    for (std::size_t i = 0; i < p.inventors.size(); ++i) {
      sqlite3_bind_int64(ins_inventor, 1, id);
      sqlite3_bind_int64(ins_inventor, 2, static_cast<sqlite3_int64>(i));
      text(ins_inventor, 3, p.inventors[i].name);
      if (p.inventors[i].institution.empty()) {
        sqlite3_bind_null(ins_inventor, 4);
      } else {
        sqlite3_bind_int64(ins_inventor, 4, inst.at(p.inventors[i].institution));
      }
      step(db, ins_inventor);
      ++rows;
    }
    for (std::size_t i = 0; i < p.priority_claims.size(); ++i) {
      const auto& c = p.priority_claims[i];
      const std::string date = c.date ? c.date->to_string() : "";
      sqlite3_bind_int64(ins_claim, 1, id);
      sqlite3_bind_int64(ins_claim, 2, static_cast<sqlite3_int64>(i));
      text(ins_claim, 3, c.number);
      text(ins_claim, 4, date);
      sqlite3_bind_text(ins_claim, 5, chizai::to_string(c.kind), -1, SQLITE_STATIC);
      sqlite3_bind_int64(ins_claim, 6, c.active ? 1 : 0);
      step(db, ins_claim);
      ++rows;
    }
    for (std::size_t i = 0; i < p.ipc.size(); ++i) {
      sqlite3_bind_int64(ins_class, 1, id);
      sqlite3_bind_int64(ins_class, 2, static_cast<sqlite3_int64>(i));
      text(ins_class, 3, p.ipc[i]);
      step(db, ins_class);
      ++rows;
    }
    text(ins_change, 1, p.application_number);
    text(ins_change, 2, details[n]);
    step(db, ins_change);
    ++rows;
    for (const std::string& word : words[n]) {
      text(ins_word, 1, word);
      sqlite3_bind_int64(ins_word, 2, id);
      step(db, ins_word);
      ++rows;
    }
  }
  check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (auto* st : {ins_patent, ins_owner, ins_inventor, ins_claim, ins_class, ins_word, ins_change}) sqlite3_finalize(st);
  sqlite3_close(db);
  std::printf("floor: %zu patents, %lld rows, %.3f s, %.0f patents/s\n", patents.size(), rows,
              seconds, static_cast<double>(patents.size()) / seconds);
  return 0;
}
