using System.Diagnostics;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Samples.Experiments;
using Hw2.MLNet.Training;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Benchmarks;

/// <summary>
/// Peak resident memory of training. Full batch: a fresh process holds 60000 random 784-pixel rows and trains the deep
/// network for three epochs, then reads the process's peak working set (Linux VmHWM). Run it alone in its process:
/// anything else the process did before would count too.
/// </summary>
internal static class MemoryBenchmark
{
    public static (long PeakBytes, long DataBytes, double EpochSeconds) Run(GradientEngine engine, int rows)
    {
        Matrix x = EpochBenchmark.RandomMatrix(rows, MlpShape.Deep.InputSize, seed: 1);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            y[i] = i % 10;
        }

        var network = MlpNetwork.CreateRandom(MlpShape.Deep, seed: 1);
        long start = Stopwatch.GetTimestamp();
        TrainingLoop.Train(network, x, y, new TrainingOptions { Engine = engine, MaxEpochs = 3, BatchSize = -1, LearningRate = 1e-4f });
        double epoch = Stopwatch.GetElapsedTime(start).TotalSeconds / 3;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (process.PeakWorkingSet64, (long)rows * MlpShape.Deep.InputSize * sizeof(float), epoch);
    }

    /// <summary>
    /// Peak resident memory of <see cref="MlpTrainer.Fit"/> with the trainer's defaults and 10 % of the rows held out
    /// for validation, one epoch on MNIST's 60000 training images streamed from their IDX files.
    /// </summary>
    public static (long PeakBytes, long DataBytes, double Seconds) Fit(string mnistFolder)
    {
        var ml = new MLContext(seed: 1);
        ExperimentData data = ExperimentData.Load(ml, Data.ImageDataset.Mnist, mnistFolder, Data.PixelScale.Unit);
        var options = new MlpTrainerOptions { MaxEpochs = 1, ValidationFraction = 0.1, Seed = 1 };
        long start = Stopwatch.GetTimestamp();
        new MlpTrainer(ml, options).Fit(data.Train);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (process.PeakWorkingSet64, data.TrainRows * MlpShape.Deep.InputSize * sizeof(float), seconds);
    }
}
