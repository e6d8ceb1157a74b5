package io.stacksdataverse.host.cli;

import picocli.CommandLine.Option;

/** {@code --full}: rebuild from the start instead of adding the new dates. */
final class FullOption {
    @Option(names = "--full", description = "rebuild the datasets from the start instead of adding what is new")
    boolean full;
}
