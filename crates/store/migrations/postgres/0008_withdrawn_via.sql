-- ringtrace schema, version 8 (PostgreSQL): where a withdrawal came from. `via` is the
-- TAXII server that revoked the copy pulled from it (empty when the
-- withdrawal was made here), so that a push to that server does not send
-- the revocation back.
ALTER TABLE withdrawn_reports ADD COLUMN via TEXT;
