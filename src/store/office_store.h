// What office documents add to a registered application (migration 0029):
// its publications and its titles in every language. Writes expect the
// caller to hold a write transaction.
#pragma once

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/date.h"
#include "registry/model.h"
#include "store/database.h"

namespace chizai {

struct StoredPublication {
  std::string number;  // EP1000000
  std::string kind;    // B1
  std::optional<Date> date;
};

struct StoredTitle {
  std::string lang;
  std::string title;
};

// Every stored publication as "patent_id|number|kind", for an import that
// adds only the new ones.
std::unordered_set<std::string> publication_keys(Database& db);
std::string publication_key(long long patent_id, const std::string& number, const std::string& kind);
void insert_publication(Database& db, long long patent_id, const StoredPublication& p);
// Many at once (one bulk statement): `ids[i]` is `rows[i]`'s patent.
void insert_publications(Database& db, const std::vector<long long>& ids, const std::vector<StoredPublication>& rows);
// A patent's publications in (date, number, kind) order.
std::vector<StoredPublication> publications_of(Database& db, long long patent_id);

// A patent's titles by language, in language order.
std::vector<StoredTitle> titles_of(Database& db, long long patent_id);
// Inserts titles of patents that have none yet (one bulk statement).
void insert_titles(Database& db, const std::vector<long long>& ids, const std::vector<StoredTitle>& rows);
// Sets the title in `lang` (inserted or replaced); true when it changed.
bool put_title(Database& db, long long patent_id, const StoredTitle& t);

// The id of the patent `number` (canonical), if registered.
std::optional<long long> patent_id_of(Database& db, const std::string& number);

// Every registered institution, in code order.
std::vector<Institution> all_institutions(Database& db);

}  // namespace chizai
