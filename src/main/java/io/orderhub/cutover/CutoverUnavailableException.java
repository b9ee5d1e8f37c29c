package io.orderhub.cutover;

/**
 * The rules could not be read from the new store yet (it is down since start-up): nothing is decided
 * on guessed rules; the caller answers 503 and is retried.
 */
public class CutoverUnavailableException extends RuntimeException {

    public CutoverUnavailableException(String message) {
        super(message);
    }
}
