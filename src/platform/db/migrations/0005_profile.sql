-- The team profile (RFC 2350 as structured data): one current row, immutable history.

-- The current profile. One team per installation: the single row has id 1.
-- `revision` is the optimistic-concurrency version (ETag); `document_version`
-- the RFC 2350 version the document shows (3.0, 3.1, ...).
CREATE TABLE team_profile (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  revision integer NOT NULL CHECK (revision >= 1),
  document_version text NOT NULL CHECK (length(document_version) BETWEEN 1 AND 40),
  last_updated date NOT NULL,
  data jsonb NOT NULL,
  -- security.txt (RFC 9116) must carry an Expires less than a year ahead: set on each publication.
  security_txt_expires_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);

-- Every revision ever published, kept as written.
CREATE TABLE team_profile_versions (
  revision integer PRIMARY KEY CHECK (revision >= 1),
  document_version text NOT NULL,
  last_updated date NOT NULL,
  data jsonb NOT NULL,
  source text NOT NULL CHECK (source IN ('import', 'edit')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL
);

CREATE FUNCTION team_profile_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'team_profile_versions is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER team_profile_versions_no_update BEFORE UPDATE OR DELETE ON team_profile_versions
  FOR EACH ROW EXECUTE FUNCTION team_profile_versions_immutable();
