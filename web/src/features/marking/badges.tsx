import { Badge } from "@mantine/core";
import type { Pap, Severity, Tlp } from "../../api/types.ts";
import type { MessageKey } from "../../i18n/en.ts";
import { useI18n } from "../../i18n/i18n.tsx";

/** A TLP 2.0 label in the FIRST colours (see app.css). */
export function TlpBadge({ tlp }: { tlp: Tlp }) {
  return <span className={`tlp tlp-${tlp}`}>TLP:{tlp}</span>;
}

/** PAP labels reuse the TLP colours (FIRST PAP follows the same scheme). */
export function PapBadge({ pap }: { pap: Pap }) {
  return <span className={`tlp tlp-${pap}`}>PAP:{pap}</span>;
}

const severityColour: Record<Severity, string> = {
  critical: "red",
  high: "orange",
  medium: "yellow",
  low: "gray",
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useI18n();
  return (
    <Badge color={severityColour[severity]} variant="light" autoContrast>
      {t(`severity.${severity}` as MessageKey)}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Badge color="indigo" variant="outline">
      {t(`status.${status}` as MessageKey)}
    </Badge>
  );
}

export function UrgentBadge() {
  const { t } = useI18n();
  return (
    <Badge color="red" variant="filled">
      {t("case.urgent")}
    </Badge>
  );
}
