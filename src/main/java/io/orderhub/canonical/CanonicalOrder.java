package io.orderhub.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * The one order model every channel maps to and both stores are written from.
 * Money is {@link java.math.BigDecimal} throughout; {@code id}, {@code legacyOrderNo} and
 * {@code version} are assigned by the hub and the legacy side, never by a caller.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "legacyOrderNo", "version", "channel", "shopId", "channelOrderId", "sourceSystem",
        "status", "onHold", "member", "buyer", "shippingAddress", "storeCode", "regionCode", "items", "amounts",
        "payment", "createdAt", "paidAt", "shippedAt", "completedAt", "platformModifiedAt", "buyerRemark",
        "sellerRemark"})
public record CanonicalOrder(
        String id,
        String legacyOrderNo,
        Long version,
        String channel,
        String shopId,
        String channelOrderId,
        String sourceSystem,
        OrderStatus status,
        Boolean onHold,
        Member member,
        Buyer buyer,
        Address shippingAddress,
        String storeCode,
        String regionCode,
        List<OrderItem> items,
        Amounts amounts,
        Payment payment,
        Instant createdAt,
        Instant paidAt,
        Instant shippedAt,
        Instant completedAt,
        Instant platformModifiedAt,
        String buyerRemark,
        String sellerRemark) {

    /** Member identity: the group-wide UnionID and the loyalty card number. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Member(String unionId, String cardNo) {
    }

    /**
     * Buyer contact. Personal data: never logged, never echoed in errors. {@code masked} is true when
     * the platform handed the contact out masked (张**, 138****1234); the values are kept as received.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Buyer(String name, String mobile, String email, Boolean masked) {
    }

    /**
     * Shipping address with names and GB/T 2260 administrative division codes; {@code masked} as on
     * {@link Buyer}, for the receiver's name, mobile and detail.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Address(String receiverName, String receiverMobile, String province, String provinceCode,
                          String city, String cityCode, String district, String districtCode, String detail,
                          String postalCode, Boolean masked) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Payment(String method, String transactionId) {
    }

    /** Identity of an order within its channel: what de-duplication keys on. */
    public record ChannelKey(String channel, String shopId, String channelOrderId) {
    }

    public ChannelKey channelKey() {
        return new ChannelKey(channel, shopId, channelOrderId);
    }

    public CanonicalOrder withIdentity(String newId, String newLegacyOrderNo, Long newVersion) {
        return new CanonicalOrder(newId, newLegacyOrderNo, newVersion, channel, shopId, channelOrderId,
                sourceSystem, status, onHold, member, buyer, shippingAddress, storeCode, regionCode, items, amounts,
                payment, createdAt, paidAt, shippedAt, completedAt, platformModifiedAt, buyerRemark, sellerRemark);
    }

    public CanonicalOrder withStatusAndItems(OrderStatus newStatus, List<OrderItem> newItems) {
        return new CanonicalOrder(id, legacyOrderNo, version, channel, shopId, channelOrderId, sourceSystem,
                newStatus, onHold, member, buyer, shippingAddress, storeCode, regionCode, newItems, amounts, payment,
                createdAt, paidAt, shippedAt, completedAt, platformModifiedAt, buyerRemark, sellerRemark);
    }

    public CanonicalOrder withSourceSystem(String newSourceSystem) {
        return new CanonicalOrder(id, legacyOrderNo, version, channel, shopId, channelOrderId, newSourceSystem,
                status, onHold, member, buyer, shippingAddress, storeCode, regionCode, items, amounts, payment,
                createdAt, paidAt, shippedAt, completedAt, platformModifiedAt, buyerRemark, sellerRemark);
    }

    public CanonicalOrder withCreatedAt(Instant newCreatedAt) {
        return new CanonicalOrder(id, legacyOrderNo, version, channel, shopId, channelOrderId, sourceSystem,
                status, onHold, member, buyer, shippingAddress, storeCode, regionCode, items, amounts, payment,
                newCreatedAt, paidAt, shippedAt, completedAt, platformModifiedAt, buyerRemark, sellerRemark);
    }
}
