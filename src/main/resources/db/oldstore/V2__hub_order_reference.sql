-- Added by the hub (not part of the legacy CRM's own schema): the hub order id beside the legacy
-- order number, nullable so the legacy system's own inserts keep working unchanged.
ALTER TABLE CRM_ORDER_HEAD ADD COLUMN HUB_ORDER_ID CHAR(36) NULL AFTER ORDER_NO;
CREATE UNIQUE INDEX UK_ORDER_HUB_ID ON CRM_ORDER_HEAD (HUB_ORDER_ID);
