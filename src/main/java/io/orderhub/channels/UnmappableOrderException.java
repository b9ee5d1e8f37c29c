package io.orderhub.channels;

import java.util.List;

/**
 * A channel record that is well formed but cannot be mapped without a human: a SKU, region or
 * status code the master data does not know. It is never dropped nor defaulted; it goes to the
 * needs-attention queue with these reasons and can be re-driven once the tables are fixed.
 */
public class UnmappableOrderException extends RuntimeException {

    private final List<String> reasons;

    public UnmappableOrderException(List<String> reasons) {
        super(String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
