using System.Globalization;
using System.Text;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Samples.Experiments;

/// <summary>One run of the <c>recipe</c> command: its history (validation when it had a split, and the test set, logged only) and its one test evaluation.</summary>
/// <param name="Name">Legend name.</param>
/// <param name="Settings">The settings, in words.</param>
/// <param name="TrainRows">Rows the trainer was given (the validation split comes out of them).</param>
/// <param name="History">One record per epoch; <see cref="EpochRecord.MonitorAccuracy"/> is the test accuracy.</param>
/// <param name="WeightsEpoch">The epoch whose weights the model kept.</param>
/// <param name="TestAccuracy">The kept model's test accuracy (ML.NET's <c>MicroAccuracy</c>), measured once after training.</param>
/// <param name="Training">Wall time of <c>Fit</c>.</param>
internal sealed record RecipeRun(string Name, string Settings, long TrainRows, IReadOnlyList<EpochRecord> History, int WeightsEpoch, double TestAccuracy, TimeSpan Training)
{
    /// <summary>The CSV header.</summary>
    public const string CsvHeader = "epoch,loss,train_accuracy,validation_loss,validation_accuracy,test_loss,test_accuracy,learning_rate,seconds";

    /// <summary>The per-epoch table as CSV (invariant culture, full precision; empty cells where a run had no validation split).</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (EpochRecord r in History)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Epoch},{r.Loss:R},{r.TrainAccuracy:R},{r.ValidationLoss:R},{r.ValidationAccuracy:R},")
               .Append(CultureInfo.InvariantCulture, $"{r.MonitorLoss:R},{r.MonitorAccuracy:R},{r.LearningRate:R},{r.Elapsed.TotalSeconds:R}\n");
        }

        return csv.ToString();
    }
}
