-- IMAP mailboxes polled for reports, the UID ledger that makes polling
-- restart-safe, and the team's S/MIME identities and trust anchors.

-- A mailbox Vigil polls. The password is sealed (AES-256-GCM) with a key derived
-- from the instance secret; status columns are what GET /api/intake/mailboxes shows.
CREATE TABLE intake_mailboxes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  host text NOT NULL CHECK (length(host) BETWEEN 1 AND 255),
  port integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
  tls_mode text NOT NULL CHECK (tls_mode IN ('implicit', 'starttls', 'none')),
  tls_verify boolean NOT NULL DEFAULT true,
  username text NOT NULL CHECK (length(username) BETWEEN 1 AND 320),
  sealed_password text NOT NULL CHECK (sealed_password LIKE 'v1.%'),
  folder text NOT NULL DEFAULT 'INBOX',
  -- After a message is committed: add `processed_flag`, or move it to `processed_folder`.
  processed_action text NOT NULL CHECK (processed_action IN ('flag', 'move')),
  processed_flag text NOT NULL DEFAULT '$VigilIngested',
  processed_folder text,
  CHECK (processed_action <> 'move' OR processed_folder IS NOT NULL),
  -- The team address whose mail lands here: its intake address gives tenant and purpose.
  address text NOT NULL CHECK (address ~ '^[^@\s]+@[^@\s]+$'),
  poll_interval_seconds integer NOT NULL DEFAULT 60 CHECK (poll_interval_seconds BETWEEN 5 AND 86400),
  enabled boolean NOT NULL DEFAULT true,
  uid_validity bigint,
  last_uid bigint NOT NULL DEFAULT 0,
  messages_ingested bigint NOT NULL DEFAULT 0,
  last_poll_at timestamptz,
  last_success_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  consecutive_failures integer NOT NULL DEFAULT 0,
  next_poll_at timestamptz NOT NULL DEFAULT now(),
  -- Which node polls it now: several `imap` nodes never poll one mailbox at once.
  lease_owner text,
  lease_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every message taken from a mailbox, by (UIDVALIDITY, UID): a message ingested
-- but not yet flagged or moved when the poller stopped is only flagged next time.
CREATE TABLE intake_mailbox_messages (
  mailbox_id uuid NOT NULL REFERENCES intake_mailboxes (id) ON DELETE CASCADE,
  uid_validity bigint NOT NULL,
  uid bigint NOT NULL,
  message_id text NOT NULL,
  status text NOT NULL,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  PRIMARY KEY (mailbox_id, uid_validity, uid)
);

-- The team's S/MIME certificates with their private keys (PKCS#8, sealed like
-- IMAP passwords): they decrypt mail sent to the team.
CREATE TABLE smime_identities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  fingerprint text NOT NULL UNIQUE CHECK (fingerprint ~ '^[0-9A-F]{64}$'),
  subject text NOT NULL,
  issuer text NOT NULL,
  serial text NOT NULL,
  emails text[] NOT NULL,
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  certificate_pem text NOT NULL CHECK (certificate_pem LIKE '-----BEGIN CERTIFICATE-----%'),
  chain_pem text NOT NULL DEFAULT '',
  sealed_private_key text NOT NULL CHECK (sealed_private_key LIKE 'v1.%'),
  tenant_id uuid REFERENCES tenants (id),
  added_at timestamptz NOT NULL DEFAULT now()
);

-- Certificates that S/MIME signers must chain to for a signature to count as valid.
CREATE TABLE smime_trust_anchors (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  fingerprint text NOT NULL UNIQUE CHECK (fingerprint ~ '^[0-9A-F]{64}$'),
  subject text NOT NULL,
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  certificate_pem text NOT NULL CHECK (certificate_pem LIKE '-----BEGIN CERTIFICATE-----%'),
  added_at timestamptz NOT NULL DEFAULT now()
);
