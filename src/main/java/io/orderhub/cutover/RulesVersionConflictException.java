package io.orderhub.cutover;

/**
 * A change was based on a version that is no longer the current one: someone else changed the rules
 * in between (HTTP 409). Read the current rules, apply the change again, and retry.
 */
public class RulesVersionConflictException extends RuntimeException {

    private final long expected;
    private final long current;

    public RulesVersionConflictException(long expected, long current) {
        super("the change was based on rules version " + expected + " but version " + current + " is current");
        this.expected = expected;
        this.current = current;
    }

    public long expected() {
        return expected;
    }

    public long current() {
        return current;
    }
}
