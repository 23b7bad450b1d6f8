using Microsoft.ML;
using Microsoft.ML.Data;
using SkiaSharp;

namespace Hw2.MLNet.Tests.MLNet;

/// <summary>A folder of PNG files through ML.NET's image transforms into the trainer, as a user with images on disk would do it.</summary>
[TestClass]
public sealed class ImagePipelineTests
{
    private sealed class ImageRow
    {
        public string ImagePath { get; set; } = string.Empty;

        public string Label { get; set; } = string.Empty;
    }

    private sealed class ImagePrediction
    {
        public string PredictedLabel { get; set; } = string.Empty;
    }

    [TestMethod]
    public void PngFolderTrainsThroughLoadImagesResizeAndExtractPixels()
    {
        string folder = Directory.CreateTempSubdirectory("hw2-png-").FullName;
        try
        {
            var rows = new List<ImageRow>();
            var random = new Random(1);
            for (int i = 0; i < 60; i++)
            {
                bool vertical = i % 2 == 0;
                string path = Path.Combine(folder, $"{i}.png");
                WriteBarImage(path, vertical, random.Next(4, 28), size: 32);
                rows.Add(new ImageRow { ImagePath = path, Label = vertical ? "vertical" : "horizontal" });
            }

            var ml = new MLContext(seed: 1);
            IDataView data = ml.Data.LoadFromEnumerable(rows);
            var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
                .Append(ml.Transforms.LoadImages("Image", imageFolder: folder, inputColumnName: nameof(ImageRow.ImagePath)))
                .Append(ml.Transforms.ResizeImages("Image", imageWidth: 16, imageHeight: 16))
                .Append(ml.Transforms.ConvertToGrayscale("Image"))
                .Append(ml.Transforms.ExtractPixels("Features", "Image", colorsToExtract: Microsoft.ML.Transforms.Image.ImagePixelExtractingEstimator.ColorBits.Red, scaleImage: 1f / 255))
                .AppendCacheCheckpoint(ml)
                .Append(new MlpTrainer(ml, new MlpTrainerOptions { HiddenLayers = [32], Optimizer = Hw2.MLNet.Optimizers.OptimizerKind.GradientDescent, LearningRate = 0.5f, BatchSize = 16, MaxEpochs = 40, Seed = 1 }))
                .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

            ITransformer model = pipeline.Fit(data);
            MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(model.Transform(data));
            Assert.IsGreaterThanOrEqualTo(0.95, metrics.MicroAccuracy);

            var engine = ml.Model.CreatePredictionEngine<ImageRow, ImagePrediction>(model);
            Assert.AreEqual("vertical", engine.Predict(rows[0]).PredictedLabel);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteBarImage(string path, bool vertical, int position, int size)
    {
        using var bitmap = new SKBitmap(size, size);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Black);
            using var paint = new SKPaint { Color = SKColors.White };
            canvas.DrawRect(vertical ? new SKRect(position, 0, position + 4, size) : new SKRect(0, position, size, position + 4), paint);
        }

        using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
    }
}
