package io.orderhub.channels;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar orderhub.jar golden <folder>}: runs the golden examples of a channel kept in any
 * folder, without starting the hub (no databases, no brokers, no Spring context). Every
 * {@code <mapping>/examples/NN-x.input.*} under the folder is mapped with its mapping, the hub's
 * built-in master data and the folder's own tables, validated as the intake does, and compared with
 * {@code NN-x.expected.json} exactly as {@code ChannelMappingGoldenTest} compares the hub's own
 * ({@link GoldenExamples}). Prints {@code PASS}/{@code FAIL} per example with the differences; exit
 * code 0 when all pass, 1 when any fails, 2 when there is nothing to run.
 */
public final class GoldenCommand {

    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private GoldenCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        quietLogs();
        if (args.length != 1) {
            out.println("usage: golden <folder>   (a channel folder holding mappings/<mapping>/examples/, or a mapping folder)");
            return USAGE;
        }
        Path folder = Path.of(args[0]).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            out.println("golden: no folder " + folder);
            return USAGE;
        }
        try {
            List<Path> inputs = GoldenExamples.inputs(folder);
            List<Path> orphans = GoldenExamples.orphans(folder);
            if (inputs.isEmpty() && orphans.isEmpty()) {
                out.println("golden: no examples (<mapping>/examples/*.input.*) under " + folder);
                return USAGE;
            }
            // the built-in mappings and master data first, then the folder's own: as the hub with
            // ORDERHUB_EXTRA_MAPPING_LOCATIONS pointing at the folder's mappings/
            Set<String> locations = new LinkedHashSet<>(List.of("classpath*:mappings/"));
            for (Path input : inputs) {
                locations.add("file:" + input.getParent().getParent().getParent() + "/");
            }
            ChannelMappings mappings = new ChannelMappings(new ArrayList<>(locations));
            int failed = 0;
            for (Path input : inputs) {
                GoldenExamples.Result r = GoldenExamples.run(mappings, input);
                out.println((r.passed() ? "PASS " : "FAIL ") + folder.relativize(input));
                r.differences().forEach(d -> out.println("     " + d));
                failed += r.passed() ? 0 : 1;
            }
            for (Path orphan : orphans) {
                out.println("FAIL " + folder.relativize(orphan));
                out.println("     an expected file without its input");
                failed++;
            }
            out.println(inputs.size() + " examples: " + (inputs.size() + orphans.size() - failed) + " passed, "
                    + failed + " failed" + (orphans.isEmpty() ? "" : " (" + orphans.size() + " expected files without input)"));
            return failed == 0 ? PASSED : FAILED;
        } catch (IOException | RuntimeException e) {
            out.println("golden: cannot run the examples of " + folder + ": " + e.getMessage());
            return FAILED;
        }
    }

    /** The command prints its own lines; the libraries' INFO and DEBUG logging would drown them. */
    private static void quietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext lc) {
            lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
