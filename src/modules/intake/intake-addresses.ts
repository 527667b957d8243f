import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { getIntakeAddresses } from "../profile/team-settings.ts";
import { tenants } from "../tenants/tenants.tables.ts";
import { intakeAddresses } from "./intake.tables.ts";
import type { AckLanguage, IntakePurpose } from "./intake-rules.ts";

export interface IntakeRecipient {
  address: string;
  tenantId: string;
  purpose: IntakePurpose;
  language: AckLanguage;
}

/**
 * Every address intake accepts mail for: the intake_addresses table (per
 * tenant), then the team profile's e-mail addresses (the default tenant;
 * `vulnerability` addresses are PSIRT intake, the others CERT intake).
 */
export async function loadIntakeRecipients(db: Db): Promise<Map<string, IntakeRecipient>> {
  const out = new Map<string, IntakeRecipient>();
  const rows = await db.select().from(intakeAddresses);
  for (const row of rows) {
    out.set(row.address, {
      address: row.address,
      tenantId: row.tenantId,
      purpose: row.purpose as IntakePurpose,
      language: row.language as AckLanguage,
    });
  }
  const profile = await getIntakeAddresses(db);
  if (profile.length > 0) {
    const [fallback] = await db
      .select({ id: tenants.id })
      .from(tenants)
      .where(eq(tenants.slug, "default"));
    if (fallback) {
      for (const entry of profile) {
        const address = entry.address.toLowerCase();
        if (out.has(address)) continue;
        out.set(address, {
          address,
          tenantId: fallback.id,
          purpose: entry.purpose === "vulnerability" ? "psirt" : "cert",
          language: "en",
        });
      }
    }
  }
  return out;
}

/** How long a looked-up set of intake addresses is trusted. */
const RECIPIENTS_TTL_MS = 2_000;

/** The intake addresses, reloaded at most every two seconds (and on a miss). */
export class RecipientCache {
  readonly #db: Db;
  #cache: { at: number; map: Map<string, IntakeRecipient> } | undefined;

  constructor(db: Db) {
    this.#db = db;
  }

  async #load(force: boolean): Promise<Map<string, IntakeRecipient>> {
    if (force || !this.#cache || Date.now() - this.#cache.at > RECIPIENTS_TTL_MS) {
      this.#cache = { at: Date.now(), map: await loadIntakeRecipients(this.#db) };
    }
    return this.#cache.map;
  }

  /** The first of `recipients` that is an intake address, or null. */
  async find(recipients: string[]): Promise<IntakeRecipient | null> {
    const wanted = recipients.map((r) => r.trim().toLowerCase()).filter(Boolean);
    if (wanted.length === 0) return null;
    for (const force of [false, true]) {
      const map = await this.#load(force);
      for (const address of wanted) {
        const found = map.get(address);
        if (found) return found;
      }
      if (this.#cache && Date.now() - this.#cache.at < 50) break; // just reloaded
    }
    return null;
  }

  async has(address: string): Promise<boolean> {
    return (await this.find([address])) !== null;
  }
}
