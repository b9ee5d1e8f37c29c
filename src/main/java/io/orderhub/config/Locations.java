package io.orderhub.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The locations of one kind of file (routes, mappings, connectors): the hub's own ones and the
 * extra ones an installation adds. Extras come after the defaults so a setting can only add
 * channels, never silently drop the built-in ones.
 */
public final class Locations {

    private Locations() {
    }

    /** Defaults first, then extras; blanks dropped, repeats kept once (old settings listed the defaults too). */
    public static List<String> of(String[] defaults, String[] extra) {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        for (String[] list : new String[][] {defaults, extra}) {
            if (list != null) {
                Arrays.stream(list).map(String::trim).filter(s -> !s.isEmpty()).forEach(all::add);
            }
        }
        return new ArrayList<>(all);
    }
}
