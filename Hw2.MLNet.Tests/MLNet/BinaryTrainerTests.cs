using Hw2.MLNet.Gradients;
using Hw2.MLNet.Losses;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.MLNet;

/// <summary><see cref="MlpBinaryTrainer"/>'s contract: its columns, ML.NET's evaluators and tools on its output, prediction engines, the model file, and what it refuses.</summary>
[TestClass]
public sealed class BinaryTrainerTests
{
    private static MlpBinaryTrainerOptions Small(GradientEngine engine = GradientEngine.Backprop) => new()
    {
        HiddenLayers = [16],
        MaxEpochs = 40,
        LearningRate = 1e-2f,
        Seed = 3,
        Engine = engine,
    };

    [TestMethod]
    public void AddsScoreProbabilityAndABooleanPredictedLabel()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TabularData.BinaryRows(400, 1));
        var trainer = new MlpBinaryTrainer(ml, Small());
        SchemaShape shape = trainer.GetOutputSchema(TabularData.ShapeOf(data.Schema));
        MlpTransformer model = trainer.Fit(data);
        DataViewSchema schema = model.Transform(data).Schema;

        Assert.AreEqual(MlpTask.BinaryClassification, model.Model.Task);
        Assert.AreEqual(1, model.Model.Shape.OutputSize, "one logit");
        Assert.AreEqual(2, model.Model.ClassCount);
        Assert.AreEqual(NumberDataViewType.Single, schema["Score"].Type);
        Assert.AreEqual(NumberDataViewType.Single, schema["Probability"].Type);
        Assert.AreEqual(BooleanDataViewType.Instance, schema["PredictedLabel"].Type);
        foreach (string name in new[] { "Score", "Probability", "PredictedLabel" })
        {
            SchemaShape.Column column = shape.Single(c => c.Name == name);
            Assert.AreEqual(schema[name].Type, column.ItemType, name);
            Assert.AreEqual(SchemaShape.Column.VectorKind.Scalar, column.Kind, name);
        }
    }

    [TestMethod]
    public void ProbabilityIsTheSigmoidOfTheScoreAndThePredictionItsHalf()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TabularData.BinaryRows(400, 2));
        IDataView scored = new MlpBinaryTrainer(ml, Small()).Fit(data).Transform(data);
        List<TabularData.BinaryPrediction> rows = [.. ml.Data.CreateEnumerable<TabularData.BinaryPrediction>(scored, reuseRowObject: false)];
        Assert.IsTrue(rows.Any(r => r.PredictedLabel) && rows.Any(r => !r.PredictedLabel));
        foreach (TabularData.BinaryPrediction row in rows)
        {
            Assert.AreEqual(1 / (1 + Math.Exp(-row.Score)), row.Probability, 1e-6);
            Assert.AreEqual(row.Probability >= 0.5f, row.PredictedLabel);
        }
    }

    [TestMethod]
    public void LearnsACurvedBoundaryAndBinaryEvaluateReadsItsOutput()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(TabularData.BinaryRows(1000, 3));
        IDataView test = ml.Data.LoadFromEnumerable(TabularData.BinaryRows(500, 4));
        CalibratedBinaryClassificationMetrics metrics = ml.BinaryClassification.Evaluate(new MlpBinaryTrainer(ml, Small()).Fit(train).Transform(test));
        Assert.IsGreaterThan(0.95, metrics.Accuracy);
        Assert.IsGreaterThan(0.99, metrics.AreaUnderRocCurve);
        Assert.IsLessThan(0.25, metrics.LogLoss);
    }

    [TestMethod]
    public void BreastCancerThroughTextLoaderAndANormaliserCrossValidatesAndExplains()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = TabularData.BreastCancer(ml);
        IEstimator<ITransformer> pipeline = ml.Transforms.NormalizeMeanVariance("Features", fixZero: false)
            .Append(new MlpBinaryTrainer(ml, new MlpBinaryTrainerOptions { Seed = 1 }));
        var folds = ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 5);
        Assert.HasCount(5, folds);
        double accuracy = folds.Average(f => f.Metrics.Accuracy);
        Assert.IsGreaterThan(0.95, accuracy, $"mean accuracy {accuracy}");
        Assert.IsTrue(folds.All(f => f.Metrics.AreaUnderRocCurve > 0.97));

        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
        ITransformer normalizer = ml.Transforms.NormalizeMeanVariance("Features", fixZero: false).Fit(split.TrainSet);
        MlpTransformer model = new MlpBinaryTrainer(ml, new MlpBinaryTrainerOptions { Seed = 1 }).Fit(normalizer.Transform(split.TrainSet));
        var importance = ml.BinaryClassification.PermutationFeatureImportance(model, normalizer.Transform(split.TestSet), permutationCount: 1);
        Assert.HasCount(30, importance);
        Assert.IsTrue(importance.Any(i => i.AreaUnderRocCurve.Mean < 0), "permuting some feature hurts");
    }

    [TestMethod]
    public void PredictionEngineAndASavedModelScoreAsTransformDoes()
    {
        var ml = new MLContext(seed: 1);
        List<TabularData.BinaryRow> rows = TabularData.BinaryRows(300, 5);
        MlpTransformer model = new MlpBinaryTrainer(ml, Small()).Fit(ml.Data.LoadFromEnumerable(rows));
        TrainerContract.SavedModelAndPredictionEngineScoreAsTransformDoes<TabularData.BinaryRow, TabularData.BinaryPrediction>(ml, model, rows, p => p.Score);
    }

    [TestMethod]
    public void TheThreeEnginesTrainTheSameModel()
    {
        var ml = new MLContext(seed: 1);
        TrainerContract.TheThreeEnginesTrainTheSameModel<TabularData.BinaryPrediction>(
            ml,
            ml.Data.LoadFromEnumerable(TabularData.BinaryRows(200, 6)),
            engine =>
            {
                MlpBinaryTrainerOptions options = Small(engine);
                options.MaxEpochs = 5;
                return new MlpBinaryTrainer(ml, options);
            },
            p => p.Score,
            1e-4f);
    }

    [TestMethod]
    public void ALabelThatIsNotBooleanIsRefusedNamingItsTypeAndTheConversion()
    {
        var ml = new MLContext(seed: 1);
        IDataView singles = ml.Data.LoadFromEnumerable(TabularData.RegressionRows(10, 1));
        var trainer = new MlpBinaryTrainer(ml, Small());
        string message = Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(singles)).Message;
        StringAssert.Contains(message, "Label column 'Label' must be Boolean");
        StringAssert.Contains(message, "it is Single");
        StringAssert.Contains(message, "ConvertType(\"Label\", outputKind: DataKind.Boolean)");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => trainer.GetOutputSchema(TabularData.ShapeOf(singles.Schema))).Message, "it is Single");

        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(singles).Transform(singles);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(keyed)).Message, "Remove MapValueToKey(\"Label\")");
    }

    [TestMethod]
    public void TrainingRowsOfOneClassAreRefused()
    {
        var ml = new MLContext(seed: 1);
        List<TabularData.BinaryRow> rows = [.. TabularData.BinaryRows(50, 1).Select(r => new TabularData.BinaryRow { Label = true, Features = r.Features })];
        string message = Assert.ThrowsExactly<ArgumentException>(() => new MlpBinaryTrainer(ml, Small()).Fit(ml.Data.LoadFromEnumerable(rows))).Message;
        StringAssert.Contains(message, "Label column 'Label' is True in all 50 training rows; a binary classifier needs rows of both classes.");
    }

    [TestMethod]
    public void EarlyStoppingOnValidationAccuracyRestoresTheBestEpoch()
    {
        var ml = new MLContext(seed: 1);
        MlpBinaryTrainerOptions options = Small();
        options.MaxEpochs = 60;
        options.ValidationData = ml.Data.LoadFromEnumerable(TabularData.BinaryRows(200, 8));
        options.EarlyStopping = new Hw2.MLNet.Training.PatienceStopping(Hw2.MLNet.Training.MonitoredMetric.ValidationAccuracy, patience: 3);
        MlpTransformer model = new MlpBinaryTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(TabularData.BinaryRows(400, 7)));
        var history = model.Model.History;
        Assert.IsTrue(history.All(r => r.ValidationAccuracy is > 0 and <= 1 && r.TrainAccuracy is > 0 and <= 1));
        Assert.AreEqual(history.Max(r => r.ValidationAccuracy), history[model.Model.WeightsEpoch - 1].ValidationAccuracy);
    }

    [TestMethod]
    public void RefusesWhatTheMulticlassTrainerRefuses()
    {
        var ml = new MLContext(seed: 1);
        TabularData.RefusesWhatEveryTrainerRefuses(ml, new MlpBinaryTrainer(ml, Small()), TabularData.BinaryRows(20, 1), row => row.Features[2] = float.NaN);
    }
}
