-- Added by the hub: SKU codes and item names of up to 255 characters, as the canonical order
-- allows (platform outer SKU codes are often longer than 64), and a flag beside buyer and
-- receiver contacts that the platform sent masked (张**, 138****1234), so the legacy side can tell
-- them from real ones. The flags are nullable: the legacy CRM's own inserts keep working unchanged.
ALTER TABLE CRM_ORDER_DETAIL
    MODIFY COLUMN SKU_CODE   VARCHAR(255) NOT NULL,
    MODIFY COLUMN PLAT_SKU   VARCHAR(255) NULL,
    MODIFY COLUMN GOODS_NAME VARCHAR(255) NOT NULL;
ALTER TABLE CRM_ORDER_HEAD
    ADD COLUMN BUYER_MASKED CHAR(1) NULL AFTER BUYER_EMAIL,
    ADD COLUMN RECV_MASKED  CHAR(1) NULL AFTER RECV_ZIP;
