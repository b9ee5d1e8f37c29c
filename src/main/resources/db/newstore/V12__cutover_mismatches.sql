-- Cutover shadow reads (issue 11 item 8): in SHADOW and LIVE the non-authoritative store is read too,
-- in the background, and compared with the answer the caller got on the canonical form. A mismatch
-- (including present in one store, absent in the other) is kept here with both versions for
-- inspection through GET /api/admin/cutover/mismatches (admin only: the versions hold personal data).
-- Bounded: after each insert only the newest N rows per entity are kept
-- (orderhub.cutover.mismatches.keep-per-entity), older ones are deleted.
CREATE TABLE cutover_mismatches (
    id             BIGSERIAL    PRIMARY KEY,
    entity         TEXT         NOT NULL CHECK (entity IN ('ORDERS', 'MEMBERS')),
    cohort         TEXT         NOT NULL,
    rules_version  BIGINT       NOT NULL,
    -- what the read asked by: cardNo or mobile for members
    key_name       TEXT         NOT NULL,
    key_value      TEXT         NOT NULL,
    -- the store whose answer the caller got
    authoritative  TEXT         NOT NULL CHECK (authoritative IN ('OLD', 'NEW')),
    -- each store's answer in the canonical form; NULL: the store has no such entity
    old_version    JSONB,
    new_version    JSONB,
    detected_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX cutover_mismatches_entity ON cutover_mismatches (entity, id DESC);
CREATE INDEX cutover_mismatches_cohort ON cutover_mismatches (cohort, id DESC);
