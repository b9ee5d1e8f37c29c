-- Cutover write path, new-store side. While the new store is authoritative for a cohort (LIVE,
-- RAMPDOWN), every write also leaves a change for the old store here, in the same transaction as
-- the order; a relay hands it to a persistent Artemis queue and deletes it (an outbox-style
-- hand-off: no XA, nothing lost if the process dies between the commit and the send).
-- payload: the canonical document (orders: the order JSON) at that version.
CREATE TABLE sync_outbox (
    id           BIGSERIAL    PRIMARY KEY,
    entity       VARCHAR(16)  NOT NULL,
    aggregate_id VARCHAR(64)  NOT NULL,
    cohort       VARCHAR(64)  NOT NULL,
    version      BIGINT       NOT NULL,
    payload      TEXT         NOT NULL,
    committed_at TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX sync_outbox_cohort ON sync_outbox (cohort, entity);

-- Every instance's last seen rules version, so a switch of authority knows when all instances
-- hold a cohort's writes (instances silent for 5 s are taken as gone).
CREATE TABLE cutover_instances (
    instance_id  VARCHAR(64)  PRIMARY KEY,
    seen_version BIGINT       NOT NULL,
    heartbeat_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
