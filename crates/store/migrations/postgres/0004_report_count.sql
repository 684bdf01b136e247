-- ringtrace schema, version 4 (PostgreSQL): the number of reports, kept
-- beside them (each transaction adds its new reports as it commits), so that
-- asking for it does not count a million rows.
INSERT INTO meta (key, value) SELECT 'report_count', COUNT(*)::text FROM reports;
