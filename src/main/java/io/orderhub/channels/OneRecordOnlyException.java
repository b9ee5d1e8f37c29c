package io.orderhub.channels;

import io.orderhub.canonical.FieldError;
import io.orderhub.canonical.InvalidOrderException;
import java.util.List;

/**
 * The admin preview takes one record per call: an input holding several (a CSV with several orders,
 * an XML export with several order elements, JSON lines, a JSON array) is refused with 400
 * problem+json {@code one-record-per-preview}, naming the limit and the count; nothing is previewed.
 */
public class OneRecordOnlyException extends InvalidOrderException {

    public OneRecordOnlyException(int records) {
        super(true, List.of(new FieldError("$", "holds " + records + " records; the preview takes one record per call"
                + " (send each record on its own)")));
    }
}
