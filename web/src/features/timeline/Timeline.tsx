import { Timeline as MantineTimeline, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client.ts";
import { ErrorNotice, Loading } from "../../app/Status.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { describeEvent } from "./describe-event.ts";

export const timelineKey = (kind: "report" | "incident", id: string) => ["timeline", kind, id];

function load(kind: "report" | "incident", id: string) {
  const params = { params: { path: { id } } };
  return kind === "incident"
    ? unwrap(api.GET("/api/incidents/{id}/timeline", params))
    : unwrap(api.GET("/api/reports/{id}/timeline", params));
}

/** The case's typed events, oldest first, one readable line each. */
export function CaseTimeline({ kind, id }: { kind: "report" | "incident"; id: string }) {
  const { t, formatDateTime } = useI18n();
  const timeline = useQuery({ queryKey: timelineKey(kind, id), queryFn: () => load(kind, id) });
  return (
    <section aria-labelledby={`timeline-${id}`}>
      <Title order={2} size="h4" id={`timeline-${id}`} mb="sm">
        {t("case.timeline")}
      </Title>
      {timeline.isPending ? (
        <Loading />
      ) : timeline.isError ? (
        <ErrorNotice error={timeline.error} />
      ) : timeline.data.items.length === 0 ? (
        <Text c="dimmed">{t("timeline.empty")}</Text>
      ) : (
        <MantineTimeline bulletSize={12} lineWidth={2} data-testid="timeline">
          {timeline.data.items.map((entry) => (
            <MantineTimeline.Item key={entry.id} title={describeEvent(entry, t)}>
              <Text size="xs" c="dimmed">
                {formatDateTime(entry.at)} · {t("timeline.by", { actor: entry.actor })}
              </Text>
            </MantineTimeline.Item>
          ))}
        </MantineTimeline>
      )}
    </section>
  );
}
