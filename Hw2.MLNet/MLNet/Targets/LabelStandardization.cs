using System.Globalization;

namespace Hw2.MLNet;

/// <summary>
/// The regression label's standardisation: the network learns <c>(y − Offset) / Scale</c> and the model scores
/// <c>output · Scale + Offset</c>. <see cref="Of"/> takes the mean and the (population) standard deviation of the
/// training labels, in double precision, or the identity when standardisation is off.
/// </summary>
/// <param name="Scale">The standard deviation (1 when off).</param>
/// <param name="Offset">The mean (0 when off).</param>
internal readonly record struct LabelStandardization(float Scale, float Offset)
{
    /// <summary>The standardisation of <paramref name="labels"/>; a label that is the same in every row is refused, standardised or not.</summary>
    /// <exception cref="ArgumentException">Every label is the same.</exception>
    public static LabelStandardization Of(ReadOnlySpan<float> labels, string columnName, bool standardize)
    {
        double mean = 0;
        foreach (float v in labels)
        {
            mean += v;
        }

        mean /= labels.Length;
        double squares = 0;
        foreach (float v in labels)
        {
            squares += (v - mean) * (v - mean);
        }

        double deviation = Math.Sqrt(squares / labels.Length);
        if ((float)deviation == 0f)
        {
            throw new ArgumentException(
                $"Label column '{columnName}' is {labels[0].ToString(CultureInfo.InvariantCulture)} in all {labels.Length} training rows; a regression needs a target that varies.");
        }

        return standardize ? new LabelStandardization((float)deviation, (float)mean) : new LabelStandardization(1f, 0f);
    }

    /// <summary>Standardises <paramref name="labels"/> in place.</summary>
    public void Apply(Span<float> labels)
    {
        double inverse = 1.0 / Scale;
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = (float)((labels[i] - (double)Offset) * inverse);
        }
    }
}
