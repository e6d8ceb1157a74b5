package io.stacksdataverse.examples.fork;

import io.stacksdataverse.spi.DataversePlugin;
import io.stacksdataverse.spi.Task;
import java.util.List;

/**
 * A fork's plugin: one class, one services file
 * ({@code META-INF/services/io.stacksdataverse.spi.DataversePlugin}), no change to any module of
 * ours. Put its jar on the host's class path (e.g. in {@code ./plugins/}) and
 * {@code dataverse list} shows its task.
 */
public final class ForkPlugin implements DataversePlugin {

    @Override
    public String name() {
        return "example-fork";
    }

    @Override
    public List<Class<? extends Task>> tasks() {
        return List.of(BtcCloseTask.class);
    }
}
