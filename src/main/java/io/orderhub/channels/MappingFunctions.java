package io.orderhub.channels;

import com.dashjoin.jsonata.Jsonata;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The Java functions every JSONata mapping gets. JSONata's own arithmetic ({@code + - * /},
 * {@code $sum}, {@code $number}) computes with doubles, so money never goes through it: a mapping
 * reads amounts as they came (strings, or decimals read as {@code BigDecimal} from the JSON text)
 * and computes with these exact functions.
 * <ul>
 *   <li>{@code $money(x)}: x as an exact decimal with at least 2 places; never rounds (an amount
 *       with more places reaches the validator as it is); refuses a double, which can only come
 *       from JSONata arithmetic;</li>
 *   <li>{@code $add(a, b)}, {@code $sub(a, b)}: exact sum and difference, an absent or blank
 *       amount counting as 0;</li>
 *   <li>{@code $mul(a, b)}: exact product (price × quantity);</li>
 *   <li>{@code $div(a, b)}: exact quotient, refused when it has no finite decimal form;</li>
 *   <li>{@code $total(xs)}: exact sum of an array (or of one value), absent or blank values counting as 0;</li>
 *   <li>{@code $fen(x)}: an amount in fen (1/100 yuan) as yuan;</li>
 *   <li>{@code $int(x)}: a whole number (quantity) from its text, exact;</li>
 *   <li>{@code $time(x)}: platform local time "yyyy-MM-dd HH:mm:ss" (Beijing time), epoch seconds
 *       or milliseconds, or ISO-8601 → ISO-8601 with offset.</li>
 * </ul>
 * Failures are {@link IllegalArgumentException} or {@link ArithmeticException}; the mapping step
 * turns them into a needs-attention reason naming the mapping.
 */
public final class MappingFunctions {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    /** Strict: a day the month does not have (2026-11-31) is refused, not moved to the month's last day. */
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd[ ]['T']HH:mm:ss[.SSS]")
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private MappingFunctions() {
    }

    /** Registers every function on a compiled expression. */
    static void register(Jsonata j) {
        j.registerFunction("money", (Jsonata.Fn1<Object, BigDecimal>) MappingFunctions::money);
        j.registerFunction("add", (Jsonata.Fn2<Object, Object, BigDecimal>) MappingFunctions::add);
        j.registerFunction("sub", (Jsonata.Fn2<Object, Object, BigDecimal>) MappingFunctions::sub);
        j.registerFunction("mul", (Jsonata.Fn2<Object, Object, BigDecimal>) MappingFunctions::mul);
        j.registerFunction("div", (Jsonata.Fn2<Object, Object, BigDecimal>) MappingFunctions::div);
        j.registerFunction("total", (Jsonata.Fn1<Object, BigDecimal>) MappingFunctions::total);
        j.registerFunction("fen", (Jsonata.Fn1<Object, BigDecimal>) MappingFunctions::fen);
        j.registerFunction("time", (Jsonata.Fn1<Object, String>) MappingFunctions::time);
        j.registerFunction("int", (Jsonata.Fn1<Object, Object>) MappingFunctions::integer);
    }

    public static BigDecimal money(Object v) {
        if (absent(v)) {
            return null;
        }
        return cents(decimal(v));
    }

    /**
     * A whole number (a quantity) from its text, exact: blank, a fraction or anything else is
     * refused naming the value, where JSONata's {@code $number} would give a double or fail
     * without it.
     */
    public static Object integer(Object v) {
        if (absent(v)) {
            return null;
        }
        if (v instanceof String s && s.isBlank()) {
            throw new BadValueException(v, "is blank where a whole number is needed");
        }
        BigDecimal d;
        try {
            d = v instanceof String s ? new BigDecimal(s.trim()) : decimal(v);
        } catch (NumberFormatException e) {
            throw new BadValueException(v, "is not a whole number");
        }
        if (d.stripTrailingZeros().scale() > 0) {
            throw new BadValueException(v, "is not a whole number");
        }
        try {
            return d.longValueExact();
        } catch (ArithmeticException e) {
            throw new BadValueException(v, "is not a whole number");
        }
    }

    public static BigDecimal add(Object a, Object b) {
        return orZero(a).add(orZero(b));
    }

    public static BigDecimal sub(Object a, Object b) {
        return orZero(a).subtract(orZero(b));
    }

    public static BigDecimal mul(Object a, Object b) {
        return required(a, "$mul").multiply(required(b, "$mul"));
    }

    public static BigDecimal div(Object a, Object b) {
        BigDecimal x = required(a, "$div");
        BigDecimal y = required(b, "$div");
        try {
            return x.divide(y);
        } catch (ArithmeticException e) {
            throw new ArithmeticException(x.toPlainString() + " / " + y.toPlainString() + " has no exact decimal value");
        }
    }

    public static BigDecimal total(Object values) {
        BigDecimal sum = BigDecimal.ZERO;
        if (values instanceof List<?> list) {
            for (Object v : list) {
                sum = sum.add(values == v ? BigDecimal.ZERO : total(v));
            }
            return sum;
        }
        return orZero(values);
    }

    public static BigDecimal fen(Object v) {
        if (absent(v)) {
            return null;
        }
        return cents(decimal(v).movePointLeft(2));
    }

    public static String time(Object v) {
        if (absent(v)) {
            return null;
        }
        String s = v.toString().trim();
        if (v instanceof Number || isEpoch(s)) {
            try {
                long n = new BigDecimal(s).toBigInteger().longValueExact();
                Instant i = n > 99_999_999_999L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
                return ISO.format(i.atZone(CHINA));
            } catch (ArithmeticException | java.time.DateTimeException | NumberFormatException e) {
                throw new BadValueException(v, "is not a time");
            }
        }
        try {
            // decided by the text's shape: a parse attempt that fails costs an exception per field
            return hasOffset(s) ? ISO.format(OffsetDateTime.parse(s)) : ISO.format(LocalDateTime.parse(s, LOCAL).atZone(CHINA));
        } catch (DateTimeParseException e) {
            throw new BadValueException(v, "is not a time");
        }
    }

    /** An exact decimal of a JSON value; a double is refused because it is no longer the platform's figure. */
    static BigDecimal decimal(Object v) {
        if (v instanceof BigDecimal d) {
            return inRange(d, v);
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger i) {
            return inRange(new BigDecimal(i), v);
        }
        if (v instanceof Double || v instanceof Float) {
            throw new IllegalArgumentException("amount " + v + " went through JSONata's floating-point arithmetic;"
                    + " compute money with $add, $sub, $mul, $div, $total or $fen");
        }
        if (v instanceof String s) {
            try {
                return inRange(new BigDecimal(s.trim()), v);
            } catch (NumberFormatException e) {
                throw new BadValueException(v, s.isBlank() ? "is blank where an amount is needed" : "is not a decimal amount");
            }
        }
        throw new BadValueException(v, "is not a decimal amount");
    }

    // an amount needs at most 18 integer digits and 18 places; beyond that it is not money, and
    // scaling it (1e999999999 to 2 places) would build a number of a billion digits
    private static BigDecimal inRange(BigDecimal d, Object v) {
        if (d.signum() != 0 && (d.precision() - d.scale() > 18 || d.scale() > 18)) {
            throw new BadValueException(v, "is out of range for an amount");
        }
        return d;
    }

    private static BigDecimal cents(BigDecimal d) {
        // places are added or trailing zeros dropped, never a digit: 3.3 -> 3.30, 3.300 -> 3.30, 0.125 stays
        if (d.scale() < 2) {
            return d.setScale(2);
        }
        BigDecimal stripped = d.stripTrailingZeros();
        return stripped.scale() <= 2 ? stripped.setScale(2) : stripped;
    }

    private static BigDecimal orZero(Object v) {
        return absent(v) || (v instanceof String s && s.isBlank()) ? BigDecimal.ZERO : decimal(v);
    }

    private static BigDecimal required(Object v, String function) {
        if (absent(v) || (v instanceof String s && s.isBlank())) {
            throw new BadValueException(absent(v) ? null : v,
                    (absent(v) ? "is missing where " : "is blank where ") + function + " needs an operand");
        }
        return decimal(v);
    }

    private static boolean absent(Object v) {
        return v == null || v == Jsonata.NULL_VALUE;
    }

    private static boolean isEpoch(String s) {
        int n = s.length();
        if (n < 9 || n > 13) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean hasOffset(String s) {
        int n = s.length();
        if (n < 20) {
            return false;
        }
        char last = s.charAt(n - 1);
        if (last == 'Z' || last == 'z') {
            return true;
        }
        char sign = s.charAt(n - 6);
        return (sign == '+' || sign == '-') && s.charAt(n - 3) == ':';
    }
}
