// The patents area's own logic, kept apart from the pages so that it can be
// unit-tested: the list's URL query and the API query it maps to, what a
// search box entry looks like, the register/edit form's request body, and
// the family graph's layout.

/** The patent list's filters as they stand in the page's URL. */
export interface ListFilters {
  institution: string;
  /** With an institution: "owner" (of record), "beneficiary", or either (empty). */
  role: string;
  jurisdiction: string;
  status: string;
  family: string;
  ipc: string;
  q: string;
  from: string;
  to: string;
  after: string;
}

export const FILTER_KEYS: readonly (keyof ListFilters)[] = [
  "institution", "role", "jurisdiction", "status", "family", "ipc", "q", "from", "to", "after",
];

export function readFilters(query: Record<string, string | undefined>): ListFilters {
  const f = {} as ListFilters;
  for (const k of FILTER_KEYS) f[k] = (query[k] ?? "").trim();
  return f;
}

/** The page URL of a set of filters (empty ones left out, stable order). */
export function listUrl(f: Partial<ListFilters>): string {
  const params = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = f[k];
    if (v) params.set(k, v);
  }
  const qs = params.toString();
  return qs ? `/patents?${qs}` : "/patents";
}

/** GET /api/v1/patents's query for the filters (without paging). */
export function apiQuery(f: ListFilters): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.institution) q.institution = f.institution;
  if (f.institution && (f.role === "owner" || f.role === "beneficiary")) q.role = f.role;
  if (f.jurisdiction) q.jurisdiction = f.jurisdiction;
  if (f.status) q.status = f.status;
  if (f.ipc) q.ipc = f.ipc;
  if (f.from) q.filed_from = f.from;
  if (f.to) q.filed_to = f.to;
  if (f.q) q.text = f.q;
  return q;
}

/** The list's parameter a filter's API error names, back to the form's field. */
export function filterField(apiField: string | null): keyof ListFilters | null {
  switch (apiField) {
    case "filed_from": return "from";
    case "filed_to": return "to";
    case "text": return "q";
    case "institution": case "role": case "jurisdiction": case "status": case "ipc": return apiField;
    default: return null;
  }
}

/**
 * Whether a search box entry may be an application number (then the page
 * first asks GET /patents/{number}; the registry knows every spelling): it
 * has a digit and is not a plain run of title words.
 */
export function looksLikeNumber(text: string): boolean {
  const s = text.trim();
  if (!s || s.length > 60) return false;
  if (!/[0-9０-９]/.test(s)) return false;
  // Several words with letters in more than one of them: a title search.
  const words = s.split(/\s+/);
  if (words.length > 3) return false;
  return /^(特願|実願|意願|特許出願|PCT|[A-Za-z]{2}|[0-9０-９])/.test(s);
}

/** The patent page's path: the number encoded as one path segment. */
export function patentPath(number: string): string {
  return `/patents/${encodeURIComponent(number)}`;
}

// ---- the register / edit form --------------------------------------------

export interface OwnerRow { institution: string; share: string }
export interface InventorRow { name: string; institution: string }
export interface PriorityRow { number: string; date: string; kind: string; active: boolean }

export interface PatentFormState {
  application_number: string;
  jurisdiction: string;
  filing_date: string;
  kind: string;
  status: string;
  stage: string;
  title: string;
  title_ja: string;
  ipc: string; // one class per line or comma-separated
  claims: string;
  publication_number: string;
  publication_date: string;
  grant_number: string;
  grant_date: string;
  owners: OwnerRow[];
  inventors: InventorRow[];
  priority_claims: PriorityRow[];
}

export function emptyForm(institution: string | null): PatentFormState {
  return {
    application_number: "", jurisdiction: "", filing_date: "", kind: "patent", status: "pending",
    stage: "", title: "", title_ja: "", ipc: "", claims: "", publication_number: "", publication_date: "",
    grant_number: "", grant_date: "", owners: [{ institution: institution ?? "", share: "1" }],
    inventors: [], priority_claims: [],
  };
}

/** A stored patent (GET /patents/{number}) as the edit form's state. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function formFromPatent(p: any): PatentFormState {
  const s = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return {
    application_number: s(p.application_number), jurisdiction: s(p.jurisdiction), filing_date: s(p.filing_date),
    kind: s(p.kind) || "patent", status: s(p.status), stage: s(p.stage), title: s(p.title), title_ja: s(p.title_ja),
    ipc: ((p.ipc ?? []) as string[]).join("\n"), claims: s(p.claims),
    publication_number: s(p.publication_number), publication_date: s(p.publication_date),
    grant_number: s(p.grant_number), grant_date: s(p.grant_date),
    owners: ((p.owners ?? []) as OwnerRow[]).map((o) => ({ institution: o.institution, share: o.share })),
    inventors: ((p.inventors ?? []) as Partial<InventorRow>[]).map((i) => ({ name: s(i.name), institution: s(i.institution) })),
    priority_claims: ((p.priority_claims ?? []) as Partial<PriorityRow>[]).map((c) => ({
      number: s(c.number), date: s(c.date), kind: s(c.kind), active: c.active !== false,
    })),
  };
}

/**
 * The request body (PatentRequest) of the form: empty optional fields left
 * out, lists without blank rows. The server validates everything; nothing
 * here refuses a value, so the API's message is the one the user sees.
 */
export function requestBody(f: PatentFormState): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const put = (k: string, v: string) => { if (v.trim()) body[k] = v.trim(); };
  put("application_number", f.application_number);
  put("jurisdiction", f.jurisdiction);
  put("filing_date", f.filing_date);
  put("kind", f.kind);
  put("status", f.status);
  put("stage", f.stage);
  put("title", f.title);
  put("title_ja", f.title_ja);
  put("publication_number", f.publication_number);
  put("publication_date", f.publication_date);
  put("grant_number", f.grant_number);
  put("grant_date", f.grant_date);
  const ipc = f.ipc.split(/[\n,;]/).map((s) => s.trim()).filter(Boolean);
  if (ipc.length) body.ipc = ipc;
  if (f.claims.trim()) body.claims = /^\d+$/.test(f.claims.trim()) ? Number(f.claims.trim()) : f.claims.trim();
  body.owners = f.owners.filter((o) => o.institution.trim() || o.share.trim())
    .map((o) => ({ institution: o.institution.trim(), share: o.share.trim() }));
  const inventors = f.inventors.filter((i) => i.name.trim())
    .map((i) => (i.institution.trim() ? { name: i.name.trim(), institution: i.institution.trim() } : { name: i.name.trim() }));
  if (inventors.length) body.inventors = inventors;
  const claims = f.priority_claims.filter((c) => c.number.trim()).map((c) => {
    const out: Record<string, unknown> = { number: c.number.trim(), active: c.active };
    if (c.date.trim()) out.date = c.date.trim();
    if (c.kind.trim()) out.kind = c.kind.trim();
    return out;
  });
  if (claims.length) body.priority_claims = claims;
  return body;
}

/**
 * PATCH's body: only the fields that changed from the stored patent (a
 * list is sent whole when any of it changed).
 */
export function patchBody(before: PatentFormState, after: PatentFormState): Record<string, unknown> {
  const a = requestBody(before);
  const b = requestBody(after);
  const out: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k === "application_number") continue;
    if (JSON.stringify(a[k]) === JSON.stringify(b[k])) continue;
    out[k] = k in b ? b[k] : (Array.isArray(a[k]) ? [] : null);
  }
  return out;
}

/**
 * The form control an API field names: "owners" and "owners[1].share"
 * both land on the owners group; unknown fields on nothing (the summary
 * above the form shows them).
 */
export function formField(apiField: string | null | undefined): string | null {
  if (!apiField) return null;
  const base = apiField.replace(/\[.*$/, "").replace(/\..*$/, "");
  const known = ["application_number", "jurisdiction", "filing_date", "kind", "status", "stage", "title", "title_ja",
    "ipc", "claims", "publication_number", "publication_date", "grant_number", "grant_date", "owners", "inventors",
    "priority_claims"];
  return known.includes(base) ? base : null;
}

// ---- the family graph ------------------------------------------------------

export interface GraphNode { id: string; x: number; y: number; layer: number }
export interface GraphEdge { from: string; to: string }
export interface GraphLayout { nodes: GraphNode[]; edges: GraphEdge[]; width: number; height: number }

/**
 * Lays out a family: the nodes are the applications the API returned,
 * an edge goes from a claimed priority application to the application
 * claiming it (only between nodes: a claim of a number outside the
 * family's visible members draws nothing). Layers by the longest chain of
 * claims from a first filing; within a layer, by number.
 */
export function layoutFamily(members: string[], claims: Record<string, string[]>,
                             size = { col: 190, row: 64, padX: 12, padY: 12, nodeW: 170 }): GraphLayout {
  const ids = [...new Set(members)].sort();
  const set = new Set(ids);
  const edges: GraphEdge[] = [];
  for (const to of ids) {
    for (const from of new Set(claims[to] ?? [])) {
      if (from !== to && set.has(from)) edges.push({ from, to });
    }
  }
  const parents = new Map<string, string[]>();
  for (const e of edges) parents.set(e.to, [...(parents.get(e.to) ?? []), e.from]);
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0; // a cycle in bad data: cut it
    visiting.add(id);
    const d = Math.max(-1, ...(parents.get(id) ?? []).map(depth)) + 1;
    visiting.delete(id);
    layer.set(id, d);
    return d;
  };
  ids.forEach(depth);
  const byLayer = new Map<number, string[]>();
  for (const id of ids) {
    const l = layer.get(id) ?? 0;
    byLayer.set(l, [...(byLayer.get(l) ?? []), id]);
  }
  const nodes: GraphNode[] = [];
  let rows = 0;
  for (const [l, list] of [...byLayer.entries()].sort((a, b) => a[0] - b[0])) {
    list.forEach((id, i) => nodes.push({ id, layer: l, x: size.padX + l * size.col, y: size.padY + i * size.row }));
    rows = Math.max(rows, list.length);
  }
  const layers = byLayer.size;
  return {
    nodes,
    edges,
    width: size.padX * 2 + Math.max(0, layers - 1) * size.col + size.nodeW,
    height: size.padY * 2 + Math.max(1, rows) * size.row - (size.row - 40),
  };
}

/** The Content-Type an import file is sent with: chosen, else from its name. */
export function uploadType(name: string, format: "auto" | "csv" | "jsonl" | "xml"): string {
  const f = format !== "auto" ? format
    : /\.(jsonl|ndjson|json)$/i.test(name) ? "jsonl"
    : /\.xml$/i.test(name) ? "xml" : "csv";
  return f === "csv" ? "text/csv" : f === "xml" ? "application/xml" : "application/x-ndjson";
}
