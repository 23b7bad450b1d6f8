using Hw2.MLNet.Gradients;
using Microsoft.ML;

namespace Hw2.MLNet.Tests.MLNet;

/// <summary>Checks every trainer's model must pass, whatever its task: one place for the binary and regression contract tests.</summary>
internal static class TrainerContract
{
    /// <summary>
    /// A model saved with <see cref="MlpModelIO"/> and loaded in a fresh context scores bit for bit as before and says
    /// its task; a prediction engine scores each row as the block scorer does, up to float rounding (one row and a
    /// block are products of different shapes).
    /// </summary>
    public static void SavedModelAndPredictionEngineScoreAsTransformDoes<TRow, TPrediction>(
        MLContext ml, MlpTransformer model, List<TRow> rows, Func<TPrediction, float> score)
        where TRow : class
        where TPrediction : class, new()
    {
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        float[] scores = Scores(ml, model, data, score);
        var engine = ml.Model.CreatePredictionEngine<TRow, TPrediction>(model);
        string path = Path.Combine(Path.GetTempPath(), $"hw2-contract-{Guid.NewGuid():N}.zip");
        try
        {
            MlpModelIO.Save(ml, model, data.Schema, path);
            var loaded = (MlpTransformer)MlpModelIO.Load(new MLContext(), path).Model;
            Assert.AreEqual(model.Model.Task, loaded.Model.Task);
            Assert.AreEqual(model.Model.TargetScale, loaded.Model.TargetScale);
            Assert.AreEqual(model.Model.TargetOffset, loaded.Model.TargetOffset);
            CollectionAssert.AreEqual(scores, Scores(ml, loaded, data, score), "bit for bit after the round trip");
            for (int i = 0; i < rows.Count; i++)
            {
                Assert.AreEqual(scores[i], score(engine.Predict(rows[i])), 1e-5f * (1 + Math.Abs(scores[i])), $"row {i}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The three engines, trained from the same seed on the same rows, give the same scores within <paramref name="tolerance"/>.</summary>
    public static void TheThreeEnginesTrainTheSameModel<TPrediction>(
        MLContext ml, IDataView data, Func<GradientEngine, IEstimator<MlpTransformer>> trainer, Func<TPrediction, float> score, float tolerance)
        where TPrediction : class, new()
    {
        float[]? first = null;
        foreach (GradientEngine engine in Enum.GetValues<GradientEngine>())
        {
            float[] scores = Scores(ml, trainer(engine).Fit(data), data, score);
            first ??= scores;
            for (int i = 0; i < scores.Length; i++)
            {
                Assert.AreEqual(first[i], scores[i], tolerance, $"{engine}, row {i}");
            }
        }
    }

    private static float[] Scores<TPrediction>(MLContext ml, ITransformer model, IDataView data, Func<TPrediction, float> score)
        where TPrediction : class, new() =>
        [.. ml.Data.CreateEnumerable<TPrediction>(model.Transform(data), reuseRowObject: false).Select(score)];
}
