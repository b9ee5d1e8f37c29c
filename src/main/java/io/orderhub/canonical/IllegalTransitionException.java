package io.orderhub.canonical;

/** An internal command asked for a move the state machine does not allow. */
public class IllegalTransitionException extends RuntimeException {

    private final String dimension;
    private final String from;
    private final String to;

    public IllegalTransitionException(String dimension, String from, String to, String why) {
        super("illegal " + dimension + " transition " + from + " -> " + to + "; " + why);
        this.dimension = dimension;
        this.from = from;
        this.to = to;
    }

    public String dimension() {
        return dimension;
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }
}
