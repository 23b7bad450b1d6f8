using Hw2.MLNet.Gradients;
using Hw2.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.MLNet;

/// <summary><see cref="MlpRegressionTrainer"/>'s contract: its column, the label's standardisation, ML.NET's evaluator and tools, the model file, and what it refuses.</summary>
[TestClass]
public sealed class RegressionTrainerTests
{
    private static MlpRegressionTrainerOptions Small(GradientEngine engine = GradientEngine.Backprop) => new()
    {
        HiddenLayers = [32],
        MaxEpochs = 60,
        LearningRate = 1e-2f,
        Seed = 3,
        Engine = engine,
    };

    [TestMethod]
    public void AddsASingleScoreInTheLabelsUnits()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TabularData.RegressionRows(300, 1));
        var trainer = new MlpRegressionTrainer(ml, Small());
        SchemaShape.Column column = trainer.GetOutputSchema(TabularData.ShapeOf(data.Schema)).Single(c => c.Name == "Score");
        MlpTransformer model = trainer.Fit(data);
        Assert.AreEqual(MlpTask.Regression, model.Model.Task);
        Assert.AreEqual(0, model.Model.ClassCount);
        Assert.AreEqual(NumberDataViewType.Single, model.Transform(data).Schema["Score"].Type);
        Assert.AreEqual(NumberDataViewType.Single, column.ItemType);
        Assert.AreEqual(SchemaShape.Column.VectorKind.Scalar, column.Kind);
        Assert.IsFalse(model.Transform(data).Schema.GetColumnOrNull("PredictedLabel").HasValue);

        float[] labels = [.. TabularData.RegressionRows(300, 1).Select(r => r.Label)];
        double mean = labels.Average(v => (double)v);
        double deviation = Math.Sqrt(labels.Average(v => (v - mean) * (v - mean)));
        Assert.AreEqual(mean, model.Model.TargetOffset, 1e-4 * Math.Abs(mean), "the offset is the training labels' mean");
        Assert.AreEqual(deviation, model.Model.TargetScale, 1e-4 * deviation, "the scale is their standard deviation");
    }

    /// <summary>Targets in the hundreds train well with the defaults because the label is standardised; without it the same run is far worse.</summary>
    [TestMethod]
    public void TargetsInTheHundredsTrainWellWithTheDefaults()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(TabularData.RegressionRows(2000, 2));
        IDataView test = ml.Data.LoadFromEnumerable(TabularData.RegressionRows(500, 3));
        RegressionMetrics standardized = ml.Regression.Evaluate(new MlpRegressionTrainer(ml, new MlpRegressionTrainerOptions { Seed = 1 }).Fit(train).Transform(test));
        RegressionMetrics raw = ml.Regression.Evaluate(new MlpRegressionTrainer(ml, new MlpRegressionTrainerOptions { Seed = 1, StandardizeLabel = false }).Fit(train).Transform(test));
        Assert.IsGreaterThan(0.98, standardized.RSquared, $"R² {standardized.RSquared}");
        Assert.IsLessThan(standardized.RSquared - 0.05, raw.RSquared, $"raw labels: R² {raw.RSquared}");
    }

    [TestMethod]
    public void DiabetesThroughTextLoaderAndANormaliserCrossValidatesAndExplains()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = TabularData.Diabetes(ml);
        var options = new MlpRegressionTrainerOptions { Seed = 1 };
        IEstimator<ITransformer> pipeline = ml.Transforms.NormalizeMeanVariance("Features", fixZero: false).Append(new MlpRegressionTrainer(ml, options));
        var folds = ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 5);
        Assert.HasCount(5, folds);
        double r2 = folds.Average(f => f.Metrics.RSquared);
        Assert.IsGreaterThan(0.4, r2, $"mean R² {r2}");

        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
        ITransformer normalizer = ml.Transforms.NormalizeMeanVariance("Features", fixZero: false).Fit(split.TrainSet);
        MlpTransformer model = new MlpRegressionTrainer(ml, options).Fit(normalizer.Transform(split.TrainSet));
        var importance = ml.Regression.PermutationFeatureImportance(model, normalizer.Transform(split.TestSet), permutationCount: 1);
        Assert.HasCount(10, importance);
        Assert.IsTrue(importance.Any(i => i.RSquared.Mean < -0.05), "permuting some feature (body-mass index, s5) hurts");
    }

    [TestMethod]
    public void PredictionEngineAndASavedModelScoreAsTransformDoes()
    {
        var ml = new MLContext(seed: 1);
        List<TabularData.RegressionRow> rows = TabularData.RegressionRows(300, 5);
        MlpTransformer model = new MlpRegressionTrainer(ml, Small()).Fit(ml.Data.LoadFromEnumerable(rows));
        TrainerContract.SavedModelAndPredictionEngineScoreAsTransformDoes<TabularData.RegressionRow, TabularData.RegressionPrediction>(ml, model, rows, p => p.Score);
    }

    [TestMethod]
    public void TheThreeEnginesTrainTheSameModel()
    {
        var ml = new MLContext(seed: 1);
        TrainerContract.TheThreeEnginesTrainTheSameModel<TabularData.RegressionPrediction>(
            ml,
            ml.Data.LoadFromEnumerable(TabularData.RegressionRows(200, 6)),
            engine =>
            {
                MlpRegressionTrainerOptions options = Small(engine);
                options.MaxEpochs = 5;
                options.HuberDelta = 1f;
                return new MlpRegressionTrainer(ml, options);
            },
            p => p.Score,
            1e-3f);
    }

    [TestMethod]
    public void HuberResistsWildTargetsBetterThanTheSquaredError()
    {
        var ml = new MLContext(seed: 1);
        List<TabularData.RegressionRow> rows = TabularData.RegressionRows(1000, 7);
        for (int i = 0; i < rows.Count; i += 20)
        {
            rows[i].Label += 5000;
        }

        IDataView train = ml.Data.LoadFromEnumerable(rows);
        IDataView test = ml.Data.LoadFromEnumerable(TabularData.RegressionRows(500, 8));
        MlpRegressionTrainerOptions squared = Small(), huber = Small();
        huber.HuberDelta = 0.5f;
        double squaredError = ml.Regression.Evaluate(new MlpRegressionTrainer(ml, squared).Fit(train).Transform(test)).MeanAbsoluteError;
        double huberError = ml.Regression.Evaluate(new MlpRegressionTrainer(ml, huber).Fit(train).Transform(test)).MeanAbsoluteError;
        Assert.IsLessThan(squaredError / 2, huberError, $"mean absolute error on clean test rows: Huber {huberError}, squared {squaredError}");
    }

    [TestMethod]
    [DataRow(float.NaN)]
    [DataRow(float.PositiveInfinity)]
    public void ANonFiniteLabelIsRefusedNamingTheRow(float bad)
    {
        var ml = new MLContext(seed: 1);
        List<TabularData.RegressionRow> rows = TabularData.RegressionRows(20, 1);
        rows[13].Label = bad;
        string message = Assert.ThrowsExactly<InvalidOperationException>(() => new MlpRegressionTrainer(ml, Small()).Fit(ml.Data.LoadFromEnumerable(rows))).Message;
        StringAssert.Contains(message, $"The training data, row 13: label column 'Label' is {bad}; a regression needs a finite target.");
    }

    [TestMethod]
    public void AKeyOrDoubleLabelIsRefusedSayingWhatToDo()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TabularData.RegressionRows(20, 1));
        var trainer = new MlpRegressionTrainer(ml, Small());
        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        string key = Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(keyed)).Message;
        StringAssert.Contains(key, "Label column 'Label' must be Single");
        StringAssert.Contains(key, "A key-typed label numbers categories");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => trainer.GetOutputSchema(TabularData.ShapeOf(keyed.Schema))).Message, "A key-typed label");

        IDataView doubles = ml.Transforms.Conversion.ConvertType("Label", outputKind: DataKind.Double).Fit(data).Transform(data);
        string wide = Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(doubles)).Message;
        StringAssert.Contains(wide, "it is Double");
        StringAssert.Contains(wide, "ConvertType(\"Label\", outputKind: DataKind.Single)");
    }

    [TestMethod]
    public void AConstantTargetIsRefused()
    {
        var ml = new MLContext(seed: 1);
        List<TabularData.RegressionRow> rows = [.. TabularData.RegressionRows(30, 1).Select(r => new TabularData.RegressionRow { Label = 3.5f, Features = r.Features })];
        string message = Assert.ThrowsExactly<ArgumentException>(() => new MlpRegressionTrainer(ml, Small()).Fit(ml.Data.LoadFromEnumerable(rows))).Message;
        StringAssert.Contains(message, "Label column 'Label' is 3.5 in all 30 training rows; a regression needs a target that varies.");
    }

    /// <summary>Unscaled targets in the hundreds at a large rate: the divergence error, never NaN scores.</summary>
    [TestMethod]
    public void AnUnscaledTargetAtALargeRateStopsWithTheDivergenceError()
    {
        var ml = new MLContext(seed: 1);
        MlpRegressionTrainerOptions options = Small();
        options.StandardizeLabel = false;
        options.LearningRate = 1f;
        options.Optimizer = Hw2.MLNet.Optimizers.OptimizerKind.GradientDescent;
        var error = Assert.ThrowsExactly<TrainingDivergedException>(() => new MlpRegressionTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(TabularData.RegressionRows(300, 1))));
        StringAssert.Contains(error.Message, "learning rate 1");
    }

    [TestMethod]
    public void EarlyStoppingOnAccuracyIsRefusedAndOnValidationLossWorks()
    {
        var ml = new MLContext(seed: 1);
        MlpRegressionTrainerOptions options = Small();
        options.ValidationFraction = 0.2;
        options.EarlyStopping = new PatienceStopping(MonitoredMetric.ValidationAccuracy);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MlpRegressionTrainer(ml, options)).Message, "a regression has no accuracy");
        options.EarlyStopping = new PatienceStopping(MonitoredMetric.ValidationLoss, patience: 3);
        MlpTransformer model = new MlpRegressionTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(TabularData.RegressionRows(300, 1)));
        Assert.IsTrue(model.Model.History.All(r => r.ValidationLoss > 0 && r.ValidationAccuracy is null && double.IsNaN(r.TrainAccuracy)));
        Assert.AreEqual(model.Model.History.Min(r => r.ValidationLoss), model.Model.History[model.Model.WeightsEpoch - 1].ValidationLoss);
    }

    [TestMethod]
    public void RefusesWhatTheMulticlassTrainerRefuses()
    {
        var ml = new MLContext(seed: 1);
        TabularData.RefusesWhatEveryTrainerRefuses(ml, new MlpRegressionTrainer(ml, Small()), TabularData.RegressionRows(20, 1), row => row.Features[2] = float.NaN);
    }
}
