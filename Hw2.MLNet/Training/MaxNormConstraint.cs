using System.Numerics.Tensors;
using Hw2.MLNet.Network;

namespace Hw2.MLNet.Training;

/// <summary>
/// Srivastava et al.'s max-norm constraint (JMLR 2014, "Dropout", §5.1): after each update, every hidden unit's
/// incoming weight vector — column j of a hidden layer's fan-in × fan-out weights, bias not included — whose Euclidean
/// norm exceeds <c>c</c> is scaled down to norm <c>c</c>. The output layer is left alone. Keeps its buffers, so a step
/// allocates nothing.
/// </summary>
internal sealed class MaxNormConstraint
{
    private readonly float limit;
    private readonly double[][] squares;
    private readonly float[][] scales;

    /// <summary>Creates the constraint for networks of <paramref name="shape"/> with the norm limit <paramref name="limit"/> (&gt; 0, finite).</summary>
    public MaxNormConstraint(MlpShape shape, float limit)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!(limit > 0f) || !float.IsFinite(limit))
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The max-norm limit must be a positive finite number.");
        }

        this.limit = limit;
        int hidden = shape.LayerCount - 1;
        squares = new double[hidden][];
        scales = new float[hidden][];
        for (int l = 0; l < hidden; l++)
        {
            squares[l] = new double[shape.FanOut(l)];
            scales[l] = new float[shape.FanOut(l)];
        }
    }

    /// <summary>Rescales the hidden layers' weight columns of <paramref name="parameters"/> in place.</summary>
    public void Apply(MlpParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        for (int l = 0; l < squares.Length; l++)
        {
            Numerics.Matrix w = parameters.Weights[l].Value;
            double[] sq = squares[l];
            float[] scale = scales[l];
            Array.Clear(sq);

            // Row by row (the storage order): each row adds its squares to every column's sum.
            for (int r = 0; r < w.Rows; r++)
            {
                ReadOnlySpan<float> row = w.Row(r);
                for (int j = 0; j < row.Length; j++)
                {
                    sq[j] += (double)row[j] * row[j];
                }
            }

            bool any = false;
            for (int j = 0; j < sq.Length; j++)
            {
                double norm = Math.Sqrt(sq[j]);
                scale[j] = norm > limit ? (float)(limit / norm) : 1f;
                any |= norm > limit;
            }

            if (!any)
            {
                continue;
            }

            for (int r = 0; r < w.Rows; r++)
            {
                Span<float> row = w.Row(r);
                TensorPrimitives.Multiply(row, scale, row);
            }
        }
    }
}
