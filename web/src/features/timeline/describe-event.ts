import type { TimelineEntry } from "../../api/types.ts";
import type { MessageKey } from "../../i18n/en.ts";
import type { Translate } from "../../i18n/i18n.tsx";

const known = new Set<string>([
  "incident.created",
  "incident.updated",
  "incident.status_changed",
  "incident.member_added",
  "incident.member_removed",
  "report.created",
  "report.updated",
  "report.linked",
  "report.unlinked",
  "report.merged",
]);

const text = (value: unknown): string =>
  value === null || value === undefined
    ? "—"
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value);

/** `tlp: GREEN → AMBER, title: … → …` from a `*.updated` event's changes. */
function describeChanges(changes: unknown): string {
  if (!changes || typeof changes !== "object") return "";
  return Object.entries(changes as Record<string, { from?: unknown; to?: unknown }>)
    .map(([field, change]) => `${field}: ${text(change?.from)} → ${text(change?.to)}`)
    .join(", ");
}

/**
 * One readable line per typed timeline event. Event types added by other
 * modules get a key `event.<type>` in the catalogues; until then their type
 * name is shown. The result is plain text: React escapes it.
 */
export function describeEvent(entry: TimelineEntry, t: Translate): string {
  const data = entry.data;
  if (!known.has(entry.type)) return t("event.unknown", { type: entry.type });
  const vars: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(data)) vars[key] = text(value);
  if ("changes" in data) vars.changes = describeChanges(data.changes);
  if (entry.type === "incident.status_changed") {
    vars.from = t(`status.${text(data.from)}` as MessageKey);
    vars.to = t(`status.${text(data.to)}` as MessageKey);
    if (data.reason) vars.to += ` (${text(data.reason)})`;
  }
  return t(`event.${entry.type}` as MessageKey, vars);
}
