using System.Text;

namespace Hw2.MLNet.Evaluation;

/// <summary>The points of a learning curve, exportable as CSV.</summary>
public sealed class LearningCurveResult(IReadOnlyList<LearningCurvePoint> points) : IReadOnlyList<LearningCurvePoint>
{
    /// <summary>The CSV header.</summary>
    public const string CsvHeader = "size,epochs,stop_reason,train_accuracy,train_macro_accuracy,train_log_loss,test_accuracy,test_macro_accuracy,test_log_loss,training_seconds,seconds";

    /// <inheritdoc />
    public int Count => points.Count;

    /// <inheritdoc />
    public LearningCurvePoint this[int index] => points[index];

    /// <inheritdoc />
    public IEnumerator<LearningCurvePoint> GetEnumerator() => points.GetEnumerator();

    /// <summary>One header line and one line per point, invariant culture.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder(CsvHeader).Append('\n');
        foreach (LearningCurvePoint p in points)
        {
            text.Append(System.FormattableString.Invariant(
                $"{p.TrainingSize},{p.Epochs},{p.StopReason},{p.Train.MicroAccuracy:R},{p.Train.MacroAccuracy:R},{p.Train.LogLoss:R},{p.Test.MicroAccuracy:R},{p.Test.MacroAccuracy:R},{p.Test.LogLoss:R},{p.TrainingElapsed.TotalSeconds:R},{p.Elapsed.TotalSeconds:R}"))
                .Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/> whole or not at all (temporary name, then rename).</summary>
    public void WriteCsv(string path) => IO.AtomicFile.WriteAllText(path, ToCsv());

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
