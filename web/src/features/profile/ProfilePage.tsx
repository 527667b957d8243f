import { Alert, Anchor, Code, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { ApiError, api, unwrap } from "../../api/client.ts";
import { Fields } from "../../app/Fields.tsx";
import { ErrorNotice, Loading } from "../../app/Status.tsx";
import { useI18n } from "../../i18n/i18n.tsx";
import { ProfileEditor } from "./ProfileEditor.tsx";
import { ProfileImport } from "./ProfileImport.tsx";
import { type ProfileView, previewKey, profileKey } from "./profile-form.ts";

/**
 * The team's RFC 2350 profile (admin): what is published, the key check, the
 * editor, an import box and the rendered text as the public sees it.
 */
export function ProfilePage() {
  const { t } = useI18n();
  const profile = useQuery({
    queryKey: profileKey,
    queryFn: async (): Promise<ProfileView | null> => {
      try {
        // openapi-fetch widens the weekly [from, to] tuples to string[]: the schema's own type is narrower.
        return (await unwrap(api.GET("/api/profile"))) as ProfileView;
      } catch (err) {
        if (err instanceof ApiError && err.code === "PROFILE_NOT_FOUND") return null;
        throw err;
      }
    },
  });
  if (profile.isPending) return <Loading />;
  if (profile.isError) return <ErrorNotice error={profile.error} />;
  const view = profile.data;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("profile.title")}
      </Title>
      <Group gap="md">
        <Anchor href="/rfc2350.txt" target="_blank" rel="noopener">
          /rfc2350.txt
        </Anchor>
        <Anchor href="/.well-known/security.txt" target="_blank" rel="noopener">
          /.well-known/security.txt
        </Anchor>
      </Group>
      {view ? <ProfileSummary view={view} /> : <Alert color="blue">{t("profile.none")}</Alert>}
      {view && <ProfileEditor view={view} />}
      <ProfileImport revision={view?.revision} />
      {view && <ProfilePreview revision={view.revision} />}
    </Stack>
  );
}

function ProfileSummary({ view }: { view: ProfileView }) {
  const { t, formatDateTime } = useI18n();
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Fields
          rows={[
            [t("profile.documentVersion"), view.documentVersion],
            [t("profile.lastUpdated"), view.lastUpdated],
            [t("profile.revision"), String(view.revision)],
            [t("case.updated"), `${formatDateTime(view.updatedAt)} (${view.updatedBy})`],
            [t("profile.securityTxtExpires"), formatDateTime(view.securityTxtExpiresAt)],
          ]}
        />
        <Title order={2} size="h4">
          {t("profile.keys")}
        </Title>
        {view.keys.length === 0 ? (
          <Text size="sm">{t("profile.noKeys")}</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("profile.keyPurpose")}</Table.Th>
                <Table.Th>{t("profile.fingerprint")}</Table.Th>
                <Table.Th>{t("profile.keyStatus")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view.keys.map((key) => (
                <Table.Tr key={`${key.purpose}-${key.fingerprint}`}>
                  <Table.Td>{key.purpose.toUpperCase()}</Table.Td>
                  <Table.Td>
                    <Code>{key.fingerprint}</Code>
                  </Table.Td>
                  <Table.Td c={key.status === "mismatch" ? "red" : undefined}>
                    {t(`profile.key.${key.status}`)}
                    {key.status === "mismatch" && key.storedFingerprint
                      ? ` (${key.storedFingerprint})`
                      : ""}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}

/** The rendered RFC 2350 text, shown as text (never as HTML). */
function ProfilePreview({ revision }: { revision: number }) {
  const { t } = useI18n();
  const preview = useQuery({
    queryKey: [...previewKey, revision],
    queryFn: () =>
      unwrap(api.GET("/api/profile/export", { params: { query: { format: "text" } } })),
  });
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t("profile.preview")}
        </Title>
        {preview.isPending ? (
          <Loading />
        ) : preview.isError ? (
          <ErrorNotice error={preview.error} />
        ) : (
          <Code block data-testid="profile-preview">
            {preview.data.content}
          </Code>
        )}
      </Stack>
    </Paper>
  );
}
