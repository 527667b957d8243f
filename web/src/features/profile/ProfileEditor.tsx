import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { api, ifMatch, unwrap } from "../../api/client.ts";
import { type Pap, papLevels, type Tlp, tlpLevels } from "../../api/types.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import {
  type EmailPurpose,
  emailPurposes,
  formatDayHours,
  formatHolidays,
  type ProfileView,
  parseDayHours,
  parseHolidays,
  previewKey,
  profileKey,
  sectionText,
  type TeamProfile,
  textSections,
  type Weekday,
  weekdays,
  withSectionText,
} from "./profile-form.ts";
import { SaveError } from "./SaveError.tsx";

type Contact = TeamProfile["contact"];

const hoursOf = (profile: TeamProfile) =>
  Object.fromEntries(
    weekdays.map((d) => [d, formatDayHours(profile.contact.operatingHours.weekly[d])]),
  ) as Record<Weekday, string>;
const holidaysOf = (profile: TeamProfile) =>
  formatHolidays(profile.contact.operatingHours.holidays);

/**
 * The profile's main fields. The save sends the revision on screen (If-Match), so
 * an edit made meanwhile by someone else is never overwritten.
 */
export function ProfileEditor({ view }: { view: ProfileView }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [draft, setDraft] = useState<TeamProfile>(view.profile);
  const [hours, setHours] = useState(() => hoursOf(view.profile));
  const [holidays, setHolidays] = useState(() => holidaysOf(view.profile));
  // A new revision (saved, reloaded or imported) replaces the draft.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the revision changes
  useEffect(() => {
    setDraft(view.profile);
    setHours(hoursOf(view.profile));
    setHolidays(holidaysOf(view.profile));
  }, [view.revision]);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const setContact = (patch: Partial<Contact>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, contact: { ...d.contact, ...patch } }));
  };
  const contact = draft.contact;

  const save = useMutation({
    mutationFn: (profile: TeamProfile) =>
      unwrap(
        api.PUT("/api/profile", {
          headers: ifMatch(view.revision),
          body: { profile, version: view.revision },
        }),
      ),
    onSuccess: (updated) => {
      client.setQueryData(profileKey, updated);
      void client.invalidateQueries({ queryKey: previewKey });
      setSaved(true);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const weekly = {} as Contact["operatingHours"]["weekly"];
    for (const day of weekdays) {
      const parsed = parseDayHours(hours[day]);
      if (!parsed) {
        setInvalid(t("profile.badHours", { day: t(`profile.day.${day}`) }));
        return;
      }
      weekly[day] = parsed;
    }
    const closed = parseHolidays(holidays);
    if ("badLine" in closed) {
      setInvalid(t("profile.badHoliday", { line: closed.badLine }));
      return;
    }
    setInvalid(null);
    save.mutate({
      ...draft,
      contact: {
        ...contact,
        operatingHours: { ...contact.operatingHours, weekly, holidays: closed },
      },
    });
  };

  const addresses = contact.email.addresses;
  const setAddresses = (next: typeof addresses) =>
    setContact({ email: { ...contact.email, addresses: next } });

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-labelledby="profile-edit">
        <Stack gap="sm">
          <Title order={2} size="h4" id="profile-edit">
            {t("profile.edit")}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t("profile.teamName")}
              value={contact.teamName.name}
              onChange={(e) =>
                setContact({ teamName: { ...contact.teamName, name: e.currentTarget.value } })
              }
            />
            <TextInput
              label={t("profile.shortName")}
              value={contact.shortName}
              onChange={(e) => setContact({ shortName: e.currentTarget.value })}
            />
            <TextInput
              label={t("profile.timeZone")}
              description={t("profile.timeZoneHint")}
              value={contact.timeZone.zone}
              onChange={(e) =>
                setContact({ timeZone: { ...contact.timeZone, zone: e.currentTarget.value } })
              }
            />
            <NativeSelect
              label={t("profile.defaultTlp")}
              value={draft.policies.defaultTlp}
              data={tlpLevels.map((l) => ({ value: l, label: `TLP:${l}` }))}
              onChange={(e) => {
                const defaultTlp = e.currentTarget.value as Tlp;
                setDraft((d) => ({ ...d, policies: { ...d.policies, defaultTlp } }));
              }}
            />
            <NativeSelect
              label={t("profile.defaultPap")}
              value={draft.policies.defaultPap}
              data={papLevels.map((l) => ({ value: l, label: `PAP:${l}` }))}
              onChange={(e) => {
                const defaultPap = e.currentTarget.value as Pap;
                setDraft((d) => ({ ...d, policies: { ...d.policies, defaultPap } }));
              }}
            />
          </SimpleGrid>

          <Title order={3} size="h5">
            {t("profile.emails")}
          </Title>
          {addresses.map((entry, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, the index is their identity
            <Group key={i} align="end" gap="xs">
              <NativeSelect
                label={t("profile.emailPurpose")}
                value={entry.purpose}
                data={emailPurposes.map((p) => ({ value: p, label: t(`profile.purpose.${p}`) }))}
                onChange={(e) => {
                  const purpose = e.currentTarget.value as EmailPurpose;
                  setAddresses(addresses.map((a, j) => (j === i ? { ...a, purpose } : a)));
                }}
              />
              <TextInput
                label={t("profile.emailAddress")}
                type="email"
                required
                value={entry.address}
                onChange={(e) => {
                  const address = e.currentTarget.value;
                  setAddresses(addresses.map((a, j) => (j === i ? { ...a, address } : a)));
                }}
              />
              <Button
                variant="subtle"
                color="red"
                onClick={() => setAddresses(addresses.filter((_, j) => j !== i))}
              >
                {t("incident.remove")}
              </Button>
            </Group>
          ))}
          <Group>
            <Button
              variant="light"
              onClick={() => setAddresses([...addresses, { purpose: "incident", address: "" }])}
            >
              {t("profile.addEmail")}
            </Button>
          </Group>

          <Title order={3} size="h5">
            {t("profile.hours")}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 4 }}>
            {weekdays.map((day) => (
              <TextInput
                key={day}
                label={t(`profile.day.${day}`)}
                placeholder={t("profile.closed")}
                value={hours[day]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setSaved(false);
                  setHours((h) => ({ ...h, [day]: value }));
                }}
              />
            ))}
          </SimpleGrid>
          <Textarea
            label={t("profile.holidays")}
            description={t("profile.holidaysHint")}
            autosize
            minRows={2}
            value={holidays}
            onChange={(e) => {
              setSaved(false);
              setHolidays(e.currentTarget.value);
            }}
          />
          <Textarea
            label={t("profile.hoursText")}
            autosize
            minRows={2}
            value={contact.operatingHours.text}
            onChange={(e) =>
              setContact({
                operatingHours: { ...contact.operatingHours, text: e.currentTarget.value },
              })
            }
          />

          <Title order={3} size="h5">
            {t("profile.sections")}
          </Title>
          {textSections.map((section) => (
            <Textarea
              key={section[2]}
              label={t(section[2])}
              autosize
              minRows={2}
              maxRows={20}
              value={sectionText(draft, section)}
              onChange={(e) => {
                const text = e.currentTarget.value;
                setSaved(false);
                setDraft((d) => withSectionText(d, section, text));
              }}
            />
          ))}

          {invalid && (
            <Alert color="red" role="alert">
              {invalid}
            </Alert>
          )}
          <SaveError error={save.error} onReload={() => save.reset()} />
          {saved && (
            <Alert color="green" role="status">
              {t("profile.saved", { version: save.data?.documentVersion ?? "" })}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t("profile.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
