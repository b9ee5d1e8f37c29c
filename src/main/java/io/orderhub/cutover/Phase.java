package io.orderhub.cutover;

import java.util.Optional;

/**
 * The six migration phases of the cutover issue, as feature-flag migration tools stage them:
 *
 * <pre>
 * phase        writes                                        reads answered from
 * OFF          old only                                      old
 * DUAL_WRITE   old (authoritative, synchronous), new (async) old
 * SHADOW       as DUAL_WRITE                                 old; new read in the background, compared
 * LIVE         new (authoritative, synchronous), old (async) new; old read in the background, compared
 * RAMPDOWN     new (authoritative), old (async)              new only
 * COMPLETE     new only                                      new
 * </pre>
 *
 * Pure: each method answers from the table alone.
 */
public enum Phase {
    OFF(Store.OLD, null, Store.OLD, null),
    DUAL_WRITE(Store.OLD, Store.NEW, Store.OLD, null),
    SHADOW(Store.OLD, Store.NEW, Store.OLD, Store.NEW),
    LIVE(Store.NEW, Store.OLD, Store.NEW, Store.OLD),
    RAMPDOWN(Store.NEW, Store.OLD, Store.NEW, null),
    COMPLETE(Store.NEW, null, Store.NEW, null);

    private final Store authority;
    private final Store secondary;
    private final Store reads;
    private final Store shadowReads;

    Phase(Store authority, Store secondary, Store reads, Store shadowReads) {
        this.authority = authority;
        this.secondary = secondary;
        this.reads = reads;
        this.shadowReads = shadowReads;
    }

    /** The store written synchronously, inside the caller's answer: the one that decides and is read back. */
    public Store authority() {
        return authority;
    }

    /** The store written asynchronously after the authoritative write (durable queue), if any. */
    public Optional<Store> secondary() {
        return Optional.ofNullable(secondary);
    }

    /** The store whose answer the caller gets. */
    public Store reads() {
        return reads;
    }

    /** The store read too, in the background, and compared with the answer; never adds latency. */
    public Optional<Store> shadowReads() {
        return Optional.ofNullable(shadowReads);
    }

    /** True when the new store holds the authority: crossing this line is the switch of authority. */
    public boolean newIsAuthoritative() {
        return authority == Store.NEW;
    }
}
