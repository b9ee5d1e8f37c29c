package io.orderhub.reads;

import io.orderhub.canonical.CanonicalOrder;
import java.util.List;

/** One page of a {@link OrderQuery.ChangedSince} read, with the total over all pages. */
public record OrderPage(long total, List<CanonicalOrder> orders) {
}
