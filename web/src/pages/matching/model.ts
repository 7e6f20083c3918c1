// The matching pages' own logic, kept apart from the components so that the
// unit tests can check it: deal stages and moves, a score's components as
// bars on one scale, the pages of a cursor-paged list.
import { api } from "../../lib/api";

export const STAGES = ["lead", "contacted", "nda", "negotiation", "licensed", "declined"] as const;
export type Stage = (typeof STAGES)[number];
/** Stages a deal is still open in (a next step is expected). */
export const OPEN_STAGES: readonly Stage[] = ["lead", "contacted", "nda", "negotiation"];
/** Stages a person may move a deal to (licensed comes only from an agreement). */
export const SETTABLE_STAGES: readonly Stage[] = ["lead", "contacted", "nda", "negotiation", "declined"];

export function isStage(s: string): s is Stage {
  return (STAGES as readonly string[]).includes(s);
}

/** The stage after `stage` on the way to a licence, or null at the end. */
export function nextStage(stage: string): Stage | null {
  const i = OPEN_STAGES.indexOf(stage as Stage);
  if (i < 0) return null;
  return i + 1 < OPEN_STAGES.length ? OPEN_STAGES[i + 1] : null;
}

/** Where a deal in `stage` may be moved: every settable stage but its own; none once closed. */
export function moveTargets(stage: string): Stage[] {
  if (!OPEN_STAGES.includes(stage as Stage)) return [];
  return SETTABLE_STAGES.filter((s) => s !== stage);
}

export interface ScoreComponent {
  score: number;
  weight: number;
  points: number;
}

export const COMPONENT_KEYS = ["classification", "text", "signals", "region"] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

export interface Bar {
  key: ComponentKey;
  score: number;
  weight: number;
  points: number;
  /** Width of the component's points on the common 0–100 scale (percent). */
  width: number;
  /** Width of the most the component could give (its weight × 100). */
  max: number;
}

const clamp = (v: number) => Math.max(0, Math.min(100, v));

/**
 * A match score's components as bars on one scale, 0 to 100 points: each
 * bar is the points the component gave (its score × its weight), beside the
 * most it could give (weight × 100), so the bars add up to the total score.
 */
export function scoreBars(components: Partial<Record<string, ScoreComponent>>): Bar[] {
  const out: Bar[] = [];
  for (const key of COMPONENT_KEYS) {
    const c = components[key];
    if (!c) continue;
    out.push({ key, score: c.score, weight: c.weight, points: c.points, width: clamp(c.points), max: clamp(c.weight * 100) });
  }
  return out;
}

/** A day as ISO text (YYYY-MM-DD) in the browser's own time zone. */
export function isoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Whole days from `from` to `to` (ISO dates). */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from.slice(0, 10)}T00:00:00Z`);
  const b = Date.parse(`${to.slice(0, 10)}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

/** Days without a step after which an open deal counts as having no next step. */
export const STALE_DAYS = 30;

export interface DealLike {
  stage: string;
  changed_on: string;
}

/** An open deal whose last change is STALE_DAYS or more before `today`. */
export function withoutNextStep(d: DealLike, today: string): boolean {
  return OPEN_STAGES.includes(d.stage as Stage) && daysBetween(d.changed_on, today) >= STALE_DAYS;
}

/** Deals grouped by stage, every stage present, in the pipeline's order. */
export function byStage<T extends { stage: string }>(deals: T[]): Record<Stage, T[]> {
  const out = Object.fromEntries(STAGES.map((s) => [s, [] as T[]])) as Record<Stage, T[]>;
  for (const d of deals) if (isStage(d.stage)) out[d.stage].push(d);
  return out;
}

/**
 * Every page of a list the API pages with ?cursor= and next_cursor, under
 * the list's own key ("items", "companies"), up to `max` rows.
 */
export async function allRows<T>(path: string, key: string, query: Record<string, string | number | undefined>,
                                 signal?: AbortSignal, max = 5000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await api.get<Record<string, unknown>>(path, { ...query, limit: 1000, cursor }, signal);
    out.push(...((page[key] as T[]) ?? []));
    const next = page.next_cursor as string | null | undefined;
    if (!next || out.length >= max) return out;
    cursor = next;
  }
}
