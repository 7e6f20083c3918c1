// Double-entry journal entries and the chart of accounts. Pure: the store
// posts them (store/journal_store.h).
//
// Every entry's postings sum to zero in each currency (debits positive,
// credits negative). A currency conversion goes through the FX account, with
// the rate on its postings, so that both currencies balance on their own.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace chizai {

struct Posting {
  std::string account;
  std::string currency;  // ISO 4217
  std::int64_t amount_minor = 0;  // debit > 0, credit < 0
  std::string fx_rate;            // JPY per unit, on conversion legs
  // What a statement line says (empty where it does not apply):
  std::string institution;        // institution code
  std::string agreement;          // agreement reference
  std::string patent;             // canonical application number
  std::string income_type;
  std::string share;              // exact fraction, "1/9"
  std::string payment_reference;
};

// A posting with no dimensions; set the others on the result.
Posting make_posting(std::string account, std::string currency, std::int64_t amount_minor,
                     std::string fx_rate = {});

struct JournalEntry {
  Date posted_on;
  std::string kind;       // invoice, payment, distribution, payout, true_up, …
  std::string reference;  // the business key (invoice id, bank reference, …)
  std::string description;
  std::vector<Posting> postings;
};

// Ok when the entry has at least two postings, every posting names an
// account and a currency and moves a non-zero amount, and the postings sum
// to zero in each currency (int128 sums: no overflow). The error names the
// currency that does not balance and by how much.
Status check_balanced(const JournalEntry& entry);

// "2026-07"
std::string month_of(Date d);

// The chart of accounts (hledger-style names).
std::string cash_account(const std::string& currency);           // assets:cash:JPY
std::string receivable_account(const std::string& licensee);     // assets:receivable:C-0001
std::string licensee_credit_account(const std::string& licensee);  // liabilities:licensee-credit:C-0001
std::string payable_account(const std::string& institution);     // liabilities:payable:U-TOKYO
std::string cost_recovery_account(const std::string& package);   // income:cost-recovery:PKG-001
std::string undistributed_account();  // liabilities:undistributed (invoiced, not yet distributed)
std::string aggregator_income_account();  // income:aggregator
std::string fx_account();                 // equity:fx

}  // namespace chizai
