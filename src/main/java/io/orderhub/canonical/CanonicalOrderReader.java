package io.orderhub.canonical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a canonical order from a caller, fills the documented defaults and validates it: the
 * input side of the choke point. Throws {@link InvalidOrderException} naming every offending field.
 */
public final class CanonicalOrderReader {

    private CanonicalOrderReader() {
    }

    /**
     * Reads a body (canonical JSON bytes or text, a mapped draft of maps and lists, or an order),
     * fills the defaults and validates it: the one validation every order gets, at the intake.
     */
    public static CanonicalOrder read(Object body) {
        CanonicalOrder normalized = normalize(bind(body));
        List<FieldError> errors = OrderValidator.validate(normalized);
        if (!errors.isEmpty()) {
            throw new InvalidOrderException(false, errors);
        }
        return normalized;
    }

    /**
     * Binds a body to the canonical model without defaults or validation: the typed order a channel
     * mapping hands to the intake. A body that does not fit the model is malformed, naming the field.
     */
    public static CanonicalOrder bind(Object body) {
        CanonicalOrder order = body instanceof CanonicalOrder o ? o : parse(body);
        if (order == null) {
            throw new InvalidOrderException(true, List.of(new FieldError("$", "the body must be a JSON object")));
        }
        return order;
    }

    private static CanonicalOrder parse(Object body) {
        try {
            if (body instanceof byte[] bytes) {
                FieldError notUtf8 = JsonReadProblems.notUtf8(bytes);
                if (notUtf8 != null) {
                    throw new InvalidOrderException(true, List.of(notUtf8));
                }
                return bytes.length == 0 ? null : CanonicalJson.mapper().readValue(bytes, CanonicalOrder.class);
            }
            if (body instanceof String text) {
                return text.isBlank() ? null : CanonicalJson.mapper().readValue(text, CanonicalOrder.class);
            }
            if (body instanceof java.io.InputStream in) {
                return CanonicalJson.mapper().readValue(in, CanonicalOrder.class);
            }
            if (body == null) {
                return null;
            }
            return CanonicalJson.mapper().convertValue(body, CanonicalOrder.class);
        } catch (JsonMappingException e) {
            FieldError parse = JsonReadProblems.describe(e);
            throw new InvalidOrderException(true, List.of(parse != null ? parse : describe(e)));
        } catch (JsonProcessingException e) {
            FieldError parse = JsonReadProblems.describe(e);
            throw new InvalidOrderException(true, List.of(parse != null ? parse
                    : new FieldError("$", "is not well-formed JSON" + JsonReadProblems.where(e))));
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof JsonMappingException m) {
                throw new InvalidOrderException(true, List.of(describe(m)));
            }
            throw new InvalidOrderException(true, List.of(new FieldError("$", "cannot be read as an order")));
        } catch (IOException e) {
            throw new InvalidOrderException(true, List.of(new FieldError("$", "could not be read")));
        }
    }

    private static FieldError describe(JsonMappingException e) {
        String field = path(e.getPath());
        if (e instanceof UnrecognizedPropertyException u) {
            return new FieldError(field, "is not a field of the canonical order");
        }
        if (e instanceof InvalidFormatException f) {
            Class<?> target = f.getTargetType();
            if (target != null && target.isEnum()) {
                return new FieldError(field, "must be one of " + List.of(target.getEnumConstants()));
            }
            return new FieldError(field, "must be " + expected(target));
        }
        if (e instanceof MismatchedInputException m) {
            return new FieldError(field, "must be " + expected(m.getTargetType()));
        }
        return new FieldError(field, "cannot be read");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class) {
            return "an integer";
        }
        if (type == BigDecimal.class) {
            return "a decimal amount such as \"107.23\"";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 timestamp with offset, such as 2026-11-01T10:15:30+08:00";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        return "an object";
    }

    static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "$" : sb.toString();
    }

    /**
     * The documented defaults: not on hold, no discount or shipping, no after-sale, modified = created;
     * and masked contacts flagged ({@link MaskedContact}).
     */
    static CanonicalOrder normalize(CanonicalOrder o) {
        List<OrderItem> items = o.items();
        if (items != null) {
            List<OrderItem> filled = new ArrayList<>(items.size());
            for (OrderItem it : items) {
                filled.add(it == null ? null : new OrderItem(it.hubSku(), it.channelSku(), it.name(), it.quantity(),
                        it.unitPrice(), it.discount() == null ? BigDecimal.ZERO : it.discount(), it.lineTotal(),
                        it.afterSaleStatus() == null ? AfterSaleStatus.NONE : it.afterSaleStatus()));
            }
            items = filled;
        }
        Amounts a = o.amounts();
        if (a != null) {
            a = new Amounts(a.currency(), a.goods(), a.shipping() == null ? BigDecimal.ZERO : a.shipping(),
                    a.discount() == null ? BigDecimal.ZERO : a.discount(), a.paid());
        }
        // the hub id carries creation time in milliseconds; the stored time must agree with it
        var created = o.createdAt() == null ? null : o.createdAt().truncatedTo(ChronoUnit.MILLIS);
        var modified = o.platformModifiedAt() == null ? created : o.platformModifiedAt().truncatedTo(ChronoUnit.MILLIS);
        return new CanonicalOrder(o.id(), o.legacyOrderNo(), o.version(), o.channel(), o.shopId(), o.channelOrderId(),
                o.sourceSystem(), o.status(), o.onHold() == null ? Boolean.FALSE : o.onHold(), o.member(),
                MaskedContact.flag(o.buyer()), MaskedContact.flag(o.shippingAddress()), o.storeCode(), o.regionCode(),
                items, a, o.payment(), created, o.paidAt(), o.shippedAt(), o.completedAt(), modified, o.buyerRemark(),
                o.sellerRemark());
    }
}
