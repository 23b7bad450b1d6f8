using Hw2.MLNet.Onnx;
using Hw2.MLNet.Tests.MLNet;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using static Hw2.MLNet.Tests.Onnx.OnnxRunner;

namespace Hw2.MLNet.Tests.Onnx;

/// <summary>
/// <see cref="OnnxExportOptions.FoldNormalizer"/>: an affine ML.NET normaliser folded into the first layer, so the
/// file takes the raw features and scores them as the whole pipeline does; and what export refuses, by name.
/// </summary>
[TestClass]
public sealed class OnnxFoldingTests : OnnxFileTests
{
    [TestMethod]
    [DataRow("mean-variance")]
    [DataRow("min-max")]
    public void AFoldedNormalizerScoresRawFeaturesAsThePipelineDoes(string normalizer)
    {
        var ml = new MLContext(seed: 1);
        IDataView data = TabularData.Diabetes(ml);
        // fixZero: false, so the offsets are not zero and their folding into the biases is exercised.
        IEstimator<ITransformer> normalize = normalizer == "min-max"
            ? ml.Transforms.NormalizeMinMax("Features", fixZero: false)
            : ml.Transforms.NormalizeMeanVariance("Features", fixZero: false);
        var trainer = new MlpRegressionTrainer(ml, new MlpRegressionTrainerOptions { HiddenLayers = [16], MaxEpochs = 20, Seed = 1 });
        ITransformer model = normalize.Append(trainer).Fit(data);
        string folded = TempFile();
        string plain = TempFile();
        MlpModelIO.SaveOnnx(ml, model, data.Schema, folded, new OnnxExportOptions { FoldNormalizer = true });
        MlpModelIO.SaveOnnx(ml, model, data.Schema, plain);

        float[][] raw = Vectors(data, "Features");
        float[] expected = Singles(model.Transform(data), "Score");
        AssertClose(TestContext, $"{normalizer}, folded", Run(folded, "Features", raw)["Score"], expected, Tolerance);
        Assert.IsGreaterThan(0.01, MaxRelativeDifference(Run(plain, "Features", raw)["Score"], expected), "without folding, raw features give other scores");
        using var session = new InferenceSession(folded);
        Assert.AreEqual("raw-features", session.ModelMetadata.CustomMetadataMap[MlpOnnxExport.InputKey]);
    }

    [TestMethod]
    public void ANormalizerIsFoldedAcrossPartsThatLeaveTheFeaturesAlone()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = SyntheticData.View(ml, 150, 4);
        ITransformer model = ml.Transforms.NormalizeMeanVariance("Features", fixZero: false)
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(new MlpTrainer(ml, SyntheticData.SmallOptions(seed: 1)))
            .Fit(data);
        string path = TempFile();
        MlpModelIO.SaveOnnx(ml, model, data.Schema, path, new OnnxExportOptions { FoldNormalizer = true });
        float[] expected = [.. Vectors(model.Transform(data), "Score").SelectMany(r => r)];
        AssertClose(TestContext, "folded across MapValueToKey", Run(path, "Features", Vectors(data, "Features"))["Score"], expected, Tolerance);
    }

    [TestMethod]
    public void ExportRefusesWhatItCannotWriteByNameAndWritesNothing()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = TabularData.Diabetes(ml);
        var options = new MlpRegressionTrainerOptions { HiddenLayers = [4], MaxEpochs = 2, Seed = 1 };
        ITransformer binned = ml.Transforms.NormalizeBinning("Features").Append(new MlpRegressionTrainer(ml, options)).Fit(data);
        ITransformer bare = new MlpRegressionTrainer(ml, options).Fit(data);
        ITransformer noMlp = ml.Transforms.NormalizeMinMax("Features").Fit(data);
        IDataView twoColumns = ml.Transforms.CopyColumns("Other", "Features").Fit(data).Transform(data);
        ITransformer sharedNormalizer = ml.Transforms.NormalizeMinMax([new("Other"), new("Features")]).Append(new MlpRegressionTrainer(ml, options)).Fit(twoColumns);
        ITransformer otherColumn = ml.Transforms.NormalizeMinMax("Other").Append(new MlpRegressionTrainer(ml, options)).Fit(twoColumns);
        var twoMlps = new Microsoft.ML.Data.TransformerChain<ITransformer>(bare, ml.Transforms.DropColumns("Score").Fit(bare.Transform(data)), bare);
        string path = TempFile();
        File.WriteAllText(path, "an earlier file");
        var fold = new OnnxExportOptions { FoldNormalizer = true };

        StringAssert.Contains(Refused(() => MlpModelIO.SaveOnnx(ml, binned, data.Schema, path, fold)), "is BinNormalizerModelParameters`1, not an affine one");
        StringAssert.Contains(Refused(() => MlpModelIO.SaveOnnx(ml, sharedNormalizer, twoColumns.Schema, path, fold)), "to normalize the feature column 'Features' alone; this one writes 2 columns.");
        StringAssert.Contains(Refused(() => MlpModelIO.SaveOnnx(ml, otherColumn, twoColumns.Schema, path, fold)), "no part of the model before the MLP writes the MLP's feature column 'Features'");
        ITransformer copied = ml.Transforms.CopyColumns("Features", "Other").Append(new MlpRegressionTrainer(ml, options)).Fit(twoColumns);
        StringAssert.Contains(Refused(() => MlpModelIO.SaveOnnx(ml, copied, twoColumns.Schema, path, fold)), "part 0 of the chain (ColumnCopyingTransformer) writes the MLP's feature column 'Features', not an ML.NET normalizer");
        StringAssert.Contains(Refused(() => MlpModelIO.SaveOnnx(ml, bare, data.Schema, path, fold)), "FoldNormalizer: no part of the model before the MLP writes the MLP's feature column 'Features', not an ML.NET normalizer");
        StringAssert.Contains(Refused(() => MlpModelIO.SaveOnnx(ml, noMlp, data.Schema, path)), "The model holds no MlpTransformer");
        StringAssert.Contains(Refused(() => MlpModelIO.SaveOnnx(ml, twoMlps, data.Schema, path)), "The model holds 2 MlpTransformers (parts 0, 2 of its chain)");
        IDataView renamed = ml.Transforms.CopyColumns("Other", "Features").Append(ml.Transforms.DropColumns("Features")).Fit(data).Transform(data);
        StringAssert.Contains(Refused(() => MlpModelIO.SaveOnnx(ml, bare, renamed.Schema, path)), "Feature column 'Features' not found in the input");
        Assert.AreEqual("an earlier file", File.ReadAllText(path), "a refused export leaves the file as it was");
        Assert.IsEmpty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*" + Hw2.MLNet.IO.AtomicFile.TemporarySuffix));
        Assert.ThrowsExactly<DirectoryNotFoundException>(() => MlpModelIO.SaveOnnx(ml, bare, data.Schema, Path.Combine(path + ".missing", "model.onnx")));
    }

    private static string Refused(Action export) => Assert.ThrowsExactly<ArgumentException>(export).Message;
}
