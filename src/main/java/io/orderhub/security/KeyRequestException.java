package io.orderhub.security;

/** A key-management request the hub refuses: bad input (400/422), unknown key (404), a key of config (409). */
public class KeyRequestException extends RuntimeException {

    private final int status;
    private final String field;
    private final String reason;

    public KeyRequestException(int status, String field, String reason) {
        super(field == null ? reason : field + " " + reason);
        this.status = status;
        this.field = field;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
