import type { Role } from "../../lib/session";
import type { PageRoute } from "../../routes";
import { FamilyPage } from "./FamilyPage";
import "./messages";
import { PatentEdit, PatentNew } from "./PatentForm";
import { PatentImport } from "./PatentImport";
import { PatentList } from "./PatentList";
import { PatentPage } from "./PatentPage";

// The roles GET /api/v1/patents, /patents/{number} and /families/{number}
// allow; writing (POST, PATCH, import) is the admin's and the IP manager's.
const READERS: readonly Role[] = ["admin", "ip_manager", "tech_transfer", "institution_viewer"];
const WRITERS: readonly Role[] = ["admin", "ip_manager"];

export const patentsRoutes: PageRoute[] = [
  { path: "/patents", component: PatentList, roles: READERS, nav: "nav.patents" },
  { path: "/patents/new", component: PatentNew, roles: WRITERS },
  { path: "/patents/import", component: PatentImport, roles: WRITERS },
  { path: "/patents/:number/edit", component: PatentEdit, roles: WRITERS },
  { path: "/patents/:number", component: PatentPage, roles: READERS },
  { path: "/families/:number", component: FamilyPage, roles: READERS },
];
