import { Badge, Text } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useI18n } from "../../i18n/i18n.tsx";
import { SeverityBadge, StatusBadge, TlpBadge, UrgentBadge } from "../marking/badges.tsx";
import { caseHref, type QueueItem } from "./queue-data.ts";

const ROW_HEIGHT = 52;

/**
 * The queue as a virtualised listbox: only the visible rows are in the DOM, so
 * a thousand items scroll smoothly. Keyboard: j/k or arrows move, Home/End jump,
 * Enter opens.
 */
export function QueueList({ items }: { items: QueueItem[] }) {
  const { t, formatDateTime } = useI18n();
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  // Keep the selection on a row that exists after a refresh or a new filter.
  useEffect(() => {
    if (active > items.length - 1) setActive(Math.max(0, items.length - 1));
  }, [items.length, active]);

  const move = (index: number) => {
    const next = Math.max(0, Math.min(items.length - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 520) / ROW_HEIGHT));
    let next: number | null = null;
    switch (event.key) {
      case "j":
      case "ArrowDown":
        next = active + 1;
        break;
      case "k":
      case "ArrowUp":
        next = active - 1;
        break;
      case "Home":
        next = 0;
        break;
      case "End":
        next = items.length - 1;
        break;
      case "PageDown":
        next = active + page;
        break;
      case "PageUp":
        next = active - page;
        break;
      case "Enter": {
        const item = items[active];
        if (item) navigate(caseHref(item));
        event.preventDefault();
        return;
      }
      default:
        return;
    }
    event.preventDefault();
    move(next);
  };

  if (items.length === 0) {
    return <Text c="dimmed">{t("queue.empty")}</Text>;
  }
  const activeItem = items[active];
  return (
    <div
      ref={scrollRef}
      className="queue-list"
      role="listbox"
      tabIndex={0}
      aria-label={t("queue.list")}
      aria-activedescendant={activeItem ? `queue-${activeItem.id}` : undefined}
      onKeyDown={onKeyDown}
      data-testid="queue-list"
    >
      <div style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index];
          if (!item) return null;
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keyboard (Enter)
            <div
              key={item.id}
              id={`queue-${item.id}`}
              role="option"
              tabIndex={-1}
              aria-selected={row.index === active}
              className="queue-row"
              style={{ top: row.start, height: ROW_HEIGHT }}
              onClick={() => {
                setActive(row.index);
                navigate(caseHref(item));
              }}
            >
              <Text span fw={600} size="sm" w={110} style={{ flexShrink: 0 }}>
                {t(item.kind === "report" ? "case.report" : "case.incident")} #{item.ref}
              </Text>
              {item.urgent && <UrgentBadge />}
              {item.severity && <SeverityBadge severity={item.severity} />}
              <span className="queue-title">{item.title}</span>
              <StatusBadge status={item.status} />
              <TlpBadge tlp={item.tlp} />
              {item.breached && (
                <Badge color="red" variant="filled">
                  {t("queue.breached")}
                </Badge>
              )}
              <span className="queue-meta">
                {item.due
                  ? t("queue.due", { time: formatDateTime(item.due) })
                  : formatDateTime(item.at)}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
