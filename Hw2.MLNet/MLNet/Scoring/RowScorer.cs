using System.Numerics.Tensors;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>
/// Scores the current row of an input row or cursor, at most once per row: densifies the features, runs the
/// network forward and keeps the probabilities and the predicted key. Its buffers are allocated once, so reading
/// row after row allocates nothing. A row with a NaN feature gets NaN scores and a missing (0) predicted key.
/// </summary>
internal sealed class RowScorer : IRowScores
{
    private readonly DataViewRow input;
    private readonly ValueGetter<VBuffer<float>> getFeatures;
    private readonly MlpNetwork network;
    private readonly Matrix features;
    private readonly Matrix probabilities;
    private VBuffer<float> buffer;
    private long scoredPosition = long.MinValue;
    private uint predicted;

    public RowScorer(ScoringBinding binding, DataViewRow input)
    {
        this.input = input;
        getFeatures = input.GetGetter<VBuffer<float>>(input.Schema[binding.FeatureColumn.Index]);
        network = binding.Transformer.CreateScoringNetwork();
        features = new Matrix(1, network.Shape.InputSize);
        probabilities = new Matrix(1, network.Shape.OutputSize);
        GetScore = ReadScore;
        GetPredictedLabel = ReadPredictedLabel;
    }

    public long RowsScored { get; private set; }

    public ValueGetter<VBuffer<float>> GetScore { get; }

    public ValueGetter<uint> GetPredictedLabel { get; }

    private void ReadScore(ref VBuffer<float> destination)
    {
        Ensure();
        CopyScores(probabilities.Span, ref destination);
    }

    private void ReadPredictedLabel(ref uint destination)
    {
        Ensure();
        destination = predicted;
    }

    private void Ensure()
    {
        if (scoredPosition == input.Position)
        {
            return;
        }

        getFeatures(ref buffer);
        CheckFeatureCount(buffer.Length, features.Cols, input.Position);

        buffer.CopyTo(features.Span);
        network.PredictProbabilities(features, probabilities);
        predicted = PredictedKey(probabilities.Span);
        scoredPosition = input.Position;
        RowsScored++;
    }

    /// <summary>Copies one row's probabilities into a dense <c>Score</c> vector, reusing its buffer.</summary>
    internal static void CopyScores(ReadOnlySpan<float> probabilities, ref VBuffer<float> destination)
    {
        VBufferEditor<float> editor = VBufferEditor.Create(ref destination, probabilities.Length);
        probabilities.CopyTo(editor.Values);
        destination = editor.Commit();
    }

    /// <summary>Rejects a feature vector of the wrong length, naming the row.</summary>
    internal static void CheckFeatureCount(int length, int expected, long position)
    {
        if (length != expected)
        {
            throw new InvalidOperationException($"Row {position}: the feature vector has {length} values, expected {expected}.");
        }
    }

    /// <summary>The predicted key of one row's probabilities: arg-max + 1, or 0 (missing) when any is NaN.</summary>
    internal static uint PredictedKey(ReadOnlySpan<float> probabilities)
    {
        foreach (float v in probabilities)
        {
            if (float.IsNaN(v))
            {
                return 0;
            }
        }

        return (uint)TensorPrimitives.IndexOfMax(probabilities) + 1;
    }
}
