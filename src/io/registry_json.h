// The registry's records as JSON with stable keys (the JSONL import format,
// so an exported record can be imported again).
#pragma once

#include <functional>

#include "io/json_writer.h"
#include "registry/model.h"

namespace chizai {

void write_institution_json(JsonWriter& w, const Institution& inst);
// "key": [{"institution", "share"}…], shares as exact fractions ("1/2").
void write_owners_json(JsonWriter& w, const char* key, const std::vector<Owner>& owners);
// Writes the patent's fields as an object. When `extra_members` is set it is
// called before the object closes, to append more members (families, …).
void write_patent_json(JsonWriter& w, const Patent& p,
                       const std::function<void(JsonWriter&)>& extra_members = {});

// A 64-bit FNV-1a digest of the record's canonical JSON, as 16 hex digits:
// how an import tells an unchanged record from a changed one.
std::string content_hash(const Patent& p);
std::string content_hash(const Institution& inst);

}  // namespace chizai
