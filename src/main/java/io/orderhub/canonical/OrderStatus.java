package io.orderhub.canonical;

/** Fulfilment status of an order; the allowed moves are in {@link OrderTransitions}. */
public enum OrderStatus {
    PENDING_PAYMENT, PAID, PREPARING, SHIPPED, COMPLETED, CANCELLED
}
