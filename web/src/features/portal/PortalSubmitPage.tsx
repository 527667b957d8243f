import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Stack,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { type Tlp, tlpLevels } from "../../api/types.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { useMe } from "../identity/session.tsx";
import { composePortalSummary, type PortalReportForm, portalHref } from "./portal-case.ts";

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const zones = (() => {
  const all = Intl.supportedValuesOf?.("timeZone") ?? [];
  return all.includes(browserZone) ? all : [browserZone, ...all];
})();

const empty = (contact: string): PortalReportForm => ({
  occurredAt: "",
  timeZone: browserZone,
  contact,
  subject: "",
  summary: "",
  impact: "",
  network: "",
  headers: "",
  logs: "",
  tlp: "AMBER",
  urgent: false,
});

/** The constituent's incident report form (fields from the seeds' reporting guidelines). */
export function PortalSubmitPage() {
  const { t } = useI18n();
  const me = useMe();
  const client = useQueryClient();
  const [form, setForm] = useState<PortalReportForm>(() => empty(me.user?.email ?? ""));
  const submit = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/reports", {
          body: {
            channel: "portal",
            subject: form.subject.trim(),
            summary: composePortalSummary(form),
            tlp: form.tlp,
            urgent: form.urgent,
            ...(me.user ? { reporterName: me.user.displayName || me.user.email } : {}),
          },
        }),
      ),
    onSuccess: () => {
      setForm(empty(me.user?.email ?? ""));
      void client.invalidateQueries({ queryKey: ["portal"] });
    },
  });
  const set = <K extends keyof PortalReportForm>(key: K, value: PortalReportForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const text = (key: Exclude<keyof PortalReportForm, "tlp" | "urgent">) => ({
    value: form[key],
    onChange: (e: { currentTarget: { value: string } }) => set(key, e.currentTarget.value),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate();
  };

  return (
    <form onSubmit={onSubmit} aria-labelledby="portal-new-title">
      <Stack maw={760} gap="sm">
        <Title order={1} size="h2" id="portal-new-title">
          {t("portal.new")}
        </Title>
        {submit.isError && (
          <Alert color="red" role="alert">
            {submit.error.message}
          </Alert>
        )}
        {submit.data && (
          <Alert color="green" role="status">
            <Anchor component={Link} to={portalHref({ kind: "report", ref: submit.data.ref })}>
              {t("portal.sent", { ref: submit.data.ref })}
            </Anchor>
          </Alert>
        )}
        <TextInput label={t("portal.subject")} required maxLength={300} {...text("subject")} />
        <Group grow align="start" wrap="wrap">
          <TextInput label={t("portal.occurredAt")} type="datetime-local" {...text("occurredAt")} />
          <NativeSelect label={t("portal.timeZone")} data={zones} {...text("timeZone")} />
        </Group>
        <TextInput label={t("portal.contact")} required {...text("contact")} />
        <Textarea label={t("portal.summary")} required autosize minRows={4} {...text("summary")} />
        <Textarea label={t("portal.impact")} autosize minRows={2} {...text("impact")} />
        <Textarea label={t("portal.network")} autosize minRows={2} {...text("network")} />
        <Textarea label={t("portal.headers")} autosize minRows={2} {...text("headers")} />
        <Textarea
          label={t("portal.logs")}
          autosize
          minRows={3}
          maxRows={16}
          classNames={{ input: "preformatted" }}
          {...text("logs")}
        />
        <Group align="end">
          <NativeSelect
            label={t("portal.tlp")}
            value={form.tlp}
            onChange={(e) => set("tlp", e.currentTarget.value as Tlp)}
            data={tlpLevels.map((l) => ({ value: l, label: `TLP:${l}` }))}
          />
          <Checkbox
            label={t("portal.urgent")}
            checked={form.urgent}
            onChange={(e) => set("urgent", e.currentTarget.checked)}
          />
        </Group>
        <Group>
          <Button type="submit" loading={submit.isPending}>
            {t("portal.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
