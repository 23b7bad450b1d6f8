using Hw2.MLNet.Tests.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using static Hw2.MLNet.Tests.Onnx.OnnxRunner;

namespace Hw2.MLNet.Tests.Onnx;

/// <summary>
/// The exported file as ML.NET users deploy it: through <c>ApplyOnnxModel</c>, saved with <c>mlContext.Model.Save</c>
/// as a standard ML.NET zip (no Hw2.MLNet part in it) and loaded in a fresh context; and ML.NET's own
/// <c>ConvertToOnnx</c>, which cannot export our pipelines, refusing them with an error that names SaveOnnx.
/// </summary>
[TestClass]
public sealed class OnnxDeploymentTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void MulticlassThroughApplyOnnxModelSavedAndLoadedInAFreshContext() =>
        AssertDeployedScoresMatch(
            ml => SyntheticData.Keyed(ml, 150, 3),
            ml => new MlpTrainer(ml, SyntheticData.SmallOptions(seed: 1)),
            ["Score"]);

    [TestMethod]
    public void BinaryThroughApplyOnnxModelSavedAndLoadedInAFreshContext() =>
        AssertDeployedScoresMatch(
            ml => ml.Data.LoadFromEnumerable(TabularData.BinaryRows(200, 3)),
            ml => new MlpBinaryTrainer(ml, new MlpBinaryTrainerOptions { HiddenLayers = [8], MaxEpochs = 10, Seed = 1 }),
            ["Score", "Probability"]);

    [TestMethod]
    public void RegressionThroughApplyOnnxModelSavedAndLoadedInAFreshContext() =>
        AssertDeployedScoresMatch(
            ml => ml.Data.LoadFromEnumerable(TabularData.RegressionRows(200, 3)),
            ml => new MlpRegressionTrainer(ml, new MlpRegressionTrainerOptions { HiddenLayers = [8], MaxEpochs = 10, Seed = 1 }),
            ["Score"]);

    [TestMethod]
    public void MLNetsConvertToOnnxRefusesOurPipelinesNamingSaveOnnx()
    {
        var ml = new MLContext(seed: 1);
        MlpTrainerOptions options = SyntheticData.SmallOptions(seed: 1);
        options.MaxEpochs = 2;
        IDataView rows = SyntheticData.View(ml, 90, 1);
        IDataView binaryRows = ml.Data.LoadFromEnumerable(TabularData.BinaryRows(60, 1));
        IDataView regressionRows = ml.Data.LoadFromEnumerable(TabularData.RegressionRows(60, 1));
        (ITransformer Model, IDataView Data)[] pipelines =
        [
            (SyntheticData.Pipeline(ml, options).Fit(rows), rows),
            (new MlpBinaryTrainer(ml, new MlpBinaryTrainerOptions { MaxEpochs = 1 }).Fit(binaryRows), binaryRows),
            (ml.Transforms.NormalizeMinMax("Features").Append(new MlpRegressionTrainer(ml, new MlpRegressionTrainerOptions { MaxEpochs = 1 })).Fit(regressionRows), regressionRows),
        ];
        foreach ((ITransformer model, IDataView data) in pipelines)
        {
            using var stream = new MemoryStream();
            string message = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(model, data, stream)).Message;
            StringAssert.Contains(message, "mlContext.Model.ConvertToOnnx cannot export a pipeline that ends in an Hw2.MLNet trainer");
            StringAssert.Contains(message, "Hw2.MLNet.MlpModelIO.SaveOnnx(mlContext, model, inputSchema, path)");
            Assert.AreEqual(0, stream.Length, "nothing is written");
        }
    }

    [TestMethod]
    public void TheInterfaceMLNetsWalkNeedsIsWhereMicrosoftML501KeepsIt()
    {
        Assert.IsNotNull(
            UnwalkableView.Interface,
            $"Microsoft.ML {CatalogEnvironment.MicrosoftMLVersion} has no {UnwalkableView.InterfaceName} with a Source: UnwalkableView cannot stop ConvertToOnnx's walk.");
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TabularData.BinaryRows(40, 1));
        IDataView scored = new MlpBinaryTrainer(ml, new MlpBinaryTrainerOptions { MaxEpochs = 1 }).Fit(data).Transform(data);
        Assert.IsInstanceOfType(scored, UnwalkableView.Interface);
        Assert.HasCount(40, scored.GetColumn<float>("Probability").ToArray(), "the scored view still reads as a view");
    }

    private void AssertDeployedScoresMatch(Func<MLContext, IDataView> load, Func<MLContext, IEstimator<ITransformer>> trainer, string[] outputs)
    {
        var ml = new MLContext(seed: 1);
        IDataView data = load(ml);
        ITransformer model = trainer(ml).Fit(data);
        string folder = Directory.CreateTempSubdirectory("hw2-onnx-deploy-").FullName;
        try
        {
            string onnxPath = Path.Combine(folder, "model.onnx");
            string zipPath = Path.Combine(folder, "model.zip");
            MlpModelIO.SaveOnnx(ml, model, data.Schema, onnxPath);
            ITransformer onnxModel = ml.Transforms.ApplyOnnxModel(outputs, ["Features"], onnxPath).Fit(data);
            ml.Model.Save(onnxModel, data.Schema, zipPath);

            var fresh = new MLContext(seed: 99);
            ITransformer loaded = fresh.Model.Load(zipPath, out DataViewSchema schema);
            Assert.IsInstanceOfType<OnnxTransformer>(loaded, "a standard ML.NET model: ML.NET's ONNX transformer, nothing of Hw2.MLNet");
            IDataView deployed = loaded.Transform(data);
            IDataView expected = model.Transform(data);
            foreach (string column in outputs)
            {
                float[] ours = expected.Schema[column].Type is VectorDataViewType ? [.. Vectors(expected, column).SelectMany(r => r)] : Singles(expected, column);
                float[] theirs = [.. Vectors(deployed, column).SelectMany(r => r)];
                Assert.IsLessThanOrEqualTo(1e-5, MaxRelativeDifference(theirs, ours), $"{column} through ApplyOnnxModel, saved and loaded");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
