-- Triage and SLA: severity engagement matrices, assets, triage decisions, SLA
-- policies and calendars, clock milestones and pauses, notifications, and the
-- French/English full-text indexes used by the queue and the list endpoints.

-- Each edit of a matrix inserts a new version; rows are never changed, so a
-- triage decision naming (matrix_id, version) can always be replayed.
-- tenant_id NULL is the team default used by tenants without their own matrix.
CREATE TABLE severity_matrices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid REFERENCES tenants (id),
  version integer NOT NULL CHECK (version >= 1),
  cells jsonb NOT NULL,
  note text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT severity_matrix_version UNIQUE NULLS NOT DISTINCT (tenant_id, version)
);

CREATE FUNCTION severity_matrices_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'severity_matrices rows are immutable (% refused); insert a new version', TG_OP;
END;
$$;
CREATE TRIGGER severity_matrices_no_update BEFORE UPDATE OR DELETE ON severity_matrices
  FOR EACH ROW EXECUTE FUNCTION severity_matrices_immutable();

INSERT INTO severity_matrices (tenant_id, version, note, cells) VALUES (NULL, 1, 'Vigil default', '{
  "none":     {"single": "low",    "several": "low",      "many": "low",      "organisation_wide": "medium"},
  "minor":    {"single": "low",    "several": "low",      "many": "medium",   "organisation_wide": "medium"},
  "moderate": {"single": "medium", "several": "medium",   "many": "high",     "organisation_wide": "high"},
  "major":    {"single": "high",   "several": "high",     "many": "critical", "organisation_wide": "critical"},
  "severe":   {"single": "high",   "several": "critical", "many": "critical", "organisation_wide": "critical"}
}');

CREATE TABLE assets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('host', 'application', 'network', 'service', 'data', 'other')),
  identifiers text[] NOT NULL DEFAULT '{}',
  owner text NOT NULL DEFAULT '',
  criticality text NOT NULL CHECK (criticality IN ('low', 'medium', 'high', 'critical')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT asset_name_per_tenant UNIQUE (tenant_id, name)
);
CREATE INDEX assets_identifiers ON assets USING GIN (identifiers);

-- Every triage decision with all its inputs and its result; the newest one per
-- incident is the current classification.
CREATE TABLE triage_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  validity text NOT NULL
    CHECK (validity IN ('true_positive', 'false_positive', 'out_of_scope', 'duplicate')),
  rsit_class text,
  rsit_type text,
  impact text NOT NULL,
  scope text NOT NULL,
  matrix_id uuid NOT NULL REFERENCES severity_matrices (id),
  matrix_version integer NOT NULL,
  asset_ids uuid[] NOT NULL DEFAULT '{}',
  business_impact text NOT NULL CHECK (business_impact IN ('low', 'medium', 'high', 'critical')),
  asset_criticality text NOT NULL
    CHECK (asset_criticality IN ('low', 'medium', 'high', 'critical')),
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  priority text NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
  explanation jsonb NOT NULL,
  rationale text NOT NULL DEFAULT '',
  decided_by uuid REFERENCES users (id),
  decided_by_label text NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX triage_decisions_incident ON triage_decisions (incident_id, decided_at);

-- SLA targets in business minutes, per severity; tenant_id NULL is the team default.
CREATE TABLE sla_policies (
  tenant_id uuid REFERENCES tenants (id),
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  acknowledge_minutes integer NOT NULL CHECK (acknowledge_minutes > 0),
  triage_minutes integer NOT NULL CHECK (triage_minutes > 0),
  contain_minutes integer NOT NULL CHECK (contain_minutes > 0),
  resolve_minutes integer NOT NULL CHECK (resolve_minutes > 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sla_policy_per_severity UNIQUE NULLS NOT DISTINCT (tenant_id, severity)
);

INSERT INTO sla_policies (tenant_id, severity, acknowledge_minutes, triage_minutes, contain_minutes, resolve_minutes) VALUES
  (NULL, 'critical', 15, 60, 240, 1080),
  (NULL, 'high', 60, 240, 540, 2700),
  (NULL, 'medium', 240, 540, 1620, 5400),
  (NULL, 'low', 540, 1080, 5400, 10800);

-- Business calendar: IANA time zone, weekly opening hours, public holidays.
CREATE TABLE sla_calendars (
  tenant_id uuid REFERENCES tenants (id),
  time_zone text NOT NULL DEFAULT 'Europe/Paris',
  weekly_hours jsonb NOT NULL,
  holidays date[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sla_calendar_per_tenant UNIQUE NULLS NOT DISTINCT (tenant_id)
);

-- The corporate profile: Mon–Fri 09:00–18:00 Paris time. MSSP teams switch to 24/7.
INSERT INTO sla_calendars (tenant_id, time_zone, weekly_hours) VALUES (NULL, 'Europe/Paris', '{
  "mon": [["09:00", "18:00"]], "tue": [["09:00", "18:00"]], "wed": [["09:00", "18:00"]],
  "thu": [["09:00", "18:00"]], "fri": [["09:00", "18:00"]], "sat": [], "sun": []
}');

-- Explicit milestones (acknowledged, contained); the others come from the
-- lifecycle (first status change out of new, resolution) and triage decisions.
CREATE TABLE incident_milestones (
  incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('acknowledged', 'contained')),
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES users (id),
  PRIMARY KEY (incident_id, kind)
);

-- SLA clocks stop while the team waits on the reporter; ended_at NULL is the open pause.
CREATE TABLE sla_pauses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  reason text NOT NULL DEFAULT '',
  CONSTRAINT pause_ends_after_start CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE UNIQUE INDEX sla_pauses_one_open ON sla_pauses (incident_id) WHERE ended_at IS NULL;
CREATE INDEX sla_pauses_incident ON sla_pauses (incident_id, started_at);

CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  tenant_id uuid REFERENCES tenants (id),
  incident_id uuid REFERENCES incidents (id) ON DELETE CASCADE,
  kind text NOT NULL,
  message text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  dedupe_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC);

-- Full-text search in both team languages. Expression indexes: queries must use
-- the same expressions (see triage/text-search.ts).
CREATE INDEX reports_fts_en ON reports
  USING GIN (to_tsvector('english'::regconfig, subject || ' ' || summary));
CREATE INDEX reports_fts_fr ON reports
  USING GIN (to_tsvector('french'::regconfig, subject || ' ' || summary));
CREATE INDEX incidents_fts_en ON incidents
  USING GIN (to_tsvector('english'::regconfig, title || ' ' || description));
CREATE INDEX incidents_fts_fr ON incidents
  USING GIN (to_tsvector('french'::regconfig, title || ' ' || description));
