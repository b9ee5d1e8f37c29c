package io.orderhub.cutover;

/** A rollback or look-up names a rules version that was never stored (HTTP 404). */
public class UnknownRulesVersionException extends RuntimeException {

    public UnknownRulesVersionException(long version) {
        super("no cutover rules version " + version);
    }
}
