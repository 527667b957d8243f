import type { Db } from "../../platform/db/client.ts";
import { DEFAULT_PAP, DEFAULT_TLP, type Pap, type Tlp } from "../marking/marking.ts";
import { findProfile } from "./load-profile.ts";
import type { EmailPurpose } from "./profile.schemas.ts";
import { profileCalendar, type TeamCalendar } from "./profile-rules.ts";

/** The addresses intake listens on: the profile's e-mail addresses with their purpose. */
export async function getIntakeAddresses(
  db: Db,
): Promise<{ purpose: EmailPurpose; address: string }[]> {
  return (await findProfile(db))?.profile.contact.email.addresses ?? [];
}

/** What unlabelled incoming information is marked: the profile's policy, else TLP:GREEN/PAP:GREEN. */
export async function getIntakeDefaultMarking(db: Db): Promise<{ tlp: Tlp; pap: Pap }> {
  const policies = (await findProfile(db))?.profile.policies;
  return { tlp: policies?.defaultTlp ?? DEFAULT_TLP, pap: policies?.defaultPap ?? DEFAULT_PAP };
}

/** The profile's calendar (the SLA calendar follows it on every save); null without a profile. */
export async function getTeamCalendar(db: Db): Promise<TeamCalendar | null> {
  const found = await findProfile(db);
  return found ? profileCalendar(found.profile) : null;
}
