import { Alert, Button, Checkbox, Group, NativeSelect, Stack, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { ApiError, api, ifMatch, unwrap } from "../../api/client.ts";
import {
  type IncidentView,
  type Pap,
  type Priority,
  papLevels,
  priorities,
  type ReportView,
  type Severity,
  severities,
  type Tlp,
  tlpLevels,
} from "../../api/types.ts";
import type { MessageKey } from "../../i18n/en.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { timelineKey } from "../timeline/Timeline.tsx";

type Target = { kind: "report"; item: ReportView } | { kind: "incident"; item: IncidentView };

interface Draft {
  tlp: Tlp;
  pap: Pap;
  urgent: boolean;
  severity: Severity;
  priority: Priority | "";
}

const draftOf = (target: Target): Draft => ({
  tlp: target.item.tlp,
  pap: target.item.pap,
  urgent: target.kind === "report" ? target.item.urgent : false,
  severity: target.kind === "incident" ? target.item.severity : "medium",
  priority: target.kind === "incident" ? (target.item.priority ?? "") : "",
});

export const caseKey = (kind: "report" | "incident", ref: string) => [kind, ref];

/**
 * TLP/PAP (and urgency, or severity and priority) with optimistic concurrency:
 * the save carries the version on screen in If-Match, and a 409 says plainly
 * that someone else changed the case, without overwriting their change.
 */
export function MarkingEditor({ target, routeRef }: { target: Target; routeRef: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(target));
  const [saved, setSaved] = useState(false);
  // A newer version from a reload replaces the draft.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the version changes
  useEffect(() => setDraft(draftOf(target)), [target.item.version]);

  const save = useMutation({
    mutationFn: async () => {
      const { id, version } = target.item;
      const options = { params: { path: { id } }, headers: ifMatch(version) };
      if (target.kind === "report") {
        return unwrap(
          api.PATCH("/api/reports/{id}", {
            ...options,
            body: { tlp: draft.tlp, pap: draft.pap, urgent: draft.urgent },
          }),
        );
      }
      return unwrap(
        api.PATCH("/api/incidents/{id}", {
          ...options,
          body: {
            tlp: draft.tlp,
            pap: draft.pap,
            severity: draft.severity,
            priority: draft.priority || null,
          },
        }),
      );
    },
    onSuccess: (updated) => {
      client.setQueryData(caseKey(target.kind, routeRef), updated);
      void client.invalidateQueries({ queryKey: timelineKey(target.kind, target.item.id) });
      setSaved(true);
    },
  });
  const apiError = save.error instanceof ApiError ? save.error : null;
  const conflict = apiError?.code === "VERSION_CONFLICT";
  const currentVersion = String(
    (apiError?.details as { currentVersion?: number } | undefined)?.currentVersion ?? "?",
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  return (
    <form onSubmit={submit} aria-labelledby={`marking-${target.item.id}`}>
      <Stack gap="xs">
        <Title order={2} size="h4" id={`marking-${target.item.id}`}>
          {t("marking.title")}
        </Title>
        {conflict && (
          <Alert color="orange" role="alert" title="409">
            {t("marking.conflict", { version: currentVersion })}{" "}
            <Button
              size="compact-sm"
              variant="white"
              onClick={() => {
                save.reset();
                void client.invalidateQueries({ queryKey: caseKey(target.kind, routeRef) });
              }}
            >
              {t("marking.reload")}
            </Button>
          </Alert>
        )}
        {save.isError && !conflict && (
          <Alert color="red" role="alert">
            {(save.error as Error).message}
          </Alert>
        )}
        {saved && (
          <Alert color="green" role="status">
            {t("marking.saved")}
          </Alert>
        )}
        <Group gap="sm" align="end" wrap="wrap">
          <NativeSelect
            label={t("case.tlp")}
            value={draft.tlp}
            onChange={(e) => set("tlp", e.currentTarget.value as Tlp)}
            data={tlpLevels.map((l) => ({ value: l, label: `TLP:${l}` }))}
          />
          <NativeSelect
            label={t("case.pap")}
            value={draft.pap}
            onChange={(e) => set("pap", e.currentTarget.value as Pap)}
            data={papLevels.map((l) => ({ value: l, label: `PAP:${l}` }))}
          />
          {target.kind === "incident" ? (
            <>
              <NativeSelect
                label={t("case.severity")}
                value={draft.severity}
                onChange={(e) => set("severity", e.currentTarget.value as Severity)}
                data={severities.map((s) => ({
                  value: s,
                  label: t(`severity.${s}` as MessageKey),
                }))}
              />
              <NativeSelect
                label={t("case.priority")}
                value={draft.priority}
                onChange={(e) => set("priority", e.currentTarget.value as Priority | "")}
                data={[{ value: "", label: "—" }, ...priorities]}
              />
            </>
          ) : (
            <Checkbox
              label={t("case.urgent")}
              checked={draft.urgent}
              onChange={(e) => set("urgent", e.currentTarget.checked)}
            />
          )}
          <Button type="submit" loading={save.isPending}>
            {t("marking.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
