import type { PageRoute } from "../../routes";
import { Agenda } from "./Agenda";
import { Forecast } from "./Forecast";
import "./messages";
import { Review } from "./Review";
import { DOCKET_READERS, FEE_READERS } from "./roles";

// The agenda: the roles of GET /api/v1/docket; the forecast and the review:
// every role (GET /api/v1/fees/forecast, /docket/review). A patent's tasks
// are a section of its page (pages/patents/PatentPage.tsx).
export const docketRoutes: PageRoute[] = [
  { path: "/docket", component: Agenda, roles: DOCKET_READERS, nav: "nav.docket" },
  { path: "/docket/review", component: Review, roles: FEE_READERS },
  { path: "/fees/forecast", component: Forecast, roles: FEE_READERS, nav: "nav.fees" },
];
