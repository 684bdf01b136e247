-- ringtrace schema, version 3: the service's partners, their API keys,
-- AMBER sharing between partners, and the append-only audit log.
CREATE TABLE partners (
    slug       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    disabled   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

-- API keys: never the secret, only its SHA-256 (hex).
CREATE TABLE api_keys (
    key_id      TEXT PRIMARY KEY,
    partner     TEXT NOT NULL REFERENCES partners (slug),
    role        TEXT NOT NULL,            -- admin | analyst | partner | investigator | lookup
    secret_hash TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
CREATE INDEX api_keys_by_partner ON api_keys (partner);

-- `owner` lets `grantee` see the narrative and loss of owner's AMBER reports.
CREATE TABLE amber_grants (
    owner      TEXT NOT NULL REFERENCES partners (slug),
    grantee    TEXT NOT NULL REFERENCES partners (slug),
    granted_at TEXT NOT NULL,
    PRIMARY KEY (owner, grantee)
);

-- The audit log: each entry's hash covers its fields and the previous hash.
-- Entries are only ever appended, one after the other; meta.audit_count
-- counts them, so that removing the last ones shows.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- Also refuses INSERT OR REPLACE over an existing entry (REPLACE deletes
-- without firing delete triggers) and gaps in the sequence.
CREATE TRIGGER audit_log_in_sequence BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT COALESCE((SELECT MAX(seq) FROM audit_log), 0) + 1
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: entries are appended in sequence');
END;
INSERT INTO meta (key, value) VALUES ('audit_count', '0');
