using Hw2.MLNet.Samples.Plots;
using Microsoft.ML;
using Microsoft.ML.Data;
using SkiaSharp;

namespace Hw2.MLNet.Tests.Samples;

[TestClass]
public sealed class LinePlotTests
{
    private sealed class ImageRow
    {
        public string ImagePath { get; set; } = string.Empty;
    }

    /// <summary>OxyPlot and ImageAnalytics share SkiaSharp 2.88 in one process: load an image, then draw a plot.</summary>
    [TestMethod]
    public void DrawsAPngInTheSameProcessAsImageAnalytics()
    {
        string folder = Directory.CreateTempSubdirectory("hw2-plot-").FullName;
        try
        {
            string image = Path.Combine(folder, "in.png");
            using (var bitmap = new SKBitmap(8, 8))
            using (SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100))
            {
                File.WriteAllBytes(image, data.ToArray());
            }

            var ml = new MLContext();
            IDataView rows = ml.Data.LoadFromEnumerable([new ImageRow { ImagePath = image }]);
            IDataView pixels = ml.Transforms.LoadImages("Image", folder, nameof(ImageRow.ImagePath))
                .Append(ml.Transforms.ResizeImages("Image", 8, 8))
                .Append(ml.Transforms.ExtractPixels("Pixels", "Image")).Fit(rows).Transform(rows);
            Assert.HasCount(8 * 8 * 3, pixels.GetColumn<float[]>("Pixels").Single());

            string plot = Path.Combine(folder, "plot.png");
            using (FileStream file = File.Create(plot))
            {
                LinePlot.Write(file, "Accuracy vs. epochs", "settings", "epoch", "accuracy",
                    [new PlotSeries("train", [(1, 0.5), (2, 0.7)]), new PlotSeries("test", [(1, 0.4), (2, 0.6)])], percent: true);
            }

            using SKBitmap decoded = SKBitmap.Decode(plot);
            Assert.AreEqual(900, decoded.Width);
            Assert.AreEqual(560, decoded.Height);
            Assert.IsGreaterThan(5000L, new FileInfo(plot).Length, "a plot with axes, labels and two lines");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
