using System.Globalization;
using System.Text;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Samples.Experiments;

/// <summary>What one training run produced: per-epoch records (test = the validation columns), and why it ended.</summary>
/// <param name="Settings">The run's settings.</param>
/// <param name="TrainRows">Rows trained on.</param>
/// <param name="TestRows">Rows tested on.</param>
/// <param name="History">One record per finished epoch.</param>
/// <param name="Elapsed">Wall time of the run, reading included.</param>
/// <param name="Failure">Why training stopped early with an error (divergence), or null.</param>
internal sealed record TrainingCurve(TrainingSettings Settings, long TrainRows, long TestRows, IReadOnlyList<EpochRecord> History, TimeSpan Elapsed, string? Failure)
{
    /// <summary>The CSV header: per epoch, the training loss and accuracy, the test loss and accuracy, the rate, the time and the dead-ReLU fractions.</summary>
    public const string CsvHeader = "epoch,loss,train_accuracy,test_loss,test_accuracy,learning_rate,seconds,dead_fraction_layer1,dead_fraction_layer2";

    /// <summary>The last epoch's record.</summary>
    public EpochRecord Last => History.Count > 0 ? History[^1] : throw new InvalidOperationException($"The run '{Settings.Describe()}' finished no epoch: {Failure}");

    /// <summary>The per-epoch table as CSV (invariant culture, full precision).</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (EpochRecord r in History)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Epoch},{r.Loss:R},{r.TrainAccuracy:R},{r.ValidationLoss:R},{r.ValidationAccuracy:R},{r.LearningRate:R},{r.Elapsed.TotalSeconds:R},")
               .Append(CultureInfo.InvariantCulture, $"{Dead(r, 0)},{Dead(r, 1)}\n");
        }

        return csv.ToString();
    }

    private static string Dead(EpochRecord record, int layer) =>
        record.DeadUnitFractions is { } d && layer < d.Count ? d[layer].ToString("R", CultureInfo.InvariantCulture) : string.Empty;
}
