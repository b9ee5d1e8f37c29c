package io.orderhub.stores;

import java.sql.SQLException;

/** An update found its order at another version than the one it was computed from: try the batch again. */
public class StaleWriteException extends SQLException {

    public StaleWriteException(String message) {
        super(message);
    }
}
