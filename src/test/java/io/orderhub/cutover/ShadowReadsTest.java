package io.orderhub.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.orderhub.stores.OldStore;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The shadow reads' comparison on the canonical member form, and what each outcome counts and keeps. */
class ShadowReadsTest {

    static final OldStore.Member MEMBER = new OldStore.Member("66000000001", null, "王芳", "15000000001", "01", 120,
            "440106");

    static final Decision SHADOW = new Decision(7, "store-a", "r1", Map.of(Entity.ORDERS, Phase.DUAL_WRITE,
            Entity.MEMBERS, Phase.SHADOW));
    static final Decision LIVE = new Decision(8, "store-a", "r1", Map.of(Entity.ORDERS, Phase.DUAL_WRITE,
            Entity.MEMBERS, Phase.LIVE));
    static final Decision DUAL_WRITE = new Decision(9, "store-a", "r1", Map.of(Entity.ORDERS, Phase.DUAL_WRITE,
            Entity.MEMBERS, Phase.DUAL_WRITE));

    /** Keeps mismatches in a list instead of the new store. */
    static final class Kept extends CutoverMismatches {
        final List<Mismatch> rows = new CopyOnWriteArrayList<>();

        Kept() {
            super(null, 10);
        }

        @Override
        public void record(Mismatch m) throws SQLException {
            rows.add(m);
        }
    }

    @Test
    void equalMembersMatchAndAnyDifferingFieldOrAbsenceIsAMismatch() {
        assertThat(ShadowReads.compare(Optional.of(MEMBER), Optional.of(new OldStore.Member("66000000001", null, "王芳",
                "15000000001", "01", 120, "440106")))).isEqualTo(ShadowReads.Outcome.MATCH);
        assertThat(ShadowReads.compare(Optional.empty(), Optional.empty())).isEqualTo(ShadowReads.Outcome.MATCH);
        assertThat(ShadowReads.compare(Optional.of(MEMBER), Optional.of(new OldStore.Member("66000000001", null, "王芳",
                "15000000001", "01", 121, "440106")))).as("points differ").isEqualTo(ShadowReads.Outcome.MISMATCH);
        assertThat(ShadowReads.compare(Optional.of(MEMBER), Optional.of(new OldStore.Member("66000000001", "u1", "王芳",
                "15000000001", "01", 120, "440106")))).as("union id null vs set").isEqualTo(ShadowReads.Outcome.MISMATCH);
        assertThat(ShadowReads.compare(Optional.of(MEMBER), Optional.empty())).as("present vs absent")
                .isEqualTo(ShadowReads.Outcome.MISMATCH);
        assertThat(ShadowReads.compare(Optional.empty(), Optional.of(MEMBER))).as("absent vs present")
                .isEqualTo(ShadowReads.Outcome.MISMATCH);
    }

    @Test
    void aMismatchIsKeptWithBothVersionsUnderTheRightStoreAndCounted() throws Exception {
        Kept kept = new Kept();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OldStore.Member renamed = new OldStore.Member("66000000001", null, "王芳芳", "15000000001", "01", 120, "440106");
        try (ShadowReads shadow = new ShadowReads(kept, meters, 1, 10)) {
            // SHADOW: the caller got the old store's answer, the new store is the shadow
            shadow.submit(SHADOW, Entity.MEMBERS, "cardNo", "66000000001", Optional.of(MEMBER), () -> Optional.of(renamed));
            // LIVE: the caller got the new store's answer, the old one (absent here) is the shadow
            shadow.submit(LIVE, Entity.MEMBERS, "cardNo", "66000000001", Optional.of(renamed), Optional::empty);
            shadow.submit(SHADOW, Entity.MEMBERS, "mobile", "15000000001", Optional.of(MEMBER), () -> Optional.of(MEMBER));
        }
        assertThat(kept.rows).hasSize(2);
        CutoverMismatches.Mismatch shadowRow = kept.rows.get(0);
        assertThat(shadowRow.authoritative()).isEqualTo(Store.OLD);
        assertThat(shadowRow.cohort()).isEqualTo("store-a");
        assertThat(shadowRow.rulesVersion()).isEqualTo(7);
        assertThat(shadowRow.keyValue()).isEqualTo("66000000001");
        assertThat(shadowRow.oldVersion().path("name").asText()).isEqualTo("王芳");
        assertThat(shadowRow.newVersion().path("name").asText()).isEqualTo("王芳芳");
        CutoverMismatches.Mismatch liveRow = kept.rows.get(1);
        assertThat(liveRow.authoritative()).isEqualTo(Store.NEW);
        assertThat(liveRow.oldVersion()).as("absent in the old store").isNull();
        assertThat(liveRow.newVersion().path("name").asText()).isEqualTo("王芳芳");
        assertThat(count(meters, "mismatch")).isEqualTo(2);
        assertThat(count(meters, "match")).isEqualTo(1);
    }

    @Test
    void noShadowReadOutsideShadowAndLive() throws Exception {
        Kept kept = new Kept();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CountDownLatch ran = new CountDownLatch(1);
        try (ShadowReads shadow = new ShadowReads(kept, meters, 1, 10)) {
            shadow.submit(DUAL_WRITE, Entity.MEMBERS, "cardNo", "1", Optional.of(MEMBER), () -> {
                ran.countDown();
                return Optional.empty();
            });
        }
        assertThat(ran.getCount()).isEqualTo(1);
        assertThat(kept.rows).isEmpty();
        assertThat(meters.find(ShadowReads.METER).counters()).isEmpty();
    }

    @Test
    void aFullQueueDropsTheShadowReadAndAFailingOneIsCountedWithoutReachingTheCaller() throws Exception {
        Kept kept = new Kept();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CountDownLatch release = new CountDownLatch(1);
        try (ShadowReads shadow = new ShadowReads(kept, meters, 1, 1)) {
            // the one thread is busy with the first, the second waits in the queue of 1, the third is dropped
            shadow.submit(SHADOW, Entity.MEMBERS, "cardNo", "1", Optional.of(MEMBER), () -> {
                release.await();
                return Optional.of(MEMBER);
            });
            shadow.submit(SHADOW, Entity.MEMBERS, "cardNo", "2", Optional.of(MEMBER), () -> {
                throw new SQLException("the new store is down");
            });
            shadow.submit(SHADOW, Entity.MEMBERS, "cardNo", "3", Optional.of(MEMBER), () -> Optional.of(MEMBER));
            assertThat(count(meters, "dropped")).isEqualTo(1);
            release.countDown();
        }
        assertThat(count(meters, "match")).isEqualTo(1);
        assertThat(count(meters, "failed")).isEqualTo(1);
        assertThat(kept.rows).isEmpty();
    }

    static double count(SimpleMeterRegistry meters, String outcome) {
        var c = meters.find(ShadowReads.METER).tags("cohort", "store-a", "entity", "MEMBERS", "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }
}
