import type { Role } from "../../lib/session";

// The roles the API routes each scheme page calls allow (README's matrix).
/** GET /api/v1/aggregations and /patents/{number}/aggregation. */
export const AGGREGATION_READERS: readonly Role[] = ["admin", "ip_manager", "tech_transfer", "institution_viewer"];
/** GET /api/v1/packages and /packages/{code}. */
export const PACKAGE_READERS: readonly Role[] = ["admin", "tech_transfer"];
/** GET /api/v1/projects and /projects/{code}. */
export const PROJECT_READERS: readonly Role[] = ["admin", "tech_transfer", "finance"];
/** GET /api/v1/consortia and /consortia/{code}. */
export const CONSORTIUM_READERS: readonly Role[] = ["admin", "tech_transfer"];
