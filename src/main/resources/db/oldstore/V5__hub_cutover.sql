-- Added by the hub for the cutover (not part of the legacy CRM's own schema; the legacy system's
-- own reads and writes of its tables are unchanged).
--
-- HUB_ORDER_DOC: the hub's canonical document of each order the hub wrote, beside the legacy row.
-- The legacy columns stay the truth for what they hold; the document carries only what they cannot
-- (reads from the old store take legacy columns first). HUB_UPDATE_TIME/HUB_VERSION_NO are the
-- head row's UPDATE_TIME and VERSION_NO as the hub last wrote them: a head row that still carries
-- both was last written by the hub, so the legacy poll does not take it in again (no echo).
CREATE TABLE HUB_ORDER_DOC (
    ORDER_NO        VARCHAR(24)  NOT NULL,
    HUB_ORDER_ID    CHAR(36)     NOT NULL,
    HUB_VERSION     BIGINT       NOT NULL,
    DOCUMENT        LONGTEXT     NOT NULL,
    HUB_UPDATE_TIME DATETIME     NOT NULL,
    HUB_VERSION_NO  INT          NOT NULL,
    PRIMARY KEY (ORDER_NO),
    UNIQUE KEY UK_DOC_HUB_ID (HUB_ORDER_ID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Changes for the new store while the old store is authoritative (DUAL_WRITE, SHADOW), written in
-- the order's own transaction; relayed to Artemis, then deleted.
CREATE TABLE HUB_SYNC_OUTBOX (
    ID           BIGINT       NOT NULL AUTO_INCREMENT,
    ENTITY       VARCHAR(16)  NOT NULL,
    AGGREGATE_ID VARCHAR(64)  NOT NULL,
    COHORT       VARCHAR(64)  NOT NULL,
    VERSION_NO   BIGINT       NOT NULL,
    PAYLOAD      LONGTEXT     NOT NULL,
    COMMITTED_AT DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (ID),
    KEY IDX_SYNC_COHORT (COHORT, ENTITY)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Order events while the old store is authoritative: the Kafka event of a write comes from the
-- outbox of the store that took it (same payload as the new store's outbox), relayed, then deleted.
CREATE TABLE HUB_EVENT_OUTBOX (
    ID           BIGINT       NOT NULL AUTO_INCREMENT,
    AGGREGATE_ID CHAR(36)     NOT NULL,
    EVENT_TYPE   VARCHAR(40)  NOT NULL,
    PAYLOAD      LONGTEXT     NOT NULL,
    CREATED_AT   DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (ID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Idempotency-Keys of requests the old store took as the authority.
CREATE TABLE HUB_IDEMPOTENCY (
    IDEMPOTENCY_KEY VARCHAR(255) NOT NULL,
    REQUEST_HASH    CHAR(64)     NOT NULL,
    ORDER_ID        CHAR(36)     NOT NULL,
    CREATED_AT      DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (IDEMPOTENCY_KEY)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
