package io.orderhub.channels;

import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.InvalidOrderException;
import java.util.List;

/**
 * A platform record that cannot be read as the platform's data at all: not UTF-8, not well-formed
 * JSON, a key given twice, nesting deeper than the limit, a value that is not the number it claims
 * to be. Unlike a record that is read but cannot be mapped or validated, it cannot be parked for a
 * table fix: the sender must correct it (HTTP 400, an error-file line, a poll failure).
 */
public class MalformedRecordException extends InvalidOrderException {

    public MalformedRecordException(String field, String reason) {
        super(true, List.of(new FieldError(field, reason)));
    }
}
