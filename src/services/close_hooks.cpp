#include "services/close_hooks.h"

#include "services/licensing_service.h"
#include "services/payment_service.h"
#include "store/database.h"
#include "store/journal_store.h"

namespace chizai {

CloseHooks standard_close_hooks(SchemeSettings settings, std::string actor, std::string policy_dir) {
  CloseHooks hooks;
  hooks.issue_true_ups = [settings = std::move(settings), actor = std::move(actor),
                          policy_dir = std::move(policy_dir)](Database& db, Date month_end) -> Status {
    LicensingService licensing(db, settings, actor, policy_dir);
    auto issued = licensing.issue_true_ups(month_end);
    if (!issued) return issued.error();
    // Credit notes still open after everything was paid: owed to the
    // licensee, taken back from the institutions (payment_service.h).
    WriteTransaction tx(db);
    hold_off_month_close(db);
    if (auto s = credit_open_credit_notes(db, actor, month_end); !s) return s;
    tx.commit();
    return {};
  };
  // The ledger check from the last close's checkpoint on, writing this close's.
  hooks.check_ledger = [](Database& db, const std::string& month) { return check_ledger_for_close(db, month); };
  return hooks;
}

}  // namespace chizai
