package io.orderhub.canonical;

/**
 * Platforms hand buyer and receiver contacts out masked (Pinduoduo {@code 张**}, Taobao
 * {@code 135*******}, WeChat shop {@code 131****1907}); the hub stores them as received and says so with
 * {@code masked: true}, so that nobody later mistakes them for a number to call or a member to match.
 *
 * <p>The flag is set at the choke point, the same for every channel: a contact is masked when a
 * mapping says so or when one of its values holds the mask character {@code *}, which no real name,
 * number or address line contains. Not masked is absent (never {@code false}), so both stores hold
 * the same thing and orders without masking read back unchanged.
 */
public final class MaskedContact {

    /** The character platforms put in place of hidden digits and letters. */
    public static final char MASK = '*';

    private MaskedContact() {
    }

    static CanonicalOrder.Buyer flag(CanonicalOrder.Buyer b) {
        if (b == null) {
            return null;
        }
        Boolean masked = masked(b.masked(), b.name(), b.mobile(), b.email());
        return new CanonicalOrder.Buyer(b.name(), b.mobile(), b.email(), masked);
    }

    static CanonicalOrder.Address flag(CanonicalOrder.Address a) {
        if (a == null) {
            return null;
        }
        Boolean masked = masked(a.masked(), a.receiverName(), a.receiverMobile(), a.detail());
        return new CanonicalOrder.Address(a.receiverName(), a.receiverMobile(), a.province(), a.provinceCode(),
                a.city(), a.cityCode(), a.district(), a.districtCode(), a.detail(), a.postalCode(), masked);
    }

    /** True when the value holds the mask character. */
    public static boolean isMasked(String value) {
        return value != null && value.indexOf(MASK) >= 0;
    }

    private static Boolean masked(Boolean declared, String... values) {
        if (Boolean.TRUE.equals(declared)) {
            return Boolean.TRUE;
        }
        for (String v : values) {
            if (isMasked(v)) {
                return Boolean.TRUE;
            }
        }
        return null;
    }
}
