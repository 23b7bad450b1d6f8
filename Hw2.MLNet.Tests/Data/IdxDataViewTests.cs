using Hw2.MLNet.Data;
using Hw2.MLNet.Tests.Support;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.Data;

[TestClass]
public sealed class IdxDataViewTests
{
    [TestMethod]
    public void StreamsLabelsAndScaledPixels()
    {
        string folder = Directory.CreateTempSubdirectory("hw2-idxview-").FullName;
        try
        {
            string images = Path.Combine(folder, "i");
            string labels = Path.Combine(folder, "l");
            File.WriteAllBytes(images, IdxReaderTests.Images(3, 1, 2, [0, 255, 51, 102, 1, 2]));
            File.WriteAllBytes(labels, IdxReaderTests.Labels([4, 7, 9]));
            var view = new IdxDataView(images, labels, PixelScale.Unit, maxRows: 2);
            var ml = new MLContext();

            Assert.AreEqual(2L, view.GetRowCount());
            CollectionAssert.AreEqual(new[] { 4f, 7f }, view.GetColumn<float>("Label").ToArray());
            float[][] features = [.. view.GetColumn<float[]>("Features")];
            CollectionAssert.AreEqual(new[] { 0f, 1f }, features[0]);
            CollectionAssert.AreEqual(new[] { 0.2f, 0.4f }, features[1]);
            Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 2), view.Schema["Features"].Type);

            File.WriteAllBytes(labels, IdxReaderTests.Labels([4, 7]));
            StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => new IdxDataView(images, labels)).Message, "3 images");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void RealMnistTrainsThroughTheDataViewLoader()
    {
        var ml = new MLContext(seed: 1);
        (IdxDataView train, IdxDataView test) = ImageDataset.Mnist.LoadDataViews(TestData.MnistFolder(), PixelScale.Unit, maxTrain: 2000, maxTest: 1000);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(new MlpTrainer(ml, new MlpTrainerOptions { HiddenLayers = [64], Optimizer = Hw2.MLNet.Optimizers.OptimizerKind.GradientDescent, LearningRate = 0.1f, MaxEpochs = 20, Seed = 1 }));
        ITransformer model = pipeline.Fit(train);
        MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        Assert.IsGreaterThan(0.85, metrics.MicroAccuracy, $"accuracy {metrics.MicroAccuracy}");
    }
}
