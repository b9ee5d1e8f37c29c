package io.orderhub.canonical;

import java.util.List;

/** A member that breaks the canonical member rules; every offending field, by its canonical name. */
public class InvalidMemberException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidMemberException(List<FieldError> errors) {
        super("invalid member: " + errors);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
