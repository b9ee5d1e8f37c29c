package io.orderhub.canonical;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hub order ids: UUIDv7 (RFC 9562) whose 48-bit timestamp is the order's creation time, so the
 * new store finds an order's monthly partition from its id alone.
 */
public final class OrderIds {

    private OrderIds() {
    }

    /** The last instant a UUIDv7's 48-bit unsigned millisecond field can carry (in the year 10889). */
    static final Instant LAST = Instant.ofEpochMilli((1L << 48) - 1);

    /**
     * A new id carrying {@code createdAt}. The timestamp field is unsigned: an instant before 1970
     * (or after {@link #LAST}) cannot be carried and would come back as another time, so it is
     * refused here; the validator keeps orders far inside these bounds (orderhub.orders.created-at-horizon).
     */
    public static UUID newId(Instant createdAt) {
        if (createdAt.isBefore(Instant.EPOCH) || createdAt.isAfter(LAST)) {
            throw new IllegalArgumentException("a UUIDv7 cannot carry " + createdAt + ": its time is 1970 to 10889");
        }
        long millis = createdAt.toEpochMilli();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** The creation instant (millisecond precision) carried by a hub order id. */
    public static Instant createdAt(UUID id) {
        if (id.version() != 7) {
            throw new IllegalArgumentException("not a hub order id (UUIDv7): " + id);
        }
        return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
    }

    /** The UTC month of creation: the new store's partition. */
    public static YearMonth month(UUID id) {
        return YearMonth.from(createdAt(id).atOffset(ZoneOffset.UTC));
    }

    /** Parses an id from outside; {@code null} when it is not a hub order id. */
    public static UUID parse(String text) {
        try {
            UUID id = UUID.fromString(text);
            return id.version() == 7 && text.length() == 36 ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
