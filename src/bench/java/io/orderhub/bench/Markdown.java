package io.orderhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The report as a Markdown page: machine, set-up, then one table per scenario. */
final class Markdown {

    private Markdown() {
    }

    static String render(ObjectNode r) {
        StringBuilder md = new StringBuilder();
        md.append("# orderhub benchmark report (").append(r.get("mode").asText()).append(")\n\n");
        JsonNode m = r.get("machine");
        md.append("Machine: ").append(m.get("cores").asInt()).append(" cores, ").append(m.get("cpu").asText())
                .append(", ").append(m.get("memory").asText()).append(", ").append(m.get("os").asText())
                .append(", ").append(m.get("java").asText()).append(", PostgreSQL ").append(m.get("postgresql").asText())
                .append(", MariaDB ").append(m.get("mariadb").asText()).append("  \n");
        md.append("Run: ").append(r.get("startedAt").asText()).append(" – ").append(r.get("finishedAt").asText()).append("\n\n");
        JsonNode s = r.get("setup");
        md.append("- Data: ").append(s.get("data").asText()).append("\n");
        md.append("- Load generator: ").append(s.get("loadGenerator").asText()).append("; JVM `")
                .append(s.get("loadGeneratorJvm").asText()).append("`\n");
        md.append("- Hub: `java ").append(s.get("hubJvm").asText()).append("`\n\n");

        md.append("| scenario | figure | baseline | ratio |\n|---|---|---|---|\n");
        for (JsonNode sc : r.get("scenarios")) {
            String name = sc.get("name").asText();
            if (sc.has("status")) {
                md.append("| ").append(name).append(" | ").append(sc.get("status").asText()).append(" | | |\n");
            } else if (name.equals("cutover write path")) {
                md.append("| cutover write path | see the cutover table below | raw baseline per phase | |\n");
            } else if (sc.get("name").asText().equals("SOAP POS")) {
                md.append("| SOAP POS | see the SOAP table below | bare CXF echo | |\n");
            } else if (sc.has("ordersPerSecond")) {
                md.append("| ").append(name).append(" | ").append(sc.get("ordersPerSecond").asText()).append(" orders/s | ")
                        .append(sc.get("baselineOrdersPerSecond").asText()).append(" orders/s | ")
                        .append(sc.get("ratioToBaseline").asText()).append(" |\n");
            } else if (name.equals("footprint")) {
                for (JsonNode p : sc.get("phases")) {
                    md.append("| footprint, ").append(p.get("phase").asText()).append(" | ready in ")
                            .append(p.get("readyMs").asLong()).append(" ms, RSS ").append(p.get("rssMiB").asLong())
                            .append(" MiB (hub JVM ").append(p.get("hubJvmRssMiB").asLong()).append(" MiB) | | |\n");
                }
            }
        }
        for (JsonNode sc : r.get("scenarios")) {
            if (sc.has("phases") && sc.get("name").asText().equals("end-to-end intake")) {
                md.append("\n## End-to-end intake\n\n").append(sc.get("what").asText()).append("\n\n");
                md.append("| phase | s | offered/s | accepted/s | accepted | duplicate answers | failed | p50 ms | p99 ms | p99.9 ms | max ms |\n");
                md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
                for (JsonNode p : sc.get("phases")) {
                    md.append("| ").append(p.get("phase").asText()).append(" | ").append(p.get("seconds").asText())
                            .append(" | ").append(p.has("offeredPerSecond") ? p.get("offeredPerSecond").asText() : "closed loop")
                            .append(" | ").append(p.get("ordersPerSecond").asText())
                            .append(" | ").append(p.get("accepted").asText())
                            .append(" | ").append(p.get("duplicateAnswers").asText())
                            .append(" | ").append(p.get("failed").asText())
                            .append(" | ").append(p.get("p50Ms").asText())
                            .append(" | ").append(p.get("p99Ms").asText())
                            .append(" | ").append(p.get("p999Ms").asText())
                            .append(" | ").append(p.get("maxMs").asText()).append(" |\n");
                }
                md.append("\nBaseline: ").append(sc.get("baseline").asText()).append("\n\nCheck after the run: ");
                md.append(sc.get("check").toString()).append("\n\nHub RSS after load: ")
                        .append(sc.get("hubRssAfterLoadMiB").asText()).append(" MiB\n");
            }
            if (sc.get("name").asText().equals("cutover write path") && sc.has("phases")) {
                cutover(md, sc);
            }
            if (sc.get("name").asText().equals("SOAP POS") && sc.has("results")) {
                md.append("\n## SOAP POS\n\n").append(sc.get("what").asText()).append(". Baseline: ")
                        .append(sc.get("baseline").asText()).append(".\n\n");
                md.append("| operation | clients | calls/s | p50 ms | p99 ms | failed | p99 / echo p99 |\n");
                md.append("|---|---|---|---|---|---|---|\n");
                for (JsonNode row : sc.get("results")) {
                    md.append("| ").append(row.get("op").asText()).append(" | ").append(row.get("clients").asText())
                            .append(" | ").append(row.get("callsPerSecond").asText())
                            .append(" | ").append(row.get("p50Ms").asText())
                            .append(" | ").append(row.get("p99Ms").asText())
                            .append(" | ").append(row.get("failed").asText())
                            .append(" | ").append(row.has("p99RatioToEcho") ? row.get("p99RatioToEcho").asText() : "—")
                            .append(" |\n");
                }
            }
            if (sc.get("name").asText().startsWith("channel mapping") || sc.get("name").asText().startsWith("store CSV")) {
                md.append("\n- ").append(sc.get("name").asText()).append(": ").append(sc.get("what").asText())
                        .append(sc.has("scoreError") ? " (±" + sc.get("scoreError").asText() + " orders/s)" : "")
                        .append(sc.has("spread") ? "; " + sc.get("spread").asText() : "")
                        .append(". Baseline: ").append(sc.get("baseline").asText()).append(".\n");
            }
            if (sc.get("name").asText().startsWith("mapping")) {
                md.append("\n## Mapping\n\n").append(sc.get("what").asText()).append(". Baseline: ")
                        .append(sc.get("baseline").asText()).append(". Error (99.9%): ±")
                        .append(sc.get("scoreError").asText()).append(" orders/s")
                        .append(sc.has("spread") ? "; " + sc.get("spread").asText() : "").append(".\n");
            }
        }
        return md.toString();
    }

    /** The cutover write path: one row per ORDERS phase, hub against its raw baseline. */
    private static void cutover(StringBuilder md, JsonNode sc) {
        md.append("\n## Cutover write path\n\n").append(sc.get("what").asText()).append(".\n\n");
        md.append("| ORDERS phase | hub orders/s | raw baseline orders/s | ratio | half load offered/s | accept p50 ms"
                + " | accept p99 ms | secondary lag p99 ms (hub metric) | secondary lag p99 ms (probe) | failed (max / half) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode p : sc.get("phases")) {
            md.append("| ").append(p.get("phase").asText())
                    .append(" | ").append(p.get("ordersPerSecond").asText())
                    .append(" | ").append(p.get("baselineOrdersPerSecond").asText())
                    .append(" | ").append(p.get("ratioToBaseline").asText())
                    .append(" | ").append(p.get("halfOfferedPerSecond").asText())
                    .append(" | ").append(p.get("acceptP50Ms").asText())
                    .append(" | ").append(p.get("acceptP99Ms").asText())
                    .append(" | ").append(p.has("hubLagP99Ms") ? p.get("hubLagP99Ms").asText() : "not published")
                    .append(" | ").append(p.path("probeLagP99Ms").isNull() || p.path("probeLagP99Ms").isMissingNode()
                            ? "—" : p.get("probeLagP99Ms").asText())
                    .append(" (").append(p.get("probeSamples").asText()).append(" samples")
                    .append(p.get("probeUnresolved").asInt() > 0 ? ", " + p.get("probeUnresolved").asText() + " never seen" : "")
                    .append(") | ").append(p.get("failedAtMax").asText()).append(" / ").append(p.get("failedAtHalf").asText())
                    .append(" |\n");
        }
        md.append("\nBaseline: ").append(sc.get("baseline").asText()).append(".\n\n");
        md.append("Secondary lag: the hub metric is `orderhub_sync_lag_seconds` (commit of the authoritative write to"
                + " the secondary apply) over the half-load phase; the probe looks for every 5th accepted order in the"
                + " secondary store every " + LagProbe.POLL_MS + " ms from its 201 on (an upper bound by one poll)."
                + " Hub published the lag metric: ").append(sc.path("hubPublishesSyncLag").asText())
                .append("; the backlog gauge `orderhub_sync_backlog`: ").append(sc.path("hubPublishesSyncBacklog").asText())
                .append(". Before the half-load phase the secondary store was drained (every accepted order present");
        md.append(", backlog 0 when published); drain times after the maximum rate / after half load:");
        for (JsonNode p : sc.get("phases")) {
            md.append(" ").append(p.get("phase").asText()).append(" ").append(p.get("drainAfterMaxSeconds").asText())
                    .append(" s / ").append(p.get("drainAfterHalfSeconds").asText()).append(" s;");
        }
        md.setLength(md.length() - 1);
        md.append(".");
        md.append(" Baseline deadlock retries and the rows it left:");
        for (JsonNode p : sc.get("phases")) {
            md.append(" ").append(p.get("phase").asText()).append(" ").append(p.get("baselineDeadlockRetries").asText())
                    .append(" retries, ").append(p.get("baselineOrders").asText()).append(" orders, `")
                    .append(p.path("baselineRows").toString()).append("`;");
        }
        md.append(" load average (1, 5, 15 min) at the end of the maximum rate / of half load:");
        for (JsonNode p : sc.get("phases")) {
            md.append(" ").append(p.get("phase").asText()).append(" ").append(p.path("loadAverageAtMax").asText("?"))
                    .append(" / ").append(p.path("loadAverageAtHalf").asText("?")).append(";");
        }
        md.append(" the probe's lag is an upper bound: on a busy machine it is mostly the probe's own poll delay."
                + "\n\nTargets (issue 11, 2 cores): ratio ≥ 0.5, accept p99 ≤ 50 ms and secondary lag p99 ≤ 1 s at half load.\n");
    }
}
