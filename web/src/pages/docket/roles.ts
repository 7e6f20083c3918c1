import { ROLES, type Role } from "../../lib/session";

// The roles the docket's API routes allow (README's authorization matrix).
/** GET /api/v1/docket, docket.ics, /patents/{number}/docket and the calendar subscriptions. */
export const DOCKET_READERS: readonly Role[] = ["admin", "ip_manager", "tech_transfer", "institution_viewer"];
/** POST /api/v1/patents/{number}/docket/{task}/done, waive, undo. */
export const DOCKET_WRITERS: readonly Role[] = ["admin", "ip_manager"];
/** GET /api/v1/fees/forecast and /docket/review: every role. */
export const FEE_READERS: readonly Role[] = ROLES;
