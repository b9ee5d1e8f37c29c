package io.orderhub.canonical;

import java.util.List;

/**
 * A request that is not a valid canonical order. {@code malformed} means it could not even be read
 * (bad JSON, wrong type: HTTP 400); otherwise it was read but breaks a rule (HTTP 422).
 */
public class InvalidOrderException extends RuntimeException {

    private final boolean malformed;
    private final List<FieldError> errors;

    public InvalidOrderException(boolean malformed, List<FieldError> errors) {
        super((malformed ? "malformed order: " : "invalid order: ") + errors);
        this.malformed = malformed;
        this.errors = List.copyOf(errors);
    }

    public boolean malformed() {
        return malformed;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
