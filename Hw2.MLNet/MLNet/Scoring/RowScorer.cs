using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>
/// Scores the current row of an input row or cursor, at most once per row: densifies the features, runs the
/// network forward and keeps its mapped outputs. Its buffers are allocated once, so reading row after row allocates
/// nothing. A row with a NaN feature gets NaN outputs (and from them a missing predicted key, or false).
/// </summary>
internal sealed class RowScorer : IRowScores
{
    private readonly DataViewRow input;
    private readonly ValueGetter<VBuffer<float>> getFeatures;
    private readonly MlpNetwork network;
    private readonly OutputMap map;
    private readonly Matrix features;
    private readonly Matrix outputs;
    private VBuffer<float> buffer;
    private long scoredPosition = long.MinValue;

    public RowScorer(ScoringBinding binding, DataViewRow input)
    {
        this.input = input;
        getFeatures = input.GetGetter<VBuffer<float>>(input.Schema[binding.FeatureColumn.Index]);
        network = binding.Transformer.CreateScoringNetwork();
        map = binding.Columns.Map;
        features = new Matrix(1, network.Shape.InputSize);
        outputs = new Matrix(1, network.Shape.OutputSize);
    }

    public long RowsScored { get; private set; }

    public ReadOnlySpan<float> Current()
    {
        if (scoredPosition != input.Position)
        {
            getFeatures(ref buffer);
            CheckFeatureCount(buffer.Length, features.Cols, input.Position);
            buffer.CopyTo(features.Span);
            network.Predict(features, outputs, map);
            scoredPosition = input.Position;
            RowsScored++;
        }

        return outputs.Span;
    }

    /// <summary>Rejects a feature vector of the wrong length, naming the row.</summary>
    internal static void CheckFeatureCount(int length, int expected, long position)
    {
        if (length != expected)
        {
            throw new InvalidOperationException($"Row {position}: the feature vector has {length} values, expected {expected}.");
        }
    }
}
