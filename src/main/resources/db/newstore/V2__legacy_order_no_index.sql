-- POS systems look orders up by the legacy order number (QueryOrder); changes-since polls by row time.
CREATE INDEX orders_legacy_no_idx ON orders (legacy_order_no);
CREATE INDEX orders_updated_idx ON orders (updated_at);
