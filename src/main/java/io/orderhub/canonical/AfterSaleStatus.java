package io.orderhub.canonical;

/** Per-item after-sale dimension, independent of the order's fulfilment status. */
public enum AfterSaleStatus {
    NONE, REQUESTED, REFUNDING, REFUNDED, RETURNED, REJECTED
}
