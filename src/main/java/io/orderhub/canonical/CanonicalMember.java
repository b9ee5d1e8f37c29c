package io.orderhub.canonical;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * A member as the hub knows it, whichever store holds it: the legacy CRM's member table (old store)
 * and the new store's {@code members} table are compared on this form. Built only through
 * {@link MemberValidator#read}, the one choke point.
 *
 * @param memberId        the hub's member id, derived from the card number ({@link #idOf})
 * @param cardNo          the card number the legacy CRM assigned (legacy format, unique)
 * @param version         the authoritative store's version of the member (optimistic updates)
 * @param updatedAt       when the authoritative store last changed the member (source version)
 * @param registeredStore the store code of the POS that registered the member, if known
 */
public record CanonicalMember(UUID memberId, String cardNo, String unionId, String name, String mobile,
                              String levelCode, int points, String regionCode, String registeredStore,
                              long version, Instant updatedAt) {

    /**
     * The member id of a card number: a name-based UUID, so every store and every retried write
     * agrees on it without a look-up (the card number is the legacy CRM's identity of a member and
     * never changes).
     */
    public static UUID idOf(String cardNo) {
        return UUID.nameUUIDFromBytes(("orderhub-member:" + cardNo).getBytes(StandardCharsets.UTF_8));
    }
}
