package io.orderhub.members;

import io.orderhub.canonical.CanonicalMember;
import io.orderhub.canonical.MemberValidator;
import io.orderhub.intake.StoreUnavailableException;
import io.orderhub.soap.PosIdentity;
import io.orderhub.soap.contract.CrmFault_Exception;
import io.orderhub.soap.contract.MemberInfo;
import io.orderhub.soap.contract.RegisterMemberRequest;
import io.orderhub.soap.contract.RegisterMemberResponse;
import io.orderhub.soap.contract.UpdateMemberRequest;
import io.orderhub.soap.contract.UpdateMemberResponse;
import io.orderhub.stores.LegacyMapping;
import io.orderhub.stores.NewStoreMembers;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.camel.ExchangeProperty;

/**
 * Behind {@code direct:member-write} (routes/platform/member-writes.camel.yaml): the steps of a
 * member registration or change. Which stores a write goes to, and which one is authoritative, is
 * decided in one place, {@link #stores}; the route follows that plan.
 *
 * <p>The MEMBERS phase of the request's cohort decides: in OFF only the legacy CRM is written; in
 * every other phase the legacy CRM still numbers a new member's card (serially, in its own format —
 * the legacy contract demands it) and applies the change first, over its own contract through the
 * old path's circuit breaker, and the new store is then written in the same request, synchronously,
 * with the card number and version the legacy CRM answered. Nothing is written to the new store
 * unless the legacy CRM answered with a member, so a legacy CRM that is down leaves nothing behind.
 * (The hub has no card-number scheme of its own yet, so member writes keep the legacy CRM first even
 * in LIVE and later phases; member reads follow the phase fully.)
 */
public class MemberWrites {

    /** Which stores a member write goes to, the authoritative one first. */
    public enum Stores {
        /** Phase OFF: the legacy CRM only. */
        OLD_ONLY,
        /** Phase DUAL_WRITE (today, synchronous): the legacy CRM numbers and writes, then the new store. */
        OLD_THEN_NEW
    }

    private static final DateTimeFormatter TS14 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final NewStoreMembers newStore;
    private final LegacyMapping mapping;
    private final java.util.function.Function<io.orderhub.cutover.RequestFacts, io.orderhub.cutover.Decision> cutover;

    public MemberWrites(NewStoreMembers newStore, LegacyMapping mapping,
                        java.util.function.Function<io.orderhub.cutover.RequestFacts, io.orderhub.cutover.Decision> cutover) {
        this.newStore = newStore;
        this.mapping = mapping;
        this.cutover = cutover;
    }

    /** Which stores a member write goes to: the MEMBERS phase of the POS's cohort for this operation. */
    public Stores stores(@ExchangeProperty("posIdentity") PosIdentity identity,
                         @ExchangeProperty("posOperation") String operation,
                         @ExchangeProperty("posRequest") Object request) {
        String card = request instanceof UpdateMemberRequest r ? r.getCardNo() : null;
        io.orderhub.cutover.RequestFacts facts = identity == null
                ? new io.orderhub.cutover.RequestFacts(null, "pos", operation, null, null, card, java.util.Map.of())
                : new io.orderhub.cutover.RequestFacts(identity.sourceSystem(), "pos", operation, identity.regionCode(),
                        identity.storeCode(), card, java.util.Map.of());
        io.orderhub.cutover.Phase phase;
        try {
            phase = cutover.apply(facts).phase(io.orderhub.cutover.Entity.MEMBERS);
        } catch (io.orderhub.cutover.CutoverUnavailableException e) {
            throw new StoreUnavailableException("the cutover rules are not loaded yet", e);
        }
        return phase == io.orderhub.cutover.Phase.OFF ? Stores.OLD_ONLY : Stores.OLD_THEN_NEW;
    }

    /** The request checked at the member choke point before any store sees it (CRM-1000 naming the element). */
    public void check(Object request) {
        if (request instanceof RegisterMemberRequest r) {
            MemberValidator.checkRegistration(r.getMemberName(), r.getMobile(), r.getStoreCode(), r.getUnionId(),
                    r.getRegionCode());
        } else if (request instanceof UpdateMemberRequest r) {
            MemberValidator.checkChange(r.getCardNo(), r.getMemberName(), r.getMobile(), r.getUnionId(),
                    r.getRegionCode());
        } else {
            throw new IllegalArgumentException("not a member write: " + request);
        }
    }

    /**
     * The authoritative store's answer: a CrmFault the legacy CRM answered is thrown (the POS gets
     * it as it is, and nothing else is written); an answer passes on.
     */
    public Object authoritativeAnswer(Object answer) throws CrmFault_Exception {
        if (answer instanceof CrmFault_Exception fault) {
            throw fault;
        }
        return answer;
    }

    /** The new store takes the member as the legacy CRM answered it (card number, version, time). */
    public void writeNewStore(Object answer, @ExchangeProperty("posRequest") Object request) {
        CanonicalMember member;
        if (answer instanceof RegisterMemberResponse r) {
            member = canonical(r.getMember(), r.getVersion(), r.getUpdateTime(),
                    ((RegisterMemberRequest) request).getStoreCode(), r.getResultCode());
        } else if (answer instanceof UpdateMemberResponse r) {
            member = canonical(r.getMember(), r.getVersion(), r.getUpdateTime(), null, r.getResultCode());
        } else {
            throw new IllegalStateException("the legacy CRM answered a member write with " + answer);
        }
        try {
            newStore.write(member);
        } catch (SQLException e) {
            throw new StoreUnavailableException("the new store's members cannot be written: " + e.getMessage(), e);
        }
    }

    private CanonicalMember canonical(MemberInfo m, int version, String updateTime, String storeCode, String result) {
        if (m == null) {
            throw new IllegalStateException("the legacy CRM answered a member write without the member");
        }
        Instant changed;
        try {
            changed = LocalDateTime.parse(updateTime, TS14).atZone(mapping.zone()).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalStateException("the legacy CRM answered a member write without its UpdateTime");
        }
        // 0001: the mobile was registered before; that member is written as the legacy CRM holds it,
        // and the store that registered it is not the one asking now
        String registeredAt = "0000".equals(result) ? storeCode : null;
        return MemberValidator.read(m.getCardNo(), m.getUnionId(), m.getMemberName(), m.getMobile(), m.getLevelCode(),
                m.getPoints(), m.getRegionCode(), registeredAt, version, changed);
    }
}
