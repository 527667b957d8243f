import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext } from "react";
import { ApiError, api, setCsrfToken, unwrap } from "../../api/client.ts";
import type { Me } from "../../api/types.ts";

export const meQueryKey = ["me"] as const;

/** Who is logged in, or null; keeps the CSRF token for the API client. */
async function fetchMe(): Promise<Me | null> {
  try {
    const me = await unwrap(api.GET("/api/me"));
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

const SessionContext = createContext<Me | null>(null);

/** Loads the session once; children render only when it is known (logged in or not). */
export function useSessionQuery() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 60_000, retry: 1 });
}

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <SessionContext.Provider value={me}>{children}</SessionContext.Provider>;
}

/** The logged-in caller (inside the authenticated part of the app). */
export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error("useMe outside an authenticated page");
  return me;
}

export const isTeamMember = (me: Me) => me.role !== "constituent";
export const canWriteIncidents = (me: Me) =>
  ["admin", "lead", "handler", "psirt"].includes(me.role);
export const isAdmin = (me: Me) => me.role === "admin";

/** Logs out and forgets every cached answer of the previous user. */
export function useLogout(): () => Promise<void> {
  const client = useQueryClient();
  return async () => {
    await api.POST("/api/auth/logout").catch(() => undefined);
    setCsrfToken(null);
    client.clear();
    await client.invalidateQueries({ queryKey: meQueryKey });
  };
}
