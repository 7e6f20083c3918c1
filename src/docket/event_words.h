// The words an event's fields take beyond its kind (model.h): the office
// action types per office, and the states an EP patent is validated in.
// Documented lists (README "Deadlines and fees" → "Events"): an event naming
// a type or a state not here is refused (services/event_service.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chizai::docket {

// An office action's type: the office that issues it, and whether the
// office sets its response period in the communication (EP: the event must
// carry --months).
struct OfficeActionType {
  std::string_view word;    // "jp_reasons_for_refusal"
  std::string_view office;  // "JP", "US", "EP", "CN"
  std::string_view label;   // one line for people
  bool period_in_communication = false;
};

// Every type, by office:
//   JP  jp_reasons_for_refusal (拒絶理由通知), jp_final_reasons_for_refusal
//       (最後の拒絶理由通知), jp_decision_of_refusal (拒絶査定)
//   US  us_non_final, us_final, us_restriction, us_advisory
//   EP  ep_communication (Art. 94(3)), ep_rule_71_3, ep_search_opinion
//       (each with its period set in the communication: months)
//   CN  cn_office_action
const std::vector<OfficeActionType>& office_action_types();
// The type named `word`, or null.
const OfficeActionType* find_office_action_type(std::string_view word);
// "jp_reasons_for_refusal, …": the words of `office`'s types ("" = all).
std::string allowed_words_office_action_type(std::string_view office = "");

// The states an EP patent may be validated in (a validation event's
// reference): the EPC contracting states' ISO codes, the extension and
// validation states, and UP for the Unitary Patent.
const std::vector<std::string_view>& validation_states();
bool is_validation_state(std::string_view code);
std::string allowed_words_validation_state();

}  // namespace chizai::docket
