package io.orderhub.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;

/**
 * Order-level money, one currency. {@code goods} is the sum of line totals, {@code discount} the
 * order-level discount (coupons), and {@code paid = goods − discount + shipping}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"currency", "goods", "shipping", "discount", "paid"})
public record Amounts(String currency, BigDecimal goods, BigDecimal shipping, BigDecimal discount, BigDecimal paid) {
}
