package io.orderhub.reads;

import io.orderhub.canonical.CanonicalMember;
import io.orderhub.intake.StoreUnavailableException;
import io.orderhub.stores.NewStoreMembers;
import io.orderhub.stores.OldStore;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Behind {@code direct:member-read}: which store answers a member read is decided in one place,
 * {@link #source}. Today members are read from the legacy CRM's member table (old store), which is
 * authoritative for members (phases OFF and DUAL_WRITE); the new store's members table is kept
 * equal by {@code direct:member-write}. Answers {@code Optional<OldStore.Member>}.
 */
public class MemberReads {

    /** The store a member read is answered from. */
    public enum Store { OLD, NEW }

    private final OldStore oldStore;
    private final NewStoreMembers newStore;

    public MemberReads(OldStore oldStore, NewStoreMembers newStore) {
        this.oldStore = oldStore;
        this.newStore = newStore;
    }

    /** The one decision the cutover replaces with its per-cohort phase: today the old store for every read. */
    public Store source(MemberQuery query) {
        return Store.OLD;
    }

    public Optional<OldStore.Member> read(MemberQuery query) {
        try {
            return switch (source(query)) {
                case OLD -> oldStore.findMember(query.cardNo(), query.mobile());
                case NEW -> newStore.find(query.cardNo(), query.mobile()).map(MemberReads::asContractMember);
            };
        } catch (SQLException e) {
            throw new StoreUnavailableException("the member table cannot be read: " + e.getMessage(), e);
        }
    }

    private static OldStore.Member asContractMember(CanonicalMember m) {
        return new OldStore.Member(m.cardNo(), m.unionId(), m.name(), m.mobile(), m.levelCode(), m.points(),
                m.regionCode());
    }
}
