package io.orderhub.config;

import io.orderhub.canonical.OrderValidator;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

/**
 * Hands the configured order rules ({@code orderhub.orders.*}) to the validation choke point at
 * start-up; the validator is plain Java, shared by every door, so it keeps them itself.
 */
@Configuration(proxyBeanMethods = false)
public class OrderRulesConfiguration {

    public OrderRulesConfiguration(@Value("${orderhub.orders.created-at-horizon:2000-01-01}") String horizon) {
        OrderValidator.createdAtHorizon(LocalDate.parse(horizon.trim()).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
