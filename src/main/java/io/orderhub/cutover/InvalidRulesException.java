package io.orderhub.cutover;

import io.orderhub.canonical.FieldError;
import java.util.List;

/**
 * A cutover request that cannot be taken. {@code malformed}: it could not be read (not JSON, a wrong
 * type, an unknown field: HTTP 400); otherwise it was read but breaks a rule (HTTP 422). Every
 * offending field is named by its JSON path, e.g. {@code rules[2].percent}.
 */
public class InvalidRulesException extends RuntimeException {

    private final boolean malformed;
    private final List<FieldError> errors;

    public InvalidRulesException(boolean malformed, List<FieldError> errors) {
        super((malformed ? "malformed cutover request: " : "invalid cutover rules: ") + errors);
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
