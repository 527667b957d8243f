import { Group, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue, useHotkeys } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { type Severity, severities, type Tlp, tlpLevels } from "../../api/types.ts";
import { ErrorNotice, Loading } from "../../app/Status.tsx";
import type { MessageKey } from "../../i18n/en.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { QueueList } from "./QueueList.tsx";
import { defaultFilters, loadQueue, type QueueFilters } from "./queue-data.ts";

/** How often the queue refreshes itself (new reports appear without a reload). */
export const QUEUE_REFRESH_MS = 10_000;

export function QueuePage() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<QueueFilters>(defaultFilters);
  const [debouncedQ] = useDebouncedValue(filters.q, 250);
  const effective = { ...filters, q: debouncedQ };
  const searchRef = useRef<HTMLInputElement>(null);
  useHotkeys([["/", () => searchRef.current?.focus()]]);

  const queue = useQuery({
    queryKey: ["queue", effective],
    queryFn: () => loadQueue(effective),
    refetchInterval: QUEUE_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
  const set = <K extends keyof QueueFilters>(key: K, value: QueueFilters[K]) =>
    setFilters((f) => ({ ...f, [key]: value }));
  const any = { value: "", label: t("queue.any") };

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="baseline">
        <Title order={1} size="h2">
          {t("queue.title")}
        </Title>
        {queue.data && (
          <Text size="sm" c="dimmed" aria-live="polite">
            {t("queue.count", { n: queue.data.length })} ·{" "}
            {t("queue.refreshed", { time: new Date(queue.dataUpdatedAt).toLocaleTimeString() })}
          </Text>
        )}
      </Group>
      <Group gap="sm" align="end" wrap="wrap">
        <TextInput
          ref={searchRef}
          label={t("queue.search")}
          description={t("queue.searchHint")}
          type="search"
          value={filters.q}
          onChange={(e) => set("q", e.currentTarget.value)}
          w={280}
        />
        <NativeSelect
          label={t("queue.kind")}
          value={filters.kind}
          onChange={(e) => set("kind", e.currentTarget.value as QueueFilters["kind"])}
          data={(["all", "reports", "incidents"] as const).map((k) => ({
            value: k,
            label: t(`queue.kind.${k}`),
          }))}
        />
        <NativeSelect
          label={t("queue.status")}
          value={filters.status}
          onChange={(e) => set("status", e.currentTarget.value as QueueFilters["status"])}
          data={[
            { value: "open", label: t("queue.status.open") },
            { value: "all", label: t("queue.status.all") },
          ]}
        />
        <NativeSelect
          label={t("queue.severity")}
          value={filters.severity ?? ""}
          onChange={(e) => set("severity", (e.currentTarget.value || null) as Severity | null)}
          data={[
            any,
            ...severities.map((s) => ({ value: s, label: t(`severity.${s}` as MessageKey) })),
          ]}
        />
        <NativeSelect
          label={t("queue.tlp")}
          value={filters.tlp ?? ""}
          onChange={(e) => set("tlp", (e.currentTarget.value || null) as Tlp | null)}
          data={[any, ...tlpLevels.map((l) => ({ value: l, label: `TLP:${l}` }))]}
        />
      </Group>
      <Text size="xs" c="dimmed">
        {t("queue.keys")}
      </Text>
      {queue.isPending ? (
        <Loading />
      ) : queue.isError ? (
        <ErrorNotice error={queue.error} />
      ) : (
        <QueueList items={queue.data} />
      )}
    </Stack>
  );
}
