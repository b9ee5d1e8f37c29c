package io.orderhub.channels;

import java.util.List;

/**
 * A record whose own value cannot be converted (a bad date, a blank or malformed number): no
 * table fix can cure it, only a corrected record. A file drop lists it in the error file with the
 * source column and value; webhooks and polls still park it, as they have no error file. It is an
 * {@link UnmappableOrderException} so that every caller that parks an unmappable record keeps doing so.
 */
public class UnconvertibleValueException extends UnmappableOrderException {

    private final transient Object value;
    private final String problem;

    public UnconvertibleValueException(Object value, String problem, List<String> reasons) {
        super(reasons);
        this.value = value;
        this.problem = problem;
    }

    /** The value as the mapping received it (the same object the record carried). */
    public Object value() {
        return value;
    }

    /** What is wrong with the value, without where it is ("is not a time"). */
    public String problem() {
        return problem;
    }

    /** Thrown by the mapping functions: the value they could not convert, and why. */
    public static class BadValue extends IllegalArgumentException {
        private final transient Object value;
        private final String problem;

        public BadValue(Object value, String problem) {
            super(value == null ? "a value " + problem : "'" + value + "' " + problem);
            this.value = value;
            this.problem = problem;
        }

        public Object value() {
            return value;
        }

        public String problem() {
            return problem;
        }
    }
}
