import type { PageRoute } from "../../routes";
import "./messages";
import { Close } from "./Close";
import { PaymentNew } from "./PaymentNew";
import { Payment, Payments } from "./Payments";
import { Payables, Payouts } from "./Payouts";

// Payments, payouts and the close: admin and finance (the API's rights).
// Payables: admin and finance see every institution's (the scoped roles'
// own balance is on their statements).
const FINANCE = ["admin", "finance"] as const;

export const moneyRoutes: PageRoute[] = [
  { path: "/money/payments", component: Payments, roles: FINANCE, nav: "nav.payments" },
  { path: "/money/payments/new", component: PaymentNew, roles: FINANCE },
  { path: "/money/payments/:reference", component: Payment, roles: FINANCE },
  { path: "/money/payouts", component: Payouts, roles: FINANCE, nav: "nav.payouts" },
  { path: "/money/payables", component: Payables, roles: FINANCE, nav: "nav.payables" },
  { path: "/money/close", component: Close, roles: FINANCE, nav: "nav.close" },
];
