package io.orderhub.channels.sim;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One order inside the platform simulator, independent of platform: the simulator renders it in
 * each platform's own JSON. Mutable: the simulator moves it along (paid, shipped, refunded) and
 * stamps its modified time, as a platform does.
 */
public final class SimOrder {

    /** Where the order is in its life. */
    public enum Stage { UNPAID, PAID, SHIPPED, FINISHED, CLOSED }

    /** Refund state of one line, in the simulator's own words (rendered per platform). */
    public enum Refund { NONE, REQUESTED, RETURNED, REFUNDED, REFUSED }

    /** One order line. */
    public static final class Line {
        public final SimCatalog.Product product;
        public final long platformSkuId;
        public final int quantity;
        public final BigDecimal discount;
        public Refund refund = Refund.NONE;

        Line(SimCatalog.Product product, long platformSkuId, int quantity, BigDecimal discount) {
            this.product = product;
            this.platformSkuId = platformSkuId;
            this.quantity = quantity;
            this.discount = discount;
        }

        public BigDecimal gross() {
            return product.price().multiply(BigDecimal.valueOf(quantity));
        }

        public BigDecimal total() {
            return gross().subtract(discount);
        }
    }

    public final String platform;
    public final String appKey;
    public final String id;
    public final String buyerId;
    public String buyerName; // tests may put canary values here
    public String mobile;
    public final SimCatalog.Place place;
    public String street;
    public final List<Line> lines = new ArrayList<>();
    public final BigDecimal postFee;
    public final BigDecimal coupon;
    public final String remark;
    public Instant created;
    public Instant paid;
    public Instant shipped;
    public Instant finished;
    public Instant modified;
    public Stage stage;
    public boolean locked;

    SimOrder(String platform, String appKey, String id, String buyerId, String buyerName, String mobile,
             SimCatalog.Place place, String street, BigDecimal postFee, BigDecimal coupon, String remark,
             Instant created, Stage stage) {
        this.platform = platform;
        this.appKey = appKey;
        this.id = id;
        this.buyerId = buyerId;
        this.buyerName = buyerName;
        this.mobile = mobile;
        this.place = place;
        this.street = street;
        this.postFee = postFee;
        this.coupon = coupon;
        this.remark = remark;
        this.created = created;
        this.modified = created;
        this.stage = stage;
    }

    public BigDecimal goods() {
        return lines.stream().map(Line::total).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public BigDecimal paidAmount() {
        return goods().subtract(coupon).add(postFee);
    }
}
