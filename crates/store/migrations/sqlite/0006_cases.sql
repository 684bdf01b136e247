-- ringtrace schema, version 6: investigations (issue 8). A case is its event
-- log (each event JSON, replayed by ringtrace-act); exhibits are the
-- seized-device extracts imported into a case, with their chain of custody.
CREATE TABLE case_events (
    case_id TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    event   TEXT NOT NULL,
    at      TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);
CREATE TABLE exhibits (
    exhibit_id  TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL,
    site        TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    format      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    extract     TEXT NOT NULL,
    indicators  TEXT NOT NULL
);
CREATE INDEX exhibits_by_case ON exhibits (case_id, imported_at);
CREATE INDEX exhibits_by_hash ON exhibits (sha256);
