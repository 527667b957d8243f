import { Alert, Button, Group, Stack, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import type { ReportView } from "../../api/types.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { canWriteIncidents, useMe } from "../identity/session.tsx";
import { caseKey } from "../marking/MarkingEditor.tsx";
import { timelineKey } from "../timeline/Timeline.tsx";

/** Create an incident from the report, link it to one, unlink it, or merge it as a duplicate. */
export function ReportActions({ report, routeRef }: { report: ReportView; routeRef: string }) {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [incidentRef, setIncidentRef] = useState("");
  const [intoRef, setIntoRef] = useState("");
  const path = { params: { path: { id: report.id } } };

  const refresh = (updated: ReportView) => {
    client.setQueryData(caseKey("report", routeRef), updated);
    void client.invalidateQueries({ queryKey: timelineKey("report", report.id) });
    void client.invalidateQueries({ queryKey: ["queue"] });
  };
  const createIncident = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/incidents", {
          body: {
            title: report.subject,
            description: report.summary,
            tenant: report.tenantId,
            tlp: report.tlp,
            pap: report.pap,
            reportIds: [report.id],
          },
        }),
      ),
    onSuccess: (incident) => {
      void client.invalidateQueries({ queryKey: ["queue"] });
      navigate(`/incidents/${incident.ref}`);
    },
  });
  const link = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/reports/{id}/link", { ...path, body: { incidentId: incidentRef.trim() } }),
      ),
    onSuccess: refresh,
  });
  const unlink = useMutation({
    mutationFn: () => unwrap(api.POST("/api/reports/{id}/unlink", path)),
    onSuccess: refresh,
  });
  const merge = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/reports/{id}/merge", { ...path, body: { intoReportId: intoRef.trim() } }),
      ),
    onSuccess: refresh,
  });
  const failed = [createIncident, link, unlink, merge].find((m) => m.isError)?.error;

  if (report.status === "merged") return null;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t("report.actions")}
      </Title>
      {failed && (
        <Alert color="red" role="alert">
          {failed.message}
        </Alert>
      )}
      {canWriteIncidents(me) && !report.incidentId && (
        <Group>
          <Button onClick={() => createIncident.mutate()} loading={createIncident.isPending}>
            {t("report.createIncident")}
          </Button>
        </Group>
      )}
      {report.incidentId ? (
        <Group>
          <Button variant="default" onClick={() => unlink.mutate()} loading={unlink.isPending}>
            {t("report.unlink")}
          </Button>
        </Group>
      ) : (
        <Group align="end">
          <TextInput
            label={t("report.linkExisting")}
            value={incidentRef}
            onChange={(e) => setIncidentRef(e.currentTarget.value)}
          />
          <Button
            variant="default"
            disabled={!incidentRef.trim()}
            onClick={() => link.mutate()}
            loading={link.isPending}
          >
            {t("report.link")}
          </Button>
        </Group>
      )}
      <Group align="end">
        <TextInput
          label={t("report.merge")}
          value={intoRef}
          onChange={(e) => setIntoRef(e.currentTarget.value)}
        />
        <Button
          variant="default"
          disabled={!intoRef.trim()}
          onClick={() => merge.mutate()}
          loading={merge.isPending}
        >
          {t("report.mergeButton")}
        </Button>
      </Group>
    </Stack>
  );
}
