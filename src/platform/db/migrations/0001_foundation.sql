-- Vigil foundation schema: tenants, identities, cases, timeline, audit chain, job queue.

CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Corporate mode runs with this single constituency; MSSP mode adds more.
INSERT INTO tenants (slug, name) VALUES ('default', 'Default constituency');

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) <= 254),
  display_name text NOT NULL DEFAULT '',
  role text NOT NULL CHECK (role IN ('admin', 'lead', 'handler', 'psirt', 'auditor', 'constituent')),
  tenant_id uuid REFERENCES tenants (id),
  password_hash text,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT constituent_has_tenant CHECK (role <> 'constituent' OR tenant_id IS NOT NULL)
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Reports and incidents share one reference sequence so that a subject tag
-- such as [VIGIL #123] names exactly one case.
CREATE SEQUENCE case_ref_seq START 1000;

CREATE TABLE incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ref integer NOT NULL UNIQUE DEFAULT nextval('case_ref_seq'),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'triage', 'in_progress', 'resolved', 'closed')),
  severity text NOT NULL DEFAULT 'medium' CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  priority text CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
  rsit_class text,
  rsit_type text,
  tlp text NOT NULL DEFAULT 'GREEN' CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  pap text NOT NULL DEFAULT 'GREEN' CHECK (pap IN ('CLEAR', 'GREEN', 'AMBER', 'RED')),
  lead_id uuid REFERENCES users (id),
  restricted boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  closed_at timestamptz
);
CREATE INDEX incidents_tenant_status ON incidents (tenant_id, status);
CREATE INDEX incidents_created ON incidents (created_at DESC);

-- Need-to-know: members of a restricted incident are the only ones who see it.
CREATE TABLE incident_members (
  incident_id uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, user_id)
);
CREATE INDEX incident_members_user ON incident_members (user_id);

CREATE TABLE reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ref integer NOT NULL UNIQUE DEFAULT nextval('case_ref_seq'),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  channel text NOT NULL CHECK (channel IN ('email', 'portal', 'api', 'phone', 'other')),
  reporter_name text,
  reporter_email text,
  received_at timestamptz NOT NULL DEFAULT now(),
  subject text NOT NULL,
  summary text NOT NULL DEFAULT '',
  source_ref text,
  tlp text NOT NULL DEFAULT 'GREEN' CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  pap text NOT NULL DEFAULT 'GREEN' CHECK (pap IN ('CLEAR', 'GREEN', 'AMBER', 'RED')),
  urgent boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'closed')),
  incident_id uuid REFERENCES incidents (id),
  merged_into_id uuid REFERENCES reports (id),
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT merged_has_target CHECK ((status = 'merged') = (merged_into_id IS NOT NULL))
);
CREATE INDEX reports_tenant_received ON reports (tenant_id, received_at DESC);
CREATE INDEX reports_received ON reports (received_at DESC, id DESC);
CREATE INDEX reports_incident ON reports (incident_id);

CREATE TABLE timeline_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  incident_id uuid REFERENCES incidents (id) ON DELETE CASCADE,
  report_id uuid REFERENCES reports (id) ON DELETE CASCADE,
  type text NOT NULL,
  actor_id uuid,
  actor_label text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  data jsonb NOT NULL,
  CONSTRAINT timeline_has_subject CHECK (incident_id IS NOT NULL OR report_id IS NOT NULL)
);
CREATE INDEX timeline_incident ON timeline_events (incident_id, id);
CREATE INDEX timeline_report ON timeline_events (report_id, id);

-- Append-only, hash-chained audit log. `record` is the exact canonical JSON that
-- was hashed; the other columns are copies for querying and are checked against it.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_label text NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  tenant_id uuid,
  record text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);
CREATE INDEX audit_entity ON audit_log (entity_type, entity_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Durable job queue (outbox): jobs are inserted in the transaction of the change
-- that causes them and claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'dead')),
  run_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 8,
  dedupe_key text,
  locked_by text,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE UNIQUE INDEX jobs_dedupe ON jobs (name, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX jobs_ready ON jobs (run_at) WHERE status = 'queued';
CREATE INDEX jobs_running ON jobs (locked_until) WHERE status = 'running';
