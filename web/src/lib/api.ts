// The client of Chizai's public HTTP API (/api/v1/, documented in
// /api/v1/openapi.json). The interface uses nothing else: every
// authorization and scoping rule stays on the server.
//
// Signed-in browsers authenticate with the session cookie (HttpOnly: this
// code never sees it). Every request that changes something carries the
// session's CSRF token in X-CSRF-Token, which a cross-site form cannot send.

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string | null };
}

/** A refusal or failure, with the API's code, message and field. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;
  readonly retryAfter: number | null;
  /** The whole error body as the API sent it (an import's report rides in it). */
  body: unknown = null;

  constructor(status: number, code: string, message: string, field: string | null = null,
              retryAfter: number | null = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Raw body (a file's text for imports), sent with its own content type. */
  raw?: { text: string; contentType: string };
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

type Fetch = typeof fetch;

let csrfToken: string | null = null;
let fetchImpl: Fetch = (...args) => globalThis.fetch(...args);
const unauthorizedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** For the unit tests: a fetch that answers without a server. */
export function setFetch(f: Fetch): void {
  fetchImpl = f;
}

/** Called when the API answers 401 (the session ended or expired). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function buildUrl(path: string, query?: Query): string {
  const url = path.startsWith("/") ? path : `/api/v1/${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

/** Encode one path segment (a patent number may hold "/" and spaces). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...opts.headers };
  let body: string | undefined;
  if (opts.raw) {
    headers["Content-Type"] = opts.raw.contentType;
    body = opts.raw.text;
  } else if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  if (method !== "GET" && method !== "HEAD" && csrfToken) headers["X-CSRF-Token"] = csrfToken;

  let res: Response;
  try {
    res = await fetchImpl(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "network", e instanceof Error ? e.message : String(e));
  }
  const text = await res.text();
  if (!res.ok) {
    let code = `http_${res.status}`;
    let message = res.statusText || `HTTP ${res.status}`;
    let field: string | null = null;
    let parsed: Partial<ApiErrorBody> | null = null;
    try {
      parsed = JSON.parse(text) as Partial<ApiErrorBody>;
      if (parsed.error && typeof parsed.error.code === "string") {
        code = parsed.error.code;
        message = parsed.error.message ?? message;
        field = parsed.error.field ?? null;
      }
    } catch {
      /* not JSON: keep the status line */
    }
    const retry = res.headers.get("Retry-After");
    const err = new ApiError(res.status, code, message, field, retry ? Number(retry) : null);
    err.body = parsed;
    if (res.status === 401) for (const l of unauthorizedListeners) l();
    throw err;
  }
  if (!text) return undefined as T;
  const type = res.headers.get("Content-Type") ?? "";
  if (type.includes("json")) {
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, "bad_response", "the server's answer is not valid JSON");
    }
  }
  return text as unknown as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>("GET", path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>("POST", path, { body, query }),
  put: <T>(path: string, body?: unknown) => request<T>("PUT", path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>("PATCH", path, { body }),
  del: <T>(path: string) => request<T>("DELETE", path),
};

/** A keyset-paged list as the API returns it. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/**
 * Every page of a list, following next_cursor, with progress. For exports
 * of a whole filtered list; `max` bounds what one export may read.
 */
export async function allPages<T>(path: string, query: Query, onProgress?: (n: number) => void,
                                  max = 100_000, signal?: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page<T> = await api.get<Page<T>>(path, { ...query, limit: 1000, cursor: after }, signal);
    out.push(...page.items);
    onProgress?.(out.length);
    if (!page.next_cursor || out.length >= max) return out;
    after = page.next_cursor;
  }
}
