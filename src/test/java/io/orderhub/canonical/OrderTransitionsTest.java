package io.orderhub.canonical;

import static io.orderhub.canonical.OrderStatus.CANCELLED;
import static io.orderhub.canonical.OrderStatus.COMPLETED;
import static io.orderhub.canonical.OrderStatus.PAID;
import static io.orderhub.canonical.OrderStatus.PENDING_PAYMENT;
import static io.orderhub.canonical.OrderStatus.PREPARING;
import static io.orderhub.canonical.OrderStatus.SHIPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrderTransitionsTest {

    // the legal single steps, written out independently of OrderTransitions
    private static final Map<OrderStatus, Set<OrderStatus>> LEGAL = Map.of(
            PENDING_PAYMENT, EnumSet.of(PAID, CANCELLED),
            PAID, EnumSet.of(PREPARING, CANCELLED),
            PREPARING, EnumSet.of(SHIPPED, CANCELLED),
            SHIPPED, EnumSet.of(COMPLETED),
            COMPLETED, EnumSet.noneOf(OrderStatus.class),
            CANCELLED, EnumSet.noneOf(OrderStatus.class));

    // the fulfilment order of states, for "forward"; CANCELLED is reachable only before shipping
    private static final List<OrderStatus> LINE = List.of(PENDING_PAYMENT, PAID, PREPARING, SHIPPED, COMPLETED);

    static Stream<Arguments> allStatusPairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : OrderStatus.values()) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "command {0} -> {1}")
    @MethodSource("allStatusPairs")
    void commandAllowsExactlyTheLegalSteps(OrderStatus from, OrderStatus to) {
        if (LEGAL.get(from).contains(to)) {
            assertThat(OrderTransitions.STATUS.command(from, to)).isEqualTo(to);
        } else {
            assertThatThrownBy(() -> OrderTransitions.STATUS.command(from, to))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining(from.name())
                    .hasMessageContaining(to.name());
        }
    }

    @ParameterizedTest(name = "sync {0} -> {1}")
    @MethodSource("allStatusPairs")
    void syncMovesForwardSkippingStatesButNeverBackwards(OrderStatus from, OrderStatus to) {
        boolean forward;
        if (from == to) {
            forward = true;
        } else if (to == CANCELLED) {
            forward = from == PENDING_PAYMENT || from == PAID || from == PREPARING;
        } else if (from == CANCELLED) {
            forward = false;
        } else {
            forward = LINE.indexOf(to) > LINE.indexOf(from);
        }
        assertThat(OrderTransitions.STATUS.isForward(from, to)).isEqualTo(forward);
        assertThat(OrderTransitions.STATUS.sync(from, to)).isEqualTo(forward ? to : from);
    }

    @Test
    void illegalJumpNamesBothStates() {
        assertThatThrownBy(() -> OrderTransitions.STATUS.command(PENDING_PAYMENT, COMPLETED))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("illegal status transition PENDING_PAYMENT -> COMPLETED; allowed from PENDING_PAYMENT:"
                        + " [PAID, CANCELLED]");
    }

    @Test
    void afterSaleCommandsAndSync() {
        var g = OrderTransitions.AFTER_SALE;
        assertThat(g.command(AfterSaleStatus.NONE, AfterSaleStatus.REQUESTED)).isEqualTo(AfterSaleStatus.REQUESTED);
        assertThatThrownBy(() -> g.command(AfterSaleStatus.NONE, AfterSaleStatus.REFUNDED))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("afterSaleStatus");
        assertThatThrownBy(() -> g.command(AfterSaleStatus.REFUNDED, AfterSaleStatus.REQUESTED))
                .isInstanceOf(IllegalTransitionException.class);
        // sync may skip the request and go straight to refunded, never back from a final state
        assertThat(g.sync(AfterSaleStatus.NONE, AfterSaleStatus.REFUNDED)).isEqualTo(AfterSaleStatus.REFUNDED);
        assertThat(g.sync(AfterSaleStatus.REFUNDED, AfterSaleStatus.REFUNDING)).isEqualTo(AfterSaleStatus.REFUNDED);
        assertThat(g.sync(AfterSaleStatus.REJECTED, AfterSaleStatus.REFUNDED)).isEqualTo(AfterSaleStatus.REJECTED);
        assertThat(g.sync(AfterSaleStatus.RETURNED, AfterSaleStatus.REFUNDED)).isEqualTo(AfterSaleStatus.REFUNDED);
    }

    @Test
    void platformSyncKeepsIdentityAndCreationAndRefusesBackwardMoves() {
        CanonicalOrder stored = order(SHIPPED, AfterSaleStatus.REFUNDING, "2026-11-01T00:00:00Z")
                .withIdentity("id-1", "SO1", 3L);
        CanonicalOrder incoming = order(PAID, AfterSaleStatus.REFUNDED, "2026-11-02T00:00:00Z");

        OrderTransitions.SyncResult r = OrderTransitions.sync(stored, incoming);

        assertThat(r.order().status()).isEqualTo(SHIPPED);
        assertThat(r.order().items().get(0).afterSaleStatus()).isEqualTo(AfterSaleStatus.REFUNDED);
        assertThat(r.order().id()).isEqualTo("id-1");
        assertThat(r.order().legacyOrderNo()).isEqualTo("SO1");
        assertThat(r.order().createdAt()).isEqualTo(stored.createdAt());
        assertThat(r.order().platformModifiedAt()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
        assertThat(r.refusedMoves()).containsExactly("status SHIPPED -> PAID");
    }

    @Test
    void platformSyncKeepsWhatTheCopyDoesNotCarry() {
        CanonicalOrder stored = order(PAID, AfterSaleStatus.NONE, "2026-11-01T00:00:00Z").withIdentity("id-1", "SO1", 1L);
        stored = new CanonicalOrder(stored.id(), stored.legacyOrderNo(), stored.version(), stored.channel(),
                stored.shopId(), stored.channelOrderId(), stored.sourceSystem(), stored.status(), false,
                new CanonicalOrder.Member("u-123456", "880012"), new CanonicalOrder.Buyer("张三", "13800138000", null, null),
                new CanonicalOrder.Address("张三", null, "上海市", "310000", null, null, null, null, "世纪大道1号", null, null),
                "SH01", "310000", stored.items(), stored.amounts(), null, stored.createdAt(), null, null, null,
                stored.platformModifiedAt(), "快点", null);
        CanonicalOrder bare = order(SHIPPED, AfterSaleStatus.NONE, "2026-11-02T00:00:00Z");

        CanonicalOrder merged = OrderTransitions.sync(stored, bare).order();

        assertThat(merged.status()).isEqualTo(SHIPPED);
        assertThat(merged.shippingAddress()).isEqualTo(stored.shippingAddress());
        assertThat(merged.buyer()).isEqualTo(stored.buyer());
        assertThat(merged.member()).isEqualTo(stored.member());
        assertThat(merged.buyerRemark()).isEqualTo("快点");
        assertThat(merged.storeCode()).isEqualTo("SH01");
    }

    static CanonicalOrder order(OrderStatus status, AfterSaleStatus afterSale, String modified) {
        BigDecimal p = new BigDecimal("10.00");
        return new CanonicalOrder(null, null, null, "api", "shop-1", "c-1", "test", status, false, null, null, null,
                null, null, List.of(new OrderItem("SKU-1", null, "thing", 1, p, BigDecimal.ZERO, p, afterSale)),
                new Amounts("CNY", p, BigDecimal.ZERO, BigDecimal.ZERO, p), null,
                Instant.parse("2026-10-31T00:00:00Z"), null, null, null, Instant.parse(modified), null, null);
    }
}
