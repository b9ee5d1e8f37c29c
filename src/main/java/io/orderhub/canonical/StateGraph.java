package io.orderhub.canonical;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One directed graph of states answers both kinds of transition: an internal command may take
 * exactly one edge; a platform sync may move to any state reachable along edges (skipping states),
 * never to one that is not reachable (which would be a move backwards).
 */
public final class StateGraph<S extends Enum<S>> {

    private final String dimension;
    private final Map<S, Set<S>> next;
    private final Map<S, Set<S>> reachable;

    public StateGraph(String dimension, Class<S> type, Map<S, Set<S>> edges) {
        this.dimension = dimension;
        this.next = new EnumMap<>(type);
        for (S s : type.getEnumConstants()) {
            next.put(s, Collections.unmodifiableSet(edges.getOrDefault(s, EnumSet.noneOf(type))));
        }
        this.reachable = new EnumMap<>(type);
        for (S s : type.getEnumConstants()) {
            Set<S> seen = EnumSet.noneOf(type);
            Deque<S> todo = new ArrayDeque<>(next.get(s));
            while (!todo.isEmpty()) {
                S t = todo.pop();
                if (seen.add(t)) {
                    todo.addAll(next.get(t));
                }
            }
            reachable.put(s, Collections.unmodifiableSet(seen));
        }
    }

    public Set<S> next(S from) {
        return next.get(from);
    }

    /** An internal command: one legal step, or an {@link IllegalTransitionException} naming both states. */
    public S command(S from, S to) {
        if (!next.get(from).contains(to)) {
            throw new IllegalTransitionException(dimension, from.name(), to.name(),
                    "allowed from " + from + ": " + (next.get(from).isEmpty() ? "none (final)" : next.get(from)));
        }
        return to;
    }

    /** True when a platform sync may move {@code from} to {@code to}: the same state or a later one. */
    public boolean isForward(S from, S to) {
        return from == to || reachable.get(from).contains(to);
    }

    /** A platform sync: the later state wins; a state that would be a move backwards is not taken. */
    public S sync(S from, S to) {
        return isForward(from, to) ? to : from;
    }
}
