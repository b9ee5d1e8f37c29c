package io.orderhub.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The six phases, row by row as the cutover issue's table states them ("-" for none). */
class PhaseTest {

    @ParameterizedTest(name = "{0}: writes {1} then {2}, reads {3}, shadow {4}")
    @CsvSource({
            "OFF,        OLD, -,   OLD, -",
            "DUAL_WRITE, OLD, NEW, OLD, -",
            "SHADOW,     OLD, NEW, OLD, NEW",
            "LIVE,       NEW, OLD, NEW, OLD",
            "RAMPDOWN,   NEW, OLD, NEW, -",
            "COMPLETE,   NEW, -,   NEW, -"})
    void eachPhaseIsTheIssuesRow(Phase phase, Store authority, String secondary, Store reads, String shadow) {
        assertThat(phase.authority()).isEqualTo(authority);
        assertThat(phase.secondary().map(Enum::name).orElse("-")).isEqualTo(secondary);
        assertThat(phase.reads()).isEqualTo(reads);
        assertThat(phase.shadowReads().map(Enum::name).orElse("-")).isEqualTo(shadow);
        assertThat(phase.newIsAuthoritative()).isEqualTo(authority == Store.NEW);
    }
}
