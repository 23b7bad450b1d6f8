using Hw2.MLNet.Activations;
using Hw2.MLNet.Data;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Onnx;
using Hw2.MLNet.Onnx.Proto;
using Hw2.MLNet.Tests.MLNet;
using Hw2.MLNet.Tests.Support;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using static Hw2.MLNet.Tests.Onnx.OnnxRunner;

namespace Hw2.MLNet.Tests.Onnx;

/// <summary>
/// <see cref="MlpModelIO.SaveOnnx(MLContext, ITransformer, DataViewSchema, string)"/>: the file, run in ONNX Runtime
/// on real data, scores as <c>Transform</c> does for every task and engine; its graph is the network (opset 13, a
/// dynamic batch, no dropout node); the class names travel in its metadata.
/// </summary>
[TestClass]
public sealed class OnnxExportTests : OnnxFileTests
{
    [TestMethod]
    [DataRow(GradientEngine.Backprop)]
    [DataRow(GradientEngine.Autograd)]
    [DataRow(GradientEngine.Modules)]
    public void MulticlassOnMnistScoresInOnnxRuntimeAsTransformDoes(GradientEngine engine)
    {
        var ml = new MLContext(seed: 1);
        (IdxDataView train, IdxDataView test) = ImageDataset.Mnist.LoadDataViews(TestData.MnistFolder(), PixelScale.Unit, maxTrain: 2000, maxTest: 300);
        var options = new MlpTrainerOptions { HiddenLayers = [64, 32], MaxEpochs = 2, Dropout = 0.2f, Engine = engine, Seed = 1 };
        ITransformer model = ml.Transforms.Conversion.MapValueToKey("Label").Append(new MlpTrainer(ml, options)).Fit(train);
        string path = TempFile();
        MlpModelIO.SaveOnnx(ml, model, train.Schema, path);

        IDataView scored = model.Transform(test);
        Dictionary<string, float[]> onnx = Run(path, "Features", Vectors(test, "Features"));
        Assert.AreEqual("Score", onnx.Keys.Single(), "multiclass: one output, Score");
        float[][] expected = Vectors(scored, "Score");
        AssertClose(TestContext, "Score", onnx["Score"], [.. expected.SelectMany(r => r)], Tolerance);

        uint[] predicted = [.. scored.GetColumn<uint>("PredictedLabel")];
        for (int i = 0; i < predicted.Length; i++)
        {
            int argMax = Array.IndexOf(onnx["Score"], onnx["Score"].AsSpan(i * 10, 10).ToArray().Max(), i * 10) - (i * 10);
            Assert.AreEqual(predicted[i], (uint)argMax + 1, $"row {i}: the arg-max of the ONNX Score is the PredictedLabel");
        }

        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        scored.Schema["Score"].GetSlotNames(ref slotNames);
        using var session = new InferenceSession(path);
        Assert.AreEqual(
            System.Text.Json.JsonSerializer.Serialize(slotNames.DenseValues().Select(s => s.ToString()).ToArray()),
            session.ModelMetadata.CustomMetadataMap[MlpOnnxExport.ClassLabelsKey],
            "the metadata's class labels are Score's slot names, in order");
        Assert.AreEqual("MulticlassClassification", session.ModelMetadata.CustomMetadataMap[MlpOnnxExport.TaskKey]);
    }

    [TestMethod]
    [DataRow(GradientEngine.Backprop)]
    [DataRow(GradientEngine.Autograd)]
    [DataRow(GradientEngine.Modules)]
    public void BinaryOnBreastCancerScoresInOnnxRuntimeAsTransformDoes(GradientEngine engine)
    {
        var ml = new MLContext(seed: 1);
        IDataView data = TabularData.BreastCancer(ml);
        (ITransformer model, string path) = FitNormalizedAndExport(ml, data, new MlpBinaryTrainer(ml, new MlpBinaryTrainerOptions { HiddenLayers = [16], MaxEpochs = 20, Engine = engine, Seed = 1 }));

        IDataView scored = model.Transform(data);
        Dictionary<string, float[]> onnx = Run(path, "Features", Vectors(scored, "Features"));
        CollectionAssert.AreEquivalent(new[] { "Score", "Probability" }, onnx.Keys.ToArray());
        AssertClose(TestContext, "Score", onnx["Score"], Singles(scored, "Score"), Tolerance);
        AssertClose(TestContext, "Probability", onnx["Probability"], Singles(scored, "Probability"), Tolerance);
        bool[] predicted = [.. scored.GetColumn<bool>("PredictedLabel")];
        Assert.IsTrue(predicted.Select((p, i) => p == onnx["Probability"][i] >= 0.5f).All(same => same), "PredictedLabel is Probability ≥ 0.5");
    }

    [TestMethod]
    [DataRow(GradientEngine.Backprop)]
    [DataRow(GradientEngine.Autograd)]
    [DataRow(GradientEngine.Modules)]
    public void RegressionOnDiabetesScoresInOnnxRuntimeInTheLabelsUnits(GradientEngine engine)
    {
        var ml = new MLContext(seed: 1);
        IDataView data = TabularData.Diabetes(ml);
        (ITransformer model, string path) = FitNormalizedAndExport(ml, data, new MlpRegressionTrainer(ml, new MlpRegressionTrainerOptions { HiddenLayers = [16], MaxEpochs = 20, Engine = engine, Seed = 1 }));
        var mlp = (MlpTransformer)((IEnumerable<ITransformer>)model).Last();
        Assert.AreNotEqual(1f, mlp.Model.TargetScale, "the label was standardised, so the graph must undo it");

        IDataView scored = model.Transform(data);
        float[] expected = Singles(scored, "Score");
        Dictionary<string, float[]> onnx = Run(path, "Features", Vectors(scored, "Features"));
        Assert.AreEqual("Score", onnx.Keys.Single());
        Assert.IsGreaterThan(25f, expected.Average(), "scores in the label's units (25…346), not standardised ones");
        AssertClose(TestContext, "Score", onnx["Score"], expected, Tolerance);
    }

    [TestMethod]
    [DataRow(HiddenActivation.Relu, "Relu")]
    [DataRow(HiddenActivation.Tanh, "Tanh")]
    [DataRow(HiddenActivation.Sigmoid, "Sigmoid")]
    [DataRow(HiddenActivation.Identity, null)]
    public void TheGraphIsTheNetworkWithItsActivationAndNoDropout(HiddenActivation activation, string? op)
    {
        var ml = new MLContext(seed: 1);
        IDataView data = SyntheticData.Keyed(ml, 150, 2);
        MlpTrainerOptions options = SyntheticData.SmallOptions(seed: 1);
        options.HiddenLayers = [8, 6];
        options.Activation = activation;
        options.Dropout = 0.5f;
        options.MaxEpochs = 5;
        MlpTransformer model = new MlpTrainer(ml, options).Fit(data);
        string path = TempFile();
        MlpModelIO.SaveOnnx(ml, model, data.Schema, path);

        ModelProto proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.AreEqual(OnnxGraphBuilder.IrVersion, proto.IrVersion);
        Assert.AreEqual(13, proto.OpsetImport.Single(o => o.Domain.Length == 0).Version);
        string[] hidden = op is null ? [] : [op];
        string[] expectedOps = ["Gemm", .. hidden, "Gemm", .. hidden, "Gemm", "Softmax"];
        CollectionAssert.AreEqual(expectedOps, proto.Graph.Node.Select(n => n.OpType).ToArray());
        ValueInfoProto input = proto.Graph.Input.Single();
        Assert.AreEqual("Features", input.Name);
        Assert.AreEqual("N", input.Type.TensorType.Shape.Dim[0].DimParam, "the batch size is dynamic");
        Assert.AreEqual(4, input.Type.TensorType.Shape.Dim[1].DimValue);
        CollectionAssert.AreEqual(new long[] { 4, 8, 8, 6, 6, 3 }, proto.Graph.Initializer.Where(t => t.Name.StartsWith('W')).SelectMany(t => t.Dims).ToArray());

        IDataView scored = model.Transform(data);
        Dictionary<string, float[]> onnx = Run(path, "Features", Vectors(data, "Features"));
        AssertClose(TestContext, "Score", onnx["Score"], [.. Vectors(scored, "Score").SelectMany(r => r)], Tolerance);
    }

    /// <summary>Standardised features, then <paramref name="trainer"/>; the fitted model and its ONNX file.</summary>
    private (ITransformer Model, string Path) FitNormalizedAndExport(MLContext ml, IDataView data, IEstimator<ITransformer> trainer)
    {
        ITransformer model = ml.Transforms.NormalizeMeanVariance("Features").Append(trainer).Fit(data);
        string path = TempFile();
        MlpModelIO.SaveOnnx(ml, model, data.Schema, path);
        return (model, path);
    }
}
