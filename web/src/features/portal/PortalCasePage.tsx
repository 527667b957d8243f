import { Alert, Anchor, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { Loading } from "../../app/Status.tsx";
import type { MessageKey } from "../../i18n/en.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { TlpBadge } from "../marking/badges.tsx";
import { type PortalCase, portalCaseFromIncident, portalCaseFromReport } from "./portal-case.ts";

async function loadCase(kind: string, id: string): Promise<PortalCase> {
  const params = { params: { path: { id } } };
  return kind === "incidents"
    ? portalCaseFromIncident(await unwrap(api.GET("/api/incidents/{id}", params)))
    : portalCaseFromReport(await unwrap(api.GET("/api/reports/{id}", params)));
}

/** One case as the constituent sees it; another tenant's case looks exactly like a missing one. */
export function PortalCasePage() {
  const { t, formatDateTime } = useI18n();
  const { kind = "reports", id = "" } = useParams();
  const query = useQuery({ queryKey: ["portal", kind, id], queryFn: () => loadCase(kind, id) });
  const back = (
    <Anchor component={Link} to="/portal" size="sm">
      ← {t("nav.portal")}
    </Anchor>
  );
  if (query.isPending) return <Loading />;
  if (query.isError) {
    return (
      <Stack>
        {back}
        <Alert color="red" role="alert">
          {t("portal.noAccess")}
        </Alert>
      </Stack>
    );
  }
  const c = query.data;
  return (
    <Stack maw={900}>
      {back}
      <Title order={1} size="h2">
        {t(c.kind === "report" ? "case.report" : "case.incident")} #{c.ref}: {c.title}
      </Title>
      <Group gap="xs">
        <Text>{t(`status.${c.status}` as MessageKey)}</Text>
        <TlpBadge tlp={c.tlp} />
        <Text c="dimmed" size="sm">
          {formatDateTime(c.at)}
        </Text>
      </Group>
      {c.text !== null && (
        <Paper withBorder p="md">
          <div className="preformatted">{c.text}</div>
        </Paper>
      )}
    </Stack>
  );
}
