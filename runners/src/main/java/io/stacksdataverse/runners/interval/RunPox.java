package io.stacksdataverse.runners.interval;

import io.stacksdataverse.extract.http.SourceException;
import io.stacksdataverse.extract.stacks.StacksApiClient;
import io.stacksdataverse.extract.stacks.pox.PoxInfo;
import io.stacksdataverse.extract.stacks.pox.UnhandledPoxVersionException;
import io.stacksdataverse.spi.TaskContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * {@code GET /v2/pox} once per run, shared by the tasks that need the PoX constants or the node's
 * cycles; {@link #handled} also checks that the active contract is the one the stacking
 * derivations read.
 */
@Singleton
public final class RunPox {
    private final StacksApiClient client;
    private final RunShared shared;

    @Inject
    public RunPox(StacksApiClient client, RunShared shared) {
        this.client = client;
        this.shared = shared;
    }

    /** The run's {@code /v2/pox} answer. */
    public PoxInfo get(TaskContext ctx) throws SourceException {
        return shared.get(ctx, "v2/pox", client::pox);
    }

    /** The run's answer, when the active contract is pox-4. @throws UnhandledPoxVersionException (permanent) otherwise */
    public PoxInfo handled(TaskContext ctx, String dataset) throws SourceException, UnhandledPoxVersionException {
        PoxInfo pox = get(ctx);
        if (!PoxInfo.HANDLED_CONTRACT.equals(pox.contractName())) {
            throw new UnhandledPoxVersionException(dataset + ": the node's active PoX contract is " + pox.contractId()
                    + " (GET /v2/pox contract_id); this version derives stacking figures from "
                    + PoxInfo.HANDLED_CONTRACT + " only and publishes nothing rather than wrong numbers");
        }
        return pox;
    }

    public StacksApiClient client() {
        return client;
    }
}
