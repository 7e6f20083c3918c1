// Packages and consortia: the requests, read the same way by `chizai
// package … | consortium …`, /api/v1/packages… and /api/v1/consortia…, and
// the scheme loader's "package.create|add|status" and
// "consortium.create|add" operations. A package or consortium named by the
// path (the command's CODE, the loader's "code" key) is in no spec but the
// creating one's. Dates that may be omitted default to today.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "io/request_spec.h"
#include "services/package_service.h"

namespace chizai::requests {

// {"code", "name_en", "name_ja", "theme", "core", "peripheral", "date"}.
const RequestSpec& package_spec();
PackageDraft read_package(const SpecFields& f);

// A patent, or a whole simple family, joining a package.
struct MemberRequest {
  std::string patent;  // exactly one of patent and family is set
  std::string family;  // a patent whose registered simple family joins
  MemberRole role = MemberRole::kCore;
  std::optional<std::int64_t> weight;  // default 1
  Date date;
};
// {"patent" | "family", "role", "weight", "date"}: exactly one of patent
// and family (else a FileError naming "patent").
const RequestSpec& member_spec();
MemberRequest read_member(const SpecFields& f);

struct WeightRequest {
  std::int64_t weight = 1;
  Date date;
};
// {"weight", "date"}: a current member's new allocation weight.
const RequestSpec& weight_spec();
WeightRequest read_weight(const SpecFields& f);

struct StatusRequest {
  PackageStatus status = PackageStatus::kDraft;
  Date date;
};
// {"status", "date"}: a package's move to another status.
const RequestSpec& package_status_spec();
StatusRequest read_package_status(const SpecFields& f);

struct ConsortiumRequest {
  std::string code;
  std::string package;
  Date date;
};
// {"code", "package", "date"}: a consortium formed around a package.
const RequestSpec& consortium_spec();
ConsortiumRequest read_consortium(const SpecFields& f);

// {"institution", "role", "date", "nda_date", "nda_status"}: the
// institution joining (date is the joined_on day).
const RequestSpec& consortium_member_spec();
ConsortiumJoin read_consortium_member(const SpecFields& f);

struct NdaRequest {
  NdaStatus status = NdaStatus::kRequested;
  Date date;
};
// {"status", "date"}: a member's NDA requested or signed (never "none").
const RequestSpec& nda_spec();
NdaRequest read_nda(const SpecFields& f);

}  // namespace chizai::requests
