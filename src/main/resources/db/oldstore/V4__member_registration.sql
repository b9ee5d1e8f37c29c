-- The legacy CRM takes member registrations and changes from the POS (RegisterMember, UpdateMember):
-- each member row carries a version for optimistic updates and the store that registered it.
-- Rows from before keep version 1 and no registering store.
ALTER TABLE CRM_MEMBER
    ADD COLUMN VERSION_NO     INT         NOT NULL DEFAULT 1,
    ADD COLUMN REG_STORE_CODE VARCHAR(16) NULL;
