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
    /// Pairs an IDX image file with its label file, checking that they agree, and converts pixels to features.
    /// </summary>
    /// <exception cref="InvalidDataException">The files disagree on the number of items, or a label is not a digit 0–9.</exception>
    public static LabeledImages FromIdx(string imagesPath, string labelsPath, PixelScale scale, int? maxCount = null)
    {
        IdxImages images = IdxReader.ReadImages(imagesPath, maxCount);
        byte[] labels = IdxReader.ReadLabels(labelsPath, maxCount);
        if (images.Count != labels.Length)
        {
            throw new InvalidDataException(
                $"{imagesPath} holds {images.Count} images but {labelsPath} holds {labels.Length} labels; they must match.");
        }

        var features = new Matrix(images.Count, images.PixelsPerImage);
        Span<float> dst = features.Span;
        float divisor = scale == PixelScale.Unit ? 255f : 1f;
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = images.Pixels[i] / divisor;
        }

        var classes = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] > IdxReader.MaxLabel)
            {
                throw IdxReader.NotADigit(labelsPath, labels[i], i);
            }

            classes[i] = labels[i];
        }

        return new LabeledImages(features, classes);
    }
}
