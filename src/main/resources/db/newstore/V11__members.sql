-- New store: members, the canonical member form (canonical/CanonicalMember).
-- members is hash-partitioned by member id, as large member tables are built; the member id is
-- derived from the card number (name-based UUID, canonical/CanonicalMember.idOf), so a write keyed by
-- the legacy card number needs no look-up and a retried write lands on the same row.
-- A partitioned table's unique keys must contain its partition key, so the card number (unique)
-- and the mobile (not unique: the legacy CRM holds historic duplicates) are index tables of their
-- own, each hash-partitioned by its key.

CREATE TABLE members (
    member_id         uuid         NOT NULL,
    card_no           varchar(32)  NOT NULL,
    union_id          varchar(64),
    name              varchar(64),
    mobile            varchar(20),
    level_code        char(2)      NOT NULL,
    points            integer      NOT NULL,
    region_code       char(6),
    registered_store  varchar(16),
    -- the authoritative store's version of the member and its time of change (source version):
    -- a write never replaces a newer version
    version           bigint       NOT NULL,
    source_updated_at timestamptz  NOT NULL,
    updated_at        timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (member_id)
) PARTITION BY HASH (member_id);

CREATE TABLE members_p0 PARTITION OF members FOR VALUES WITH (MODULUS 8, REMAINDER 0);
CREATE TABLE members_p1 PARTITION OF members FOR VALUES WITH (MODULUS 8, REMAINDER 1);
CREATE TABLE members_p2 PARTITION OF members FOR VALUES WITH (MODULUS 8, REMAINDER 2);
CREATE TABLE members_p3 PARTITION OF members FOR VALUES WITH (MODULUS 8, REMAINDER 3);
CREATE TABLE members_p4 PARTITION OF members FOR VALUES WITH (MODULUS 8, REMAINDER 4);
CREATE TABLE members_p5 PARTITION OF members FOR VALUES WITH (MODULUS 8, REMAINDER 5);
CREATE TABLE members_p6 PARTITION OF members FOR VALUES WITH (MODULUS 8, REMAINDER 6);
CREATE TABLE members_p7 PARTITION OF members FOR VALUES WITH (MODULUS 8, REMAINDER 7);

CREATE TABLE member_card_keys (
    card_no   varchar(32) NOT NULL,
    member_id uuid        NOT NULL,
    PRIMARY KEY (card_no)
) PARTITION BY HASH (card_no);

CREATE TABLE member_card_keys_p0 PARTITION OF member_card_keys FOR VALUES WITH (MODULUS 8, REMAINDER 0);
CREATE TABLE member_card_keys_p1 PARTITION OF member_card_keys FOR VALUES WITH (MODULUS 8, REMAINDER 1);
CREATE TABLE member_card_keys_p2 PARTITION OF member_card_keys FOR VALUES WITH (MODULUS 8, REMAINDER 2);
CREATE TABLE member_card_keys_p3 PARTITION OF member_card_keys FOR VALUES WITH (MODULUS 8, REMAINDER 3);
CREATE TABLE member_card_keys_p4 PARTITION OF member_card_keys FOR VALUES WITH (MODULUS 8, REMAINDER 4);
CREATE TABLE member_card_keys_p5 PARTITION OF member_card_keys FOR VALUES WITH (MODULUS 8, REMAINDER 5);
CREATE TABLE member_card_keys_p6 PARTITION OF member_card_keys FOR VALUES WITH (MODULUS 8, REMAINDER 6);
CREATE TABLE member_card_keys_p7 PARTITION OF member_card_keys FOR VALUES WITH (MODULUS 8, REMAINDER 7);

CREATE TABLE member_mobile_keys (
    mobile    varchar(20) NOT NULL,
    member_id uuid        NOT NULL,
    PRIMARY KEY (mobile, member_id)
) PARTITION BY HASH (mobile);

CREATE TABLE member_mobile_keys_p0 PARTITION OF member_mobile_keys FOR VALUES WITH (MODULUS 8, REMAINDER 0);
CREATE TABLE member_mobile_keys_p1 PARTITION OF member_mobile_keys FOR VALUES WITH (MODULUS 8, REMAINDER 1);
CREATE TABLE member_mobile_keys_p2 PARTITION OF member_mobile_keys FOR VALUES WITH (MODULUS 8, REMAINDER 2);
CREATE TABLE member_mobile_keys_p3 PARTITION OF member_mobile_keys FOR VALUES WITH (MODULUS 8, REMAINDER 3);
CREATE TABLE member_mobile_keys_p4 PARTITION OF member_mobile_keys FOR VALUES WITH (MODULUS 8, REMAINDER 4);
CREATE TABLE member_mobile_keys_p5 PARTITION OF member_mobile_keys FOR VALUES WITH (MODULUS 8, REMAINDER 5);
CREATE TABLE member_mobile_keys_p6 PARTITION OF member_mobile_keys FOR VALUES WITH (MODULUS 8, REMAINDER 6);
CREATE TABLE member_mobile_keys_p7 PARTITION OF member_mobile_keys FOR VALUES WITH (MODULUS 8, REMAINDER 7);
