import { SimpleGrid, Text } from "@mantine/core";
import type { ReactNode } from "react";

/** A definition list of a case's fields; values are rendered as text or given elements. */
export function Fields({ rows }: { rows: [label: string, value: ReactNode][] }) {
  return (
    <SimpleGrid component="dl" cols={2} spacing={4} verticalSpacing={4} className="fields">
      {rows.map(([label, value]) => (
        <div key={label} style={{ display: "contents" }}>
          <Text component="dt" size="sm" fw={600}>
            {label}
          </Text>
          <Text component="dd" size="sm" m={0}>
            {value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
