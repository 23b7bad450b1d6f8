using Hw2.MLNet.Gradients;
using Hw2.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.MLNet;

[TestClass]
public sealed class MlpTrainerContractTests
{
    [TestMethod]
    public void PipelineFitsEvaluatesAndMapsKeysBack()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = SyntheticData.View(ml, 300, 1);
        IDataView test = SyntheticData.View(ml, 150, 2);
        ITransformer model = SyntheticData.Pipeline(ml, SyntheticData.SmallOptions()).Fit(train);
        IDataView scored = model.Transform(test);

        MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.IsGreaterThan(0.9, metrics.MicroAccuracy);
        Assert.IsGreaterThan(0.9, metrics.MacroAccuracy);
        Assert.IsLessThan(0.5, metrics.LogLoss);
        Assert.AreEqual(3, metrics.ConfusionMatrix.NumberOfClasses);

        string[] predicted = [.. scored.GetColumn<string>("PredictedLabel")];
        CollectionAssert.IsSubsetOf(predicted.Distinct().ToArray(), SyntheticData.Classes);
        float[][] scores = [.. scored.GetColumn<float[]>("Score")];
        foreach (float[] s in scores)
        {
            Assert.HasCount(3, s);
            Assert.AreEqual(1f, s.Sum(), 1e-5f);
        }
    }

    [TestMethod]
    public void OutputSchemaCarriesTypesSlotNamesAndKeyValues()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = SyntheticData.View(ml, 90, 1);
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        var trainer = new MlpTrainer(ml, SyntheticData.SmallOptions());

        // What EstimatorChain.Fit does before training (SchemaShape.Create is internal, hence reflection).
        var inputShape = (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)!
            .Invoke(null, [keyed.Schema])!;
        SchemaShape shape = trainer.GetOutputSchema(inputShape);
        Assert.IsTrue(shape.Any(c => c.Name == "Score" && c.Kind == SchemaShape.Column.VectorKind.Vector && c.ItemType == NumberDataViewType.Single));
        Assert.IsTrue(shape.Any(c => c.Name == "PredictedLabel" && c.IsKey));

        DataViewSchema schema = trainer.Fit(keyed).Transform(keyed).Schema;
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3), schema["Score"].Type);
        Assert.IsInstanceOfType<KeyDataViewType>(schema["PredictedLabel"].Type);
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        schema["Score"].GetSlotNames(ref slotNames);
        CollectionAssert.AreEqual(SyntheticData.Classes, slotNames.DenseValues().Select(v => v.ToString()).ToArray());
        VBuffer<ReadOnlyMemory<char>> keyValues = default;
        schema["PredictedLabel"].GetKeyValues(ref keyValues);
        CollectionAssert.AreEqual(SyntheticData.Classes, keyValues.DenseValues().Select(v => v.ToString()).ToArray());
    }

    [TestMethod]
    public void TransformIsLazy()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(SyntheticData.View(ml, 200, 1)).Transform(SyntheticData.View(ml, 200, 1));
        MlpTransformer model = new MlpTrainer(ml, SyntheticData.SmallOptions()).Fit(data);
        IDataView scored = model.Transform(data);

        using DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema);
        var getScore = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
        VBuffer<float> score = default;
        for (int i = 0; i < 10 && cursor.MoveNext(); i++)
        {
            getScore(ref score);
            getScore(ref score);
        }

        Assert.AreEqual(16, ((MlpScoredCursor)cursor).Scorer!.RowsScored, "reading 10 rows (twice each) scores the first block of 16, not the 200 rows");
        while (cursor.MoveNext())
        {
            getScore(ref score);
        }

        Assert.AreEqual(200, ((MlpScoredCursor)cursor).Scorer!.RowsScored, "reading every row scores each row once");

        using DataViewRowCursor labelsOnly = scored.GetRowCursor([scored.Schema["Label"]]);
        Assert.IsNull(((MlpScoredCursor)labelsOnly).Scorer, "a cursor that reads no scored column scores nothing");
        Assert.IsFalse(labelsOnly.IsColumnActive(scored.Schema["Score"]));
    }

    [TestMethod]
    public void PredictionEngineEqualsBatchTransform()
    {
        var ml = new MLContext(seed: 1);
        List<SyntheticData.Row> rows = SyntheticData.Rows(60, 3);
        ITransformer model = SyntheticData.Pipeline(ml, SyntheticData.SmallOptions()).Fit(SyntheticData.View(ml, 300, 1));
        IDataView batch = model.Transform(ml.Data.LoadFromEnumerable(rows));
        SyntheticData.Prediction[] expected = [.. ml.Data.CreateEnumerable<SyntheticData.Prediction>(batch, reuseRowObject: false)];

        var engine = ml.Model.CreatePredictionEngine<SyntheticData.Row, SyntheticData.Prediction>(model);
        for (int i = 0; i < rows.Count; i++)
        {
            SyntheticData.Prediction p = engine.Predict(rows[i]);
            Assert.AreEqual(expected[i].PredictedLabel, p.PredictedLabel);
            AssertScoresClose(expected[i].Score, p.Score, $"row {i}");
        }
    }

    /// <summary>
    /// A cursor scores in blocks (16, 32, …, 1024 rows; one product per layer), a shuffled cursor and the prediction
    /// engine row by row: the same probabilities up to float rounding, for 3000 rows that span every block size.
    /// </summary>
    [TestMethod]
    public void BlockScoringEqualsRowScoring()
    {
        var ml = new MLContext(seed: 1);
        ITransformer model = SyntheticData.Pipeline(ml, SyntheticData.SmallOptions()).Fit(SyntheticData.View(ml, 300, 1));
        IDataView scored = model.Transform(SyntheticData.View(ml, 3000, 2));
        SyntheticData.Prediction[] blocks = [.. ml.Data.CreateEnumerable<SyntheticData.Prediction>(scored, reuseRowObject: false)];
        List<SyntheticData.Row> rows = SyntheticData.Rows(3000, 2);
        var engine = ml.Model.CreatePredictionEngine<SyntheticData.Row, SyntheticData.Prediction>(model);
        Assert.HasCount(3000, blocks);
        for (int i = 0; i < rows.Count; i++)
        {
            SyntheticData.Prediction single = engine.Predict(rows[i]);
            Assert.AreEqual(single.PredictedLabel, blocks[i].PredictedLabel, $"row {i}");
            AssertScoresClose(single.Score, blocks[i].Score, $"row {i}");
        }

        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(SyntheticData.View(ml, 200, 1)).Transform(SyntheticData.View(ml, 200, 1));
        IDataView direct = new MlpTrainer(ml, SyntheticData.SmallOptions()).Fit(keyed).Transform(keyed);
        using DataViewRowCursor inOrder = direct.GetRowCursor(direct.Schema);
        using DataViewRowCursor shuffled = direct.GetRowCursor(direct.Schema, new Random(3));
        Assert.IsInstanceOfType<BlockScorer>(((MlpScoredCursor)inOrder).Scorer);
        Assert.IsInstanceOfType<RowScorer>(((MlpScoredCursor)shuffled).Scorer, "a shuffled cursor cannot read ahead in the same order, so it scores row by row");
        using DataViewRowCursor scoresOnly = direct.GetRowCursor([direct.Schema["Score"]]);
        Assert.IsFalse(scoresOnly.IsColumnActive(direct.Schema["Features"]), "in blocks, only the look-ahead cursor reads the features");
        using DataViewRowCursor shuffledScores = direct.GetRowCursor([direct.Schema["Score"]], new Random(4));
        Assert.IsTrue(shuffledScores.IsColumnActive(direct.Schema["Features"]), "row by row, the cursor itself reads the features");
    }

    private static void AssertScoresClose(float[] expected, float[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int j = 0; j < expected.Length; j++)
        {
            Assert.AreEqual(expected[j], actual[j], 1e-6f, $"{what}, class {j}");
        }
    }

    [TestMethod]
    public void CrossValidateAndPermutationFeatureImportanceRun()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(SyntheticData.View(ml, 300, 1)).Transform(SyntheticData.View(ml, 300, 1));
        var trainer = new MlpTrainer(ml, SyntheticData.SmallOptions());

        var folds = ml.MulticlassClassification.CrossValidate(data, trainer, numberOfFolds: 3);
        Assert.HasCount(3, folds);
        Assert.IsTrue(folds.All(f => f.Metrics.MicroAccuracy > 0.85));

        MlpTransformer model = trainer.Fit(data);
        var importance = ml.MulticlassClassification.PermutationFeatureImportance(model, model.Transform(data), permutationCount: 1);
        Assert.HasCount(4, importance);
        Assert.IsTrue(importance.All(i => i.MicroAccuracy.Mean < 0), "every feature carries signal, so permuting any one hurts");
    }

    [TestMethod]
    public void SameSeedGivesIdenticalHistoryAndWeightsForEveryEngine()
    {
        foreach (GradientEngine engine in Enum.GetValues<GradientEngine>())
        {
            MlpModelParameters[] models = [.. Enumerable.Range(0, 2).Select(_ =>
            {
                var ml = new MLContext(seed: 7);
                IDataView data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(SyntheticData.View(ml, 120, 1)).Transform(SyntheticData.View(ml, 120, 1));
                MlpTrainerOptions options = SyntheticData.SmallOptions();
                options.Engine = engine;
                options.MaxEpochs = 5;
                return new MlpTrainer(ml, options).Fit(data).Model;
            })];
            CollectionAssert.AreEqual(models[0].History.Select(h => h.Loss).ToArray(), models[1].History.Select(h => h.Loss).ToArray(), engine.ToString());
            for (int l = 0; l < models[0].Shape.LayerCount; l++)
            {
                CollectionAssert.AreEqual(models[0].GetWeights(l).ToArray(), models[1].GetWeights(l).ToArray(), $"{engine} W{l + 1}");
                CollectionAssert.AreEqual(models[0].GetBiases(l).ToArray(), models[1].GetBiases(l).ToArray(), $"{engine} b{l + 1}");
            }
        }
    }

    [TestMethod]
    public void ProgressAndLogReceiveEveryEpoch()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) =>
        {
            lock (messages)
            {
                messages.Add(e.Message);
            }
        };
        var records = new List<EpochRecord>();
        MlpTrainerOptions options = SyntheticData.SmallOptions();
        options.MaxEpochs = 4;
        options.Progress = new CallbackProgress<EpochRecord>(records.Add);
        IDataView data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(SyntheticData.View(ml, 60, 1)).Transform(SyntheticData.View(ml, 60, 1));

        MlpTransformer model = new MlpTrainer(ml, options).Fit(data);

        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, records.Select(r => r.Epoch).ToArray());
        Assert.HasCount(4, model.Model.History);
        Assert.IsTrue(messages.Any(m => m.Contains("Epoch 4: loss", StringComparison.Ordinal)), string.Join("\n", messages));
    }

}
