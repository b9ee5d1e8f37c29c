-- New store: platforms let merchants use outer SKU codes and item titles far longer than 64
-- characters; the canonical limits (mappings/canonical/canonical-order.schema.json) are 255 for
-- hubSku, channelSku and name. Widening a varchar rewrites nothing in PostgreSQL, and the
-- partitions follow their parent.
ALTER TABLE order_items ALTER COLUMN hub_sku TYPE varchar(255);
ALTER TABLE order_items ALTER COLUMN channel_sku TYPE varchar(255);
ALTER TABLE order_items ALTER COLUMN name TYPE varchar(255);
