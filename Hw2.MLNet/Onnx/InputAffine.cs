using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Hw2.MLNet.Onnx;

/// <summary>
/// An affine map of the features, <c>(x − offset) · scale</c> slot by slot, as ML.NET's affine normalisers
/// (<c>NormalizeMeanVariance</c>, <c>NormalizeMinMax</c>) compute it, and its folding into a first layer:
/// <c>W′ = diag(scale) · W</c>, <c>b′ = b − (offset · scale) · W</c> (in double precision, rounded once), so the
/// folded layer reads the raw features.
/// </summary>
internal sealed class InputAffine
{
    private InputAffine(float[] scale, float[] offset)
    {
        Scale = scale;
        Offset = offset;
    }

    /// <summary>Per-slot scales.</summary>
    public float[] Scale { get; }

    /// <summary>Per-slot offsets (zeros when the normaliser keeps zero at zero).</summary>
    public float[] Offset { get; }

    /// <summary>
    /// The affine map of <paramref name="normalizer"/>, which writes <paramref name="featureColumn"/> and must
    /// normalise it alone: ML.NET does not say publicly which of a normaliser's columns
    /// <see cref="NormalizingTransformer.GetNormalizerModelParameters"/>'s index refers to, and each column a
    /// normaliser writes adds one column to its output schema (<paramref name="outputSchema"/>, from
    /// <paramref name="inputSchema"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The normaliser writes more columns, or its normalisation is not affine.</exception>
    public static InputAffine Of(NormalizingTransformer normalizer, DataViewSchema inputSchema, DataViewSchema outputSchema, string featureColumn, int size)
    {
        int written = outputSchema.Count - inputSchema.Count;
        if (written != 1)
        {
            throw new ArgumentException(
                $"FoldNormalizer needs the normalizer before the MLP to normalize the feature column '{featureColumn}' alone; this one writes {written} columns. " +
                $"Normalize '{featureColumn}' with a normalizer of its own, or export without FoldNormalizer.");
        }

        NormalizingTransformer.NormalizerModelParametersBase parameters = normalizer.GetNormalizerModelParameters(0);
        if (parameters is not NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>> affine)
        {
            throw new ArgumentException(
                $"The normalizer of column '{featureColumn}' is {parameters.GetType().Name}, not an affine one (NormalizeMeanVariance or NormalizeMinMax), so it cannot be folded into the first layer; " +
                "export without FoldNormalizer and feed the ONNX file the normalized features.");
        }

        float[] scale = Slots(affine.Scale, size, featureColumn, "scales");
        float[] offset = affine.Offset.IsDefaultOrEmpty ? new float[size] : Slots(affine.Offset, size, featureColumn, "offsets");
        return new InputAffine(scale, offset);
    }

    /// <summary>The first layer's weights (<c>inputs × outputs</c>, row-major) and biases with this map folded in.</summary>
    public (float[] Weights, float[] Biases) FoldInto(ReadOnlySpan<float> weights, ReadOnlySpan<float> biases)
    {
        int inputs = Scale.Length;
        int outputs = biases.Length;
        var folded = new float[weights.Length];
        var shift = new double[outputs];
        for (int j = 0; j < inputs; j++)
        {
            double s = Scale[j];
            double shifted = (double)Offset[j] * s;
            ReadOnlySpan<float> row = weights.Slice(j * outputs, outputs);
            Span<float> foldedRow = folded.AsSpan(j * outputs, outputs);
            for (int k = 0; k < outputs; k++)
            {
                foldedRow[k] = (float)(row[k] * s);
                shift[k] += shifted * row[k];
            }
        }

        var foldedBiases = new float[outputs];
        for (int k = 0; k < outputs; k++)
        {
            foldedBiases[k] = (float)(biases[k] - shift[k]);
        }

        return (folded, foldedBiases);
    }

    private static float[] Slots(ImmutableArray<float> values, int size, string featureColumn, string what) =>
        values.Length == size
            ? [.. values]
            : throw new ArgumentException($"The normalizer of column '{featureColumn}' has {values.Length} {what} for {size} slots.");
}
