-- New store: the canonical order schema.
-- orders and order_items are range-partitioned by creation month (UTC); the month is also the
-- timestamp inside the hub order id (UUIDv7), so a lookup by id prunes to one partition.
-- Monthly partitions are created ahead of time by the hub (PartitionMaintainer), and on demand
-- for older months; there is deliberately no DEFAULT partition, which would block that.

CREATE TABLE orders (
    order_id             uuid          NOT NULL,
    created_at           timestamptz   NOT NULL,
    channel              varchar(32)   NOT NULL,
    shop_id              varchar(64)   NOT NULL,
    channel_order_id     varchar(64)   NOT NULL,
    source_system        varchar(32)   NOT NULL,
    legacy_order_no      varchar(32),
    member_union_id      varchar(64),
    member_card_no       varchar(32),
    store_code           varchar(16),
    region_code          char(6),
    status               varchar(20)   NOT NULL,
    on_hold              boolean       NOT NULL,
    currency             char(3)       NOT NULL,
    goods_amount         numeric(18,4) NOT NULL,
    shipping_amount      numeric(18,4) NOT NULL,
    discount_amount      numeric(18,4) NOT NULL,
    paid_amount          numeric(18,4) NOT NULL,
    paid_at              timestamptz,
    shipped_at           timestamptz,
    completed_at         timestamptz,
    platform_modified_at timestamptz   NOT NULL,
    version              bigint        NOT NULL,
    document             jsonb         NOT NULL,
    updated_at           timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, created_at)
) PARTITION BY RANGE (created_at);

CREATE INDEX orders_status_idx ON orders (status, created_at);
CREATE INDEX orders_store_idx ON orders (store_code, created_at);

CREATE TABLE order_items (
    order_id          uuid          NOT NULL,
    created_at        timestamptz   NOT NULL,
    line_no           integer       NOT NULL,
    hub_sku           varchar(64)   NOT NULL,
    channel_sku       varchar(64),
    name              varchar(200)  NOT NULL,
    quantity          integer       NOT NULL,
    unit_price        numeric(18,4) NOT NULL,
    discount          numeric(18,4) NOT NULL,
    line_total        numeric(18,4) NOT NULL,
    after_sale_status varchar(12)   NOT NULL,
    PRIMARY KEY (order_id, created_at, line_no)
) PARTITION BY RANGE (created_at);

CREATE INDEX order_items_sku_idx ON order_items (hub_sku, created_at);

-- Index table for the channel identity: uniqueness across all partitions (a partitioned table's
-- unique keys must contain the partition key, so this cannot live on orders itself).
CREATE TABLE order_channel_keys (
    channel          varchar(32) NOT NULL,
    shop_id          varchar(64) NOT NULL,
    channel_order_id varchar(64) NOT NULL,
    order_id         uuid        NOT NULL,
    PRIMARY KEY (channel, shop_id, channel_order_id)
);

-- Index table for member look-ups, hash-partitioned by member id.
CREATE TABLE member_orders (
    member_union_id varchar(64) NOT NULL,
    order_id        uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (member_union_id, order_id)
) PARTITION BY HASH (member_union_id);

CREATE TABLE member_orders_p0 PARTITION OF member_orders FOR VALUES WITH (MODULUS 8, REMAINDER 0);
CREATE TABLE member_orders_p1 PARTITION OF member_orders FOR VALUES WITH (MODULUS 8, REMAINDER 1);
CREATE TABLE member_orders_p2 PARTITION OF member_orders FOR VALUES WITH (MODULUS 8, REMAINDER 2);
CREATE TABLE member_orders_p3 PARTITION OF member_orders FOR VALUES WITH (MODULUS 8, REMAINDER 3);
CREATE TABLE member_orders_p4 PARTITION OF member_orders FOR VALUES WITH (MODULUS 8, REMAINDER 4);
CREATE TABLE member_orders_p5 PARTITION OF member_orders FOR VALUES WITH (MODULUS 8, REMAINDER 5);
CREATE TABLE member_orders_p6 PARTITION OF member_orders FOR VALUES WITH (MODULUS 8, REMAINDER 6);
CREATE TABLE member_orders_p7 PARTITION OF member_orders FOR VALUES WITH (MODULUS 8, REMAINDER 7);

-- Idempotency-Key of callers: a replay with the same key and the same request returns the same order.
CREATE TABLE idempotency_keys (
    idempotency_key varchar(255) PRIMARY KEY,
    request_hash    char(64)     NOT NULL,
    order_id        uuid         NOT NULL,
    created_at      timestamptz  NOT NULL DEFAULT now()
);

-- Transactional outbox: written in the same transaction as the order, relayed to Kafka, then deleted.
CREATE TABLE outbox (
    id           bigserial    PRIMARY KEY,
    aggregate_id uuid         NOT NULL,
    event_type   varchar(40)  NOT NULL,
    payload      jsonb        NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now()
);
