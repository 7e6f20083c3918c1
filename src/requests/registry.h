// The registry requests: a patent's and an institution's record (the import
// formats' records, the API's POST/PUT bodies, `chizai patent add`), and the
// families' rebuild. A record is read with every problem collected, as an
// import reports them, by io/registry_formats.h (the services' imports read
// it there too); its spec is defined there, beside the CSV columns it names.
#pragma once

#include <simdjson.h>

#include "io/registry_formats.h"
#include "io/request_spec.h"
#include "registry/ownership.h"

namespace chizai::requests {

// {"application_number", "jurisdiction", "filing_date", "kind", "title", …,
//  "owners": [{"institution", "share"}], "inventors": [{"name",
//  "institution"}], "priority_claims": [{"number", "date", "kind", "active"}]}
inline const RequestSpec& patent_spec() { return patent_record_spec(); }
// The patent of a JSON object read by patent_spec(), or every problem.
inline ParsedRecord<Patent> read_patent(simdjson::dom::object obj) { return read_patent_object(obj); }

// PATCH /api/v1/patents/{number} and `chizai patent update NUMBER`: any of
// the patent record's fields, none required; those named are laid over the
// stored record, which the patent reader then reads whole
// (RegistryService::update_patent).
const RequestSpec& patent_update_spec();

// {"code", "kind", "name_en", "name_ja", "country"}
inline const RequestSpec& institution_spec() { return institution_record_spec(); }
inline ParsedRecord<Institution> read_institution(simdjson::dom::object obj) {
  return read_institution_object(obj);
}

// POST /api/v1/families/rebuild and `chizai family rebuild` take nothing
// (the API does not read a body sent with it).
const RequestSpec& family_rebuild_spec();

}  // namespace chizai::requests

namespace chizai::requests {

// POST /api/v1/patents/{number}/transfers and `chizai patent transfer
// NUMBER`: {"date", "owners": [{"institution", "share"}], "consents":
// [codes], "reason"}. The patent is named apart (the path, NUMBER).
const RequestSpec& transfer_spec();
TransferRequest read_transfer(const SpecFields& f);

}  // namespace chizai::requests
