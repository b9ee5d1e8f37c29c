package io.orderhub.security;

import io.orderhub.api.ProblemException;

/** A channel credential sent an order of a channel or shop it is not scoped to. */
public class OutOfScopeException extends ProblemException {

    public OutOfScopeException(String field, String message) {
        super(403, "out-of-scope", "Outside the credential's channels", field, "is not in this credential's scopes", message);
    }
}
