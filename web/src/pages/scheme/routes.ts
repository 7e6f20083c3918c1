import type { PageRoute } from "../../routes";
import { Aggregations } from "./Aggregations";
import { ConsortiumPage, Consortia } from "./Consortia";
import "./messages";
import { PackagePage, Packages } from "./Packages";
import { ProjectPage, Projects } from "./Projects";
import { AGGREGATION_READERS, CONSORTIUM_READERS, PACKAGE_READERS, PROJECT_READERS } from "./roles";

export const schemeRoutes: PageRoute[] = [
  { path: "/scheme/aggregations", component: Aggregations, roles: AGGREGATION_READERS, nav: "nav.aggregations" },
  { path: "/scheme/packages", component: Packages, roles: PACKAGE_READERS, nav: "nav.packages" },
  { path: "/scheme/packages/:code", component: PackagePage, roles: PACKAGE_READERS },
  { path: "/scheme/projects", component: Projects, roles: PROJECT_READERS, nav: "nav.projects" },
  { path: "/scheme/projects/:code", component: ProjectPage, roles: PROJECT_READERS },
  { path: "/scheme/consortia", component: Consortia, roles: CONSORTIUM_READERS, nav: "nav.consortia" },
  { path: "/scheme/consortia/:code", component: ConsortiumPage, roles: CONSORTIUM_READERS },
];
