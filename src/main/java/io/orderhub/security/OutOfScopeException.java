package io.orderhub.security;

/** A channel credential sent an order of a channel or shop it is not scoped to. */
public class OutOfScopeException extends RuntimeException {

    private final String field;

    public OutOfScopeException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
