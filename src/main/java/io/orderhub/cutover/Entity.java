package io.orderhub.cutover;

/** What is migrated, each with its own phase per cohort: orders, and members. */
public enum Entity {
    ORDERS, MEMBERS
}
