package io.orderhub.api;

/**
 * A refusal that knows its own problem+json answer: status, type (after the problem prefix), title,
 * and the field it names (or none). Features outside {@code api} throw their own subclasses, so
 * {@link Problems} answers them without depending on those features.
 */
public abstract class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final String field;
    private final String reason;

    protected ProblemException(int status, String type, String title, String field, String reason, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.title = title;
        this.field = field;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** The field the problem names, or {@code null}. */
    public String field() {
        return field;
    }

    /** What is wrong with the field. */
    public String reason() {
        return reason;
    }
}
