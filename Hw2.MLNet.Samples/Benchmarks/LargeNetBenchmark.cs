using System.Diagnostics;
using System.Globalization;
using Hw2.MLNet.Activations;
using Hw2.MLNet.Data;
using Hw2.MLNet.Network;
using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Samples.Benchmarks;

/// <summary>
/// A minibatch epoch of a large network, [784, 1024, 1024, 10] with dropout 0.5 (Adam 1e-3, batch 128, the 60000
/// MNIST training images), ours and PyTorch's (Benchmarks/pytorch_large_epoch.py, the same network and update)
/// alternating round by round in one run, so that both see the same CPU; and ours with the accuracy recipe's extras
/// (input dropout 0.2, shifts of ±2 pixels, He initialisation).
/// </summary>
internal static class LargeNetBenchmark
{
    private static readonly MlpShape Shape = new(784, 1024, 1024, 10);

    /// <summary>Prints one row per round and the medians; PyTorch is left out when <paramref name="python"/> is null.</summary>
    public static void Run(string mnistFolder, int rounds, string? python)
    {
        (LabeledImages train, _) = ImageDataset.Mnist.Load(mnistFolder, PixelScale.Unit, maxTest: 1);
        var plain = new TrainingOptions { MaxEpochs = 1, BatchSize = 128, LearningRate = 1e-3f, Optimizer = new Adam(), Dropout = 0.5f };
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
        MlpNetwork network = MlpNetwork.CreateRandom(Shape, seed: 1);
        MlpNetwork heNetwork = MlpNetwork.CreateRandom(Shape, seed: 1, HiddenActivation.Relu, WeightInitialization.HeUniform);
        double Epoch(MlpNetwork net, TrainingOptions options)
        {
            long start = Stopwatch.GetTimestamp();
            TrainingLoop.Train(net, train.Features, train.Labels, options);
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Epoch(network, plain);
        Console.WriteLine("| round | ours, dropout 0.5 (s) | PyTorch, dropout 0.5 (s) | ours ÷ PyTorch | ours, the recipe's epoch (s) |");
        Console.WriteLine("|---|---|---|---|---|");
        var ours = new List<double>();
        var torch = new List<double>();
        var withExtras = new List<double>();
        for (int r = 1; r <= rounds; r++)
        {
            ours.Add(Epoch(network, plain));
            if (python is not null)
            {
                torch.Add(PyTorchEpoch(python, mnistFolder));
            }

            withExtras.Add(Epoch(heNetwork, recipe));
            Console.WriteLine(Row(r.ToString(CultureInfo.InvariantCulture), ours[^1], torch.Count > 0 ? torch[^1] : double.NaN, withExtras[^1]));
        }

        Console.WriteLine(Row("median", EpochBenchmark.Median([.. ours]), torch.Count > 0 ? EpochBenchmark.Median([.. torch]) : double.NaN, EpochBenchmark.Median([.. withExtras])));
    }

    private static double PyTorchEpoch(string python, string mnistFolder)
    {
        string[] lines = PythonPeer.Run(python, "pytorch_large_epoch.py", [mnistFolder, "1024,1024", "0.5", "1"], "PyTorch: apt-get install python3-torch");
        string line = lines.Single(l => l.StartsWith("EPOCH_SECONDS ", StringComparison.Ordinal));
        return double.Parse(line["EPOCH_SECONDS ".Length..], CultureInfo.InvariantCulture);
    }

    private static string Row(string round, double ours, double torch, double recipe) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {round} | {ours:F2} | {(double.IsNaN(torch) ? "—" : torch.ToString("F2", CultureInfo.InvariantCulture))} | {(double.IsNaN(torch) ? "—" : (ours / torch).ToString("F2", CultureInfo.InvariantCulture))} | {recipe:F2} |");
}
