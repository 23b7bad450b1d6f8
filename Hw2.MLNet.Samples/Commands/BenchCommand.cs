using System.CommandLine;
using System.Diagnostics;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Network;
using Hw2.MLNet.Samples.Benchmarks;
using Hw2.MLNet.Samples.Cli;
using Hw2.MLNet.Samples.Experiments;

namespace Hw2.MLNet.Samples.Commands;

/// <summary><c>bench</c>: seconds per full-batch epoch for each engine and the GEMM rate, as a Markdown table.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var repeats = new Option<int>("--repeats", "-r") { Description = "Timed runs per figure (median reported).", DefaultValueFactory = _ => 5 };
        var sizes = new Option<int[]>("--rows") { Description = "Training-set sizes for the full-batch epochs.", DefaultValueFactory = _ => [20000, 60000], AllowMultipleArgumentsPerToken = true };
        var memory = new Option<GradientEngine?>("--memory") { Description = "Only the peak resident memory of 3 full-batch epochs of the deep network on 60000 rows with this engine (run it in its own process)." };
        var fitMemory = new Option<DirectoryInfo?>("--fit-memory") { Description = "Only the peak resident memory of MlpTrainer.Fit (defaults, ValidationFraction 0.1, 1 epoch) on the 60000 MNIST training images in this data folder (run it in its own process)." };
        var scoringOnly = new Option<bool>("--scoring") { Description = "Only the scoring figures: Transform + Evaluate of 10000 rows and one PredictionEngine call." };
        var epochsOnly = new Option<bool>("--epochs") { Description = "Only the full-batch epoch table (every engine, both networks, the --rows sizes)." };
        var productsOnly = new Option<bool>("--products") { Description = "Only the matrix-product rates (quick, for kernel work)." };
        var widths = new Option<bool>("--widths") { Description = "Only the matrix-product rate against the number of columns (4 to 320) at 5250 rows and depth 300, in three orientations, each the fastest of --repeats runs: a column count far below its neighbours points at a kernel problem." };
        var fusion = new Option<bool>("--fusion") { Description = "Only the fused layer (Gemm.Linear: product, bias and ReLU in one pass) against its three separate passes, alternating in one process, at each --rows size." };
        var profile = new Option<NetworkChoice?>("--profile") { Description = "Only the step profile of this network (deep or shallow) at each --rows size." };
        var against = new Option<DirectoryInfo?>("--against") { Description = "Only this build against another build of the library (the output folder of 'dotnet build Hw2.MLNet -c Release -o DIR' in a worktree of another commit): products and full-batch epochs at each --rows size, alternating in one process, --repeats rounds." };
        var zeroDepths = new Option<DirectoryInfo?>("--zero-depths") { Description = "Only the zero-depth tiles against the dense ones on the MNIST in this data folder, in turn in one process: the deep network's first-layer products at each --rows size (3 × --repeats rounds, and whether both give the same bits), then its learning-curve sweep (--repeats rounds, a few minutes each)." };
        var fixedPanels = new Option<DirectoryInfo?>("--fixed-panels") { Description = "Only full-batch training's fixed panels (the first layer's A panels kept from product to product) against panels made in every product, on the MNIST in this data folder, in turn in one process: the deep network's first-layer products of a fixed view at each --rows size (3 × --repeats rounds, and whether both give the same bits), then its learning-curve sweep (--repeats rounds, a few minutes each)." };
        var sweeps = new Option<DirectoryInfo?>("--sweeps") { Description = "Also time the homework's learning-curve sweeps and an Adam epoch on the real MNIST in this data folder (several minutes)." };
        var minibatch = new Option<DirectoryInfo?>("--minibatch") { Description = "Only a minibatch epoch of the deep network [784, 300, 100, 10] (Adam, batch 128, the 60000 MNIST images in this data folder), ours and PyTorch's (run with /usr/bin/python3 when it has torch) alternating for --repeats rounds, with their ratio." };
        var large = new Option<DirectoryInfo?>("--large") { Description = "Only a minibatch epoch of [784, 1024, 1024, 10] with dropout 0.5 (Adam, batch 128, the 60000 MNIST images in this data folder), ours and PyTorch's (run with /usr/bin/python3 when it has torch) alternating for --repeats rounds, and ours with the accuracy recipe's extras." };
        var sweepPeer = new Option<DirectoryInfo?>("--sweep-peer") { Description = "Only the homework's learning-curve sweeps (deep, then shallow; Backprop) on the MNIST in this data folder beside PyTorch's (run with /usr/bin/python3 when it has torch) training each size for the same epochs, alternating for --repeats rounds, with their ratio (a few minutes per round)." };
        var tabular = new Option<DirectoryInfo?>("--tabular") { Description = "Only the binary and regression trainers beside scikit-learn's MLPClassifier/MLPRegressor (run with /usr/bin/python3 when it has scikit-learn) on scikit-learn's breast-cancer and diabetes tables in this data folder, one seed per --repeats." };
        var command = new Command("bench", "Time full-batch epochs of the deep network for every engine, and the matrix product.")
        {
            repeats,
            sizes,
            sweeps,
            productsOnly,
            widths,
            scoringOnly,
            epochsOnly,
            memory,
            fitMemory,
            profile,
            fusion,
            against,
            zeroDepths,
            fixedPanels,
            tabular,
            minibatch,
            large,
            sweepPeer,
        };
        command.SetAction(parse =>
        {
            DirectoryInfo? data = parse.GetValue(sweeps);
            if (parse.GetValue(memory) is GradientEngine engine)
            {
                (long peak, long inputBytes, double epoch) = MemoryBenchmark.Run(engine, 60000);
                Console.WriteLine($"| deep, full batch, 60000 rows, {engine} | peak working set {peak / (1024 * 1024)} MB (input rows alone: {inputBytes / (1024 * 1024)} MB) | {epoch:F3} s / epoch |");
                return 0;
            }

            if (parse.GetValue(fitMemory) is DirectoryInfo fitData)
            {
                string mnist = ExperimentData.Obtain(Hw2.MLNet.Data.ImageDataset.Mnist, fitData, Console.WriteLine);
                (long peak, long inputBytes, double seconds) = MemoryBenchmark.Fit(mnist);
                Console.WriteLine($"| MlpTrainer.Fit, 60000 MNIST rows, ValidationFraction 0.1, 1 epoch | peak working set {peak / (1024 * 1024)} MB (feature matrix alone: {inputBytes / (1024 * 1024)} MB) | {seconds:F1} s |");
                return 0;
            }

            if (parse.GetValue(against) is DirectoryInfo otherBuild)
            {
                return RunAgainst(LibraryBuild.Load(otherBuild), parse.GetValue(sizes)!, parse.GetValue(repeats));
            }

            if (parse.GetValue(zeroDepths) is DirectoryInfo zeroData)
            {
                return RunZeroDepths(ExperimentData.Obtain(Hw2.MLNet.Data.ImageDataset.Mnist, zeroData, Console.WriteLine), parse.GetValue(sizes)!, parse.GetValue(repeats));
            }

            if (parse.GetValue(fixedPanels) is DirectoryInfo fixedData)
            {
                return RunFixedPanels(ExperimentData.Obtain(Hw2.MLNet.Data.ImageDataset.Mnist, fixedData, Console.WriteLine), parse.GetValue(sizes)!, parse.GetValue(repeats));
            }

            if ((parse.GetValue(minibatch) ?? parse.GetValue(large)) is DirectoryInfo peerData)
            {
                string mnist = ExperimentData.Obtain(Hw2.MLNet.Data.ImageDataset.Mnist, peerData, Console.WriteLine);
                MinibatchBenchmark.Workload workload = parse.GetValue(minibatch) is not null ? MinibatchBenchmark.Deep : MinibatchBenchmark.Large;
                MinibatchBenchmark.Run(mnist, parse.GetValue(repeats), PythonPeer.DebianPython, workload);
                return 0;
            }

            if (parse.GetValue(sweepPeer) is DirectoryInfo sweepData)
            {
                string mnist = ExperimentData.Obtain(Hw2.MLNet.Data.ImageDataset.Mnist, sweepData, Console.WriteLine);
                SweepBenchmark.RunBesidePyTorch(mnist, parse.GetValue(repeats), PythonPeer.DebianPython);
                return 0;
            }

            if (parse.GetValue(tabular) is DirectoryInfo tables)
            {
                TabularBenchmark.Run(tables, parse.GetValue(repeats), PythonPeer.DebianPython);
                return 0;
            }

            if (parse.GetValue(scoringOnly))
            {
                PrintScoring(parse.GetValue(repeats));
                return 0;
            }

            if (parse.GetValue(fusion))
            {
                return RunFusion(parse.GetValue(sizes)!);
            }

            if (parse.GetValue(profile) is NetworkChoice network)
            {
                return RunProfiles(network, parse.GetValue(sizes)!, parse.GetValue(repeats));
            }

            return data is not null ? RunSweeps(data, parse.GetValue(repeats))
                : parse.GetValue(productsOnly) ? RunProducts(parse.GetValue(repeats))
                : parse.GetValue(widths) ? RunWidths(parse.GetValue(repeats))
                : parse.GetValue(epochsOnly) ? RunEpochs(parse.GetValue(repeats), parse.GetValue(sizes)!, null)
                : Run(parse.GetValue(repeats), parse.GetValue(sizes)!);
        });
        return command;
    }

    private static void PrintScoring(int repeats)
    {
        (double evaluate, double predictMicroseconds, long bytes) = ScoringBenchmark.Run(10000, repeats);
        Console.WriteLine("| scoring (deep network) | figure |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| Transform + Evaluate, 10000 rows | {evaluate:F3} s |");
        Console.WriteLine($"| PredictionEngine.Predict, one row | {predictMicroseconds:F1} µs, {bytes} bytes allocated per call |");
    }

    private static int RunSweeps(DirectoryInfo dataFolder, int repeats)
    {
        string mnist = ExperimentData.Obtain(Hw2.MLNet.Data.ImageDataset.Mnist, dataFolder, Console.WriteLine);
        Console.WriteLine("| work | engine | seconds | of which training epochs | epochs in all |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (bool deep in new[] { true, false })
        {
            foreach (GradientEngine kind in Enum.GetValues<GradientEngine>())
            {
                SweepBenchmark.SweepRun run = SweepBenchmark.Sweep(mnist, kind, deep);
                Console.WriteLine($"| homework learning-curve sweep, {(deep ? "deep" : "shallow")} | {kind} | {run.Seconds:F1} | {run.TrainingSeconds:F1} | {run.Epochs} |");
            }
        }

        foreach ((GradientEngine kind, double adam) in SweepBenchmark.AdamEpochSeconds(mnist, repeats))
        {
            Console.WriteLine($"| deep, Adam, minibatch 128, one epoch of 60000 (median of {repeats}) | {kind} | {adam:F3} | {adam:F3} | 1 |");
        }

        return 0;
    }

    /// <summary>
    /// GFLOP/s against the number of columns n of C, one row per count: C = A·B, C = A·Bᵀ and C = Aᵀ·B (the forward,
    /// input-gradient and weight-gradient shapes of a layer of n units after one of 300, on 5250 rows). Each count takes
    /// a different mix of tiles (pairs, a lone panel, an edge), so one kernel running slowly shows as one count far below
    /// its neighbours; each figure is of the fastest of --repeats runs, since the VM's noise only adds time.
    /// </summary>
    private static int RunWidths(int repeats)
    {
        const int rows = 5250, depth = 300;
        Console.WriteLine($"| columns n | {rows}×{depth} · {depth}×n (GFLOP/s) | {rows}×{depth} · (n×{depth})ᵀ | ({rows}×{depth})ᵀ · {rows}×n |");
        Console.WriteLine("|---|---|---|---|");
        foreach (int n in new[] { 4, 8, 12, 16, 20, 32, 48, 64, 96, 100, 112, 128, 160, 300, 320 })
        {
            double forward = EpochBenchmark.GemmGflops(rows, n, depth, false, false, repeats, fastest: true);
            double inputGradient = EpochBenchmark.GemmGflops(rows, n, depth, false, true, repeats, fastest: true);
            double weightGradient = EpochBenchmark.GemmGflops(depth, n, rows, true, false, repeats, fastest: true);
            Console.WriteLine($"| {n} | {forward:F1} | {inputGradient:F1} | {weightGradient:F1} |");
        }

        return 0;
    }

    private static int RunProducts(int repeats)
    {
        Console.WriteLine("| product | shape (m×k · k×n) | GFLOP/s |");
        Console.WriteLine("|---|---|---|");
        foreach ((string name, int m, int n, int k, bool ta, bool tb) in new[]
        {
            ("forward X·W1", 20000, 300, 784, false, false),
            ("weight gradient Xᵀ·δ1", 784, 300, 20000, true, false),
            ("input gradient δ2·W2ᵀ", 20000, 300, 100, false, true),
            ("forward H1·W2", 20000, 100, 300, false, false),
            ("weight gradient H1ᵀ·δ2", 300, 100, 20000, true, false),
            ("shallow forward X·W", 9250, 10, 784, false, false),
            ("shallow weight gradient Xᵀ·δ", 784, 10, 9250, true, false),
            ("minibatch forward X·W1", 128, 300, 784, false, false),
            ("minibatch input gradient δ2·W2ᵀ", 128, 300, 100, false, true),
            ("square", 2048, 2048, 2048, false, false),
        })
        {
            Console.WriteLine($"| {name} | {m}×{k} · {k}×{n} | {EpochBenchmark.GemmGflops(m, n, k, ta, tb, repeats):F1} |");
        }

        return 0;
    }

    /// <summary>The full-batch epoch table; with <paramref name="gemmOnly"/> given, also the GEMM-only time of each step into it.</summary>
    private static int RunEpochs(int repeats, int[] rows, List<string>? gemmOnly)
    {
        Console.WriteLine("| network | rows | engine | s / full-batch epoch | GFLOP/s (whole step) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach ((string name, MlpShape shape) in new[] { ("deep", MlpShape.Deep), ("shallow", MlpShape.Shallow) })
        {
            foreach (int n in rows)
            {
                gemmOnly?.Add($"| {name} | {n} | {EpochBenchmark.StepGemmSeconds(shape, n, repeats):F4} |");
                foreach ((GradientEngine kind, double seconds) in EpochBenchmark.FullBatchEpochSeconds(shape, n, repeats))
                {
                    double flops = StepFlops(shape, n);
                    Console.WriteLine($"| {name} | {n} | {kind} | {seconds:F4} | {flops / seconds / 1e9:F1} |");
                }
            }
        }

        return 0;
    }

    private static int Run(int repeats, int[] rows)
    {
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}; median of {repeats} runs after a warm-up.");
        Console.WriteLine();
        RunProducts(repeats);
        Console.WriteLine();
        PrintProfile("deep", MlpShape.Deep, rows[0], repeats);
        Console.WriteLine();
        var gemmOnly = new List<string>();
        RunEpochs(repeats, rows, gemmOnly);
        Console.WriteLine();
        Console.WriteLine("| network | rows | engine | s / epoch, SGD minibatch 128 |");
        Console.WriteLine("|---|---|---|---|");
        foreach ((GradientEngine kind, double seconds) in EpochBenchmark.MinibatchEpochSeconds(MlpShape.Deep, 60000, 128, Math.Min(repeats, 3)))
        {
            Console.WriteLine($"| deep | 60000 | {kind} | {seconds:F3} |");
        }

        Console.WriteLine();
        PrintScoring(repeats);

        Console.WriteLine();
        Console.WriteLine("Matrix products alone (the step's products timed one by one):");
        Console.WriteLine();
        Console.WriteLine("| network | rows | s in GEMM per step |");
        Console.WriteLine("|---|---|---|");
        gemmOnly.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
        return 0;
    }

    private static int RunFusion(int[] rows)
    {
        Console.WriteLine("| layer relu(X·W1 + b1), 784 → 300 | rows | three passes (ms) | fused (ms) |");
        Console.WriteLine("|---|---|---|---|");
        foreach ((int n, double separate, double fused) in InterleavedComparison.FusedLayer(rows, rounds: 30))
        {
            Console.WriteLine($"| deep, layer 1 | {n} | {separate:F2} | {fused:F2} |");
        }

        return 0;
    }

    private static int RunZeroDepths(string mnist, int[] rows, int rounds) => PrintSwitched(
        $"Zero-depth tiles off and on in turn in one process; medians of {3 * rounds} rounds (products) and {rounds} (sweep).",
        ("dense", "zero-depth tiles"),
        InterleavedComparison.ZeroDepthProducts(mnist, rows, 3 * rounds),
        () => InterleavedComparison.ZeroDepthSweeps(mnist, rounds));

    private static int RunFixedPanels(string mnist, int[] rows, int rounds) => PrintSwitched(
        $"Fixed panels off and on in turn in one process; medians of {3 * rounds} rounds (products of a fixed view) and {rounds} (sweep).",
        ("panels made per product", "fixed panels"),
        InterleavedComparison.FixedPanelProducts(mnist, rows, 3 * rounds),
        () => InterleavedComparison.FixedPanelSweeps(mnist, rounds));

    /// <summary>The tables of a switch's products and sweep, off (<c>names.Off</c>) against on.</summary>
    private static int PrintSwitched(string title, (string Off, string On) names, IEnumerable<(int Rows, string Product, double Off, double On, bool Same)> products, Func<(double Off, double On, int OffEpochs, int OnEpochs)> sweep)
    {
        Console.WriteLine(title);
        Console.WriteLine();
        Console.WriteLine($"| product (MNIST, raw pixels) | rows | {names.Off} (ms) | {names.On} (ms) | change | same numbers |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach ((int n, string product, double off, double on, bool same) in products)
        {
            Console.WriteLine($"| {product} | {n} | {off:F2} | {on:F2} | {((on / off) - 1) * 100:+0.0;-0.0} % | {(same ? "yes" : "**no**")} |");
        }

        (double offSweep, double onSweep, int offEpochs, int onEpochs) = sweep();
        Console.WriteLine();
        Console.WriteLine($"| homework deep learning-curve sweep (Backprop) | {names.Off} (s) | {names.On} (s) | change | epochs |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| 250 … 9250 rows | {offSweep:F2} | {onSweep:F2} | {((onSweep / offSweep) - 1) * 100:+0.0;-0.0} % | {offEpochs}, {onEpochs} |");
        return 0;
    }

    private static int RunAgainst(LibraryBuild other, int[] rows, int rounds)
    {
        Console.WriteLine($"Other build: {other.Name}; medians of {rounds} alternating rounds after a warm-up.");
        Console.WriteLine();
        Console.WriteLine("| work | other build (ms) | this build (ms) | change | same numbers |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (BuildComparison.Row row in BuildComparison.Run(other, rows, rounds))
        {
            Console.WriteLine($"| {row.Work} | {row.OtherMs:F2} | {row.ThisMs:F2} | {((row.ThisMs / row.OtherMs) - 1) * 100:+0.0;-0.0} % | {(row.SameResults ? "yes" : "**no**")} |");
        }

        return 0;
    }

    private static int RunProfiles(NetworkChoice network, int[] rows, int repeats)
    {
        MlpShape shape = network == NetworkChoice.Deep ? MlpShape.Deep : MlpShape.Shallow;
        foreach (int n in rows)
        {
            PrintProfile(network.ToString().ToLowerInvariant(), shape, n, repeats);
            Console.WriteLine();
        }

        return 0;
    }

    private static void PrintProfile(string name, MlpShape shape, int rows, int repeats)
    {
        Console.WriteLine($"Profile of one Backprop step, {name} network, {rows} rows (each operation timed alone):");
        Console.WriteLine();
        Console.WriteLine("| operation | ms |");
        Console.WriteLine("|---|---|");
        double total = 0;
        foreach ((string operation, double seconds, bool inSum) in StepProfile.Run(shape, rows, repeats))
        {
            Console.WriteLine($"| {operation} | {seconds * 1000:F2} |");
            total += inSum ? seconds : 0;
        }

        Console.WriteLine($"| **sum** | {total * 1000:F2} |");
    }

    /// <summary>Matrix-product flops of one step: forward, weight gradients and input gradients (none for the first layer).</summary>
    private static double StepFlops(MlpShape shape, int rows)
    {
        double flops = 0;
        for (int l = 0; l < shape.LayerCount; l++)
        {
            double layer = 2.0 * rows * shape.FanIn(l) * shape.FanOut(l);
            flops += l == 0 ? 2 * layer : 3 * layer;
        }

        return flops;
    }
}
