import type { PageRoute } from "../../routes";
import "../money/messages";
import { Statement, StatementInstitutions, StatementMonths } from "./Statements";

// GET /api/v1/statements/{institution}[/{month}]: admin and finance; an
// ip_manager and an institution_viewer their own institution's only (the
// API answers 404 for another's, and the page shows "not found").
const READERS = ["admin", "finance", "ip_manager", "institution_viewer"] as const;

export const statementsRoutes: PageRoute[] = [
  { path: "/statements", component: StatementInstitutions, roles: READERS, nav: "nav.statements" },
  { path: "/statements/:institution", component: StatementMonths, roles: READERS },
  { path: "/statements/:institution/:month", component: Statement, roles: READERS },
];
