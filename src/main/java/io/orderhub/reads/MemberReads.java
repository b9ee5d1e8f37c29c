package io.orderhub.reads;

import io.orderhub.canonical.CanonicalMember;
import io.orderhub.cutover.Decision;
import io.orderhub.cutover.CutoverUnavailableException;
import io.orderhub.cutover.Entity;
import io.orderhub.cutover.RequestFacts;
import io.orderhub.cutover.ShadowReads;
import io.orderhub.intake.StoreUnavailableException;
import io.orderhub.cutover.Origin;
import io.orderhub.stores.NewStoreMembers;
import io.orderhub.stores.OldStore;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Behind {@code direct:member-read}: which store answers a member read is decided in one place,
 * {@link #source}, by the cutover rules: the request's cohort (POS source system, region and store,
 * the SOAP operation, the card number as the sticky key) and that cohort's phase for MEMBERS — the
 * legacy CRM's member table (old store) in OFF, DUAL_WRITE and SHADOW, the new store's members table
 * in LIVE, RAMPDOWN and COMPLETE. So one rule can serve {@code QueryMember} of a store from the new
 * store while its sales still write old-first. In SHADOW and LIVE the other store is read too, in the
 * background ({@link ShadowReads}: never slower, never failing for the caller), and the two answers
 * are compared on the contract's member form ({@code OldStore.Member}, which both stores' reads give).
 * Answers {@code Optional<OldStore.Member>}.
 */
public class MemberReads {

    /** The store a member read is answered from. */
    public enum Store { OLD, NEW }

    private final OldStore oldStore;
    private final NewStoreMembers newStore;
    private final java.util.function.Function<RequestFacts, Decision> cutover;
    private final ShadowReads shadowReads;

    public MemberReads(OldStore oldStore, NewStoreMembers newStore, java.util.function.Function<RequestFacts, Decision> cutover,
                       ShadowReads shadowReads) {
        this.oldStore = oldStore;
        this.newStore = newStore;
        this.cutover = cutover;
        this.shadowReads = shadowReads;
    }

    /** The store that answers: the MEMBERS phase of the request's cohort. */
    public Store source(MemberQuery query, Origin origin, String operation) {
        return source(decide(query, origin, operation));
    }

    private static Store source(Decision decision) {
        return decision.phase(Entity.MEMBERS).reads() == io.orderhub.cutover.Store.NEW ? Store.NEW : Store.OLD;
    }

    private Decision decide(MemberQuery query, Origin origin, String operation) {
        RequestFacts facts = origin == null
                ? new RequestFacts(null, "pos", operation, null, null, query.cardNo(), Map.of())
                : new RequestFacts(origin.sourceSystem(), "pos", operation, origin.regionCode(), origin.storeCode(),
                        query.cardNo(), Map.of());
        try {
            return cutover.apply(facts);
        } catch (CutoverUnavailableException e) {
            throw new StoreUnavailableException("the cutover rules are not loaded yet", e);
        }
    }

    public Optional<OldStore.Member> read(@Body MemberQuery query, @ExchangeProperty("posIdentity") Origin identity,
                                          @ExchangeProperty("posOperation") String operation) {
        Decision decision = decide(query, identity, operation);
        Store answering = source(decision);
        Optional<OldStore.Member> answer;
        try {
            answer = readFrom(answering, query);
        } catch (SQLException e) {
            throw new StoreUnavailableException("the member table cannot be read: " + e.getMessage(), e);
        }
        Store other = answering == Store.OLD ? Store.NEW : Store.OLD;
        shadowReads.submit(decision, Entity.MEMBERS, query.cardNo() != null ? "cardNo" : "mobile",
                query.cardNo() != null ? query.cardNo() : query.mobile(), answer, () -> readFrom(other, query));
        return answer;
    }

    private Optional<OldStore.Member> readFrom(Store store, MemberQuery query) throws SQLException {
        return switch (store) {
            case OLD -> oldStore.findMember(query.cardNo(), query.mobile());
            case NEW -> newStore.find(query.cardNo(), query.mobile()).map(MemberReads::asContractMember);
        };
    }

    private static OldStore.Member asContractMember(CanonicalMember m) {
        return new OldStore.Member(m.cardNo(), m.unionId(), m.name(), m.mobile(), m.levelCode(), m.points(),
                m.regionCode());
    }
}
