import { Anchor, Divider, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { reportPanels } from "../../app/extensions.tsx";
import { Fields } from "../../app/Fields.tsx";
import { ErrorNotice, Loading } from "../../app/Status.tsx";
import type { MessageKey } from "../../i18n/en.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { PapBadge, StatusBadge, TlpBadge, UrgentBadge } from "../marking/badges.tsx";
import { caseKey, MarkingEditor } from "../marking/MarkingEditor.tsx";
import { CaseTimeline } from "../timeline/Timeline.tsx";
import { ReportActions } from "./ReportActions.tsx";

export function ReportPage() {
  const { t, formatDateTime } = useI18n();
  const ref = useParams().id ?? "";
  const query = useQuery({
    queryKey: caseKey("report", ref),
    queryFn: () => unwrap(api.GET("/api/reports/{id}", { params: { path: { id: ref } } })),
  });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorNotice error={query.error} />;
  const report = query.data;
  const none = t("case.none");

  return (
    <Stack gap="md" maw={1100}>
      <Anchor component={Link} to="/" size="sm">
        ← {t("case.back")}
      </Anchor>
      <Group gap="sm" align="center">
        <Title order={1} size="h2">
          {t("case.report")} #{report.ref}: {report.subject}
        </Title>
      </Group>
      <Group gap="xs">
        <StatusBadge status={report.status} />
        <TlpBadge tlp={report.tlp} />
        <PapBadge pap={report.pap} />
        {report.urgent && <UrgentBadge />}
      </Group>
      <Paper withBorder p="md">
        <Fields
          rows={[
            [t("case.received"), formatDateTime(report.receivedAt)],
            [t("case.channel"), report.channel],
            [
              t("case.reporter"),
              [report.reporterName, report.reporterEmail].filter(Boolean).join(" · ") || none,
            ],
            [t("case.sourceRef"), report.sourceRef ?? none],
            [
              t("report.linkedTo"),
              report.incidentId ? (
                <Anchor key="i" component={Link} to={`/incidents/${report.incidentId}`}>
                  {t("case.incident")}
                </Anchor>
              ) : (
                none
              ),
            ],
            ...(report.mergedIntoId
              ? ([
                  [
                    t("report.mergedInto"),
                    <Anchor key="m" component={Link} to={`/reports/${report.mergedIntoId}`}>
                      {t("case.report")}
                    </Anchor>,
                  ],
                ] as [string, ReactNode][])
              : []),
            [t("case.status"), t(`status.${report.status}` as MessageKey)],
          ]}
        />
        <Divider my="sm" />
        <Text fw={600} size="sm">
          {t("case.summary")}
        </Text>
        <div className="preformatted" data-testid="report-summary">
          {report.summary || none}
        </div>
      </Paper>
      <Paper withBorder p="md">
        <ReportActions report={report} routeRef={ref} />
      </Paper>
      <Paper withBorder p="md">
        <MarkingEditor target={{ kind: "report", item: report }} routeRef={ref} />
      </Paper>
      {reportPanels.map((Panel, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the panel list is static
        <Panel key={index} report={report} />
      ))}
      <Paper withBorder p="md">
        <CaseTimeline kind="report" id={report.id} />
      </Paper>
    </Stack>
  );
}
