package io.orderhub.canonical;

import java.util.regex.Pattern;

/**
 * Names, phones, addresses and card numbers leave the hub only in the stored order and the order
 * event: wherever the hub echoes a value to people (logs, problem answers, needs-attention reasons,
 * error files, SOAP faults) a value of a personal field is masked here, the way the platforms
 * mask them ({@code 张**}, {@code 138****1234}, {@link MaskedContact}). One place decides which
 * fields are personal and what the mask looks like.
 */
public final class PersonalData {

    /** Field paths, platform keys and export columns that hold a person's name, phone, address or card. */
    private static final Pattern PERSONAL = Pattern.compile("(?i)(name|mobile|phone|tel\\b|email|address|detail|street"
            + "|card|receiver|buyer|customer|contact|ship_?to|billing|姓名|收货人|收件人|联系人|手机|电话|地址|会员卡|卡号|买家)");
    /** What such a name can also hold that is not personal: goods, and the coarse region of an address. */
    private static final Pattern NOT_PERSONAL = Pattern.compile("(?i)(goods|item|product|sku|title|material|description"
            + "|商品|province|city|district|state|country|region|zip|postal|postcode|masked|省|市|区|邮编)");

    private PersonalData() {
    }

    /** True when a field path, platform key or column name holds personal data (buyer.mobile, 收货人, CardNo). */
    public static boolean isPersonal(String field) {
        return field != null && PERSONAL.matcher(field).find() && !NOT_PERSONAL.matcher(field).find();
    }

    /**
     * The value masked: a number-like value (phone, card: digits, capitals, +, -, spaces) keeps its first 3 and last 4 characters
     * when it has 11 or more, else its last 2 at most; any other text keeps its first character. Null stays null.
     */
    public static String mask(Object value) {
        if (value == null) {
            return null;
        }
        String s = String.valueOf(value);
        int[] cps = s.codePoints().toArray();
        int n = cps.length;
        if (n == 0) {
            return s;
        }
        if (s.matches("[0-9A-Z+\\-*() ]+") && s.chars().anyMatch(Character::isDigit)) {
            int head = n >= 11 ? 3 : 0;
            int tail = n >= 11 ? 4 : Math.min(2, n / 3);
            return new String(cps, 0, head) + "*".repeat(n - head - tail) + new String(cps, n - tail, tail);
        }
        return new String(cps, 0, 1) + "*".repeat(Math.min(Math.max(n - 1, 2), 8));
    }

    /** The value, masked when the field holds personal data. */
    public static String maskIfPersonal(String field, Object value) {
        if (value == null) {
            return null;
        }
        return isPersonal(field) ? mask(value) : String.valueOf(value);
    }
}
