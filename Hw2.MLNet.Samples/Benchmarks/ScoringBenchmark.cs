using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Samples.Benchmarks;

/// <summary>
/// Scoring through ML.NET: <c>Transform</c> + <c>Evaluate</c> of 10000 rows, and single-row <c>PredictionEngine</c>
/// latency, for the deep network (weights from one short training epoch on random data: scoring time does not
/// depend on the weights' values).
/// </summary>
internal static class ScoringBenchmark
{
    private sealed class Row
    {
        public uint Label { get; set; }

        [VectorType(784)]
        public float[] Features { get; set; } = [];
    }

    private sealed class Prediction
    {
        public uint PredictedLabel { get; set; }
    }

    public static (double EvaluateSeconds, double PredictMicroseconds, long BytesPerPredict) Run(int rows, int repeats)
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(1);
        List<Row> data = [.. Enumerable.Range(0, rows).Select(i => new Row { Label = (uint)(i % 10), Features = [.. Enumerable.Range(0, 784).Select(_ => random.NextSingle())] })];
        IDataView view = ml.Data.LoadFromEnumerable(data);
        ITransformer model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(new MlpTrainer(ml, new MlpTrainerOptions { MaxEpochs = 1, Seed = 1 }))
            .Fit(ml.Data.TakeRows(view, 1000));

        double evaluate = EpochBenchmark.MedianSeconds(repeats, () => ml.MulticlassClassification.Evaluate(model.Transform(view)));

        var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model);
        var output = new Prediction();
        const int Calls = 2000;
        engine.Predict(data[0], ref output);
        double seconds = EpochBenchmark.MedianSeconds(repeats, () =>
        {
            for (int i = 0; i < Calls; i++)
            {
                engine.Predict(data[i % data.Count], ref output);
            }
        });
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            engine.Predict(data[i % data.Count], ref output);
        }

        long bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
        return (evaluate, seconds / Calls * 1e6, bytes);
    }
}
