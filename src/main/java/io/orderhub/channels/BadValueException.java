package io.orderhub.channels;

/**
 * A platform value a mapping function cannot take as what it claims to be (an amount that is not a
 * decimal, a time that is not a time, a blank where a number is needed). The mapping step names the
 * record's field holding it ({@link UnconvertibleValueException}); a file drop names its column.
 */
public class BadValueException extends IllegalArgumentException {

    private final transient Object value;
    private final String reason;

    public BadValueException(Object value, String reason) {
        super(value == null ? "a value " + reason : "'" + value + "' " + reason);
        this.value = value;
        this.reason = reason;
    }

    public Object value() {
        return value;
    }

    public String reason() {
        return reason;
    }
}
