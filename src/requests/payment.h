// Payments in, payouts out, and their reversals: the requests, read the same
// way by `chizai payment|payout …`, POST /api/v1/payments|payouts and the
// scheme loader's "payment"/"payout" operations.
#pragma once

#include "io/request_spec.h"
#include "services/payment_service.h"

namespace chizai::requests {

// {"agreement", "received_on", "amount", "currency", "fx_rate", "reference"}:
// the amount a decimal string in `currency`; fx_rate (JPY per unit) for a
// foreign currency only.
const RequestSpec& payment_spec();
PaymentRequest read_payment(const SpecFields& f);

// {"reversed_on", "reason"}; the payment or payout is named apart (path,
// argument), so `reference` is left empty.
const RequestSpec& reversal_spec();
ReversalRequest read_reversal(const SpecFields& f);

// {"institution", "paid_on", "amount", "currency", "reference"}: the amount a
// decimal string in JPY (the only currency a payable is kept in; currency
// may be omitted).
const RequestSpec& payout_spec();
PayoutRequest read_payout(const SpecFields& f);

// {"agreement", "date", "amount", "currency", "reference"}: licensee credit
// paid back; the amount a decimal string in `currency` (default JPY).
const RequestSpec& credit_refund_spec();
CreditRefundRequest read_credit_refund(const SpecFields& f);

}  // namespace chizai::requests
