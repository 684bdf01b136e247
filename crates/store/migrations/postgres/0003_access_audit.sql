-- ringtrace schema, version 3 (PostgreSQL): the service's partners, their
-- API keys, AMBER sharing between partners, and the append-only audit log.
CREATE TABLE partners (
    slug       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    disabled   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL
);

CREATE TABLE api_keys (
    key_id      TEXT PRIMARY KEY,
    partner     TEXT NOT NULL REFERENCES partners (slug),
    role        TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
CREATE INDEX api_keys_by_partner ON api_keys (partner);

CREATE TABLE amber_grants (
    owner      TEXT NOT NULL REFERENCES partners (slug),
    grantee    TEXT NOT NULL REFERENCES partners (slug),
    granted_at TEXT NOT NULL,
    PRIMARY KEY (owner, grantee)
);

CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE FUNCTION audit_log_in_sequence() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last BIGINT;
BEGIN
    -- The table of the trigger, whatever the caller's search_path.
    EXECUTE format('SELECT MAX(seq) FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO last;
    IF NEW.seq IS DISTINCT FROM COALESCE(last, 0) + 1 THEN
        RAISE EXCEPTION 'the audit log is append-only: entries are appended in sequence';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_log_in_sequence BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_in_sequence();
INSERT INTO meta (key, value) VALUES ('audit_count', '0');
