// Pure rules of packages and consortia: dated membership, allocation
// shares, status moves, membership changes, consortium roles and NDAs.
#include "portfolio/package.h"

#include <gtest/gtest.h>

namespace chizai {
namespace {

Date d(const char* text) { return Date::parse(text).value(); }
Fraction f(std::int64_t n, std::int64_t den) { return Fraction::make(n, den).value(); }

Membership period(const std::string& patent, MemberRole role, std::int64_t weight,
                  const char* added, const char* removed = nullptr) {
  Membership m;
  m.patent = patent;
  m.role = role;
  m.weight = weight;
  m.added_on = d(added);
  if (removed) m.removed_on = d(removed);
  return m;
}

Fraction sum_of(const std::vector<Allocation>& shares) {
  Fraction total;
  for (const auto& a : shares) total = total.add(a.share).value();
  return total;
}

TEST(PackageMembership, MemberOnDayIsHalfOpen) {
  const Membership m = period("JP1", MemberRole::kCore, 1, "2020-04-01", "2021-04-01");
  EXPECT_FALSE(is_member_on(m, d("2020-03-31")));  // before D1
  EXPECT_TRUE(is_member_on(m, d("2020-04-01")));   // on D1
  EXPECT_TRUE(is_member_on(m, d("2020-12-31")));   // between
  EXPECT_TRUE(is_member_on(m, d("2021-03-31")));   // the last day
  EXPECT_FALSE(is_member_on(m, d("2021-04-01")));  // on D2: gone
  EXPECT_FALSE(is_member_on(m, d("2030-01-01")));
}

TEST(PackageMembership, OpenPeriodLastsForever) {
  const Membership m = period("JP1", MemberRole::kCore, 1, "2020-04-01");
  EXPECT_FALSE(is_member_on(m, d("2020-03-31")));
  EXPECT_TRUE(is_member_on(m, d("2020-04-01")));
  EXPECT_TRUE(is_member_on(m, d("2099-12-31")));
}

TEST(PackageMembership, MembersOnPicksThePeriodsInForce) {
  const std::vector<Membership> periods = {
      period("JP1", MemberRole::kCore, 1, "2020-01-01"),
      period("JP2", MemberRole::kPeripheral, 1, "2020-01-01", "2021-01-01"),
      period("JP2", MemberRole::kPeripheral, 3, "2021-01-01"),  // reweighted
      period("JP3", MemberRole::kPeripheral, 1, "2022-01-01"),
  };
  auto at2020 = members_on(periods, d("2020-06-01"));
  ASSERT_EQ(at2020.size(), 2u);
  EXPECT_EQ(at2020[1].patent, "JP2");
  EXPECT_EQ(at2020[1].weight, 1);
  auto at2021 = members_on(periods, d("2021-01-01"));
  ASSERT_EQ(at2021.size(), 2u);
  EXPECT_EQ(at2021[1].weight, 3);
  EXPECT_EQ(members_on(periods, d("2022-01-01")).size(), 3u);
  EXPECT_TRUE(members_on(periods, d("2019-12-31")).empty());
  const RoleCounts c = count_roles(periods, d("2022-01-01"));
  EXPECT_EQ(c.core, 1);
  EXPECT_EQ(c.peripheral, 2);
}

TEST(PackageAllocation, DefaultWeightsAreEqualPerPatent) {
  auto shares = allocation_shares({period("A", MemberRole::kCore, 1, "2020-01-01"),
                                   period("B", MemberRole::kPeripheral, 1, "2020-01-01"),
                                   period("C", MemberRole::kPeripheral, 1, "2020-01-01")});
  ASSERT_TRUE(shares.ok());
  ASSERT_EQ(shares->size(), 3u);
  for (const auto& a : shares.value()) EXPECT_EQ(a.share, f(1, 3));
  EXPECT_EQ(sum_of(shares.value()), Fraction::one());
}

TEST(PackageAllocation, ExplicitWeights) {
  auto shares = allocation_shares({period("A", MemberRole::kCore, 2, "2020-01-01"),
                                   period("B", MemberRole::kPeripheral, 1, "2020-01-01"),
                                   period("C", MemberRole::kPeripheral, 1, "2020-01-01")});
  ASSERT_TRUE(shares.ok());
  EXPECT_EQ((*shares)[0].patent, "A");
  EXPECT_EQ((*shares)[0].share, f(1, 2));
  EXPECT_EQ((*shares)[1].share, f(1, 4));
  EXPECT_EQ((*shares)[2].share, f(1, 4));
  EXPECT_EQ((*shares)[0].weight, 2);
}

TEST(PackageAllocation, SharesAlwaysSumToExactlyOne) {
  // Many awkward mixes of weights, including large coprime ones.
  for (std::int64_t n = 1; n <= 40; ++n) {
    std::vector<Membership> members;
    for (std::int64_t i = 0; i < n; ++i) {
      const std::int64_t w = (i * 7919 + n * 104729) % kMaxMemberWeight + 1;
      members.push_back(period("P" + std::to_string(i), MemberRole::kCore, w, "2020-01-01"));
    }
    auto shares = allocation_shares(members);
    ASSERT_TRUE(shares.ok()) << n;
    EXPECT_EQ(sum_of(shares.value()), Fraction::one()) << n << " members";
  }
  auto one = allocation_shares({period("A", MemberRole::kCore, kMaxMemberWeight, "2020-01-01")});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ((*one)[0].share, Fraction::one());
}

TEST(PackageAllocation, RefusesNoMembersAndBadWeights) {
  auto none = allocation_shares({});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "no_members");
  auto zero = allocation_shares({period("A", MemberRole::kCore, 0, "2020-01-01")});
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.error().message.find("member A has weight 0"), std::string::npos);
  EXPECT_FALSE(check_weight(0).ok());
  EXPECT_FALSE(check_weight(kMaxMemberWeight + 1).ok());
  EXPECT_TRUE(check_weight(kMaxMemberWeight).ok());
  EXPECT_NE(check_weight(-2).error().message.find("weight -2"), std::string::npos);
}

TEST(PackageStatusMoves, AllowedAndRefused) {
  using S = PackageStatus;
  EXPECT_TRUE(check_status_move("P", S::kDraft, S::kMarketed).ok());
  EXPECT_TRUE(check_status_move("P", S::kMarketed, S::kDraft).ok());
  EXPECT_TRUE(check_status_move("P", S::kLicensed, S::kRetired).ok());
  // licensed follows the licences: never a manual move's target, and a
  // licensed package is only retired by hand.
  EXPECT_FALSE(check_status_move("P", S::kDraft, S::kLicensed).ok());
  EXPECT_FALSE(check_status_move("P", S::kMarketed, S::kLicensed).ok());
  EXPECT_FALSE(check_status_move("P", S::kLicensed, S::kMarketed).ok());
  auto back = check_status_move("PKG-1", S::kLicensed, S::kDraft);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().message, "package PKG-1 cannot move from licensed to draft: allowed from licensed: retired");
  auto draft = check_status_move("PKG-1", S::kDraft, S::kDraft);
  ASSERT_FALSE(draft.ok());
  EXPECT_EQ(draft.error().message, "package PKG-1 cannot move from draft to draft: allowed from draft: marketed, retired");
  auto same = check_status_move("PKG-1", S::kDraft, S::kDraft);
  EXPECT_FALSE(same.ok());
  for (S to : {S::kDraft, S::kMarketed, S::kLicensed, S::kRetired}) {
    auto r = check_status_move("PKG-1", S::kRetired, to);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("retired is final"), std::string::npos);
  }
}

TEST(PackageWords, RoundTrip) {
  for (auto s : {PackageStatus::kDraft, PackageStatus::kMarketed, PackageStatus::kLicensed,
                 PackageStatus::kRetired}) {
    EXPECT_EQ(parse_package_status(to_string(s)), s);
  }
  EXPECT_EQ(parse_member_role("peripheral"), MemberRole::kPeripheral);
  EXPECT_FALSE(parse_member_role("Core").has_value());
  EXPECT_EQ(parse_consortium_role("licensee_candidate"), ConsortiumRole::kLicenseeCandidate);
  EXPECT_EQ(parse_nda_status("signed"), NdaStatus::kSigned);
  EXPECT_EQ(allowed_words_package_status(), "draft, marketed, licensed, retired");
  EXPECT_EQ(allowed_words_consortium_role(), "university, licensee_candidate, partner");
}

TEST(PackageCodes, Checked) {
  EXPECT_TRUE(check_code("package", "PKG-BATT.2024_1").ok());
  EXPECT_FALSE(check_code("package", "").ok());
  EXPECT_FALSE(check_code("package", "has space").ok());
  EXPECT_FALSE(check_code("package", std::string(41, 'A')).ok());
  EXPECT_NE(check_code("consortium", "パッケージ").error().message.find("consortium code"),
            std::string::npos);
}

class PackageChanges : public ::testing::Test {
 protected:
  std::vector<Membership> periods = {
      period("JP1", MemberRole::kCore, 1, "2020-01-01"),
      period("JP2", MemberRole::kPeripheral, 1, "2020-01-01", "2021-01-01"),
      period("JP3", MemberRole::kCore, 2, "2022-01-01"),
  };
  const Date created = d("2020-01-01");
};

TEST_F(PackageChanges, Add) {
  EXPECT_TRUE(check_can_add("PKG", created, periods, "JP9", d("2020-01-01")).ok());
  EXPECT_TRUE(check_can_add("PKG", created, periods, "JP2", d("2021-01-01")).ok());  // re-add
  auto dup = check_can_add("PKG", created, periods, "JP1", d("2023-01-01"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().message, "JP1 is already in package PKG (core member since 2020-01-01)");
  auto early = check_can_add("PKG", created, periods, "JP2", d("2020-06-01"));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, "overlapping_membership");
  auto before = check_can_add("PKG", created, periods, "JP9", d("2019-12-31"));
  ASSERT_FALSE(before.ok());
  EXPECT_NE(before.error().message.find("created on 2020-01-01"), std::string::npos);
}

TEST_F(PackageChanges, Remove) {
  // JP1 can go once JP3 (core since 2022) is in.
  EXPECT_TRUE(check_can_remove("PKG", periods, "JP1", d("2022-01-01")).ok());
  auto last = check_can_remove("PKG", periods, "JP1", d("2021-06-01"));
  ASSERT_FALSE(last.ok());
  EXPECT_EQ(last.error().code, "last_core");
  EXPECT_NE(last.error().message.find("last core patent"), std::string::npos);
  auto gone = check_can_remove("PKG", periods, "JP2", d("2022-01-01"));
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().message, "JP2 is not a current member of package PKG");
  auto never = check_can_remove("PKG", periods, "JP9", d("2022-01-01"));
  EXPECT_EQ(never.error().code, "not_member");
  auto early = check_can_remove("PKG", periods, "JP3", d("2021-06-01"));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, "before_membership");
  // Only one core member: the last core cannot go.
  std::vector<Membership> one = {period("JP1", MemberRole::kCore, 1, "2020-01-01"),
                                 period("JP2", MemberRole::kPeripheral, 1, "2020-01-01")};
  EXPECT_FALSE(check_can_remove("PKG", one, "JP1", d("2024-01-01")).ok());
  EXPECT_TRUE(check_can_remove("PKG", one, "JP2", d("2024-01-01")).ok());
}

TEST_F(PackageChanges, Reweight) {
  EXPECT_TRUE(check_can_reweight("PKG", periods, "JP1", 3, d("2021-01-01")).ok());
  EXPECT_EQ(check_can_reweight("PKG", periods, "JP3", 2, d("2023-01-01")).error().code,
            "same_weight");
  EXPECT_EQ(check_can_reweight("PKG", periods, "JP2", 2, d("2023-01-01")).error().code,
            "not_member");
  EXPECT_EQ(check_can_reweight("PKG", periods, "JP1", 0, d("2023-01-01")).error().code,
            "bad_weight");
  EXPECT_EQ(check_can_reweight("PKG", periods, "JP3", 5, d("2021-01-01")).error().code,
            "before_membership");
  ASSERT_NE(open_period(periods, "JP3"), nullptr);
  EXPECT_EQ(open_period(periods, "JP2"), nullptr);
}

Institution inst(const char* code, InstitutionKind kind) {
  Institution i;
  i.code = code;
  i.kind = kind;
  return i;
}

TEST(ConsortiumRoles, ByInstitutionKind) {
  using K = InstitutionKind;
  using R = ConsortiumRole;
  EXPECT_TRUE(check_consortium_role(inst("C-1", K::kCompany), R::kLicenseeCandidate).ok());
  auto uni_as_licensee = check_consortium_role(inst("U-1", K::kUniversity), R::kLicenseeCandidate);
  ASSERT_FALSE(uni_as_licensee.ok());
  EXPECT_EQ(uni_as_licensee.error().message,
            "institution U-1 is a university, not a company: it cannot be a licensee_candidate");
  for (K k : {K::kUniversity, K::kTlo, K::kPublicLab}) {
    EXPECT_TRUE(check_consortium_role(inst("U-1", k), R::kUniversity).ok());
  }
  auto company_as_uni = check_consortium_role(inst("C-1", K::kCompany), R::kUniversity);
  ASSERT_FALSE(company_as_uni.ok());
  EXPECT_NE(company_as_uni.error().message.find("needs a university, tlo or public_lab"),
            std::string::npos);
  for (K k : {K::kUniversity, K::kCompany, K::kAggregator, K::kOther}) {
    EXPECT_TRUE(check_consortium_role(inst("X", k), R::kPartner).ok());
  }
}

TEST(ConsortiumNda, Initial) {
  const Date joined = d("2024-04-01");
  auto none = initial_nda("C-1", joined, std::nullopt, std::nullopt);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->status, NdaStatus::kNone);
  EXPECT_FALSE(none->on.has_value());
  auto date_only = initial_nda("C-1", joined, std::nullopt, d("2024-05-01"));
  ASSERT_TRUE(date_only.ok());
  EXPECT_EQ(date_only->status, NdaStatus::kSigned);
  EXPECT_EQ(date_only->on, d("2024-05-01"));
  auto requested = initial_nda("C-1", joined, NdaStatus::kRequested, std::nullopt);
  ASSERT_TRUE(requested.ok());
  EXPECT_EQ(requested->on, joined);
  auto early = initial_nda("C-1", joined, std::nullopt, d("2024-03-31"));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().message,
            "the NDA date 2024-03-31 of C-1 is before its joined date 2024-04-01");
  EXPECT_EQ(initial_nda("C-1", joined, NdaStatus::kNone, d("2024-05-01")).error().code, "bad_nda");
}

TEST(ConsortiumNda, Moves) {
  const Date joined = d("2024-04-01");
  NdaState none;
  auto req = next_nda("C-1", joined, none, NdaStatus::kRequested, d("2024-04-10"));
  ASSERT_TRUE(req.ok());
  auto sig = next_nda("C-1", joined, req.value(), NdaStatus::kSigned, d("2024-05-10"));
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(sig->on, d("2024-05-10"));
  auto again = next_nda("C-1", joined, sig.value(), NdaStatus::kRequested, d("2024-06-01"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message,
            "the NDA of C-1 cannot move from signed to requested: it was signed on 2024-05-10");
  EXPECT_EQ(next_nda("C-1", joined, req.value(), NdaStatus::kRequested, d("2024-06-01")).error().code,
            "bad_nda_move");
  EXPECT_EQ(next_nda("C-1", joined, req.value(), NdaStatus::kSigned, d("2024-04-09")).error().code,
            "nda_before_previous");
  EXPECT_EQ(next_nda("C-1", joined, none, NdaStatus::kSigned, d("2024-03-01")).error().code,
            "nda_before_join");
}

}  // namespace
}  // namespace chizai
