package io.orderhub.canonical;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one choke point every member passes before a store is written: the legacy contract's formats
 * (card number, mobile, union id, division code, store code) and the legacy columns' lengths. A
 * registration is checked before the legacy CRM numbers it ({@link #checkRegistration}), the member
 * the legacy CRM answered before the new store takes it ({@link #read}). Reports every offending
 * field at once and never echoes personal data.
 */
public final class MemberValidator {

    /** The legacy contract's CardNo. */
    private static final Pattern CARD_NO = Pattern.compile("[0-9A-Z]{6,32}");
    /** The legacy contract's Mobile: a mainland mobile number, 11 digits starting with 1. */
    private static final Pattern MOBILE = Pattern.compile("1[0-9]{10}");
    private static final Pattern UNION_ID = Pattern.compile("[A-Za-z0-9_-]{6,64}");
    private static final Pattern DIVISION_CODE = Pattern.compile("[1-9][0-9]{5}");
    private static final Pattern STORE_CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,15}");
    private static final Pattern LEVEL_CODE = Pattern.compile("[0-9]{2}");
    /** CRM_MEMBER.MEMBER_NAME and the contract's Text64: 64 characters. */
    static final int NAME_MAX = 64;

    private MemberValidator() {
    }

    /** A registration before the legacy CRM numbers it: name, mobile, store, optional union id and region. */
    public static void checkRegistration(String name, String mobile, String storeCode, String unionId,
                                         String regionCode) {
        List<FieldError> errors = new ArrayList<>();
        name(errors, name, true);
        format(errors, "mobile", mobile, MOBILE, true);
        format(errors, "registeredStore", storeCode, STORE_CODE, true);
        format(errors, "unionId", unionId, UNION_ID, false);
        format(errors, "regionCode", regionCode, DIVISION_CODE, false);
        fail(errors);
    }

    /** A change before the legacy CRM applies it: only the fields given are checked. */
    public static void checkChange(String cardNo, String name, String mobile, String unionId, String regionCode) {
        List<FieldError> errors = new ArrayList<>();
        format(errors, "cardNo", cardNo, CARD_NO, true);
        name(errors, name, false);
        format(errors, "mobile", mobile, MOBILE, false);
        format(errors, "unionId", unionId, UNION_ID, false);
        format(errors, "regionCode", regionCode, DIVISION_CODE, false);
        fail(errors);
    }

    /** The canonical member, or every rule it breaks. The member id is derived from the card number. */
    public static CanonicalMember read(String cardNo, String unionId, String name, String mobile, String levelCode,
                                       int points, String regionCode, String registeredStore, long version,
                                       Instant updatedAt) {
        List<FieldError> errors = new ArrayList<>();
        format(errors, "cardNo", cardNo, CARD_NO, true);
        format(errors, "unionId", unionId, UNION_ID, false);
        name(errors, name, false);
        // members from before registration came with orders and may carry a mobile of another form
        if (mobile != null && (mobile.length() > 20 || mobile.isBlank())) {
            errors.add(new FieldError("mobile", "must be at most 20 characters and not blank"));
        }
        format(errors, "levelCode", levelCode, LEVEL_CODE, true);
        if (points < 0) {
            errors.add(new FieldError("points", "must not be negative"));
        }
        format(errors, "regionCode", regionCode, DIVISION_CODE, false);
        format(errors, "registeredStore", registeredStore, STORE_CODE, false);
        if (version < 1) {
            errors.add(new FieldError("version", "must be at least 1"));
        }
        if (updatedAt == null) {
            errors.add(new FieldError("updatedAt", "is required"));
        }
        fail(errors);
        UUID id = CanonicalMember.idOf(cardNo);
        return new CanonicalMember(id, cardNo, unionId, name, mobile, levelCode, points, regionCode, registeredStore,
                version, updatedAt);
    }

    private static void name(List<FieldError> errors, String name, boolean required) {
        if (name == null) {
            if (required) {
                errors.add(new FieldError("name", "is required"));
            }
        } else if (name.isBlank()) {
            errors.add(new FieldError("name", "must not be blank"));
        } else if (name.codePointCount(0, name.length()) > NAME_MAX) {
            errors.add(new FieldError("name", "must be at most " + NAME_MAX + " characters"));
        } else if (name.codePoints().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("name", "must not contain control characters"));
        }
    }

    private static void format(List<FieldError> errors, String field, String value, Pattern pattern, boolean required) {
        if (value == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
        } else if (!pattern.matcher(value).matches()) {
            errors.add(new FieldError(field, "does not match " + pattern.pattern()));
        }
    }

    private static void fail(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidMemberException(errors);
        }
    }
}
