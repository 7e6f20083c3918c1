// The signed-in user, as GET/POST /api/v1/session describe it.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { api, setCsrfToken } from "./api";
import type { Lang } from "./i18n";

export type Role = "admin" | "ip_manager" | "tech_transfer" | "finance" | "institution_viewer";
export const ROLES: readonly Role[] = ["admin", "ip_manager", "tech_transfer", "finance", "institution_viewer"];

export interface Session {
  user: string;
  role: Role;
  institution: string | null;
  language: Lang;
  csrf_token: string;
  idle_expires_at: string;
  expires_at: string;
}

export async function fetchSession(): Promise<Session> {
  const s = await api.get<Session>("session");
  setCsrfToken(s.csrf_token);
  return s;
}

export async function signIn(name: string, password: string): Promise<Session> {
  const s = await api.post<Session>("session", { name, password });
  setCsrfToken(s.csrf_token);
  return s;
}

export async function signOut(): Promise<void> {
  try {
    await api.del<void>("session");
  } finally {
    setCsrfToken(null);
  }
}

export async function saveLanguage(language: Lang): Promise<void> {
  await api.put<unknown>("session/language", { language });
}

export interface SessionState {
  session: Session | null;
  setSession: (s: Session | null) => void;
}

export const SessionContext = createContext<SessionState>({ session: null, setSession: () => undefined });

export function useSession(): SessionState {
  return useContext(SessionContext);
}

/** The signed-in session; only used inside pages that require one. */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error("useSignedIn outside a signed-in page");
  return session;
}
