import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, ifMatch, unwrap } from "../../api/client.ts";
import type { IncidentView } from "../../api/types.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { canWriteIncidents, isAdmin, useMe } from "../identity/session.tsx";
import { caseKey } from "../marking/MarkingEditor.tsx";
import { timelineKey } from "../timeline/Timeline.tsx";

/** Lead, need-to-know members and the restricted flag. */
export function MembersPanel({ incident, routeRef }: { incident: IncidentView; routeRef: string }) {
  const { t } = useI18n();
  const me = useMe();
  const client = useQueryClient();
  const [userId, setUserId] = useState("");
  const path = { params: { path: { id: incident.id } } };
  const members = useQuery({
    queryKey: ["members", incident.id],
    queryFn: () => unwrap(api.GET("/api/incidents/{id}/members", path)),
  });
  // Only admins may list users; others name a member by user id.
  const users = useQuery({
    queryKey: ["users"],
    queryFn: () => unwrap(api.GET("/api/users")),
    enabled: isAdmin(me),
  });
  const after = () => {
    void client.invalidateQueries({ queryKey: ["members", incident.id] });
    void client.invalidateQueries({ queryKey: timelineKey("incident", incident.id) });
  };
  const add = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/incidents/{id}/members", { ...path, body: { userId: userId.trim() } })),
    onSuccess: () => {
      setUserId("");
      after();
    },
  });
  const remove = useMutation({
    mutationFn: (memberId: string) =>
      unwrap(
        api.DELETE("/api/incidents/{id}/members/{userId}", {
          params: { path: { id: incident.id, userId: memberId } },
        }),
      ),
    onSuccess: after,
  });
  const patch = useMutation({
    mutationFn: (body: { leadId?: string | null; restricted?: boolean }) =>
      unwrap(
        api.PATCH("/api/incidents/{id}", { ...path, headers: ifMatch(incident.version), body }),
      ),
    onSuccess: (updated) => {
      client.setQueryData(caseKey("incident", routeRef), updated);
      after();
    },
  });
  const failed = [add, remove, patch].find((m) => m.isError)?.error;
  const writable = canWriteIncidents(me);
  const nameOf = (id: string | null) =>
    !id
      ? t("case.none")
      : (members.data?.items.find((m) => m.userId === id)?.email ??
        users.data?.items.find((u) => u.id === id)?.email ??
        (id === me.user?.id ? me.user.email : id));

  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t("incident.members")}
      </Title>
      {failed && (
        <Alert color="red" role="alert">
          {failed.message}
        </Alert>
      )}
      <Group gap="sm">
        <Text size="sm">
          <b>{t("case.lead")}:</b> {nameOf(incident.leadId)}
        </Text>
        {writable && me.user && incident.leadId !== me.user.id && (
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => patch.mutate({ leadId: me.user?.id ?? null })}
          >
            {t("incident.makeMeLead")}
          </Button>
        )}
      </Group>
      <Text size="sm">{incident.restricted ? t("incident.restricted") : ""}</Text>
      {members.data && members.data.items.length > 0 && (
        <Table striped withTableBorder>
          <Table.Tbody>
            {members.data.items.map((m) => (
              <Table.Tr key={m.userId}>
                <Table.Td>{m.email}</Table.Td>
                <Table.Td>{m.role}</Table.Td>
                <Table.Td>
                  {writable && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() => remove.mutate(m.userId)}
                      aria-label={`${t("incident.remove")} ${m.email}`}
                    >
                      {t("incident.remove")}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {writable && (
        <Group align="end">
          {users.data ? (
            <NativeSelect
              label={t("incident.memberUser")}
              value={userId}
              onChange={(e) => setUserId(e.currentTarget.value)}
              data={[
                { value: "", label: "—" },
                ...users.data.items
                  .filter((u) => u.role !== "constituent" && !u.disabled)
                  .map((u) => ({ value: u.id, label: u.email })),
              ]}
            />
          ) : (
            <TextInput
              label={t("incident.memberUser")}
              value={userId}
              onChange={(e) => setUserId(e.currentTarget.value)}
            />
          )}
          <Button variant="default" disabled={!userId} onClick={() => add.mutate()}>
            {t("incident.addMember")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
