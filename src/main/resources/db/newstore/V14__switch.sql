-- The switch of authority (POST /api/admin/cutover/switch) waits until every live instance has the
-- version that holds a cohort's writes in force AND has no write of a held cohort still in flight:
-- each instance reports, with the version it has in force, how many writes it admitted for cohorts
-- that version holds and that have not finished yet (it reports both from one snapshot).
ALTER TABLE cutover_instances ADD COLUMN in_flight INTEGER NOT NULL DEFAULT 0;
