using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.MLNet;

/// <summary>
/// The catalog entry points (<see cref="MlpCatalog"/>) build the same trainers as the constructors: on contexts of the
/// same seed, with <c>Seed</c> left null, the same weights; the context's log hears them; and the one internal member
/// they need is where Microsoft.ML 5.0.1 keeps it.
/// </summary>
[TestClass]
public sealed class CatalogTests
{
    [TestMethod]
    public void TheMulticlassEntryPointTrainsWhatTheConstructorTrains()
    {
        MlpModelParameters Fit(Func<MLContext, MlpTrainerOptions, IEstimator<MlpTransformer>> trainer)
        {
            var ml = new MLContext(seed: 7);
            MlpTrainerOptions options = SyntheticData.SmallOptions(seed: null);
            options.MaxEpochs = 3;
            IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(SyntheticData.View(ml, 120, 1)).Transform(SyntheticData.View(ml, 120, 1));
            return trainer(ml, options).Fit(keyed).Model;
        }

        AssertSameWeights(Fit((ml, o) => new MlpTrainer(ml, o)), Fit((ml, o) => ml.MulticlassClassification.Trainers.Mlp(o)));
        Assert.AreNotEqual(
            Fit((ml, o) => new MlpTrainer(new MLContext(seed: 8), o)).GetWeights(0).Span[0],
            Fit((ml, o) => ml.MulticlassClassification.Trainers.Mlp(o)).GetWeights(0).Span[0],
            "the seed comes from the context: another context's seed gives other weights");
    }

    [TestMethod]
    public void TheBinaryAndRegressionEntryPointsTrainWhatTheConstructorsTrain()
    {
        MlpModelParameters Binary(bool catalog)
        {
            var ml = new MLContext(seed: 3);
            var options = new MlpBinaryTrainerOptions { MaxEpochs = 2 };
            IDataView rows = ml.Data.LoadFromEnumerable(TabularData.BinaryRows(100, 1));
            return (catalog ? ml.BinaryClassification.Trainers.Mlp(options) : new MlpBinaryTrainer(ml, options)).Fit(rows).Model;
        }

        MlpModelParameters Regression(bool catalog)
        {
            var ml = new MLContext(seed: 3);
            var options = new MlpRegressionTrainerOptions { MaxEpochs = 2 };
            IDataView rows = ml.Data.LoadFromEnumerable(TabularData.RegressionRows(100, 1));
            return (catalog ? ml.Regression.Trainers.Mlp(options) : new MlpRegressionTrainer(ml, options)).Fit(rows).Model;
        }

        AssertSameWeights(Binary(catalog: false), Binary(catalog: true));
        AssertSameWeights(Regression(catalog: false), Regression(catalog: true));
        Assert.AreEqual(MlpTask.BinaryClassification, Binary(catalog: true).Task);
        Assert.AreEqual(MlpTask.Regression, Regression(catalog: true).Task);
    }

    [TestMethod]
    public void EntryPointsWithoutOptionsUseTheDefaultsAndTheContextHearsThem()
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
        MlpTransformer model = ml.Regression.Trainers.Mlp().Fit(ml.Data.LoadFromEnumerable(TabularData.RegressionRows(60, 2)));
        Assert.HasCount(new MlpRegressionTrainerOptions().MaxEpochs, model.Model.History);
        Assert.IsTrue(messages.Any(m => m.Contains("MlpRegressionTrainer", StringComparison.Ordinal) && m.Contains("Epoch 1:", StringComparison.Ordinal)), "the trainer logs to the context's Log");
        Assert.IsInstanceOfType<MlpTrainer>(ml.MulticlassClassification.Trainers.Mlp());
        Assert.IsInstanceOfType<MlpBinaryTrainer>(ml.BinaryClassification.Trainers.Mlp());
    }

    [TestMethod]
    public void BadOptionsAreRefusedAtTheEntryPointByName()
    {
        var ml = new MLContext(seed: 1);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => ml.BinaryClassification.Trainers.Mlp(new MlpBinaryTrainerOptions { Dropout = 1f }));
        StringAssert.Contains(ex.Message, "Dropout");
        Assert.ThrowsExactly<ArgumentNullException>(() => ml.Regression.Trainers.Mlp(null!));
    }

    /// <summary>The one internal member of Microsoft.ML the entry points use: if an update moves it, this names the class to fix.</summary>
    [TestMethod]
    public void TheCatalogsEnvironmentIsWhereMicrosoftML501KeepsIt()
    {
        Assert.IsNotNull(CatalogEnvironment.Property, $"Microsoft.ML no longer has {CatalogEnvironment.InterfaceName}.Environment: CatalogEnvironment (and the catalog entry points) must find the catalogs' environment another way.");
        var ml = new MLContext(seed: 1);
        Assert.IsInstanceOfType<Microsoft.ML.Runtime.IHostEnvironment>(CatalogEnvironment.Of(ml.Regression.Trainers));
        Assert.AreEqual("5.0.1", CatalogEnvironment.MicrosoftMLVersion, "the version the member was checked against; on an update, check it again and change this");
    }

    private static void AssertSameWeights(MlpModelParameters expected, MlpModelParameters actual)
    {
        for (int layer = 0; layer < expected.Shape.LayerCount; layer++)
        {
            CollectionAssert.AreEqual(expected.GetWeights(layer).ToArray(), actual.GetWeights(layer).ToArray(), $"weights of layer {layer}");
            CollectionAssert.AreEqual(expected.GetBiases(layer).ToArray(), actual.GetBiases(layer).ToArray(), $"biases of layer {layer}");
        }
    }
}
