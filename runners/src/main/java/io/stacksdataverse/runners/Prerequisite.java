package io.stacksdataverse.runners;

import java.util.Optional;

/** Something a task needs configured to run, such as a database or an API key. */
@FunctionalInterface
public interface Prerequisite {
    /** Why a task that needs it cannot run; empty when it is there. */
    Optional<String> disabledReason();
}
