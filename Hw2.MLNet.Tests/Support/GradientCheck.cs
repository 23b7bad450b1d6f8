using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Tests.Support;

/// <summary>
/// Compares analytic gradients with central differences of the double-precision <see cref="ReferenceMlp"/>
/// (PyTorch gradcheck's tolerances: atol 1e-5, rtol 1e-3, step 1e-6).
/// </summary>
internal static class GradientCheck
{
    public const double Atol = 1e-5;
    public const double Rtol = 1e-3;

    /// <summary>
    /// The worst violation: max over entries of |analytic − numeric| − (atol + rtol·|numeric|); ≤ 0 passes. A
    /// non-finite analytic or numeric value is an infinite violation (a NaN would otherwise compare false and pass).
    /// </summary>
    public static (double Violation, string Where) WorstViolation(
        MlpNetwork network, Matrix features, int[] labels, IReadOnlyList<Matrix> analytic) =>
        WorstViolation(network, features, ReferenceMlp.CrossEntropyOf(labels), analytic);

    /// <summary>The same for any loss, given as the double-precision loss of one row's outputs, on <paramref name="reference"/> (default: the network's, without dropout).</summary>
    public static (double Violation, string Where) WorstViolation(
        MlpNetwork network, Matrix features, Func<MathNet.Numerics.LinearAlgebra.Vector<double>, int, double> rowLoss, IReadOnlyList<Matrix> analytic, ReferenceMlp? reference = null)
    {
        reference ??= new ReferenceMlp(network);
        double worst = double.NegativeInfinity;
        string where = string.Empty;
        for (int p = 0; p < analytic.Count; p++)
        {
            Matrix g = analytic[p];
            for (int i = 0; i < g.Length; i++)
            {
                double numeric = reference.NumericGradient(features, rowLoss, p, i);
                double violation = double.IsFinite(g.Span[i]) && double.IsFinite(numeric)
                    ? Math.Abs(g.Span[i] - numeric) - (Atol + (Rtol * Math.Abs(numeric)))
                    : double.PositiveInfinity;
                if (violation > worst)
                {
                    worst = violation;
                    where = $"{network.Parameters.All[p].Name}[{i}]: analytic {g.Span[i]}, numeric {numeric}";
                }
            }
        }

        return (worst, where);
    }

    public static IReadOnlyList<Matrix> Gradients(MlpNetwork network) => [.. network.Parameters.All.Select(p => p.Gradient.Clone())];
}
