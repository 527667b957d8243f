import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  NumberInput,
  Paper,
  Stack,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../api/client.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { isAdmin, useMe } from "../identity/session.tsx";

const allScopes = ["read", "write", "admin", "audit"] as const;
type Scope = (typeof allScopes)[number];

/** Create an API token for yourself (or, as admin, for someone else); it is shown once. */
export function TokensPage() {
  const { t } = useI18n();
  const me = useMe();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["read"]);
  const [days, setDays] = useState<number | string>(90);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/tokens", {
          body: {
            ...(email.trim() ? { email: email.trim() } : {}),
            ...(name.trim() ? { name: name.trim() } : {}),
            ...(scopes.length > 0 ? { scopes } : {}),
            ...(typeof days === "number" ? { expiresInDays: days } : {}),
          },
        }),
      ),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        {t("admin.tokens")}
      </Title>
      <Paper withBorder p="md">
        <form onSubmit={submit}>
          <Stack gap="sm">
            {create.isError && (
              <Alert color="red" role="alert">
                {create.error.message}
              </Alert>
            )}
            {create.data && (
              <Alert color="green" role="status">
                {t("admin.tokenShown", { email: create.data.email })}{" "}
                <Code block>{create.data.token}</Code>
              </Alert>
            )}
            {isAdmin(me) && (
              <TextInput
                label={t("admin.tokenOwner")}
                type="email"
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
              />
            )}
            <TextInput
              label={t("admin.tokenName")}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <Checkbox.Group
              label={t("admin.tokenScopes")}
              value={scopes}
              onChange={(v) => setScopes(v as Scope[])}
            >
              <Group mt={4}>
                {allScopes.map((s) => (
                  <Checkbox key={s} value={s} label={s} />
                ))}
              </Group>
            </Checkbox.Group>
            <NumberInput
              label={t("admin.tokenExpires")}
              min={1}
              max={3650}
              value={days}
              onChange={setDays}
            />
            <Group>
              <Button type="submit" loading={create.isPending}>
                {t("admin.createToken")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
