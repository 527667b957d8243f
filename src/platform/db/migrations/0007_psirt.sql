-- PSIRT: product catalogue, vulnerability cases under embargo, coordinated parties,
-- CVE id pool, published advisories (CSAF 2.0 + human-readable) and their subscribers.

CREATE TABLE psirt_products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  vendor text NOT NULL CHECK (length(vendor) BETWEEN 1 AND 200),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  cpe text,
  purl text,
  -- [{version, branch?, cpe?, purl?}], validated by the zod schema of the module.
  versions jsonb NOT NULL DEFAULT '[]',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, vendor, name)
);

CREATE TABLE psirt_cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Same sequence as reports and incidents: a subject tag [VIGIL #n] names one case.
  ref integer NOT NULL UNIQUE DEFAULT nextval('case_ref_seq'),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  status text NOT NULL DEFAULT 'received'
    CHECK (status IN ('received', 'validating', 'confirmed', 'rejected', 'fix_in_progress', 'disclosed')),
  reporter_name text,
  reporter_email text,
  reporter_pgp_fingerprint text CHECK (reporter_pgp_fingerprint ~ '^[0-9A-F]{40,64}$'),
  source_report_id uuid REFERENCES reports (id),
  description text NOT NULL DEFAULT '',
  impact text NOT NULL DEFAULT '',
  workaround text NOT NULL DEFAULT '',
  -- Never published: kept apart from every field that goes into records and advisories.
  internal_notes text NOT NULL DEFAULT '',
  cwe_ids text[] NOT NULL DEFAULT '{}',
  affected jsonb NOT NULL DEFAULT '[]',
  fix_versions text[] NOT NULL DEFAULT '{}',
  credits jsonb NOT NULL DEFAULT '[]',
  reference_urls text[] NOT NULL DEFAULT '{}',
  cvss_v31 text,
  cvss_v40 text,
  tlp text NOT NULL DEFAULT 'AMBER' CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  embargo_until timestamptz,
  embargo_zone text,
  reminders_sent text[] NOT NULL DEFAULT '{}',
  cve_id text UNIQUE CHECK (cve_id ~ '^CVE-[0-9]{4}-[0-9]{4,19}$'),
  cve_source text CHECK (cve_source IN ('pool', 'services')),
  cve_state text CHECK (cve_state IN ('reserved', 'published', 'rejected')),
  disclosed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT embargo_has_zone CHECK ((embargo_until IS NULL) = (embargo_zone IS NULL))
);
CREATE INDEX psirt_cases_tenant_status ON psirt_cases (tenant_id, status);
CREATE INDEX psirt_cases_embargo ON psirt_cases (embargo_until) WHERE status <> 'disclosed';

-- Coordinated parties: an unanswered party stays 'unknown', never 'not_affected'.
CREATE TABLE psirt_case_parties (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES psirt_cases (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('vendor', 'researcher', 'cert', 'coordinator')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email text CHECK (email = lower(email)),
  time_zone text NOT NULL DEFAULT 'UTC',
  status text NOT NULL DEFAULT 'unknown'
    CHECK (status IN ('notified', 'acknowledged', 'affected', 'not_affected', 'unknown', 'fixed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX psirt_case_parties_case ON psirt_case_parties (case_id);
CREATE UNIQUE INDEX psirt_case_parties_email ON psirt_case_parties (case_id, email) WHERE email IS NOT NULL;

-- CVE ids this CNA may assign: uploaded blocks, or reserved through CVE Services.
CREATE TABLE psirt_cve_ids (
  cve_id text PRIMARY KEY CHECK (cve_id ~ '^CVE-[0-9]{4}-[0-9]{4,19}$'),
  source text NOT NULL CHECK (source IN ('pool', 'services')),
  state text NOT NULL DEFAULT 'available'
    CHECK (state IN ('available', 'reserved', 'published', 'rejected')),
  case_id uuid REFERENCES psirt_cases (id),
  added_at timestamptz NOT NULL DEFAULT now(),
  assigned_at timestamptz
);
CREATE INDEX psirt_cve_ids_available ON psirt_cve_ids (cve_id) WHERE state = 'available';

-- Every published revision of an advisory, exactly as served (the bytes that were hashed and signed).
CREATE TABLE psirt_advisories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES psirt_cases (id),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  tracking_id text NOT NULL,
  revision integer NOT NULL,
  file_name text NOT NULL,
  tlp text NOT NULL,
  csaf_json text NOT NULL,
  sha512 text NOT NULL,
  signature text NOT NULL,
  signer_fingerprint text NOT NULL,
  markdown text NOT NULL,
  html text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  -- Set when the subscriber mail of this revision was queued (the mail job is idempotent on it).
  mailed_at timestamptz,
  UNIQUE (tracking_id, revision)
);
CREATE INDEX psirt_advisories_published ON psirt_advisories (published_at DESC);

CREATE TABLE psirt_subscribers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  email text NOT NULL CHECK (email = lower(email)),
  name text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, email)
);

-- PSIRT cases get typed timeline events like incidents and reports.
ALTER TABLE timeline_events ADD COLUMN psirt_case_id uuid REFERENCES psirt_cases (id) ON DELETE CASCADE;
ALTER TABLE timeline_events DROP CONSTRAINT timeline_has_subject;
ALTER TABLE timeline_events ADD CONSTRAINT timeline_has_subject
  CHECK (incident_id IS NOT NULL OR report_id IS NOT NULL OR psirt_case_id IS NOT NULL);
CREATE INDEX timeline_psirt_case ON timeline_events (psirt_case_id, id);
