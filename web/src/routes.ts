// Every page of the interface: its path (preact-iso pattern), the roles
// that may open it (the same as the API routes it calls allow), and the
// navigation entry it has, if any. Each area keeps its pages in
// pages/<area>/ and lists them in pages/<area>/routes.ts.
import type { ComponentType } from "preact";
import type { Role } from "./lib/session";
import { docketRoutes } from "./pages/docket/routes";
import { homeRoutes } from "./pages/home/routes";
import { licensingRoutes } from "./pages/licensing/routes";
import { moneyRoutes } from "./pages/money/routes";
import { statementsRoutes } from "./pages/statements/routes";
import { matchingRoutes } from "./pages/matching/routes";
import { patentsRoutes } from "./pages/patents/routes";
import { schemeRoutes } from "./pages/scheme/routes";

export interface PageRoute {
  path: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  component: ComponentType<any>;
  roles: readonly Role[];
  /** Message key of the navigation label; pages without one are reached by links. */
  nav?: string;
}

export const routes: PageRoute[] = [
  ...homeRoutes,
  ...patentsRoutes,
  ...docketRoutes,
  ...schemeRoutes,
  ...matchingRoutes,
  ...licensingRoutes,
  ...moneyRoutes,
  ...statementsRoutes,
];
