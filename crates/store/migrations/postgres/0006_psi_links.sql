-- ringtrace schema, version 6 (PostgreSQL): values found in common with a partner by
-- private set intersection, each with the ring it is in here: links between
-- this instance's rings and the partner's, recorded with their session.
CREATE TABLE psi_links (
    session  TEXT NOT NULL,
    peer     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    value    TEXT NOT NULL,
    ring_id  TEXT,
    found_at TEXT NOT NULL,
    PRIMARY KEY (session, kind, value)
);
CREATE INDEX psi_links_by_ring ON psi_links (ring_id);
