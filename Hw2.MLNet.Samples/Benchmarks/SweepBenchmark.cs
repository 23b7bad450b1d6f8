using System.Diagnostics;
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
    public static (double Seconds, double TrainingSeconds, int Epochs) Sweep(string mnistFolder, GradientEngine engine, bool deep)
    {
        (IdxDataView train, IdxDataView test) = ImageDataset.Mnist.LoadDataViews(mnistFolder, PixelScale.Raw, maxTrain: 9250);
        var ml = new MLContext(seed: 1);
        MlpTrainerOptions options = HomeworkProtocol.LearningCurveTraining(deep, engine);
        long start = Stopwatch.GetTimestamp();
        LearningCurveResult curve = LearningCurve.Run(ml, train, test, options);
        return (Stopwatch.GetElapsedTime(start).TotalSeconds, curve.Sum(p => p.TrainingElapsed.TotalSeconds), curve.Sum(p => p.Epochs));
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
