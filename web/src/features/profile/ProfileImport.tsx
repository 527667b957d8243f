import { Alert, Button, List, Paper, Stack, Textarea, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../api/client.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { type ImportResult, previewKey, profileKey } from "./profile-form.ts";
import { SaveError } from "./SaveError.tsx";

/** Paste an RFC 2350 text: it replaces the profile (the parser's warnings are listed). */
export function ProfileImport({ revision }: { revision: number | undefined }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [text, setText] = useState("");
  const [result, setResult] = useState<ImportResult | null>(null);
  const run = useMutation({
    mutationFn: async () =>
      (await unwrap(
        api.POST("/api/profile/import", {
          body: revision === undefined ? { text } : { text, version: revision },
        }),
      )) as ImportResult,
    onSuccess: (imported) => {
      setText("");
      setResult(imported);
      const { warnings: _warnings, ...view } = imported;
      client.setQueryData(profileKey, view);
      void client.invalidateQueries({ queryKey: previewKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    run.mutate();
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit}>
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t("profile.import")}
          </Title>
          <SaveError error={run.error} onReload={() => run.reset()} />
          {result && (
            <Alert color="green" role="status">
              {t("profile.imported", { version: result.documentVersion })}
              {result.warnings.length > 0 && (
                <List size="sm" mt="xs">
                  {result.warnings.map((w) => (
                    <List.Item key={w}>{w}</List.Item>
                  ))}
                </List>
              )}
            </Alert>
          )}
          <Textarea
            label={t("profile.importText")}
            required
            autosize
            minRows={4}
            maxRows={16}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <Button type="submit" loading={run.isPending} disabled={text.trim() === ""}>
            {t("profile.importButton")}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
