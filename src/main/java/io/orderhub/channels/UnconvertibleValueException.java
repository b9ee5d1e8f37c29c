package io.orderhub.channels;

/**
 * A record whose own value cannot be converted (a bad date, a blank or malformed number, an amount
 * out of range): no table fix can cure it, only a corrected record, so it is never parked. It is a
 * {@link MalformedRecordException} naming the record's field that holds the value (a webhook answers
 * 400); a file drop lists it in the error file with the source column and value, traced from the
 * value itself.
 */
public class UnconvertibleValueException extends MalformedRecordException {

    private final transient Object value;
    private final String problem;

    public UnconvertibleValueException(String field, Object value, String problem) {
        super(field == null ? "$" : field, problem);
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
}
