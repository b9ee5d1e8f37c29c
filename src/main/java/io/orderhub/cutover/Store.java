package io.orderhub.cutover;

/** The two stores a cutover moves between: the legacy CRM's MariaDB schema and the canonical PostgreSQL one. */
public enum Store {
    OLD, NEW
}
