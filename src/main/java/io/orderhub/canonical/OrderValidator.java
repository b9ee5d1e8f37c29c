package io.orderhub.canonical;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one choke point every order passes: required fields, codes and money consistency. It reports
 * every offending field at once, by JSON path, and never echoes personal data.
 */
public final class OrderValidator {

    static final int MAX_ITEMS = 500;
    private static final Pattern SYSTEM_CODE = Pattern.compile("[a-z][a-z0-9-]{1,31}");
    private static final Pattern STORE_CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,15}");
    private static final Pattern DIVISION_CODE = Pattern.compile("[1-9][0-9]{5}");
    // digits, some of them possibly masked by the platform (138****1234): structure, not reachability
    private static final Pattern MOBILE = Pattern.compile("\\+?[0-9*][0-9* -]{4,19}");
    /** The legacy CRM's mobile columns hold 20 characters. */
    static final int MOBILE_MAX = 20;
    /** Platforms let merchants use outer SKU codes and titles far longer than 64 characters. */
    static final int SKU_MAX = 255;
    static final int ITEM_NAME_MAX = 255;
    private static final Pattern UNION_ID = Pattern.compile("[A-Za-z0-9_-]{6,64}");
    private static final Pattern CARD_NO = Pattern.compile("[0-9A-Z]{6,32}");
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0," + (SKU_MAX - 1) + "}");

    /** The default of orderhub.orders.created-at-horizon. */
    public static final Instant DEFAULT_HORIZON = Instant.parse("2000-01-01T00:00:00Z");
    /** Clocks of callers drift and platforms stamp in their own zone; a day covers both, not more. */
    static final Duration MAX_AHEAD = Duration.ofDays(1);
    // set once at start-up from configuration; the store's partitions and the ids rely on the bounds
    private static volatile Instant createdAtHorizon = DEFAULT_HORIZON;

    private OrderValidator() {
    }

    /**
     * Orders created before {@code horizon} are refused (older months have no partitions; their
     * history belongs to a backfill, not to the intake). It cannot be before 1970: a UUIDv7 id
     * cannot carry such a time.
     */
    public static void createdAtHorizon(Instant horizon) {
        if (horizon.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("the createdAt horizon cannot be before 1970-01-01: " + horizon);
        }
        createdAtHorizon = horizon;
    }

    /** Checks an order as read from a caller (before the hub assigns identity). */
    public static List<FieldError> validate(CanonicalOrder o) {
        List<FieldError> errors = new ArrayList<>();
        Errors e = new Errors(errors);
        e.absent("id", o.id());
        e.absent("legacyOrderNo", o.legacyOrderNo());
        e.absent("version", o.version());
        e.code("channel", o.channel(), SYSTEM_CODE, true);
        e.text("shopId", o.shopId(), 64, true);
        e.text("channelOrderId", o.channelOrderId(), 64, true);
        e.code("sourceSystem", o.sourceSystem(), SYSTEM_CODE, true);
        e.required("status", o.status());
        if (e.required("createdAt", o.createdAt())) {
            createdAt(e, o.createdAt());
        }
        e.code("storeCode", o.storeCode(), STORE_CODE, false);
        e.code("regionCode", o.regionCode(), DIVISION_CODE, false);
        if (o.member() != null) {
            e.code("member.unionId", o.member().unionId(), UNION_ID, false);
            e.code("member.cardNo", o.member().cardNo(), CARD_NO, false);
        }
        if (o.buyer() != null) {
            e.text("buyer.name", o.buyer().name(), 64, false);
            mobile(e, "buyer.mobile", o.buyer().mobile());
            e.text("buyer.email", o.buyer().email(), 128, false);
        }
        address(e, o.shippingAddress());
        if (o.payment() != null) {
            e.text("payment.method", o.payment().method(), 32, false);
            e.text("payment.transactionId", o.payment().transactionId(), 64, false);
        }
        e.text("buyerRemark", o.buyerRemark(), 500, false);
        e.text("sellerRemark", o.sellerRemark(), 500, false);
        if (o.platformModifiedAt() != null && o.createdAt() != null
                && o.platformModifiedAt().isBefore(o.createdAt())) {
            e.add("platformModifiedAt", "must not be before createdAt");
        }
        Currency currency = currency(e, o.amounts());
        BigDecimal lines = items(e, o.items(), currency);
        amounts(e, o.amounts(), currency, lines);
        storableText("", o, errors);
        return errors;
    }

    /**
     * Every text of the order, whatever its field, must be held identically by both stores:
     * PostgreSQL refuses NUL, a lone surrogate has no UTF-8 form (MariaDB's driver writes '?'), and
     * Unicode non-characters are not for interchange. Checked here, before either store is
     * written, so an order is never half-written.
     */
    static void storableText(String path, Object value, List<FieldError> errors) {
        if (value instanceof String s) {
            String why = unstorable(s);
            if (why != null) {
                errors.add(new FieldError(path, why));
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                storableText(path + "[" + i + "]", list.get(i), errors);
            }
        } else if (value instanceof Record r) {
            for (java.lang.reflect.RecordComponent c : r.getClass().getRecordComponents()) {
                Object v;
                try {
                    v = c.getAccessor().invoke(r);
                } catch (ReflectiveOperationException ex) {
                    throw new IllegalStateException(ex);
                }
                storableText(path.isEmpty() ? c.getName() : path + "." + c.getName(), v, errors);
            }
        }
    }

    private static String unstorable(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp == 0) {
                return "must not contain the NUL character (U+0000)";
            }
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                return "must not contain a lone surrogate (U+" + String.format("%04X", cp) + "), which has no UTF-8 form";
            }
            if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
                return "must not contain the Unicode non-character U+" + String.format("%04X", cp);
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /** Bounded, so that no caller can make the store hold an order of an arbitrary month. */
    private static void createdAt(Errors e, Instant t) {
        Instant horizon = createdAtHorizon;
        if (t.isBefore(horizon)) {
            e.add("createdAt", "must not be before " + horizon);
        } else if (t.isAfter(Instant.now().plus(MAX_AHEAD))) {
            e.add("createdAt", "must not be more than a day in the future");
        }
    }

    /** A mobile as received, masked or not; bounded by the stores' columns before its pattern is checked. */
    private static void mobile(Errors e, String field, String value) {
        if (value != null && e.text(field, value, MOBILE_MAX, false)) {
            e.code(field, value, MOBILE, false);
        }
    }

    private static void address(Errors e, CanonicalOrder.Address a) {
        if (a == null) {
            return;
        }
        e.text("shippingAddress.receiverName", a.receiverName(), 64, true);
        mobile(e, "shippingAddress.receiverMobile", a.receiverMobile());
        e.text("shippingAddress.province", a.province(), 32, true);
        e.text("shippingAddress.city", a.city(), 32, false);
        e.text("shippingAddress.district", a.district(), 32, false);
        e.text("shippingAddress.detail", a.detail(), 200, true);
        e.text("shippingAddress.postalCode", a.postalCode(), 10, false);
        boolean province = e.code("shippingAddress.provinceCode", a.provinceCode(), DIVISION_CODE, true);
        boolean city = e.code("shippingAddress.cityCode", a.cityCode(), DIVISION_CODE, false);
        boolean district = e.code("shippingAddress.districtCode", a.districtCode(), DIVISION_CODE, false);
        divisions(e, a, province, city, district);
    }

    /**
     * GB/T 2260 structure of the address codes: PP0000 province; in the city slot a prefecture
     * PPCC00, or a county-level city directly under its province PP90DD (天门 429006, 石河子 659001),
     * which has no district below it; PPCCDD district inside its city. The PP9000 grouping
     * (省直辖县级行政区划) is not a city. A prefecture without counties (东莞 441900) simply has no
     * district code.
     */
    private static void divisions(Errors e, CanonicalOrder.Address a, boolean province, boolean city,
                                  boolean district) {
        if (province && a.provinceCode() != null && !a.provinceCode().endsWith("0000")) {
            e.add("shippingAddress.provinceCode", "a GB/T 2260 province code ends in 0000");
        }
        boolean countyLevelCity = false;
        if (city && a.cityCode() != null) {
            String c = a.cityCode();
            countyLevelCity = c.startsWith("90", 2) && !c.endsWith("00");
            if (c.endsWith("0000") || c.startsWith("9000", 2) || !c.endsWith("00") && !countyLevelCity) {
                e.add("shippingAddress.cityCode", "a GB/T 2260 city code is a prefecture (PPCC00) or a county-level"
                        + " city directly under its province (PP90DD)");
            } else if (province && a.provinceCode() != null && !c.startsWith(a.provinceCode().substring(0, 2))) {
                // (only against a province code of the right form: a malformed one is named on its own)
                e.add("shippingAddress.cityCode", "is not inside provinceCode " + a.provinceCode());
            }
        }
        if (district && a.districtCode() != null) {
            if (a.districtCode().endsWith("00")) {
                e.add("shippingAddress.districtCode", "a GB/T 2260 district code does not end in 00");
            } else if (countyLevelCity) {
                e.add("shippingAddress.districtCode", "cityCode " + a.cityCode()
                        + " is a county-level city directly under its province: it has no district");
            } else if (city && a.cityCode() != null && !a.districtCode().startsWith(a.cityCode().substring(0, 4))) {
                e.add("shippingAddress.districtCode", "is not inside cityCode " + a.cityCode());
            }
        }
    }

    private static Currency currency(Errors e, Amounts a) {
        if (a == null || a.currency() == null) {
            return null;
        }
        try {
            Currency c = Currency.getInstance(a.currency());
            if (c.getDefaultFractionDigits() < 0) {
                e.add("amounts.currency", "is not a currency of payment");
                return null;
            }
            return c;
        } catch (IllegalArgumentException ex) {
            e.add("amounts.currency", "is not an ISO 4217 currency code");
            return null;
        }
    }

    private static BigDecimal items(Errors e, List<OrderItem> items, Currency currency) {
        if (items == null || items.isEmpty()) {
            e.add("items", "must contain at least one item");
            return null;
        }
        if (items.size() > MAX_ITEMS) {
            e.add("items", "must contain at most " + MAX_ITEMS + " items");
            return null;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < items.size(); i++) {
            String p = "items[" + i + "]";
            OrderItem it = items.get(i);
            if (it == null) {
                e.add(p, "must not be null");
                sum = null;
                continue;
            }
            if (e.text(p + ".hubSku", it.hubSku(), SKU_MAX, true)) {
                e.code(p + ".hubSku", it.hubSku(), SKU, true);
            }
            e.text(p + ".channelSku", it.channelSku(), SKU_MAX, false);
            e.text(p + ".name", it.name(), ITEM_NAME_MAX, true);
            e.required(p + ".afterSaleStatus", it.afterSaleStatus());
            boolean ok = e.required(p + ".quantity", it.quantity());
            if (ok && it.quantity() < 1) {
                e.add(p + ".quantity", "must be at least 1");
                ok = false;
            }
            ok &= e.money(p + ".unitPrice", it.unitPrice(), currency);
            ok &= e.money(p + ".discount", it.discount(), currency);
            ok &= e.money(p + ".lineTotal", it.lineTotal(), currency);
            if (ok) {
                BigDecimal gross = it.unitPrice().multiply(BigDecimal.valueOf(it.quantity()));
                if (it.discount().compareTo(gross) > 0) {
                    e.add(p + ".discount", "must not exceed unitPrice × quantity (" + gross.toPlainString() + ")");
                } else if (gross.subtract(it.discount()).compareTo(it.lineTotal()) != 0) {
                    e.add(p + ".lineTotal", "must equal unitPrice × quantity − discount = "
                            + gross.subtract(it.discount()).toPlainString());
                }
            }
            sum = sum != null && ok ? sum.add(it.lineTotal()) : null;
        }
        return sum;
    }

    private static void amounts(Errors e, Amounts a, Currency currency, BigDecimal lines) {
        if (!e.required("amounts", a)) {
            return;
        }
        e.required("amounts.currency", a.currency());
        boolean ok = e.money("amounts.goods", a.goods(), currency);
        ok &= e.money("amounts.shipping", a.shipping(), currency);
        ok &= e.money("amounts.discount", a.discount(), currency);
        ok &= e.money("amounts.paid", a.paid(), currency);
        if (lines != null && a.goods() != null && lines.compareTo(a.goods()) != 0) {
            e.add("amounts.goods", "must equal the sum of items[].lineTotal = " + lines.toPlainString());
        } else if (ok) {
            BigDecimal expected = a.goods().subtract(a.discount()).add(a.shipping());
            if (expected.signum() < 0) {
                e.add("amounts.discount", "must not exceed goods + shipping");
            } else if (expected.compareTo(a.paid()) != 0) {
                e.add("amounts.paid", "must equal goods − discount + shipping = " + expected.toPlainString());
            }
        }
    }

    /** Collects errors; each check answers whether the field is usable for further checks. */
    private record Errors(List<FieldError> list) {

        void add(String field, String reason) {
            list.add(new FieldError(field, reason));
        }

        boolean required(String field, Object value) {
            if (value == null) {
                add(field, "is required");
                return false;
            }
            return true;
        }

        void absent(String field, Object value) {
            if (value != null) {
                add(field, "is assigned by the hub and must not be sent");
            }
        }

        boolean text(String field, String value, int max, boolean required) {
            if (value == null || value.isBlank()) {
                if (required) {
                    add(field, "is required");
                    return false;
                }
                if (value != null) {
                    add(field, "must not be blank");
                    return false;
                }
                return true;
            }
            if (value.codePointCount(0, value.length()) > max) {
                add(field, "must be at most " + max + " characters");
                return false;
            }
            return true;
        }

        boolean code(String field, String value, Pattern pattern, boolean required) {
            if (value == null) {
                if (required) {
                    add(field, "is required");
                }
                return !required;
            }
            if (!pattern.matcher(value).matches()) {
                add(field, "must match " + pattern.pattern());
                return false;
            }
            return true;
        }

        boolean money(String field, BigDecimal value, Currency currency) {
            if (!required(field, value)) {
                return false;
            }
            if (value.signum() < 0) {
                add(field, "must not be negative");
                return false;
            }
            int scale = currency == null ? 2 : currency.getDefaultFractionDigits();
            if (value.stripTrailingZeros().scale() > scale) {
                add(field, "must have at most " + scale + " decimal places");
                return false;
            }
            if (value.compareTo(new BigDecimal("10000000000")) >= 0) {
                add(field, "is too large");
                return false;
            }
            return true;
        }
    }
}
