package io.orderhub.intake;

/** A store cannot take the order right now; the caller should retry. Nothing was half-written. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
