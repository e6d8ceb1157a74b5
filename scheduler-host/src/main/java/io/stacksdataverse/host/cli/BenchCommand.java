package io.stacksdataverse.host.cli;

import io.stacksdataverse.host.bench.ChainBench;
import io.stacksdataverse.host.bench.HalfHourlyBench;
import io.stacksdataverse.host.bench.SyntheticChain;
import io.stacksdataverse.runners.LocalRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark chain or half-hourly datasets on a synthetic database.",
                "chain: times each chain dataset's full build and incremental run on a synthetic Stacks API database.",
                "halfhourly: times whole runs of the half-hourly group, each dataset against its bare SQL floor,"
                        + " with stand-ins of its HTTP sources, and counts the HTTP calls."})
final class BenchCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "SUITE", description = "the suite: chain or halfhourly")
    private String suite;

    @Option(names = "--days", paramLabel = "N", converter = Converters.Positive.class, description = "days of chain (default 365)")
    private int days = 365;

    @Option(names = "--principals", paramLabel = "N", converter = Converters.Positive.class,
            description = "distinct principals (default 200000)")
    private int principals = 200_000;

    @Option(names = "--txs-per-block", paramLabel = "N", converter = Converters.Positive.class,
            description = "transactions per block (default 25, 5 with --nakamoto)")
    private Integer txsPerBlock;

    @Option(names = "--nakamoto", description = "six blocks per tenure, as after the Nakamoto upgrade")
    private boolean nakamoto;

    @Option(names = "--skip-original", description = "do not time the original's algorithms (chain)")
    private boolean skipOriginal;

    @Option(names = "--random-walk-balances",
            description = "balances as a random walk (the large holders grow in number with the days) instead of stationary ones (chain)")
    private boolean randomWalkBalances;

    @Option(names = "--quick", description = "one warm-up and one timed run of each figure, to check the command (figures not stable)")
    private boolean quick;

    BenchCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!suite.equals("chain") && !suite.equals("halfhourly")) {
            throw new UsageException("bench needs a suite: chain or halfhourly");
        }
        int tenureBlocks = nakamoto ? 6 : 1;
        int txs = txsPerBlock != null ? txsPerBlock : nakamoto ? 5 : 25;
        try {
            if (suite.equals("halfhourly")) {
                // Nine timed runs by default: the median of a run of under a second on a shared machine needs several.
                new HalfHourlyBench(context.out(), new SyntheticChain.Settings(days, txs, principals, tenureBlocks,
                        randomWalkBalances ? SyntheticChain.Balances.RANDOM_WALK : SyntheticChain.Balances.STATIONARY),
                        quick ? 1 : 9).run();
                return CliContext.OK;
            }
            new ChainBench(context.out(), new SyntheticChain.Settings(days, txs, principals, tenureBlocks,
                    randomWalkBalances ? SyntheticChain.Balances.RANDOM_WALK : SyntheticChain.Balances.STATIONARY), !skipOriginal,
                    quick ? ChainBench.Repeats.QUICK : ChainBench.Repeats.STANDARD).run();
        } catch (Exception e) {
            throw new IllegalStateException("bench: " + LocalRunner.describe(e), e);
        }
        return CliContext.OK;
    }
}
