package io.orderhub.canonical;

import static io.orderhub.canonical.AfterSaleStatus.NONE;
import static io.orderhub.canonical.AfterSaleStatus.REFUNDED;
import static io.orderhub.canonical.AfterSaleStatus.REFUNDING;
import static io.orderhub.canonical.AfterSaleStatus.REJECTED;
import static io.orderhub.canonical.AfterSaleStatus.REQUESTED;
import static io.orderhub.canonical.AfterSaleStatus.RETURNED;
import static io.orderhub.canonical.OrderStatus.CANCELLED;
import static io.orderhub.canonical.OrderStatus.COMPLETED;
import static io.orderhub.canonical.OrderStatus.PAID;
import static io.orderhub.canonical.OrderStatus.PENDING_PAYMENT;
import static io.orderhub.canonical.OrderStatus.PREPARING;
import static io.orderhub.canonical.OrderStatus.SHIPPED;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** The order state machine: fulfilment status and the per-item after-sale dimension. */
public final class OrderTransitions {

    public static final StateGraph<OrderStatus> STATUS = new StateGraph<>("status", OrderStatus.class, Map.of(
            PENDING_PAYMENT, EnumSet.of(PAID, CANCELLED),
            PAID, EnumSet.of(PREPARING, CANCELLED),
            PREPARING, EnumSet.of(SHIPPED, CANCELLED),
            SHIPPED, EnumSet.of(COMPLETED)));

    // Taobao-style refund flow: request, optional goods return, refund; a refused request is final.
    public static final StateGraph<AfterSaleStatus> AFTER_SALE = new StateGraph<>("afterSaleStatus",
            AfterSaleStatus.class, Map.of(
                    NONE, EnumSet.of(REQUESTED),
                    REQUESTED, EnumSet.of(REFUNDING, RETURNED, REJECTED),
                    RETURNED, EnumSet.of(REFUNDING, REJECTED),
                    REFUNDING, EnumSet.of(REFUNDED)));

    private OrderTransitions() {
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** What a platform sync makes of a stored order and a newer platform copy of it. */
    public record SyncResult(CanonicalOrder order, List<String> refusedMoves) {
    }

    /**
     * Applies a newer platform copy to the stored order: fields come from the incoming copy except
     * identity and creation time, parts the copy does not carry are kept, and status and after-sale
     * states only ever move forward. Moves that would go backwards are kept out and reported.
     */
    public static SyncResult sync(CanonicalOrder stored, CanonicalOrder incoming) {
        List<String> refused = new ArrayList<>();
        OrderStatus status = STATUS.sync(stored.status(), incoming.status());
        if (status != incoming.status()) {
            refused.add("status " + stored.status() + " -> " + incoming.status());
        }
        List<OrderItem> items = new ArrayList<>(incoming.items().size());
        for (int i = 0; i < incoming.items().size(); i++) {
            OrderItem in = incoming.items().get(i);
            if (i < stored.items().size()) {
                AfterSaleStatus before = stored.items().get(i).afterSaleStatus();
                AfterSaleStatus after = AFTER_SALE.sync(before, in.afterSaleStatus());
                if (after != in.afterSaleStatus()) {
                    refused.add("items[" + i + "].afterSaleStatus " + before + " -> " + in.afterSaleStatus());
                }
                in = in.withAfterSaleStatus(after);
            }
            items.add(in);
        }
        // a copy that does not carry a part (a legacy POS record has no address) leaves it as stored
        CanonicalOrder i = incoming;
        CanonicalOrder merged = new CanonicalOrder(stored.id(), stored.legacyOrderNo(), stored.version(), i.channel(),
                i.shopId(), i.channelOrderId(), or(i.sourceSystem(), stored.sourceSystem()), status,
                or(i.onHold(), stored.onHold()), or(i.member(), stored.member()), or(i.buyer(), stored.buyer()),
                or(i.shippingAddress(), stored.shippingAddress()), or(i.storeCode(), stored.storeCode()),
                or(i.regionCode(), stored.regionCode()), items, i.amounts(), or(i.payment(), stored.payment()),
                stored.createdAt(), or(i.paidAt(), stored.paidAt()), or(i.shippedAt(), stored.shippedAt()),
                or(i.completedAt(), stored.completedAt()), i.platformModifiedAt(),
                or(i.buyerRemark(), stored.buyerRemark()), or(i.sellerRemark(), stored.sellerRemark()));
        return new SyncResult(merged, refused);
    }
}
