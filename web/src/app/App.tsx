import { Center, Loader, MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { ApiError } from "../api/client.ts";
import { TenantsPage } from "../features/admin/TenantsPage.tsx";
import { TokensPage } from "../features/admin/TokensPage.tsx";
import { UsersPage } from "../features/admin/UsersPage.tsx";
import { LoginPage } from "../features/identity/LoginPage.tsx";
import { PasswordPage } from "../features/identity/PasswordPage.tsx";
import {
  isAdmin,
  isTeamMember,
  SessionProvider,
  useSessionQuery,
} from "../features/identity/session.tsx";
import { IncidentPage } from "../features/incidents/IncidentPage.tsx";
import { PortalCasePage } from "../features/portal/PortalCasePage.tsx";
import { PortalHome } from "../features/portal/PortalHome.tsx";
import { PortalSubmitPage } from "../features/portal/PortalSubmitPage.tsx";
import { QueuePage } from "../features/queue/QueuePage.tsx";
import { ReportPage } from "../features/reports/ReportPage.tsx";
import { I18nProvider, useI18n } from "../i18n/i18n.tsx";
import { consoleRoutes } from "./extensions.tsx";
import { Layout } from "./Layout.tsx";
import { ErrorNotice } from "./Status.tsx";
import { theme } from "./theme.ts";

/** The per-response nonce the server put in index.html, for Mantine's <style> elements. */
const styleNonce =
  document.querySelector<HTMLMetaElement>('meta[name="vigil-style-nonce"]')?.content ?? "";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A case the caller may not see answers 404: retrying will not change that.
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

function Routed() {
  const { t } = useI18n();
  const session = useSessionQuery();
  if (session.isPending) {
    return (
      <Center mih="100vh">
        <Loader aria-label={t("app.loading")} />
      </Center>
    );
  }
  if (session.isError) return <ErrorNotice error={session.error} />;
  const me = session.data;
  if (!me) return <LoginPage />;
  const team = isTeamMember(me);
  return (
    <SessionProvider me={me}>
      <Routes>
        <Route element={<Layout />}>
          {team ? (
            <>
              <Route index element={<QueuePage />} />
              <Route path="reports/:id" element={<ReportPage />} />
              <Route path="incidents/:id" element={<IncidentPage />} />
              {isAdmin(me) && (
                <>
                  <Route path="admin/users" element={<UsersPage />} />
                  <Route path="admin/tenants" element={<TenantsPage />} />
                </>
              )}
              <Route path="admin/tokens" element={<TokensPage />} />
              {consoleRoutes(me)}
              <Route path="portal/*" element={<Navigate to="/" replace />} />
            </>
          ) : (
            <>
              <Route index element={<Navigate to="/portal" replace />} />
              <Route path="portal" element={<PortalHome />} />
              <Route path="portal/new" element={<PortalSubmitPage />} />
              <Route path="portal/:kind/:id" element={<PortalCasePage />} />
              {/* The console's addresses lead constituents back to their portal. */}
              {["reports/*", "incidents/*", "admin/*"].map((path) => (
                <Route key={path} path={path} element={<Navigate to="/portal" replace />} />
              ))}
            </>
          )}
          <Route path="account/password" element={<PasswordPage />} />
          <Route path="*" element={<ErrorNotice message={t("app.pageNotFound")} />} />
        </Route>
      </Routes>
    </SessionProvider>
  );
}

export function App() {
  return (
    <MantineProvider theme={theme} getStyleNonce={() => styleNonce} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <BrowserRouter>
            <Routed />
          </BrowserRouter>
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
