using System.Diagnostics;
using System.Globalization;
using Hw2.MLNet.Activations;
using Hw2.MLNet.Data;
using Hw2.MLNet.Network;
using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Samples.Benchmarks;

/// <summary>
/// A minibatch epoch (Adam 1e-3, batch 128, the 60000 MNIST training images) of a network with ReLU and optional
/// dropout after each hidden layer, ours and PyTorch's (Benchmarks/pytorch_large_epoch.py, the same network and update)
/// alternating round by round in one run, so that both see the same CPU: the homework's deep network
/// (<see cref="Deep"/>, <c>bench --minibatch</c>) and [784, 1024, 1024, 10] with dropout 0.5 (<see cref="Large"/>,
/// <c>bench --large</c>), the latter also with the accuracy recipe's extras (input dropout 0.2, shifts of ±2 pixels,
/// He initialisation).
/// </summary>
internal static class MinibatchBenchmark
{
    /// <summary>What one benchmark trains: hidden layer sizes, the dropout after each, whether to time the recipe too.</summary>
    internal sealed record Workload(int[] Hidden, float Dropout, bool WithRecipe);

    /// <summary>[784, 300, 100, 10], no dropout.</summary>
    internal static readonly Workload Deep = new([300, 100], 0f, WithRecipe: false);

    /// <summary>[784, 1024, 1024, 10], dropout 0.5, and the recipe's epoch beside it.</summary>
    internal static readonly Workload Large = new([1024, 1024], 0.5f, WithRecipe: true);

    /// <summary>Prints one row per round and the medians; PyTorch is left out when <paramref name="python"/> is null.</summary>
    public static void Run(string mnistFolder, int rounds, string? python, Workload workload)
    {
        var shape = new MlpShape([784, .. workload.Hidden, 10]);
        (LabeledImages train, _) = ImageDataset.Mnist.Load(mnistFolder, PixelScale.Unit, maxTest: 1);
        var plain = new TrainingOptions { MaxEpochs = 1, BatchSize = 128, LearningRate = 1e-3f, Optimizer = new Adam(), Dropout = workload.Dropout };
        var recipe = new TrainingOptions
        {
            MaxEpochs = 1,
            BatchSize = 128,
            LearningRate = 1e-3f,
            Optimizer = new Adam(),
            Dropout = 0.5f,
            InputDropout = 0.2f,
            Augmentation = new RandomShift(28, 28, maxShift: 2),
        };
        MlpNetwork network = MlpNetwork.CreateRandom(shape, seed: 1);
        MlpNetwork? heNetwork = workload.WithRecipe ? MlpNetwork.CreateRandom(shape, seed: 1, HiddenActivation.Relu, WeightInitialization.HeUniform) : null;
        double Epoch(MlpNetwork net, TrainingOptions options)
        {
            long start = Stopwatch.GetTimestamp();
            TrainingLoop.Train(net, train.Features, train.Labels, options);
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Epoch(network, plain);
        string described = $"[{string.Join(", ", shape.LayerSizes)}]{(workload.Dropout > 0 ? $", dropout {workload.Dropout.ToString(CultureInfo.InvariantCulture)}" : string.Empty)}";
        Console.WriteLine($"| round | ours, {described} (s) | PyTorch (s) | ours ÷ PyTorch |{(workload.WithRecipe ? " ours, the recipe's epoch (s) |" : string.Empty)}");
        Console.WriteLine(workload.WithRecipe ? "|---|---|---|---|---|" : "|---|---|---|---|");
        var ours = new List<double>();
        var torch = new List<double>();
        var withExtras = new List<double>();
        for (int r = 1; r <= rounds; r++)
        {
            ours.Add(Epoch(network, plain));
            if (python is not null)
            {
                torch.Add(PyTorchEpoch(python, mnistFolder, workload));
            }

            if (heNetwork is not null)
            {
                withExtras.Add(Epoch(heNetwork, recipe));
            }

            Console.WriteLine(Row(r.ToString(CultureInfo.InvariantCulture), ours[^1], torch.Count > 0 ? torch[^1] : double.NaN, withExtras.Count > 0 ? withExtras[^1] : null));
        }

        Console.WriteLine(Row("median", EpochBenchmark.Median([.. ours]), torch.Count > 0 ? EpochBenchmark.Median([.. torch]) : double.NaN, withExtras.Count > 0 ? EpochBenchmark.Median([.. withExtras]) : null));
    }

    private static double PyTorchEpoch(string python, string mnistFolder, Workload workload)
    {
        string[] arguments = [mnistFolder, string.Join(',', workload.Hidden), workload.Dropout.ToString(CultureInfo.InvariantCulture), "1"];
        string[] lines = PythonPeer.Run(python, "pytorch_large_epoch.py", arguments, "PyTorch: apt-get install python3-torch");
        string line = lines.Single(l => l.StartsWith("EPOCH_SECONDS ", StringComparison.Ordinal));
        return double.Parse(line["EPOCH_SECONDS ".Length..], CultureInfo.InvariantCulture);
    }

    private static string Row(string round, double ours, double torch, double? recipe) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {round} | {ours:F3} | {(double.IsNaN(torch) ? "—" : torch.ToString("F3", CultureInfo.InvariantCulture))} | {(double.IsNaN(torch) ? "—" : (ours / torch).ToString("F2", CultureInfo.InvariantCulture))} |{(recipe is { } r ? $" {r:F2} |" : string.Empty)}");
}
