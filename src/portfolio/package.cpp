#include "portfolio/package.h"

#include <array>
#include <utility>

namespace chizai {
namespace {

template <class E, std::size_t N>
const char* word_of(const std::array<std::pair<E, const char*>, N>& table, E value) {
  for (const auto& [e, w] : table) {
    if (e == value) return w;
  }
  return "?";
}

template <class E, std::size_t N>
std::optional<E> parse_word(const std::array<std::pair<E, const char*>, N>& table,
                            std::string_view s) {
  for (const auto& [e, w] : table) {
    if (s == w) return e;
  }
  return std::nullopt;
}

template <class E, std::size_t N>
std::string words(const std::array<std::pair<E, const char*>, N>& table) {
  std::string out;
  for (const auto& [e, w] : table) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

constexpr std::array<std::pair<PackageStatus, const char*>, 4> kStatusWords{{
    {PackageStatus::kDraft, "draft"},
    {PackageStatus::kMarketed, "marketed"},
    {PackageStatus::kLicensed, "licensed"},
    {PackageStatus::kRetired, "retired"},
}};
constexpr std::array<std::pair<MemberRole, const char*>, 2> kRoleWords{{
    {MemberRole::kCore, "core"},
    {MemberRole::kPeripheral, "peripheral"},
}};
constexpr std::array<std::pair<ConsortiumRole, const char*>, 3> kConsortiumRoleWords{{
    {ConsortiumRole::kUniversity, "university"},
    {ConsortiumRole::kLicenseeCandidate, "licensee_candidate"},
    {ConsortiumRole::kPartner, "partner"},
}};
constexpr std::array<std::pair<NdaStatus, const char*>, 3> kNdaWords{{
    {NdaStatus::kNone, "none"},
    {NdaStatus::kRequested, "requested"},
    {NdaStatus::kSigned, "signed"},
}};

std::string describe_period(const Membership& m) {
  std::string out = std::string(to_string(m.role)) + " member since " + m.added_on.to_string();
  if (m.removed_on) out += " until " + m.removed_on->to_string();
  return out;
}

}  // namespace

const char* to_string(PackageStatus s) { return word_of(kStatusWords, s); }
const char* to_string(MemberRole r) { return word_of(kRoleWords, r); }
const char* to_string(ConsortiumRole r) { return word_of(kConsortiumRoleWords, r); }
const char* to_string(NdaStatus s) { return word_of(kNdaWords, s); }
std::optional<PackageStatus> parse_package_status(std::string_view s) {
  return parse_word(kStatusWords, s);
}
std::optional<MemberRole> parse_member_role(std::string_view s) { return parse_word(kRoleWords, s); }
std::optional<ConsortiumRole> parse_consortium_role(std::string_view s) {
  return parse_word(kConsortiumRoleWords, s);
}
std::optional<NdaStatus> parse_nda_status(std::string_view s) { return parse_word(kNdaWords, s); }
std::string allowed_words_package_status() { return words(kStatusWords); }
std::string allowed_words_member_role() { return words(kRoleWords); }
std::string allowed_words_consortium_role() { return words(kConsortiumRoleWords); }
std::string allowed_words_nda_status() { return words(kNdaWords); }

// `licensed` is never set by hand: it is the status while an exclusive
// licence covering the package is in force (PackageService derives it), so
// it is no manual move's target, and from it only retiring is a manual move.
std::vector<PackageStatus> allowed_status_moves(PackageStatus from) {
  switch (from) {
    case PackageStatus::kDraft:
      return {PackageStatus::kMarketed, PackageStatus::kRetired};
    case PackageStatus::kMarketed:
      return {PackageStatus::kDraft, PackageStatus::kRetired};
    case PackageStatus::kLicensed:
      return {PackageStatus::kRetired};
    case PackageStatus::kRetired:
      return {};
  }
  return {};
}

Status check_status_move(const std::string& package, PackageStatus from, PackageStatus to) {
  const auto moves = allowed_status_moves(from);
  for (auto m : moves) {
    if (m == to) return {};
  }
  std::string allowed;
  for (auto m : moves) allowed += (allowed.empty() ? "" : ", ") + std::string(to_string(m));
  std::string msg = "package " + package + " cannot move from " + to_string(from) + " to " +
                    to_string(to) + ": ";
  msg += moves.empty() ? std::string(to_string(from)) + " is final"
                       : "allowed from " + std::string(to_string(from)) + ": " + allowed;
  return make_error(ErrorKind::kInvalid, "bad_status_move", msg, "status");
}

Status check_weight(std::int64_t weight) {
  if (weight < 1 || weight > kMaxMemberWeight) {
    return make_error(ErrorKind::kInvalid, "bad_weight",
                      "weight " + std::to_string(weight) + " is not a whole number from 1 to " +
                          std::to_string(kMaxMemberWeight),
                      "weight");
  }
  return {};
}

Status check_code(std::string_view what, std::string_view code) {
  bool ok = !code.empty() && code.size() <= 40;
  for (char c : code) {
    const bool word = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    if (!word) ok = false;
  }
  if (ok) return {};
  return make_error(ErrorKind::kInvalid, "bad_code",
                    std::string(what) + " code '" + std::string(code) +
                        "' must be 1 to 40 characters of A-Z, a-z, 0-9, '.', '_' or '-'",
                    "code");
}

bool is_member_on(const Membership& m, Date day) {
  return m.added_on <= day && (!m.removed_on || day < *m.removed_on);
}

std::vector<Membership> members_on(const std::vector<Membership>& periods, Date day) {
  std::vector<Membership> out;
  for (const auto& m : periods) {
    if (is_member_on(m, day)) out.push_back(m);
  }
  return out;
}

Result<std::vector<Allocation>> allocation_shares(const std::vector<Membership>& members) {
  if (members.empty()) return make_error(ErrorKind::kRefused, "no_members", "no members to allocate income to");
  std::int64_t total = 0;
  for (const auto& m : members) {
    if (m.weight < 1 || m.weight > kMaxMemberWeight) {
      return make_error(ErrorKind::kInvalid, "bad_weight", "member " + m.patent + " has weight " +
                                          std::to_string(m.weight) + ", not 1 to " +
                                          std::to_string(kMaxMemberWeight));
    }
    // Bounded weights: the sum of fewer than 2^43 members cannot overflow.
    total += m.weight;
  }
  std::vector<Allocation> out;
  out.reserve(members.size());
  for (const auto& m : members) {
    auto share = Fraction::make(m.weight, total);
    if (!share) return share.error();
    out.push_back({m.patent, m.role, m.weight, share.value()});
  }
  return out;
}

const Membership* open_period(const std::vector<Membership>& periods, const std::string& patent) {
  for (const auto& m : periods) {
    if (m.patent == patent && !m.removed_on) return &m;
  }
  return nullptr;
}

Status check_can_add(const std::string& package, Date created_on,
                     const std::vector<Membership>& periods, const std::string& patent, Date day) {
  if (day < created_on) {
    return make_error(ErrorKind::kRefused, "before_creation", "package " + package + " was created on " +
                                             created_on.to_string() + "; " + patent +
                                             " cannot join it on " + day.to_string(),
                      "date");
  }
  for (const auto& m : periods) {
    if (m.patent != patent) continue;
    if (!m.removed_on) {
      return make_error(ErrorKind::kConflict, "already_member", patent + " is already in package " + package + " (" +
                                              describe_period(m) + ")",
                        "number");
    }
    if (day < *m.removed_on) {
      return make_error(ErrorKind::kRefused, "overlapping_membership",
                        patent + " was in package " + package + " until " +
                            m.removed_on->to_string() + "; it cannot join again on " +
                            day.to_string() + ", before it left",
                        "date");
    }
  }
  return {};
}

namespace {

// The open period of `patent` that started on or before `day`, or an error.
Result<const Membership*> current_period(const std::string& package,
                                         const std::vector<Membership>& periods,
                                         const std::string& patent, Date day,
                                         const char* action) {
  const Membership* open = open_period(periods, patent);
  if (!open) {
    return make_error(ErrorKind::kRefused, "not_member", patent + " is not a current member of package " + package,
                      "number");
  }
  if (day < open->added_on) {
    return make_error(ErrorKind::kRefused, "before_membership", "cannot " + std::string(action) + " " + patent +
                                               " in package " + package + " on " +
                                               day.to_string() + ": it is a " +
                                               describe_period(*open),
                      "date");
  }
  return open;
}

}  // namespace

Status check_can_remove(const std::string& package, const std::vector<Membership>& periods,
                        const std::string& patent, Date day) {
  auto open = current_period(package, periods, patent, day, "remove");
  if (!open) return open.error();
  if (open.value()->role != MemberRole::kCore) return {};
  for (const auto& m : periods) {
    if (m.patent != patent && m.role == MemberRole::kCore && !m.removed_on && m.added_on <= day) {
      return {};
    }
  }
  return make_error(ErrorKind::kRefused, "last_core", "cannot remove " + patent + " from package " + package + " on " +
                                     day.to_string() +
                                     ": it is the last core patent (a package needs at least one; "
                                     "add another core patent first)",
                    "number");
}

Status check_can_reweight(const std::string& package, const std::vector<Membership>& periods,
                          const std::string& patent, std::int64_t weight, Date day) {
  if (auto w = check_weight(weight); !w) return w;
  auto open = current_period(package, periods, patent, day, "reweight");
  if (!open) return open.error();
  if (open.value()->weight == weight) {
    return make_error(ErrorKind::kRefused, "same_weight", patent + " already has weight " + std::to_string(weight) +
                                         " in package " + package,
                      "weight");
  }
  return {};
}

RoleCounts count_roles(const std::vector<Membership>& periods, Date day) {
  RoleCounts out;
  for (const auto& m : periods) {
    if (!is_member_on(m, day)) continue;
    ++(m.role == MemberRole::kCore ? out.core : out.peripheral);
  }
  return out;
}

Status check_consortium_role(const Institution& inst, ConsortiumRole role) {
  const InstitutionKind k = inst.kind;
  if (role == ConsortiumRole::kLicenseeCandidate && k != InstitutionKind::kCompany) {
    return make_error(ErrorKind::kInvalid, "bad_role", std::string("institution ") + inst.code + " is a " +
                                      to_string(k) +
                                      ", not a company: it cannot be a licensee_candidate",
                      "role");
  }
  if (role == ConsortiumRole::kUniversity && k != InstitutionKind::kUniversity &&
      k != InstitutionKind::kTlo && k != InstitutionKind::kPublicLab) {
    return make_error(ErrorKind::kInvalid, "bad_role", std::string("institution ") + inst.code + " is a " +
                                      to_string(k) +
                                      ": the university role needs a university, tlo or public_lab",
                      "role");
  }
  return {};
}

Result<NdaState> initial_nda(const std::string& institution, Date joined,
                             std::optional<NdaStatus> status, std::optional<Date> date) {
  const NdaStatus s = status ? *status : (date ? NdaStatus::kSigned : NdaStatus::kNone);
  if (s == NdaStatus::kNone) {
    if (date) {
      return make_error(ErrorKind::kInvalid, "bad_nda", "an NDA date for " + institution +
                                       " needs NDA status requested or signed, not none",
                        "nda_date");
    }
    return NdaState{};
  }
  const Date on = date ? *date : joined;
  if (on < joined) {
    return make_error(ErrorKind::kRefused, "nda_before_join", "the NDA date " + on.to_string() + " of " + institution +
                                             " is before its joined date " + joined.to_string(),
                      "nda_date");
  }
  return NdaState{s, on};
}

Result<NdaState> next_nda(const std::string& institution, Date joined, const NdaState& current,
                          NdaStatus to, Date day) {
  const bool forward = (current.status == NdaStatus::kNone && to != NdaStatus::kNone) ||
                       (current.status == NdaStatus::kRequested && to == NdaStatus::kSigned);
  if (!forward) {
    std::string msg = "the NDA of " + institution + " cannot move from " +
                      to_string(current.status) + " to " + to_string(to);
    if (current.status == NdaStatus::kSigned) {
      msg += ": it was signed on " + (current.on ? current.on->to_string() : std::string("?"));
    } else if (current.status == NdaStatus::kRequested) {
      msg += ": allowed from requested: signed";
    } else {
      msg += ": allowed from none: requested, signed";
    }
    return make_error(ErrorKind::kInvalid, "bad_nda_move", msg, "status");
  }
  if (day < joined) {
    return make_error(ErrorKind::kRefused, "nda_before_join", "the NDA date " + day.to_string() + " of " +
                                             institution + " is before its joined date " +
                                             joined.to_string(),
                      "date");
  }
  if (current.on && day < *current.on) {
    return make_error(ErrorKind::kRefused, "nda_before_previous",
                      "the NDA date " + day.to_string() + " of " + institution + " is before its " +
                          to_string(current.status) + " date " + current.on->to_string(),
                      "date");
  }
  return NdaState{to, day};
}

}  // namespace chizai
