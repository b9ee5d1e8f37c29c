package io.orderhub.cutover;

/**
 * The rules could not be read from the new store yet (it is down since start-up): nothing is decided
 * on guessed rules; the caller answers 503 and is retried. Also thrown by the write gate
 * ({@link HeldWrites}) for a write whose cohort stayed held for a switch of authority longer than
 * {@code orderhub.cutover.hold-max-ms}.
 */
public class CutoverUnavailableException extends RuntimeException {

    public CutoverUnavailableException(String message) {
        super(message);
    }
}
