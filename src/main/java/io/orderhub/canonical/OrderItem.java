package io.orderhub.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;

/** One order line. {@code lineTotal = unitPrice × quantity − discount}, exact. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"hubSku", "channelSku", "name", "quantity", "unitPrice", "discount", "lineTotal",
        "afterSaleStatus"})
public record OrderItem(
        String hubSku,
        String channelSku,
        String name,
        Integer quantity,
        BigDecimal unitPrice,
        BigDecimal discount,
        BigDecimal lineTotal,
        AfterSaleStatus afterSaleStatus) {

    public OrderItem withAfterSaleStatus(AfterSaleStatus status) {
        return new OrderItem(hubSku, channelSku, name, quantity, unitPrice, discount, lineTotal, status);
    }
}
