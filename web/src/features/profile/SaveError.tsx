import { Alert, Button } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../../api/client.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { profileKey } from "./profile-form.ts";

/** A failed save or import: 409s explained (someone else's edit, a key that is not ours), others as the server said. */
export function SaveError({ error, onReload }: { error: Error | null; onReload(): void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  if (apiError?.code === "VERSION_CONFLICT") {
    const current = (apiError.details as { currentVersion?: number } | undefined)?.currentVersion;
    return (
      <Alert color="orange" role="alert" title="409">
        {t("profile.conflict", { version: current ?? "?" })}{" "}
        <Button
          size="compact-sm"
          variant="white"
          onClick={() => {
            onReload();
            void client.invalidateQueries({ queryKey: profileKey });
          }}
        >
          {t("marking.reload")}
        </Button>
      </Alert>
    );
  }
  if (apiError?.code === "PROFILE_KEY_MISMATCH") {
    return (
      <Alert color="red" role="alert" title="409">
        {t("profile.keyMismatch", { message: apiError.message })}
      </Alert>
    );
  }
  return (
    <Alert color="red" role="alert">
      {t("error.generic", { message: error.message })}
    </Alert>
  );
}
