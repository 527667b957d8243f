import { Anchor, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { ErrorNotice, Loading } from "../../app/Status.tsx";
import type { MessageKey } from "../../i18n/en.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { TlpBadge } from "../marking/badges.tsx";
import {
  type PortalCase,
  portalCaseFromIncident,
  portalCaseFromReport,
  portalHref,
} from "./portal-case.ts";

async function loadPortalCases(): Promise<PortalCase[]> {
  const query = { params: { query: { limit: 200 } } };
  const [reports, incidents] = await Promise.all([
    unwrap(api.GET("/api/reports", query)),
    unwrap(api.GET("/api/incidents", query)),
  ]);
  return [
    ...reports.items.map(portalCaseFromReport),
    ...incidents.items.map(portalCaseFromIncident),
  ].sort((a, b) => b.at.localeCompare(a.at));
}

/** The constituent's home: their organisation's cases, public fields only. */
export function PortalHome() {
  const { t, formatDateTime } = useI18n();
  const cases = useQuery({
    queryKey: ["portal"],
    queryFn: loadPortalCases,
    refetchInterval: 30_000,
  });
  return (
    <Stack maw={1000}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("portal.title")}
        </Title>
        <Button component={Link} to="/portal/new">
          {t("portal.new")}
        </Button>
      </Group>
      <Text c="dimmed">{t("portal.intro")}</Text>
      {cases.isPending ? (
        <Loading />
      ) : cases.isError ? (
        <ErrorNotice error={cases.error} />
      ) : cases.data.length === 0 ? (
        <Text>{t("portal.empty")}</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("portal.case")}</Table.Th>
                <Table.Th>{t("case.subject")}</Table.Th>
                <Table.Th>{t("case.status")}</Table.Th>
                <Table.Th>{t("case.tlp")}</Table.Th>
                <Table.Th>{t("case.received")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cases.data.map((c) => (
                <Table.Tr key={`${c.kind}-${c.ref}`}>
                  <Table.Td>
                    <Anchor component={Link} to={portalHref(c)}>
                      {t(c.kind === "report" ? "case.report" : "case.incident")} #{c.ref}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{c.title}</Table.Td>
                  <Table.Td>{t(`status.${c.status}` as MessageKey)}</Table.Td>
                  <Table.Td>
                    <TlpBadge tlp={c.tlp} />
                  </Table.Td>
                  <Table.Td>{formatDateTime(c.at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
