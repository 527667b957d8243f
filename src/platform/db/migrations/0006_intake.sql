-- E-mail intake: the addresses Vigil accepts mail for, every message received
-- (raw bytes in the blob store, parsed content and crypto outcome here), its
-- attachments, reporter contacts, and acknowledgement templates.

-- Addresses the SMTP listener accepts at RCPT time, per tenant and purpose
-- (cert: incident reports; psirt: vulnerability reports).
CREATE TABLE intake_addresses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  address text NOT NULL UNIQUE CHECK (address = lower(address) AND address LIKE '%_@_%'),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  purpose text NOT NULL DEFAULT 'cert' CHECK (purpose IN ('cert', 'psirt')),
  language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr')),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Reporters and correspondents, created or linked by address.
CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  email text NOT NULL CHECK (email = lower(email)),
  name text,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, email)
);

-- One row per message accepted. The row and the raw blob exist before the SMTP
-- server answers 250. `status`: received (waiting for processing), processed,
-- quarantined, deleted (quarantine discarded; the row stays for the record).
CREATE TABLE inbound_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  purpose text NOT NULL CHECK (purpose IN ('cert', 'psirt')),
  intake_address text,
  source_kind text NOT NULL CHECK (source_kind IN ('smtp', 'imap', 'api')),
  source_mailbox text,
  remote_address text,
  envelope_from text NOT NULL DEFAULT '',
  envelope_to text[] NOT NULL DEFAULT '{}',
  message_id text NOT NULL DEFAULT '',
  raw_sha256 text NOT NULL REFERENCES blobs (sha256),
  raw_size integer NOT NULL CHECK (raw_size >= 0),
  received_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'received'
    CHECK (status IN ('received', 'processed', 'quarantined', 'deleted')),
  quarantine_reason text,
  processed_at timestamptz,
  report_id uuid REFERENCES reports (id),
  incident_id uuid REFERENCES incidents (id),
  threaded_by text CHECK (threaded_by IN ('new', 'subject-tag', 'in-reply-to')),
  contact_id uuid REFERENCES contacts (id),
  from_address text,
  from_name text,
  subject text NOT NULL DEFAULT '',
  sent_at timestamptz,
  in_reply_to text,
  reference_ids text[] NOT NULL DEFAULT '{}',
  body_text text NOT NULL DEFAULT '',
  body_html_raw text,
  body_html text,
  language text,
  urgent boolean NOT NULL DEFAULT false,
  tlp text,
  pap text,
  encrypted boolean NOT NULL DEFAULT false,
  decrypted boolean,
  signature text NOT NULL DEFAULT 'none'
    CHECK (signature IN ('valid', 'invalid', 'unknown-key', 'none')),
  signer_fingerprint text,
  signer_key_id text,
  crypto_notes text[] NOT NULL DEFAULT '{}',
  ack_status text CHECK (ack_status IN ('queued', 'suppressed', 'skipped')),
  ack_note text,
  ack_outbound_id uuid REFERENCES outbound_messages (id),
  CONSTRAINT quarantine_has_reason CHECK ((status = 'quarantined') <= (quarantine_reason IS NOT NULL))
);
-- Duplicates: the same Message-ID with the same bytes is one message (a relay's retry).
CREATE UNIQUE INDEX inbound_messages_dedupe ON inbound_messages (message_id, raw_sha256);
CREATE INDEX inbound_messages_report ON inbound_messages (report_id, received_at);
CREATE INDEX inbound_messages_incident ON inbound_messages (incident_id, received_at);
CREATE INDEX inbound_messages_message_id ON inbound_messages (message_id) WHERE message_id <> '';
CREATE INDEX inbound_messages_quarantine ON inbound_messages (received_at) WHERE status = 'quarantined';

-- Attachments (and forwarded message/rfc822 parts, kept whole with their headers).
CREATE TABLE inbound_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  inbound_message_id uuid NOT NULL REFERENCES inbound_messages (id),
  position integer NOT NULL,
  filename text,
  content_type text NOT NULL,
  sha256 text NOT NULL REFERENCES blobs (sha256),
  size integer NOT NULL CHECK (size >= 0),
  forwarded_headers jsonb,
  UNIQUE (inbound_message_id, position)
);

-- Acknowledgement templates per tenant (NULL: the whole team) and language.
-- Without a row, the built-in text is used.
CREATE TABLE intake_ack_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid REFERENCES tenants (id),
  language text NOT NULL CHECK (language IN ('en', 'fr')),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX intake_ack_templates_one
  ON intake_ack_templates (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), language);
