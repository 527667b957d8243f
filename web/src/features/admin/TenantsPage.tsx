import { Alert, Button, Group, Paper, Stack, Table, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../api/client.ts";
import { ErrorNotice, Loading } from "../../app/Status.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

export function TenantsPage() {
  const { t, formatDateTime } = useI18n();
  const client = useQueryClient();
  const tenants = useQuery({
    queryKey: ["tenants"],
    queryFn: () => unwrap(api.GET("/api/tenants")),
  });
  const [slug, setSlug] = useState("");
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/tenants", { body: { slug: slug.trim(), name: name.trim() } })),
    onSuccess: () => {
      setSlug("");
      setName("");
      void client.invalidateQueries({ queryKey: ["tenants"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("admin.tenants")}
      </Title>
      <Paper withBorder p="md">
        <form onSubmit={submit}>
          <Stack gap="xs">
            {create.isError && (
              <Alert color="red" role="alert">
                {create.error.message}
              </Alert>
            )}
            <Group align="end">
              <TextInput
                label={t("admin.slug")}
                required
                value={slug}
                onChange={(e) => setSlug(e.currentTarget.value)}
              />
              <TextInput
                label={t("admin.name")}
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
              />
              <Button type="submit" loading={create.isPending}>
                {t("admin.createTenant")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {tenants.isPending ? (
        <Loading />
      ) : tenants.isError ? (
        <ErrorNotice error={tenants.error} />
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("admin.slug")}</Table.Th>
              <Table.Th>{t("admin.name")}</Table.Th>
              <Table.Th>{t("case.created")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tenants.data.items.map((x) => (
              <Table.Tr key={x.id}>
                <Table.Td>{x.slug}</Table.Td>
                <Table.Td>{x.name}</Table.Td>
                <Table.Td>{formatDateTime(x.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
