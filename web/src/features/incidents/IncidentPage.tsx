import { Anchor, Grid, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { incidentPanels } from "../../app/extensions.tsx";
import { Fields } from "../../app/Fields.tsx";
import { ErrorNotice, Loading } from "../../app/Status.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { canWriteIncidents, useMe } from "../identity/session.tsx";
import { PapBadge, SeverityBadge, StatusBadge, TlpBadge } from "../marking/badges.tsx";
import { caseKey, MarkingEditor } from "../marking/MarkingEditor.tsx";
import { CaseTimeline } from "../timeline/Timeline.tsx";
import { MembersPanel } from "./MembersPanel.tsx";
import { StatusActions } from "./StatusActions.tsx";

function LinkedReports({ incidentId }: { incidentId: string }) {
  const { t } = useI18n();
  const reports = useQuery({
    queryKey: ["incident-reports", incidentId],
    queryFn: () =>
      unwrap(api.GET("/api/incidents/{id}/reports", { params: { path: { id: incidentId } } })),
  });
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t("incident.linkedReports")}
      </Title>
      {reports.data?.items.length === 0 && <Text c="dimmed">{t("incident.noReports")}</Text>}
      <List>
        {reports.data?.items.map((r) => (
          <List.Item key={r.id}>
            <Anchor component={Link} to={`/reports/${r.ref}`}>
              #{r.ref} {r.subject}
            </Anchor>{" "}
            <TlpBadge tlp={r.tlp} />
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

export function IncidentPage() {
  const { t, formatDateTime } = useI18n();
  const me = useMe();
  const ref = useParams().id ?? "";
  const query = useQuery({
    queryKey: caseKey("incident", ref),
    queryFn: () => unwrap(api.GET("/api/incidents/{id}", { params: { path: { id: ref } } })),
  });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorNotice error={query.error} />;
  const incident = query.data;
  const writable = canWriteIncidents(me);

  return (
    <Stack gap="md" maw={1200}>
      <Anchor component={Link} to="/" size="sm">
        ← {t("case.back")}
      </Anchor>
      <Title order={1} size="h2">
        {t("case.incident")} #{incident.ref}: {incident.title}
      </Title>
      <Group gap="xs">
        <StatusBadge status={incident.status} />
        <SeverityBadge severity={incident.severity} />
        {incident.priority && <Text fw={700}>{incident.priority}</Text>}
        <TlpBadge tlp={incident.tlp} />
        <PapBadge pap={incident.pap} />
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Paper withBorder p="md">
              <Fields
                rows={[
                  [t("case.created"), formatDateTime(incident.createdAt)],
                  [t("case.updated"), formatDateTime(incident.updatedAt)],
                  [
                    "RSIT",
                    [incident.rsitClass, incident.rsitType].filter(Boolean).join(" / ") ||
                      t("case.none"),
                  ],
                ]}
              />
              <Text fw={600} size="sm" mt="sm">
                {t("incident.description")}
              </Text>
              <div className="preformatted">{incident.description || t("case.none")}</div>
            </Paper>
            {writable && (
              <Paper withBorder p="md">
                <StatusActions incident={incident} routeRef={ref} />
              </Paper>
            )}
            {writable && (
              <Paper withBorder p="md">
                <MarkingEditor target={{ kind: "incident", item: incident }} routeRef={ref} />
              </Paper>
            )}
            {incidentPanels.map((Panel, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the panel list is static
              <Panel key={index} incident={incident} />
            ))}
            <Paper withBorder p="md">
              <CaseTimeline kind="incident" id={incident.id} />
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Paper withBorder p="md">
              <MembersPanel incident={incident} routeRef={ref} />
            </Paper>
            <Paper withBorder p="md">
              <LinkedReports incidentId={incident.id} />
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
