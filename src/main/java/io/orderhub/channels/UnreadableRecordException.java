package io.orderhub.channels;

/** A record of a dropped file that cannot be read at all (wrong column count, broken XML). */
public class UnreadableRecordException extends RuntimeException {

    public UnreadableRecordException(String message) {
        super(message);
    }
}
