import type { Role } from "../../lib/session";
import type { PageRoute } from "../../routes";
import { Assignment } from "./Assignment";
import { DealBoard } from "./DealBoard";
import { MatchingIndex } from "./MatchingIndex";
import { PipelineReport } from "./PipelineReport";
import { CompanyMatches, PackageMatches } from "./Ranked";
import "./messages";

// GET /matches/*, POST /assignments, /deals, /pipeline: admin and tech_transfer.
const MATCHERS: readonly Role[] = ["admin", "tech_transfer"];

export const matchingRoutes: PageRoute[] = [
  { path: "/matching", component: MatchingIndex, roles: MATCHERS, nav: "nav.matching" },
  { path: "/matching/companies/:code", component: CompanyMatches, roles: MATCHERS },
  { path: "/matching/packages/:code", component: PackageMatches, roles: MATCHERS },
  { path: "/matching/assignment", component: Assignment, roles: MATCHERS },
  { path: "/matching/deals", component: DealBoard, roles: MATCHERS },
  { path: "/matching/report", component: PipelineReport, roles: MATCHERS },
];
