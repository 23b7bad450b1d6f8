using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Data;

/// <summary>A data set in memory: one row of features per image and its class index.</summary>
public sealed class LabeledImages
{
    /// <summary>Wraps <paramref name="features"/> (N × d) and <paramref name="labels"/> (N).</summary>
    public LabeledImages(Matrix features, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != features.Rows)
        {
            throw new ArgumentException($"Got {labels.Length} labels for {features.Rows} images.", nameof(labels));
        }

        Features = features;
        Labels = labels;
    }

    /// <summary>N × d features.</summary>
    public Matrix Features { get; }

    /// <summary>N class indices.</summary>
    public int[] Labels { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>
    /// Reads an IDX image file and its label file (raw or .gz) into memory, each image converted to a row of features
    /// as it is read.
    /// </summary>
    /// <param name="imagesPath">IDX image file.</param>
    /// <param name="labelsPath">IDX label file.</param>
    /// <param name="scale">Pixel scaling.</param>
    /// <param name="maxCount">Read at most this many images (the first ones); null reads all.</param>
    /// <param name="classCount">Number of classes (MNIST and Fashion-MNIST: 10); a label at or above it is refused.</param>
    /// <exception cref="InvalidDataException">The files are damaged or disagree, a label is not a class, or the images do not fit in one array.</exception>
    public static LabeledImages FromIdx(string imagesPath, string labelsPath, PixelScale scale, int? maxCount = null, int classCount = 10)
    {
        IdxPair pair = IdxPair.Open(imagesPath, labelsPath, classCount, maxCount);
        long values = (long)pair.RowCount * pair.PixelsPerImage;
        if (values > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"{imagesPath}: {pair.RowCount} images of {pair.ImageRows}×{pair.ImageColumns} pixels are {values} features, more than one array holds ({Array.MaxLength}); " +
                $"read at most {Array.MaxLength / pair.PixelsPerImage} of them with maxCount, or stream them with IdxDataView.");
        }

        var features = new Matrix(pair.RowCount, pair.PixelsPerImage);
        var classes = new int[pair.RowCount];
        using IdxPair.Rows rows = pair.ReadRows(labels: true, pixels: true);
        for (int r = 0; rows.MoveNext(); r++)
        {
            rows.CopyFeatures(features.Row(r), scale);
            classes[r] = rows.Label;
        }

        return new LabeledImages(features, classes);
    }
}
