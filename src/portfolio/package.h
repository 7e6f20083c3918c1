// Rules of the scheme: packages (patent groups bundled around core patents)
// with dated membership and allocation weights, and consortia formed around
// a package. Plain functions over plain structs: standard library, core and
// registry only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/fraction.h"
#include "core/result.h"
#include "registry/model.h"

namespace chizai {

// ---- Packages ---------------------------------------------------------

enum class PackageStatus { kDraft, kMarketed, kLicensed, kRetired };
enum class MemberRole { kCore, kPeripheral };

const char* to_string(PackageStatus s);
const char* to_string(MemberRole r);
std::optional<PackageStatus> parse_package_status(std::string_view s);
std::optional<MemberRole> parse_member_role(std::string_view s);
std::string allowed_words_package_status();  // "draft, marketed, licensed, retired"
std::string allowed_words_member_role();      // "core, peripheral"

// The statuses a package may move to from `from`:
//   draft    → marketed, licensed, retired
//   marketed → draft, licensed, retired
//   licensed → marketed, retired
//   retired  → (none: retired is final)
std::vector<PackageStatus> allowed_status_moves(PackageStatus from);
// Ok, or an error naming the allowed moves.
Status check_status_move(const std::string& package, PackageStatus from, PackageStatus to);

// The largest explicit allocation weight (keeps every sum of weights far
// from overflow).
inline constexpr std::int64_t kMaxMemberWeight = 1'000'000;
Status check_weight(std::int64_t weight);

// A package code: 1–40 characters of A–Z a–z 0–9 . _ -
Status check_code(std::string_view what, std::string_view code);

// One membership period of a patent in a package (one package_member row).
// The patent is a member on day D when added_on <= D and (no removed_on or
// D < removed_on).
struct Membership {
  std::string patent;  // canonical application number
  MemberRole role = MemberRole::kCore;
  std::int64_t weight = 1;
  Date added_on;
  std::optional<Date> removed_on;
};

bool is_member_on(const Membership& m, Date day);
// The periods in force on `day`, in the order given.
std::vector<Membership> members_on(const std::vector<Membership>& periods, Date day);

// A member's part of the package's income: weight ÷ total weight of the
// members on the day. With the default weight 1 each this is the
// patent-count rule.
struct Allocation {
  std::string patent;
  MemberRole role = MemberRole::kCore;
  std::int64_t weight = 1;
  Fraction share;
};
// Shares of the given members (normally members_on(…, day)), in the order
// given; they sum to exactly 1. Refuses an empty list and a weight that is
// not positive.
Result<std::vector<Allocation>> allocation_shares(const std::vector<Membership>& members);

// The open period (no removed_on) of `patent`, or nullptr.
const Membership* open_period(const std::vector<Membership>& periods, const std::string& patent);

// May `patent` start a membership on `day`? Refused when it has an open
// period (already a member, or added for a later day) or a period that ends
// after `day` (periods of one patent never overlap), or when `day` is before
// the package was created.
Status check_can_add(const std::string& package, Date created_on,
                     const std::vector<Membership>& periods, const std::string& patent, Date day);
// May `patent` leave on `day`? It needs an open period that started on or
// before `day`; a core member also needs another core member that stays in
// the package from `day` on.
Status check_can_remove(const std::string& package, const std::vector<Membership>& periods,
                        const std::string& patent, Date day);
// May `patent`'s weight change to `weight` from `day`? It needs an open
// period that started on or before `day` with a different weight.
Status check_can_reweight(const std::string& package, const std::vector<Membership>& periods,
                          const std::string& patent, std::int64_t weight, Date day);

// Counts of the members on `day` by role.
struct RoleCounts {
  std::int64_t core = 0, peripheral = 0;
};
RoleCounts count_roles(const std::vector<Membership>& periods, Date day);

// ---- Consortia --------------------------------------------------------

enum class ConsortiumRole { kUniversity, kLicenseeCandidate, kPartner };
enum class NdaStatus { kNone, kRequested, kSigned };

const char* to_string(ConsortiumRole r);
const char* to_string(NdaStatus s);
std::optional<ConsortiumRole> parse_consortium_role(std::string_view s);
std::optional<NdaStatus> parse_nda_status(std::string_view s);
std::string allowed_words_consortium_role();  // "university, licensee_candidate, partner"
std::string allowed_words_nda_status();       // "none, requested, signed"

// Can an institution of this kind take this role? `university` needs a
// university, TLO or public lab; `licensee_candidate` a company; `partner`
// any kind.
Status check_consortium_role(const Institution& inst, ConsortiumRole role);

// The NDA state of a consortium member: the status and the day it was
// reached (none has no day).
struct NdaState {
  NdaStatus status = NdaStatus::kNone;
  std::optional<Date> on;
};
// The NDA state a new member starts with. `status` and `date` are what the
// user gave: a date alone means signed; requested/signed without a date
// take the joined date; none with a date, or a date before `joined`, is
// refused.
Result<NdaState> initial_nda(const std::string& institution, Date joined,
                             std::optional<NdaStatus> status, std::optional<Date> date);
// Moving an existing member's NDA to `to` on `day`: none → requested|signed,
// requested → signed; never backwards, never before the joined date or the
// current status date.
Result<NdaState> next_nda(const std::string& institution, Date joined, const NdaState& current,
                          NdaStatus to, Date day);

}  // namespace chizai
