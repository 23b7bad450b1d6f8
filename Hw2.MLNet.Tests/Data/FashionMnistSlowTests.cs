using Hw2.MLNet.Data;
using Hw2.MLNet.Tests.Support;

namespace Hw2.MLNet.Tests.Data;

/// <summary>Fashion-MNIST from the Debian package (30 MB through apt-get download on first use).</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class FashionMnistSlowTests
{
    [TestMethod]
    public void FashionMnistIsObtainedVerifiedAndLoads()
    {
        string folder = TestData.DatasetFolder(ImageDataset.FashionMnist);
        Assert.IsTrue(ImageDataset.FashionMnist.IsPresent(folder));
        (LabeledImages train, LabeledImages test) = ImageDataset.FashionMnist.Load(folder, PixelScale.Unit);
        Assert.AreEqual(60000, train.Count);
        Assert.AreEqual(10000, test.Count);
        Assert.AreEqual(9, train.Labels[0], "the first Fashion-MNIST training image is an ankle boot (class 9)");
        Assert.AreEqual(9, test.Labels[0]);
    }
}
