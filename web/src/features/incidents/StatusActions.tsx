import { Alert, Button, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, api, ifMatch, unwrap } from "../../api/client.ts";
import type { IncidentStatus, IncidentView } from "../../api/types.ts";
import type { MessageKey } from "../../i18n/en.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { caseKey } from "../marking/MarkingEditor.tsx";
import { timelineKey } from "../timeline/Timeline.tsx";

/** One button per transition the lifecycle allows from the current status. */
export function StatusActions({
  incident,
  routeRef,
}: {
  incident: IncidentView;
  routeRef: string;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [reason, setReason] = useState("");
  const move = useMutation({
    mutationFn: (status: IncidentStatus) =>
      unwrap(
        api.POST("/api/incidents/{id}/status", {
          params: { path: { id: incident.id } },
          headers: ifMatch(incident.version),
          body: { status, ...(reason.trim() ? { reason: reason.trim() } : {}) },
        }),
      ),
    onSuccess: (updated) => {
      setReason("");
      client.setQueryData(caseKey("incident", routeRef), updated);
      void client.invalidateQueries({ queryKey: timelineKey("incident", incident.id) });
      void client.invalidateQueries({ queryKey: ["queue"] });
    },
  });
  const conflict = move.error instanceof ApiError && move.error.code === "VERSION_CONFLICT";

  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t("incident.transitions")}
      </Title>
      {move.isError && (
        <Alert color={conflict ? "orange" : "red"} role="alert">
          {conflict ? t("marking.conflict", { version: "?" }) : move.error.message}{" "}
          {conflict && (
            <Button
              size="compact-sm"
              variant="white"
              onClick={() => {
                move.reset();
                void client.invalidateQueries({ queryKey: caseKey("incident", routeRef) });
              }}
            >
              {t("marking.reload")}
            </Button>
          )}
        </Alert>
      )}
      {incident.allowedTransitions.length === 0 ? (
        <Text c="dimmed">{t("incident.noTransitions")}</Text>
      ) : (
        <Group align="end" wrap="wrap">
          <TextInput
            label={t("incident.reason")}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            w={260}
          />
          {incident.allowedTransitions.map((status) => (
            <Button
              key={status}
              variant="light"
              onClick={() => move.mutate(status)}
              loading={move.isPending && move.variables === status}
            >
              {t(`status.${status}` as MessageKey)}
            </Button>
          ))}
        </Group>
      )}
    </Stack>
  );
}
