import { Alert, Button, PasswordInput, Stack, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../api/client.ts";
import { useI18n } from "../../i18n/i18n.tsx";

export function PasswordPage() {
  const { t } = useI18n();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== confirm) return setMessage({ ok: false, text: t("password.mismatch") });
    try {
      await unwrap(api.POST("/api/me/password", { body: { current, next } }));
      setMessage({ ok: true, text: t("password.done") });
      setCurrent("");
      setNext("");
      setConfirm("");
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };

  return (
    <form onSubmit={submit}>
      <Stack maw={420}>
        <Title order={1} size="h2">
          {t("password.title")}
        </Title>
        {message && (
          <Alert color={message.ok ? "green" : "red"} role={message.ok ? "status" : "alert"}>
            {message.text}
          </Alert>
        )}
        <PasswordInput
          label={t("password.current")}
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
        />
        <PasswordInput
          label={t("password.next")}
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
        />
        <PasswordInput
          label={t("password.confirm")}
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
        />
        <Button type="submit">{t("password.submit")}</Button>
      </Stack>
    </form>
  );
}
