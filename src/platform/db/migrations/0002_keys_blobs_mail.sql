-- OpenPGP team and contact keys, the blob index, and the outbound mail queue.

-- Keys Vigil signs and decrypts with. The secret is stored encrypted with a
-- passphrase derived from the instance secret (VIGIL_SECRET_KEY or data/secret.key).
CREATE TABLE team_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  purpose text NOT NULL CHECK (purpose ~ '^[a-z][a-z0-9-]{0,31}$'),
  tenant_id uuid REFERENCES tenants (id),
  fingerprint text NOT NULL UNIQUE CHECK (fingerprint ~ '^[0-9A-F]{40,64}$'),
  key_id text NOT NULL,
  user_ids text[] NOT NULL,
  algorithm text NOT NULL,
  armored_public text NOT NULL,
  encrypted_secret text NOT NULL CHECK (encrypted_secret LIKE '-----BEGIN PGP PRIVATE KEY BLOCK-----%'),
  is_primary boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  revoked boolean NOT NULL DEFAULT false,
  added_at timestamptz NOT NULL DEFAULT now()
);
-- At most one primary key per purpose and tenant (NULL tenant: the whole team).
CREATE UNIQUE INDEX team_keys_one_primary
  ON team_keys (purpose, coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid))
  WHERE is_primary;

-- Public keys of reporters, vendors and peer teams: whom Vigil can encrypt to.
CREATE TABLE contact_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  fingerprint text NOT NULL UNIQUE CHECK (fingerprint ~ '^[0-9A-F]{40,64}$'),
  key_id text NOT NULL,
  emails text[] NOT NULL,
  user_ids text[] NOT NULL,
  algorithm text NOT NULL,
  armored_public text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  revoked boolean NOT NULL DEFAULT false,
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 40),
  added_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contact_keys_emails ON contact_keys USING gin (emails);

-- What the content-addressed blob store holds.
CREATE TABLE blobs (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL CHECK (size >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Rendered mail waiting for, or done with, delivery. The raw MIME is kept in the
-- database (not the node-local blob directory) so any worker node can send it, and a
-- retry sends the same bytes instead of rendering again.
CREATE TABLE outbound_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  message_id text NOT NULL UNIQUE,
  envelope_from text NOT NULL,
  envelope_to text[] NOT NULL CHECK (cardinality(envelope_to) > 0),
  raw_mime text NOT NULL,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'no-relay', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  sending_since timestamptz,
  relay_response text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  CONSTRAINT sent_has_time CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX outbound_messages_unsent ON outbound_messages (status) WHERE status <> 'sent';
