package io.orderhub.intake;

/** No order has the requested id. */
public class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException(String id) {
        super("no order with id " + id);
    }
}
