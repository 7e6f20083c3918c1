#include "requests/registry.h"

namespace chizai::requests {

const RequestSpec& family_rebuild_spec() {
  static const RequestSpec spec{
      "FamilyRebuildRequest",
      "Nothing: every family is recomputed from the registered priority claims. Send no body (one sent is not read).",
      {}};
  return spec;
}

const RequestSpec& patent_update_spec() {
  static const RequestSpec spec = [] {
    RequestSpec s = patent_spec();
    s.name = "PatentUpdateRequest";
    s.description =
        "Only the fields to change, each as in PatentRequest; a list (owners, inventors, ipc, priority_claims) "
        "replaces the stored list. The application number, when given, must be the patent's.";
    for (FieldSpec& f : s.fields) f.required = false;
    return s;
  }();
  return spec;
}

namespace {

const RequestSpec& transfer_owner_spec() {
  static const RequestSpec spec{
      "TransferOwner",
      "One owner of record from the transfer's date, and its share; the shares sum to 1.",
      {
          {"institution", FieldType::kText, true, "The owner's institution code (registered)", "C-0001"},
          {"share", FieldType::kText, true, "Its share: a fraction (1/2), a decimal (0.5) or a percentage (50%)",
           "1/2"},
      }};
  return spec;
}

}  // namespace

const RequestSpec& transfer_spec() {
  static const RequestSpec spec{
      "TransferRequest",
      "A dated transfer of a patent's ownership (administrators only). Every owner whose share goes down or who is "
      "removed must consent. Income routed before the date stays with the former owners; income received from the "
      "date on goes to the new owners.",
      {
          {"date", FieldType::kDate, true,
           "The first day of the new owners (not after today, after the last transfer, after any income already "
           "routed for the patent, in an open month)",
           "2026-10-01"},
          {"owners", FieldType::kObjectList, true, "The owners of record from the date, shares summing to 1 "
           "(CLI: --owner CODE:SHARE, repeatable)", "", &transfer_owner_spec()},
          {"consents", FieldType::kTextList, false,
           "The institutions consenting: every owner whose share goes down or who is removed", "U-TOKYO"},
          {"reason", FieldType::kText, false, "Why (kept in the owner history)", "assignment agreement of 2026-09-20"},
      }};
  return spec;
}

TransferRequest read_transfer(const SpecFields& f) {
  TransferRequest r;
  r.date = f.date("date");
  const std::vector<element> items = f.objects("owners");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const SpecFields o(items[i], transfer_owner_spec(), f.name("owners") + "[" + std::to_string(i) + "]");
    const std::string share = o.text("share");
    auto fr = Fraction::parse(share);
    if (!fr) file_error(o.name("share"), "'" + share + "' is not a share: " + fr.error().message);
    r.owners.push_back(Owner{o.text("institution"), *fr});
  }
  r.consents = f.optional_texts("consents");
  r.reason = f.text_or("reason", "");
  return r;
}

}  // namespace chizai::requests
