import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../api/client.ts";
import { type Role, roles, type UserView } from "../../api/types.ts";
import { ErrorNotice, Loading } from "../../app/Status.tsx";
import { useI18n } from "../../i18n/i18n.tsx";

function useTenants() {
  return useQuery({ queryKey: ["tenants"], queryFn: () => unwrap(api.GET("/api/tenants")) });
}

function CreateUser() {
  const { t } = useI18n();
  const client = useQueryClient();
  const tenants = useTenants();
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [role, setRole] = useState<Role>("handler");
  const [tenant, setTenant] = useState("");
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/users", {
          body: {
            email: email.trim(),
            role,
            ...(tenant ? { tenant } : {}),
            ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
          },
        }),
      ),
    onSuccess: () => {
      setEmail("");
      setDisplayName("");
      void client.invalidateQueries({ queryKey: ["users"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t("admin.createUser")}
        </Title>
        {create.isError && (
          <Alert color="red" role="alert">
            {create.error.message}
          </Alert>
        )}
        {create.data?.generatedPassword && (
          <Alert color="green" role="status" data-testid="generated-password">
            {t("admin.generatedPassword", { email: create.data.user.email })}{" "}
            <Code>{create.data.generatedPassword}</Code>
          </Alert>
        )}
        <Group align="end" wrap="wrap">
          <TextInput
            label={t("login.email")}
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <TextInput
            label={t("admin.displayName")}
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
          />
          <NativeSelect
            label={t("admin.role")}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as Role)}
            data={[...roles]}
          />
          <NativeSelect
            label={t("admin.tenant")}
            value={tenant}
            onChange={(e) => setTenant(e.currentTarget.value)}
            data={[
              { value: "", label: t("admin.noTenant") },
              ...(tenants.data?.items ?? []).map((x) => ({ value: x.id, label: x.name })),
            ]}
          />
          <Button type="submit" loading={create.isPending}>
            {t("admin.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function UserRow({ user }: { user: UserView }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const tenants = useTenants();
  const update = useMutation({
    mutationFn: (body: { role?: Role; tenant?: string | null; disabled?: boolean }) =>
      unwrap(api.PATCH("/api/users/{id}", { params: { path: { id: user.id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["users"] }),
  });
  return (
    <Table.Tr>
      <Table.Td>{user.email}</Table.Td>
      <Table.Td>{user.displayName}</Table.Td>
      <Table.Td>
        <NativeSelect
          aria-label={`${t("admin.role")} ${user.email}`}
          size="xs"
          value={user.role}
          onChange={(e) => update.mutate({ role: e.currentTarget.value as Role })}
          data={[...roles]}
        />
      </Table.Td>
      <Table.Td>
        <NativeSelect
          aria-label={`${t("admin.tenant")} ${user.email}`}
          size="xs"
          value={user.tenantId ?? ""}
          onChange={(e) => update.mutate({ tenant: e.currentTarget.value || null })}
          data={[
            { value: "", label: t("admin.noTenant") },
            ...(tenants.data?.items ?? []).map((x) => ({ value: x.id, label: x.name })),
          ]}
        />
      </Table.Td>
      <Table.Td>
        <Checkbox
          aria-label={`${t("admin.disabled")} ${user.email}`}
          checked={user.disabled}
          onChange={(e) => update.mutate({ disabled: e.currentTarget.checked })}
        />
        {update.isError && (
          <span role="alert" className="error-text">
            {update.error.message}
          </span>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export function UsersPage() {
  const { t } = useI18n();
  const users = useQuery({ queryKey: ["users"], queryFn: () => unwrap(api.GET("/api/users")) });
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("admin.users")}
      </Title>
      <Paper withBorder p="md">
        <CreateUser />
      </Paper>
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorNotice error={users.error} />
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("login.email")}</Table.Th>
                <Table.Th>{t("admin.displayName")}</Table.Th>
                <Table.Th>{t("admin.role")}</Table.Th>
                <Table.Th>{t("admin.tenant")}</Table.Th>
                <Table.Th>{t("admin.disabled")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.items.map((u) => (
                <UserRow key={u.id} user={u} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
