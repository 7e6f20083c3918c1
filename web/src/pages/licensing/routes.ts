import type { PageRoute } from "../../routes";
import "../money/messages";
import { Agreement, Agreements } from "./Agreements";
import { Invoices, Reports } from "./Lists";

// GET /api/v1/agreements, /reports, /invoices: admin and finance.
const FINANCE = ["admin", "finance"] as const;

export const licensingRoutes: PageRoute[] = [
  { path: "/licensing/agreements", component: Agreements, roles: FINANCE, nav: "nav.agreements" },
  { path: "/licensing/agreements/:id", component: Agreement, roles: FINANCE },
  { path: "/licensing/reports", component: Reports, roles: FINANCE, nav: "nav.reports" },
  { path: "/licensing/invoices", component: Invoices, roles: FINANCE, nav: "nav.invoices" },
];
