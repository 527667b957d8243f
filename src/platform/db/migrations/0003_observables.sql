-- Observables on cases, their sightings, and the IOC store shared across cases.

CREATE TABLE observables (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  report_id uuid REFERENCES reports (id) ON DELETE CASCADE,
  incident_id uuid REFERENCES incidents (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email', 'md5', 'sha1',
    'sha256', 'sha512', 'cve', 'asn', 'filename')),
  value text NOT NULL CHECK (length(value) BETWEEN 1 AND 2048),
  -- Set for ipv4/ipv6/cidr so that addresses can be searched by containment.
  addr inet,
  tlp text NOT NULL DEFAULT 'GREEN' CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  false_positive boolean NOT NULL DEFAULT false,
  source text NOT NULL CHECK (source IN ('extracted', 'manual', 'import')),
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT observable_on_one_case CHECK ((report_id IS NULL) <> (incident_id IS NULL))
);
CREATE UNIQUE INDEX observables_report_value ON observables (report_id, type, value)
  WHERE report_id IS NOT NULL;
CREATE UNIQUE INDEX observables_incident_value ON observables (incident_id, type, value)
  WHERE incident_id IS NOT NULL;
-- Correlation: exact matches across every case, and address containment.
CREATE INDEX observables_value ON observables (type, value);
CREATE INDEX observables_addr ON observables USING gist (addr inet_ops) WHERE addr IS NOT NULL;

-- Each time an observable is seen again (re-extraction, another mail, manual entry).
CREATE TABLE observable_sightings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  observable_id uuid NOT NULL REFERENCES observables (id) ON DELETE CASCADE,
  seen_at timestamptz NOT NULL DEFAULT now(),
  origin text NOT NULL,
  actor_label text NOT NULL
);
CREATE INDEX observable_sightings_observable ON observable_sightings (observable_id, seen_at);

-- Indicators of compromise known to the team: tenant_id NULL means shared by the whole team.
CREATE TABLE iocs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid REFERENCES tenants (id),
  type text NOT NULL CHECK (type IN ('ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email', 'md5', 'sha1',
    'sha256', 'sha512', 'cve', 'asn', 'filename')),
  value text NOT NULL CHECK (length(value) BETWEEN 1 AND 2048),
  addr inet,
  tlp text NOT NULL DEFAULT 'GREEN' CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  description text NOT NULL DEFAULT '',
  source text NOT NULL DEFAULT '',
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz NOT NULL DEFAULT now(),
  -- Also the exact-match index: (type, value) leads.
  CONSTRAINT iocs_value_per_scope UNIQUE NULLS NOT DISTINCT (type, value, tenant_id)
);
CREATE INDEX iocs_addr ON iocs USING gist (addr inet_ops) WHERE addr IS NOT NULL;
