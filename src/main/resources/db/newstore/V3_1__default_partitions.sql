-- New store: a DEFAULT partition for every range-partitioned table. An order of a month that has
-- no partition (a late channel, a backfill inside the accepted createdAt horizon) is stored here
-- instead of the request creating a partition: DDL runs only on the hub's own schedule
-- (PartitionMaintainer), which moves such rows into their month's partition when it creates it.
-- member_orders is hash-partitioned: its eight partitions cover every value and PostgreSQL allows
-- no default partition there.

CREATE TABLE orders_default PARTITION OF orders DEFAULT;
CREATE TABLE order_items_default PARTITION OF order_items DEFAULT;
