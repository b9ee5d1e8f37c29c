package io.orderhub.security;

import io.orderhub.api.ProblemException;

/** A key-management request the hub refuses: bad input (400/422), unknown key (404), a key of config (409). */
public class KeyRequestException extends ProblemException {

    public KeyRequestException(int status, String field, String reason) {
        super(status, status == 404 ? "key-not-found" : "invalid-key-request",
                status == 404 ? "Key not found" : "Key request not accepted", field, reason,
                field == null ? reason : field + " " + reason);
    }
}
