import { ROLES } from "../../lib/session";
import type { PageRoute } from "../../routes";
import { Home } from "./Home";
import "./messages";

export const homeRoutes: PageRoute[] = [
  { path: "/", component: Home, roles: ROLES, nav: "nav.home" },
];
