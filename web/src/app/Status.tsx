import { Alert, Center, Loader } from "@mantine/core";
import { ApiError } from "../api/client.ts";
import { useI18n } from "../i18n/i18n.tsx";

export function Loading() {
  const { t } = useI18n();
  return (
    <Center p="xl">
      <Loader aria-label={t("app.loading")} />
    </Center>
  );
}

/** An error as the user should read it: not found and forbidden look the same. */
export function ErrorNotice({ error, message }: { error?: unknown; message?: string }) {
  const { t } = useI18n();
  const text =
    message ??
    (error instanceof ApiError && (error.status === 404 || error.status === 403)
      ? t("app.notFound")
      : t("error.generic", { message: (error as Error | undefined)?.message ?? "?" }));
  return (
    <Alert color="red" role="alert" m="md">
      {text}
    </Alert>
  );
}
