using System.Diagnostics;
using System.Globalization;
using Hw2.MLNet.Data;
using Hw2.MLNet.Evaluation;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Training;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Benchmarks;

/// <summary>
/// Wall time of the homework's learning-curve sweeps on real MNIST (raw pixels, learning rate 1e-4, full batch, loss-change
/// tolerance 0.005, at most 500 epochs, sizes 250…9250), training and both evaluations included; and one epoch of Adam
/// with minibatch 128 on all 60000 images.
/// </summary>
internal static class SweepBenchmark
{
    /// <summary>One sweep: its wall time, the part spent in training epochs, and the epochs early stopping took at each size.</summary>
    internal sealed record SweepRun(double Seconds, double TrainingSeconds, IReadOnlyList<(int Size, int Epochs)> Plan)
    {
        public int Epochs => Plan.Sum(p => p.Epochs);
    }

    public static SweepRun Sweep(string mnistFolder, GradientEngine engine, bool deep)
    {
        (IdxDataView train, IdxDataView test) = ImageDataset.Mnist.LoadDataViews(mnistFolder, PixelScale.Raw, maxTrain: 9250);
        var ml = new MLContext(seed: 1);
        MlpTrainerOptions options = HomeworkProtocol.LearningCurveTraining(deep, engine);
        long start = Stopwatch.GetTimestamp();
        LearningCurveResult curve = LearningCurve.Run(ml, train, test, options);
        return new SweepRun(Stopwatch.GetElapsedTime(start).TotalSeconds, curve.Sum(p => p.TrainingElapsed.TotalSeconds), [.. curve.Select(p => (p.TrainingSize, p.Epochs))]);
    }

    /// <summary>
    /// Both sweeps (deep, then shallow) with Backprop beside PyTorch's (<c>pytorch_sweep.py</c>: the same sizes, each
    /// trained for exactly the epochs our early stopping took, then both accuracies), alternating round by round.
    /// </summary>
    public static void RunBesidePyTorch(string mnistFolder, int rounds, string? python)
    {
        foreach (bool deep in new[] { true, false })
        {
            string network = deep ? "deep" : "shallow";
            Console.WriteLine($"| round | ours, {network} sweep (s) | of which training (s) | PyTorch, the same epochs (s) | of which training (s) | ours ÷ PyTorch | epochs in all |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            var ours = new List<double>();
            var torch = new List<double>();
            for (int r = 1; r <= rounds; r++)
            {
                SweepRun run = Sweep(mnistFolder, GradientEngine.Backprop, deep);
                ours.Add(run.Seconds);
                (double peer, double peerTraining) = python is null ? (double.NaN, double.NaN) : PyTorchSweep(python, mnistFolder, network, run.Plan);
                torch.Add(peer);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {r} | {run.Seconds:F2} | {run.TrainingSeconds:F2} | {peer:F2} | {peerTraining:F2} | {run.Seconds / peer:F2} | {run.Epochs} |"));
            }

            double oursMedian = EpochBenchmark.Median([.. ours]);
            double torchMedian = EpochBenchmark.Median([.. torch]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| median | {oursMedian:F2} | | {torchMedian:F2} | | {oursMedian / torchMedian:F2} | |"));
            Console.WriteLine();
        }
    }

    private static (double Seconds, double TrainingSeconds) PyTorchSweep(string python, string mnistFolder, string network, IReadOnlyList<(int Size, int Epochs)> plan)
    {
        string steps = string.Join(',', plan.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Size}:{p.Epochs}")));
        string[] lines = PythonPeer.Run(python, "pytorch_sweep.py", [mnistFolder, network, "1", steps], "PyTorch: apt-get install python3-torch");
        double Value(string key) => double.Parse(lines.Single(l => l.StartsWith(key + " ", StringComparison.Ordinal))[(key.Length + 1)..], CultureInfo.InvariantCulture);
        return (Value("SWEEP_SECONDS"), Value("TRAINING_SECONDS"));
    }

    /// <summary>Median seconds of one Adam epoch (minibatch 128, all 60000 images) for each engine, timed in turn.</summary>
    public static IReadOnlyList<(GradientEngine Engine, double Seconds)> AdamEpochSeconds(string mnistFolder, int repeats)
    {
        (LabeledImages train, _) = ImageDataset.Mnist.Load(mnistFolder, PixelScale.Unit, maxTest: 1);
        GradientEngine[] kinds = Enum.GetValues<GradientEngine>();
        var epochs = new Action[kinds.Length];
        for (int i = 0; i < kinds.Length; i++)
        {
            var network = Network.MlpNetwork.CreateRandom(Network.MlpShape.Deep, seed: 1);
            var options = new TrainingOptions { Engine = kinds[i], MaxEpochs = 1, BatchSize = 128, LearningRate = 1e-3f, Optimizer = new Optimizers.Adam() };
            epochs[i] = () => TrainingLoop.Train(network, train.Features, train.Labels, options);
        }

        double[] seconds = EpochBenchmark.MedianSecondsInTurn(repeats, epochs);
        return [.. kinds.Select((kind, i) => (kind, seconds[i]))];
    }
}
