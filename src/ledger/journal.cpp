#include "ledger/journal.h"

#include <map>

#include "core/int128.h"

namespace chizai {

Status check_balanced(const JournalEntry& entry) {
  if (entry.postings.size() < 2) {
    return make_error(ErrorKind::kRefused, "unbalanced", "journal entry " + entry.reference + " needs at least two postings");
  }
  std::map<std::string, int128> sums;
  for (const auto& p : entry.postings) {
    if (p.account.empty() || p.currency.size() != 3) {
      return make_error(ErrorKind::kInvalid, "bad_posting", "journal entry " + entry.reference +
                                           " has a posting without an account or currency");
    }
    if (p.amount_minor == 0) {
      return make_error(ErrorKind::kInvalid, "bad_posting", "journal entry " + entry.reference + " posts 0 to " + p.account);
    }
    sums[p.currency] += p.amount_minor;
  }
  for (const auto& [currency, sum] : sums) {
    if (sum != 0) {
      return make_error(ErrorKind::kRefused, "unbalanced", "journal entry " + entry.reference + " does not balance in " +
                                          currency + ": off by " +
                                          std::to_string(static_cast<long long>(sum)) + " minor units");
    }
  }
  return {};
}

Posting make_posting(std::string account, std::string currency, std::int64_t amount_minor,
                     std::string fx_rate) {
  Posting p;
  p.account = std::move(account);
  p.currency = std::move(currency);
  p.amount_minor = amount_minor;
  p.fx_rate = std::move(fx_rate);
  return p;
}

std::string month_of(Date d) { return d.to_string().substr(0, 7); }

std::string cash_account(const std::string& currency) { return "assets:cash:" + currency; }
std::string receivable_account(const std::string& licensee) { return "assets:receivable:" + licensee; }
std::string licensee_credit_account(const std::string& licensee) {
  return "liabilities:licensee-credit:" + licensee;
}
std::string payable_account(const std::string& institution) {
  return "liabilities:payable:" + institution;
}
std::string cost_recovery_account(const std::string& package) {
  return "income:cost-recovery:" + package;
}
std::string undistributed_account() { return "liabilities:undistributed"; }
std::string aggregator_income_account() { return "income:aggregator"; }
std::string fx_account() { return "equity:fx"; }

}  // namespace chizai
