using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.MLNet;

/// <summary>Three Gaussian blobs in 4 dimensions as ML.NET rows; the label is text so key values are visible.</summary>
internal static class SyntheticData
{
    public sealed class Row
    {
        public string Label { get; set; } = string.Empty;

        [VectorType(4)]
        public float[] Features { get; set; } = [];
    }

    public sealed class Prediction
    {
        public string PredictedLabel { get; set; } = string.Empty;

        public float[] Score { get; set; } = [];
    }

    public static readonly string[] Classes = ["cat", "dog", "bird"];

    public static List<Row> Rows(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<Row>(count);
        for (int i = 0; i < count; i++)
        {
            int c = i % 3;
            var features = new float[4];
            for (int j = 0; j < 4; j++)
            {
                double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                features[j] = (float)(((j == c ? 3 : 0) + gaussian) * 0.5);
            }

            rows.Add(new Row { Label = Classes[c], Features = features });
        }

        return rows;
    }

    public static IDataView View(MLContext ml, int count, int seed) => ml.Data.LoadFromEnumerable(Rows(count, seed));

    /// <summary><paramref name="count"/> rows with the label keyed by one <c>MapValueToKey</c> fitted on 300 rows of seed 1, so sets of any seed share the keys.</summary>
    public static IDataView Keyed(MLContext ml, int count, int seed)
    {
        ITransformer keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(View(ml, 300, 1));
        return keys.Transform(View(ml, count, seed));
    }

    public static MlpTrainerOptions SmallOptions(int? seed = null) => new()
    {
        HiddenLayers = [16],
        Optimizer = Hw2.MLNet.Optimizers.OptimizerKind.GradientDescent,
        LearningRate = 0.5f,
        BatchSize = 32,
        MaxEpochs = 30,
        Seed = seed,
    };

    public static IEstimator<ITransformer> Pipeline(MLContext ml, MlpTrainerOptions options) =>
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(new MlpTrainer(ml, options))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
}
