package io.orderhub.reads;

import io.orderhub.intake.StoreUnavailableException;
import io.orderhub.stores.OldStore;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Behind {@code direct:member-read}: members stay in the legacy CRM's member table until members
 * migrate, so they are read from the old store. Answers {@code Optional<OldStore.Member>}.
 */
public class MemberReads {

    private final OldStore oldStore;

    public MemberReads(OldStore oldStore) {
        this.oldStore = oldStore;
    }

    public Optional<OldStore.Member> read(MemberQuery query) {
        try {
            return oldStore.findMember(query.cardNo(), query.mobile());
        } catch (SQLException e) {
            throw new StoreUnavailableException("the member table cannot be read: " + e.getMessage(), e);
        }
    }
}
