package io.orderhub.cutover;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;

/**
 * A switch of authority (or a rollback across the authority boundary) that was not done: its answer
 * is a problem+json of its own (status, type, title, detail and the facts it names, e.g. the backlog
 * that did not drain), written by {@link CutoverAdmin}. Nothing is left held when it is thrown.
 */
public class SwitchRefusedException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final ObjectNode facts;

    public SwitchRefusedException(int status, String type, String title, String detail, ObjectNode facts) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.facts = facts == null ? CanonicalJson.mapper().createObjectNode() : facts;
    }

    /** Another switch holds writes now (one switch at a time). */
    static SwitchRefusedException inProgress(RuleSet current) {
        ObjectNode f = CanonicalJson.mapper().createObjectNode();
        var held = f.putArray("held");
        current.cohorts().forEach(c -> c.holds().forEach(e -> held.addObject().put("cohort", c.name()).put("entity", e.name())));
        return new SwitchRefusedException(409, "cutover-switch-in-progress", "A switch of authority is in progress",
                "writes are held for a switch of authority in progress " + held + "; retry when it is done (a hold left by"
                        + " a crashed switch is released by POST /switch with \"to\" equal to the current phase)", f);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** Facts the answer carries besides type/title/status/detail. */
    public ObjectNode facts() {
        return facts;
    }
}
