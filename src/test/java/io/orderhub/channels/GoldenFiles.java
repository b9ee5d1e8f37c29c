package io.orderhub.channels;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The one way to have the mapper write golden expected files, run on purpose and never by the test
 * suite:
 * <pre>
 * ./mvnw -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.orderhub.channels.GoldenFiles -Dexec.args="mappings/acme/examples/01-paid.input.json"
 * </pre>
 * Arguments: input files to write the expected file of, or {@code --missing} (every input without
 * one) or {@code --all} (every input, after a deliberate mapping change). A file written this way
 * says what the mapper does, not what it should do: read every written file before committing it.
 */
public final class GoldenFiles {

    private GoldenFiles() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("surefire.test.class.path") != null || System.getProperty("surefire.real.class.path") != null) {
            throw new IllegalStateException("GoldenFiles writes expected files and does not run inside the test suite");
        }
        if (args.length == 0) {
            System.err.println("arguments: input files, --missing or --all");
            System.exit(2);
        }
        ChannelMappings mappings = GoldenExamples.mappings();
        List<Path> inputs = switch (args[0]) {
            case "--all" -> GoldenExamples.inputs();
            case "--missing" -> GoldenExamples.inputs().stream().filter(p -> !Files.exists(GoldenExamples.expectedOf(p))).toList();
            default -> java.util.Arrays.stream(args).map(Path::of).toList();
        };
        for (Path input : inputs) {
            JsonNode actual = GoldenExamples.map(mappings, GoldenExamples.channelOf(input), input);
            Path expected = GoldenExamples.expectedOf(input);
            String text = GoldenExamples.PRETTY.writeValueAsString(actual) + "\n";
            String before = Files.exists(expected) ? Files.readString(expected) : null;
            Files.writeString(expected, text);
            System.out.println((before == null ? "new       " : before.equals(text) ? "unchanged " : "CHANGED   ") + expected);
        }
        System.out.println(inputs.size() + " expected file(s) written by the mapper: review each before committing");
    }
}
